import Foundation
import Yams

/// Finds, reads and validates console themes (`themes/NAME.yaml`; format in README's console
/// section). Strict like the config loader: unknown keys, unknown roles, unknown colour names, bad
/// hex values and out-of-range indexes are errors naming file, line, column and key path, and every
/// problem in a file is reported at once (`ThemeErrors`).
public enum ThemeLoader {
    /// The theme used when neither `--theme` nor `console.theme` names one.
    public static let defaultName = "ops-dark"

    /// Loads `nameOrPath`. A value containing `/` or ending in `.yaml` is a file path; otherwise it is
    /// a theme name, looked up as `NAME.yaml` in `directories` (in order), then among the themes built
    /// into the binary (`BuiltInThemes`), so the shipped themes work from any directory.
    public static func load(_ nameOrPath: String, directories: [String]) throws(ThemeErrors) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") {
            return try load(path: nameOrPath)
        }
        guard !nameOrPath.isEmpty, ThemeDecoder.isThemeName(nameOrPath) else { throw ThemeErrors(.invalidName(nameOrPath)) }
        for directory in directories {
            let path = (directory as NSString).appendingPathComponent("\(nameOrPath).yaml")
            if FileManager.default.fileExists(atPath: path) { return try load(path: path) }
        }
        if let text = BuiltInThemes.yaml[nameOrPath] {
            return try parse(yaml: text, name: nameOrPath, file: "themes/\(nameOrPath).yaml (built in)")
        }
        throw ThemeErrors(.notFound(nameOrPath, searched: directories, available: availableNames(directories: directories)))
    }

    /// Loads the theme file at `path`; the theme's name is the file name without `.yaml`.
    public static func load(path: String) throws(ThemeErrors) -> Theme {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ThemeErrors(.unreadableFile(path, reason: "no such file"))
        }
        guard !isDirectory.boolValue else { throw ThemeErrors(.unreadableFile(path, reason: "it is a directory")) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThemeErrors(.unreadableFile(path, reason: FileManager.default.isReadableFile(atPath: path) ? "read failed" : "permission denied"))
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ThemeErrors(.unreadableFile(path, reason: "it is not UTF-8 text")) }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(yaml: text, name: name, file: path)
    }

    /// Validates theme text; `file` only names the source in errors.
    public static func parse(yaml: String, name: String, file: String) throws(ThemeErrors) -> Theme {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch {
            throw ThemeErrors(syntaxError(error, file: file))
        }
        let decoder = ThemeDecoder(file: file)
        let theme = decoder.decodeTheme(root.map { ThemeNode($0, keyPath: "") }, name: name)
        guard let theme, decoder.errors.isEmpty else { throw ThemeErrors(decoder.errors) }
        return theme
    }

    /// Where theme names are looked up, in order: `$SIGNALBOX_THEMES_DIR`, `./themes`, then a
    /// `themes` directory next to the executable or up to three directories above it (so a build
    /// inside the repository, `.build/…/debug/signalbox`, finds the repository's `themes/`), and
    /// `../share/signalbox/themes` for an installed binary. Only existing directories are listed.
    public static func searchDirectories(environment: [String: String], currentDirectory: String, executablePath: String?) -> [String] {
        var candidates: [String] = []
        if let custom = environment["SIGNALBOX_THEMES_DIR"], !custom.isEmpty { candidates.append(custom) }
        candidates.append((currentDirectory as NSString).appendingPathComponent("themes"))
        if let executablePath {
            var directory = ((executablePath as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
            candidates.append(((directory as NSString).appendingPathComponent("../share/signalbox/themes") as NSString).standardizingPath)
            for _ in 0..<4 {
                candidates.append((directory as NSString).appendingPathComponent("themes"))
                directory = (directory as NSString).deletingLastPathComponent
            }
        }
        var seen: Set<String> = []
        return candidates.filter { path in
            var isDirectory: ObjCBool = false
            let standard = (path as NSString).standardizingPath
            guard FileManager.default.fileExists(atPath: standard, isDirectory: &isDirectory), isDirectory.boolValue else { return false }
            return seen.insert(standard).inserted
        }
    }

    /// `searchDirectories` for this process (an overload, so Foundation stays an internal import).
    public static func searchDirectories() -> [String] {
        searchDirectories(
            environment: ProcessInfo.processInfo.environment, currentDirectory: FileManager.default.currentDirectoryPath,
            executablePath: Bundle.main.executablePath)
    }

    /// Theme names found in `directories` plus the built-in ones, sorted.
    public static func availableNames(directories: [String]) -> [String] {
        var names = Set(BuiltInThemes.yaml.keys)
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files where file.hasSuffix(".yaml") {
                names.insert(String(file.dropLast(".yaml".count)))
            }
        }
        return names.sorted()
    }

    /// A Yams error as a `ThemeError` at the position libyaml reported.
    static func syntaxError(_ error: any Error, file: String) -> ThemeError {
        guard let error = error as? YamlError else { return .syntax(file, line: nil, column: nil, problem: String(describing: error)) }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return .syntax(file, line: mark.line, column: mark.column, problem: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.sorted().joined(separator: ", ")
            return .syntax(file, line: context.mark.line, column: context.mark.column, problem: "duplicate key \(keys) in a mapping")
        default:
            return .syntax(file, line: nil, column: nil, problem: String(describing: error))
        }
    }
}

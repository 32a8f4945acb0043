import Foundation
import Testing

@testable import Console

/// The shipped themes, lookup, and what a theme resolves to on each kind of terminal.
@Suite struct ThemeLoaderTests {
    static let repositoryThemes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes").path
    static let shipped = ["ops-dark", "ops-light", "ops-cb-safe", "terminal"]

    @Test(arguments: shipped)
    func shippedThemeLoadsWithEveryRole(name: String) throws {
        let theme = try ThemeLoader.load(path: "\(Self.repositoryThemes)/\(name).yaml")
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
        #expect(theme.summary?.isEmpty == false)
    }

    @Test(arguments: shipped)
    func builtInCopyMatchesTheFile(name: String) throws {
        let file = try String(contentsOfFile: "\(Self.repositoryThemes)/\(name).yaml", encoding: .utf8)
        #expect(BuiltInThemes.yaml[name] == file, "themes/\(name).yaml changed: run `make embed-themes`")
    }

    @Test func everyThemeFileIsBuiltIn() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.repositoryThemes).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(BuiltInThemes.yaml.keys))
        #expect(Set(Self.shipped) == Set(BuiltInThemes.yaml.keys))
    }

    @Test func namesResolveFromTheBinaryWhenNoDirectoryHasThem() throws {
        let theme = try ThemeLoader.load("ops-cb-safe", directories: [])
        #expect(theme.name == "ops-cb-safe")
        #expect(theme.style(.healthy).foreground?.truecolor == RGBColor(hex: "#56b4e9"))
    }

    @Test func aThemeDirectoryWinsOverTheBuiltInCopy() throws {
        try withTemporaryDirectory { directory in
            let custom = BuiltInThemes.yaml["terminal"]!.replacingOccurrences(of: "healthy:        { fg: green }", with: "healthy: { fg: cyan }")
            try custom.write(toFile: "\(directory)/ops-dark.yaml", atomically: true, encoding: .utf8)
            let theme = try ThemeLoader.load("ops-dark", directories: ["/nonexistent", directory])
            #expect(theme.style(.healthy).foreground?.color16 == .cyan)
        }
    }

    @Test func aPathLoadsThatFile() throws {
        try withTemporaryDirectory { directory in
            try BuiltInThemes.yaml["ops-light"]!.write(toFile: "\(directory)/mine.yaml", atomically: true, encoding: .utf8)
            #expect(try ThemeLoader.load("\(directory)/mine.yaml", directories: []).name == "mine")
        }
    }

    @Test func anUnknownNameListsTheAvailableThemes() throws {
        try withTemporaryDirectory { directory in
            try BuiltInThemes.yaml["ops-light"]!.write(toFile: "\(directory)/paper.yaml", atomically: true, encoding: .utf8)
            let error = try #require(throws: ThemeErrors.self) { try ThemeLoader.load("ops-drak", directories: [directory]) }
            #expect(error.first.isNotFound)
            #expect(error.description.contains("no theme named 'ops-drak'"))
            #expect(error.description.contains("themes available: ops-cb-safe, ops-dark, ops-light, paper, terminal"))
        }
    }

    @Test func aNameWithOtherCharactersIsRefused() throws {
        let error = try #require(throws: ThemeErrors.self) { try ThemeLoader.load("ops dark", directories: []) }
        #expect(error.description.contains("a theme name is letters, digits"))
    }

    @Test func searchDirectoriesPutTheEnvironmentFirstAndFindTheRepositoryFromABuild() throws {
        try withTemporaryDirectory { root in
            for path in ["custom", "work/themes", "repo/themes", "repo/.build/x86_64-unknown-linux-gnu/debug"] {
                try FileManager.default.createDirectory(atPath: "\(root)/\(path)", withIntermediateDirectories: true)
            }
            let directories = ThemeLoader.searchDirectories(
                environment: ["SIGNALBOX_THEMES_DIR": "\(root)/custom"], currentDirectory: "\(root)/work",
                executablePath: "\(root)/repo/.build/x86_64-unknown-linux-gnu/debug/signalbox")
            let resolved = (root as NSString).resolvingSymlinksInPath
            #expect(
                directories.map { ($0 as NSString).resolvingSymlinksInPath } == [
                    "\(resolved)/custom", "\(resolved)/work/themes", "\(resolved)/repo/themes",
                ])
        }
    }

    // MARK: - Colour modes

    @Test func noColorMeansMonochromeWhateverTheTerminal() {
        let rich = ColorMode.Capabilities(hasColors: true, colors: 256, canChangeColor: true)
        #expect(ColorMode.detect(environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"], capabilities: rich) == .monochrome)
        #expect(ColorMode.detect(environment: ["NO_COLOR": "yes please"], capabilities: rich) == .monochrome)
        // An empty NO_COLOR does not count (no-color.org).
        #expect(ColorMode.detect(environment: ["NO_COLOR": ""], capabilities: rich) == .indexed256)
    }

    @Test(arguments: [
        (["COLORTERM": "truecolor"], ColorMode.Capabilities(hasColors: true, colors: 256, canChangeColor: true), ColorMode.truecolor),
        (["COLORTERM": "24bit"], ColorMode.Capabilities(hasColors: true, colors: 256, canChangeColor: true), .truecolor),
        (["COLORTERM": "truecolor"], ColorMode.Capabilities(hasColors: true, colors: 256, canChangeColor: false), .indexed256),
        ([:], ColorMode.Capabilities(hasColors: true, colors: 1 << 24, canChangeColor: false), .truecolor),
        ([:], ColorMode.Capabilities(hasColors: true, colors: 256, canChangeColor: true), .indexed256),
        (["COLORTERM": "truecolor"], ColorMode.Capabilities(hasColors: true, colors: 16, canChangeColor: true), .ansi16),
        ([:], ColorMode.Capabilities(hasColors: true, colors: 8, canChangeColor: false), .ansi8),
        ([:], ColorMode.Capabilities(hasColors: false, colors: 0, canChangeColor: false), .monochrome),
    ])
    func colorModeFollowsTheTerminal(environment: [String: String], capabilities: ColorMode.Capabilities, expected: ColorMode) {
        #expect(ColorMode.detect(environment: environment, capabilities: capabilities) == expected)
    }

    @Test func eachModeUsesItsFallback() throws {
        let theme = try ThemeLoader.load("ops-dark", directories: [])
        let healthy = theme.style(.healthy)
        #expect(healthy.terminalStyle(for: .truecolor).foreground == .rgb(RGBColor(red: 0x3f, green: 0xb9, blue: 0x50)))
        #expect(healthy.terminalStyle(for: .indexed256).foreground == .index(71))
        #expect(healthy.terminalStyle(for: .ansi16).foreground == .index(ANSIColor.green.index))
        let red = theme.style(.error)
        #expect(red.terminalStyle(for: .ansi16).foreground == .index(ANSIColor.brightRed.index))
        #expect(red.terminalStyle(for: .ansi8).foreground == .index(ANSIColor.red.index))
    }

    @Test func theTerminalThemeOnlyUsesTheSixteenColoursAndDefaults() throws {
        let theme = try ThemeLoader.load("terminal", directories: [])
        for mode in [ColorMode.truecolor, .indexed256, .ansi16] {
            for style in theme.terminalStyles(for: mode).values {
                for color in [style.foreground, style.background] {
                    switch color {
                    case .terminalDefault: break
                    case .index(let index): #expect(index < 16)
                    case .rgb: Issue.record("terminal theme produced a 24-bit colour in \(mode)")
                    }
                }
            }
        }
    }

    @Test(arguments: shipped)
    func monochromeKeepsSelectionAndBarsVisible(name: String) throws {
        let styles = try ThemeLoader.load(name, directories: []).terminalStyles(for: .monochrome)
        for style in styles.values {
            #expect(style.foreground == .terminalDefault && style.background == .terminalDefault)
        }
        // Without colour these are only visible through attributes.
        for role in [StyleRole.selection, .statusBar, .buttonFocused] {
            #expect(styles[role]?.attributes.contains(.reverse) == true, "\(name): \(role) needs reverse without colour")
        }
        #expect(styles[.buttonFocused] != styles[.button])
    }

    /// Runs `body` with a fresh directory, removed afterwards.
    private func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
        let path = NSTemporaryDirectory() + "signalbox-theme-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }
}

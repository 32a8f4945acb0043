import Yams

/// Reads a theme out of YAML nodes for `ThemeLoader`. Every failed read records a `ThemeError` and
/// returns nil, so one pass reports every problem in the file. Used for one parse, on one thread.
final class ThemeDecoder {
    static let rootKeys = ["description", "palette", "styles"]
    static let colorKeys = ["truecolor", "color256", "color16"]
    static let styleKeys = ["fg", "bg"] + TextAttributes.named.map(\.name) + ["mono"]
    /// The colour reference meaning "the terminal's own foreground/background".
    static let terminalDefault = "default"

    let file: String
    private(set) var errors: [ThemeError] = []

    init(file: String) { self.file = file }

    func decodeTheme(_ root: ThemeNode?, name: String) -> Theme? {
        guard let root, !root.isNull else {
            errors.append(
                .wrongType(
                    expected: "a mapping with keys palette and styles (the file is empty)", file: file, at: ThemeNode.position(line: 1, column: 1)))
            return nil
        }
        guard let entries = mapping(root, allowed: Self.rootKeys) else { return nil }
        var summary: String?
        if let node = entries["description"] {
            summary = node.string
            if summary == nil { errors.append(.wrongType(expected: "a line of text", file: file, at: node)) }
        }
        var palette: [String: ThemeColor] = [:]
        if let node = required(
            "palette", in: entries, of: root,
            hint: "name your colours, e.g. palette: { green: { truecolor: \"#3fb950\", color256: 71, color16: green } }")
        {
            palette = decodePalette(node)
        }
        var styles: [StyleRole: ThemeStyle] = [:]
        if let node = required("styles", in: entries, of: root, hint: "give every role a style, e.g. styles: { text: { fg: default } }") {
            styles = decodeStyles(node, palette: palette)
        }
        guard errors.isEmpty else { return nil }
        return Theme(name: name, summary: summary, palette: palette, styles: styles)
    }

    // MARK: - Palette

    private func decodePalette(_ node: ThemeNode) -> [String: ThemeColor] {
        guard let entries = mapping(node, allowed: nil) else { return [:] }
        var palette: [String: ThemeColor] = [:]
        for (name, keyNode, value) in entries.list {
            guard Self.isColorName(name) else {
                errors.append(.invalidValue("colour name '\(name)' is not lowercase letters, digits, '_' or '-'", file: file, at: keyNode))
                continue
            }
            guard name != Self.terminalDefault else {
                errors.append(
                    .invalidValue(
                        "'default' is reserved: in styles it means the terminal's own colour", file: file, at: keyNode,
                        hint: "name this colour something else, e.g. 'foreground'"))
                continue
            }
            if let color = decodeColor(value) { palette[name] = color }
        }
        if palette.isEmpty, errors.isEmpty {
            errors.append(.invalidValue("the palette is empty", file: file, at: node, hint: "name at least the colours your styles use"))
        }
        return palette
    }

    private func decodeColor(_ node: ThemeNode) -> ThemeColor? {
        guard let entries = mapping(node, allowed: Self.colorKeys) else { return nil }
        var truecolor: RGBColor?
        var color256: Int?
        var color16: ANSIColor?
        var failed = false
        if let value = entries["truecolor"] {
            if let text = value.string, let rgb = RGBColor(hex: text) {
                truecolor = rgb
            } else {
                failed = true
                let commentHint = "quote it: an unquoted '#' starts a YAML comment"
                errors.append(
                    value.isNull
                        ? .wrongType(expected: "a colour like \"#1f6feb\"", file: file, at: value, hint: commentHint)
                        : .invalidValue(
                            "expected a colour like \"#1f6feb\" ('#' and six hex digits), got \(value.gotDescription)", file: file, at: value))
            }
        }
        if let value = entries["color256"] {
            if value.isInt, let text = value.string, let index = Int(text), (0...255).contains(index) {
                color256 = index
            } else {
                failed = true
                errors.append(
                    value.isInt
                        ? .invalidValue("expected a 256-colour index from 0 to 255, got \(value.gotDescription)", file: file, at: value)
                        : .wrongType(expected: "a 256-colour index from 0 to 255", file: file, at: value))
            }
        }
        if let value = required("color16", in: entries, of: node, hint: "every colour needs an ANSI fallback: \(Self.ansiNames)") {
            if let text = value.string, let ansi = ANSIColor(rawValue: text) {
                color16 = ansi
            } else {
                failed = true
                errors.append(
                    .invalidValue(
                        "expected one of the 16 ANSI colour names, got \(value.gotDescription)", file: file, at: value, hint: Self.ansiNames))
            }
        }
        guard !failed, let color16 else { return nil }
        return ThemeColor(truecolor: truecolor, color256: color256, color16: color16)
    }

    // MARK: - Styles

    private func decodeStyles(_ node: ThemeNode, palette: [String: ThemeColor]) -> [StyleRole: ThemeStyle] {
        let roleNames = StyleRole.allCases.map(\.rawValue)
        guard let entries = mapping(node, allowed: roleNames) else { return [:] }
        var styles: [StyleRole: ThemeStyle] = [:]
        for (key, _, value) in entries.list {
            guard let role = StyleRole(rawValue: key) else { continue }
            if let style = decodeStyle(value, palette: palette) { styles[role] = style }
        }
        let missing = StyleRole.allCases.filter { entries[$0.rawValue] == nil }.map(\.rawValue)
        if missing.count == 1 {
            errors.append(
                .missingKey(
                    missing[0], file: file, at: ThemeNode.child(of: node, key: missing[0]),
                    hint: "every role needs a style (roles: \(roleNames.joined(separator: ", ")))"))
        } else if !missing.isEmpty {
            errors.append(
                .invalidValue(
                    "missing styles for \(missing.count) roles: \(missing.joined(separator: ", "))", file: file, at: node,
                    hint: "every role needs a style, e.g. \(missing[0]): { fg: default }"))
        }
        return styles
    }

    private func decodeStyle(_ node: ThemeNode, palette: [String: ThemeColor]) -> ThemeStyle? {
        guard let entries = mapping(node, allowed: Self.styleKeys) else { return nil }
        var style = ThemeStyle()
        var failed = false
        for (key, _, value) in entries.list {
            switch key {
            case "fg", "bg":
                guard let reference = color(value, palette: palette) else {
                    failed = true
                    continue
                }
                if key == "fg" { style.foreground = reference } else { style.background = reference }
            case "mono":
                guard let attributes = attributeList(value) else {
                    failed = true
                    continue
                }
                style.monochromeAttributes = attributes
            default:
                guard let attribute = TextAttributes.named.first(where: { $0.name == key })?.attribute else { continue }
                guard let on = value.bool else {
                    failed = true
                    errors.append(.wrongType(expected: "true or false", file: file, at: value))
                    continue
                }
                if on { style.attributes.insert(attribute) }
            }
        }
        return failed ? nil : style
    }

    /// A palette colour, or nil for `default` (also returned, as `.some(nil)`, on success).
    private func color(_ node: ThemeNode, palette: [String: ThemeColor]) -> ThemeColor?? {
        guard let name = node.string else {
            errors.append(.wrongType(expected: "a palette colour name or 'default'", file: file, at: node))
            return nil
        }
        if name == Self.terminalDefault { return .some(nil) }
        if let color = palette[name] { return .some(color) }
        let known = palette.keys.sorted().joined(separator: ", ")
        errors.append(
            .unknownReference(
                "unknown colour '\(name)'", file: file, at: node,
                hint: "palette colours: \(known.isEmpty ? "(none)" : known); or 'default' for the terminal's own"))
        return nil
    }

    private func attributeList(_ node: ThemeNode) -> TextAttributes? {
        let names = TextAttributes.named.map(\.name).joined(separator: ", ")
        guard let element = node.node, case .sequence(let sequence) = element else {
            errors.append(.wrongType(expected: "a list of attributes (\(names)), e.g. [reverse]", file: file, at: node))
            return nil
        }
        var attributes: TextAttributes = []
        var failed = false
        for (index, item) in sequence.enumerated() {
            let child = ThemeNode(item, keyPath: "\(node.keyPath)[\(index)]")
            guard let name = child.string, let attribute = TextAttributes.named.first(where: { $0.name == name })?.attribute else {
                failed = true
                errors.append(.invalidValue("expected an attribute (\(names)), got \(child.gotDescription)", file: file, at: child))
                continue
            }
            attributes.insert(attribute)
        }
        return failed ? nil : attributes
    }

    // MARK: - Structure

    struct Entries {
        var list: [(key: String, keyNode: ThemeNode, value: ThemeNode)]
        subscript(key: String) -> ThemeNode? { list.first { $0.key == key }?.value }
    }

    /// The node's entries, reporting keys outside `allowed` (any key when nil) and non-mappings.
    private func mapping(_ node: ThemeNode, allowed: [String]?) -> Entries? {
        guard let element = node.node, case .mapping(let mapping) = element else {
            let expected = allowed.map { "a mapping with keys \($0.joined(separator: ", "))" } ?? "a mapping"
            errors.append(.wrongType(expected: expected, file: file, at: node))
            return nil
        }
        var entries = Entries(list: [])
        for (keyYAML, valueYAML) in mapping {
            let keyNode = ThemeNode(keyYAML, keyPath: node.keyPath)
            guard let key = keyNode.string else {
                errors.append(.wrongType(expected: "a key name", file: file, at: keyNode))
                continue
            }
            let keyed = ThemeNode(keyYAML, keyPath: node.path(key: key))
            if let allowed, !allowed.contains(key) {
                errors.append(.unknownKey(key, file: file, at: keyed, allowed: allowed))
                continue
            }
            entries.list.append((key, keyed, ThemeNode(valueYAML, keyPath: keyed.keyPath)))
        }
        return entries
    }

    private func required(_ key: String, in entries: Entries, of node: ThemeNode, hint: String) -> ThemeNode? {
        if let value = entries[key] { return value }
        errors.append(.missingKey(key, file: file, at: ThemeNode.child(of: node, key: key), hint: hint))
        return nil
    }

    private static var ansiNames: String { "ANSI colours: " + ANSIColor.allCases.map(\.rawValue).joined(separator: ", ") }

    /// Theme names become file names (`NAME.yaml` inside a theme directory): no path separators,
    /// and the same characters as config identifiers (`console.theme`).
    static func isThemeName(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0) }
    }

    static func isColorName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}

import Testing

@testable import Console

/// Bad themes: every problem is named with file, line, column, key path and what was expected.
@Suite struct ThemeErrorTests {
    /// A valid theme with every role, as a starting point for one broken line at a time.
    static func theme(palette: String = "  green: { truecolor: \"#3fb950\", color256: 71, color16: green }", healthy: String = "{ fg: green }")
        -> String
    {
        var lines = ["description: test", "palette:", palette, "styles:"]
        for role in StyleRole.allCases {
            lines.append("  \(role.rawValue): \(role == .healthy ? healthy : "{ fg: default }")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func errors(_ yaml: String) throws -> ThemeErrors {
        try #require(throws: ThemeErrors.self) { try ThemeLoader.parse(yaml: yaml, name: "t", file: "themes/t.yaml") }
    }

    @Test func theTemplateIsValid() throws {
        let theme = try ThemeLoader.parse(yaml: Self.theme(), name: "t", file: "t.yaml")
        #expect(theme.style(.healthy).foreground?.color256 == 71)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var expected: String
        var testDescription: String { name }
    }

    static let healthyLine = 4 + StyleRole.allCases.firstIndex(of: .healthy)! + 1

    static let cases: [Case] = [
        Case(
            name: "unknown colour reference", yaml: theme(healthy: "{ fg: gren }"),
            expected: "themes/t.yaml:\(healthyLine):18: styles.healthy.fg: unknown colour 'gren'\n  hint: palette colours: green; or 'default'"),
        Case(
            name: "unknown style key", yaml: theme(healthy: "{ fg: green, blink: true }"),
            expected:
                "themes/t.yaml:\(healthyLine):25: styles.healthy.blink: unknown key 'blink'\n  hint: allowed keys here: fg, bg, bold, dim, underline, reverse, mono"
        ),
        Case(
            name: "attribute not a boolean", yaml: theme(healthy: "{ bold: 3 }"),
            expected: ":\(healthyLine):20: styles.healthy.bold: expected true or false, got '3'"),
        Case(
            name: "bad mono attribute", yaml: theme(healthy: "{ mono: [reverse, blink] }"),
            expected: "styles.healthy.mono[1]: expected an attribute (bold, dim, underline, reverse), got 'blink'"),
        Case(
            name: "bad hex", yaml: theme(palette: "  green: { truecolor: \"#3fb95\", color16: green }"),
            expected: "themes/t.yaml:3:23: palette.green.truecolor: expected a colour like \"#1f6feb\" ('#' and six hex digits), got '#3fb95'"),
        Case(
            name: "unquoted hex is a comment", yaml: theme(palette: "  green:\n    truecolor: #3fb950\n    color16: green"),
            expected: "palette.green.truecolor: expected a colour like \"#1f6feb\", got nothing (null)\n  hint: quote it"),
        Case(
            name: "index out of range", yaml: theme(palette: "  green: { color256: 256, color16: green }"),
            expected: "themes/t.yaml:3:22: palette.green.color256: expected a 256-colour index from 0 to 255, got '256'"),
        Case(
            name: "index not a number", yaml: theme(palette: "  green: { color256: lime, color16: green }"),
            expected: "palette.green.color256: expected a 256-colour index from 0 to 255, got 'lime'"),
        Case(
            name: "unknown ANSI name", yaml: theme(palette: "  green: { color16: lime }"),
            expected: "palette.green.color16: expected one of the 16 ANSI colour names, got 'lime'\n  hint: ANSI colours: black, red,"),
        Case(
            name: "missing ANSI fallback", yaml: theme(palette: "  green: { truecolor: \"#3fb950\" }"),
            expected: "themes/t.yaml:3:10: palette.green.color16: missing required key 'color16'"),
        Case(
            name: "unknown palette key", yaml: theme(palette: "  green: { rgb: \"#3fb950\", color16: green }"),
            expected: "palette.green.rgb: unknown key 'rgb'\n  hint: allowed keys here: truecolor, color256, color16"),
        Case(
            name: "reserved colour name", yaml: theme(palette: "  green: { color16: green }\n  default: { color16: white }"),
            expected: "themes/t.yaml:4:3: palette.default: 'default' is reserved"),
        Case(
            name: "unknown role", yaml: theme() + "  healty: { fg: green }\n",
            expected: "styles.healty: unknown key 'healty'\n  hint: allowed keys here: text, dim, title,"),
        Case(
            name: "unknown top-level key", yaml: "colours: {}\n" + theme(),
            expected: "themes/t.yaml:1:1: colours: unknown key 'colours'\n  hint: allowed keys here: description, palette, styles"),
        Case(
            name: "invalid YAML", yaml: "palette: { green: [ }\n",
            expected: "themes/t.yaml:1:"),
        Case(name: "empty file", yaml: "", expected: "themes/t.yaml:1:1: expected a mapping with keys palette and styles (the file is empty)"),
        Case(
            name: "styles is a list", yaml: "palette: { g: { color16: green } }\nstyles: [ text ]\n",
            expected: "styles: expected a mapping with keys text, dim,"),
    ]

    @Test(arguments: cases)
    func badThemeIsReported(_ testCase: Case) throws {
        let error = try Self.errors(testCase.yaml)
        #expect(error.description.contains(testCase.expected), "\(error)")
    }

    @Test func aMissingRoleIsNamedWithTheListOfRoles() throws {
        let yaml = Self.theme().split(separator: "\n").filter { !$0.hasPrefix("  diff_added:") }.joined(separator: "\n")
        let error = try Self.errors(yaml)
        #expect(error.errors.count == 1)
        #expect(error.description.contains("themes/t.yaml:5:3: styles.diff_added: missing required key 'diff_added'"), "\(error)")
        #expect(error.description.contains("hint: every role needs a style (roles: text, dim,"))
    }

    @Test func severalMissingRolesAreOneError() throws {
        let error = try Self.errors("palette: { g: { color16: green } }\nstyles: { text: { fg: g } }\n")
        #expect(error.errors.count == 1)
        #expect(
            error.description.hasPrefix("themes/t.yaml:2:9: styles: missing styles for \(StyleRole.allCases.count - 1) roles: dim, title,"),
            "\(error)")
    }

    @Test func everyProblemIsReportedInFileOrder() throws {
        let yaml = Self.theme(palette: "  green: { truecolor: \"nope\", color256: 999, color16: green }", healthy: "{ fg: gren, bg: blu }")
        let error = try Self.errors(yaml)
        #expect(error.errors.map(\.keyPath) == ["palette.green.truecolor", "palette.green.color256", "styles.healthy.fg", "styles.healthy.bg"])
    }
}

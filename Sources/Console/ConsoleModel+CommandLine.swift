import SignalboxCore

extension ConsoleModel {
    /// The `:` commands, for the help overlay. Actions still go through their confirm dialogs.
    static let commands: [(usage: String, description: String, isOperatorAction: Bool)] = [
        (":q, :quit", "quit the console", false),
        (":help", "this help", false),
        (":view N|overview|requests|providers|keys|cache|audit", "switch view", false),
        (":filter TEXT", "filter requests (empty clears)", false),
        (":follow, :freeze", "follow or freeze the request stream", false),
        (":pause PROVIDER, :resume PROVIDER", "pause / resume a provider", true),
        (":pause PROVIDER/KEY, :resume PROVIDER/KEY", "pause / resume one key", true),
        (":rotate PROVIDER [KEY]", "open the key rotation dialog", true),
        (":rotate PROVIDER KEY env:NAME|file:PATH", "rotate from a variable or file", true),
        (":replay REQUEST_ID [PROVIDER]", "replay a request (then a diff)", true),
        (":purge-cache [ROUTE]", "purge cached answers (all, or one route's)", true),
    ]

    mutating func runCommand(_ line: String) -> [ConsoleEffect] {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let name = words.first?.lowercased() else { return [] }
        let arguments = Array(words.dropFirst())
        let isAction = ["pause", "resume", "rotate", "replay", "purge-cache"].contains(name)
        if isAction && readOnly {
            showStatus("read-only console: :\(name) is disabled", kind: .error)
            return []
        }
        switch name {
        case "q", "quit", "q!", "exit":
            return [.quit]
        case "help", "h":
            overlay = .help(scroll: 0)
        case "view", "v":
            guard let argument = arguments.first, let target = ConsoleView(argument: argument) else {
                showStatus("usage: :view 1-6 or overview|requests|providers|keys|cache|audit", kind: .error)
                return []
            }
            return perform(.show(target))
        case "filter", "f":
            let text = line.drop { !$0.isWhitespace }.trimmingPrefixWhitespace()
            log.setFilter(RequestFilter(text))
            showStatus(text.isEmpty ? "filter cleared" : "filter: \(text)", kind: .info)
        case "follow":
            if !following { toggleFollow() }
        case "freeze":
            if following { toggleFollow() }
        case "pause", "resume":
            return pauseCommand(name == "pause", arguments)
        case "rotate":
            return rotateCommand(arguments)
        case "replay":
            guard let id = arguments.first, arguments.count <= 2 else {
                showStatus("usage: :replay REQUEST_ID [PROVIDER]", kind: .error)
                return []
            }
            let requestID = RequestID(rawValue: id)
            let original = log.sequence(of: requestID).flatMap(log.row)?.provider ?? ""
            if let target = arguments.dropFirst().first, provider(target) == nil {
                showStatus("unknown provider '\(target)'", kind: .error)
                return []
            }
            openReplay((requestID, original), preselected: arguments.dropFirst().first)
        case "purge-cache":
            guard arguments.count <= 1 else {
                showStatus("usage: :purge-cache [ROUTE]", kind: .error)
                return []
            }
            openPurgeCache(route: arguments.first)
        default:
            showStatus("unknown command ':\(name)' — :help lists the commands", kind: .error)
        }
        return []
    }

    private mutating func pauseCommand(_ pause: Bool, _ arguments: [String]) -> [ConsoleEffect] {
        guard arguments.count == 1 else {
            showStatus("usage: :\(pause ? "pause" : "resume") PROVIDER or PROVIDER/KEY", kind: .error)
            return []
        }
        let parts = arguments[0].split(separator: "/", maxSplits: 1).map(String.init)
        guard let entry = provider(parts.first) else {
            showStatus("unknown provider '\(parts.first ?? "")'", kind: .error)
            return []
        }
        if parts.count == 2 {
            guard let key = entry.keys.first(where: { $0.id == parts[1] }) else {
                showStatus("\(entry.id) has no key '\(parts[1])'", kind: .error)
                return []
            }
            guard key.paused != pause else {
                showStatus("key \(entry.id)/\(key.id) is already \(pause ? "paused" : "active")", kind: .info)
                return []
            }
            openPauseKey(provider: entry.id, key: key.id, paused: key.paused)
        } else {
            guard entry.paused != pause else {
                showStatus("\(entry.id) is already \(pause ? "paused" : "active")", kind: .info)
                return []
            }
            openPauseProvider(entry.id)
        }
        return []
    }

    private mutating func rotateCommand(_ arguments: [String]) -> [ConsoleEffect] {
        guard let providerID = arguments.first, arguments.count <= 3 else {
            showStatus("usage: :rotate PROVIDER [KEY [env:NAME|file:PATH]]", kind: .error)
            return []
        }
        guard let entry = provider(providerID) else {
            showStatus("unknown provider '\(providerID)'", kind: .error)
            return []
        }
        let key = arguments.count > 1 ? arguments[1] : nil
        if let key, !entry.keys.isEmpty, !entry.keys.contains(where: { $0.id == key }) {
            showStatus("\(providerID) has no key '\(key)'", kind: .error)
            return []
        }
        guard arguments.count == 3, let key else {
            openRotateKey(provider: providerID, key: key)
            return []
        }
        let reference = arguments[2]
        let source: SecretSource
        if reference.hasPrefix("env:"), reference.count > 4 {
            source = .environment(String(reference.dropFirst(4)))
        } else if reference.hasPrefix("file:"), reference.count > 5 {
            source = .file(String(reference.dropFirst(5)))
        } else {
            // A secret typed here would sit in clear on the command line: only the masked dialog takes one.
            showStatus(
                "the command line takes env:NAME or file:PATH only; type secrets in the rotate dialog (:rotate \(providerID) \(key))", kind: .error)
            return []
        }
        dialog = .confirm(
            ConfirmDialog(
                title: "Rotate key \(providerID)/\(key)?",
                message: ["The new secret is read from \(reference).", "The old secret stays valid for the configured grace period."],
                confirmLabel: "Rotate", effects: [.rotateKey(provider: providerID, key: key, source: source, graceSeconds: nil)]))
        return []
    }
}

extension Substring {
    fileprivate func trimmingPrefixWhitespace() -> String { String(drop { $0.isWhitespace }) }
}

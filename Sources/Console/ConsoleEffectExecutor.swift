import SignalboxCore

/// Runs what the console model asked for (`ConsoleEffect`) off the terminal thread and posts the
/// results to the runner's inbox. Operator commands go through the backend (the control plane) as
/// actor `console`; after each one the provider list is fetched again so pause and key state show
/// (the runner then refreshes the Audit view, whose page size only the model knows).
final class ConsoleEffectExecutor: Sendable {
    /// How the console appears in the audit log and the action log.
    static let actor = "console"

    private let backend: any ConsoleBackend
    private let inbox: ConsoleInbox
    /// Where `.environment(NAME)` secrets are read from: the process environment in the binary.
    private let environment: @Sendable () -> [String: String]

    init(backend: any ConsoleBackend, inbox: ConsoleInbox, environment: @escaping @Sendable () -> [String: String]) {
        self.backend = backend
        self.inbox = inbox
        self.environment = environment
    }

    /// Starts `effect`; the returned task (nil for `.quit`, which the runner handles) ends when its
    /// results are in the inbox.
    @discardableResult
    func perform(_ effect: ConsoleEffect) -> Task<Void, Never>? {
        switch effect {
        case .quit:
            return nil
        case .execute(let command):
            return Task { await self.execute(command) }
        case .rotateKey(let provider, let key, let source, let graceSeconds):
            return Task {
                switch source.readSecret(environment: self.environment()) {
                case .success(let secret):
                    await self.execute(.rotateKey(provider: provider, key: key, newSecret: secret, graceSeconds: graceSeconds))
                case .failure(let problem):
                    // Nothing ran: the model gets the refusal for the command it asked for (no secret in it).
                    let command = OperatorCommand.rotateKey(provider: provider, key: key, newSecret: Secret(""), graceSeconds: graceSeconds)
                    self.inbox.post(.outcome(.refused("key not rotated: \(problem.message)"), command))
                }
            }
        case .loadRequest(let id):
            return Task { self.inbox.post(.recorded(self.backend.recordedRequest(id), id)) }
        case .refreshProviders:
            return Task { self.inbox.post(.providers(self.backend.providers())) }
        case .refreshBudgets:
            return Task { self.inbox.post(.budgets(self.backend.budgets())) }
        case .loadAudit(let limit):
            return Task { await self.loadAudit(limit: limit) }
        case .refreshCacheStats:
            return Task { self.inbox.post(.cacheStats(self.backend.cacheStats())) }
        case .verifyAuditChain:
            return Task {
                let result: AuditChainResult
                do {
                    result = try await self.backend.verifyAuditChain().map(AuditChainResult.checked) ?? .storeOff
                } catch {
                    result = .failed("\(error)")
                }
                self.inbox.post(.auditChain(result))
            }
        }
    }

    private func loadAudit(limit: Int) async {
        let result: AuditFetchResult
        do {
            result = try await backend.auditEntries(limit: limit).map { .entries($0, limit: limit) } ?? .storeOff
        } catch {
            result = .failed("\(error)")
        }
        inbox.post(.audit(result))
    }

    private func execute(_ command: OperatorCommand) async {
        let outcome = await backend.execute(command, actor: Self.actor)
        inbox.post(.outcome(outcome, command))
        inbox.post(.providers(backend.providers()))
    }
}

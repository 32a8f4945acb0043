import Engine
import SignalboxCore
import Synchronization

/// Results of effects, handed from the tasks that produced them to the runner thread that owns the
/// console model (the model itself never leaves that thread).
final class ConsoleInbox: Sendable {
    enum Message: Sendable, Hashable {
        case providers([ProviderSnapshot])
        case recorded(RecordedExchange?, RequestID)
        case outcome(OperatorOutcome, OperatorCommand)
        case budgets([BudgetStatus])
        case audit(AuditFetchResult)
        case auditChain(AuditChainResult)
        /// nil: no route caches responses.
        case cacheStats(CacheStatsSnapshot?)
    }

    private let messages = Mutex<[Message]>([])

    func post(_ message: Message) {
        messages.withLock { $0.append(message) }
    }

    /// Everything posted so far, oldest first.
    func takeAll() -> [Message] {
        messages.withLock { messages in
            defer { messages.removeAll(keepingCapacity: true) }
            return messages
        }
    }
}

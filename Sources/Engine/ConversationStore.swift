import DequeModule
import SignalboxCore
import Synchronization

/// The conversations of recent `/v1/responses` answers, by response id, so a request can
/// continue one with `previous_response_id`. Bounded like the request log
/// (`control.recent_requests`): the oldest conversation goes first. In memory only.
final class ConversationStore: Sendable {
    private struct State {
        var conversations: [String: [ChatMessage]] = [:]
        var order: Deque<String> = []
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func store(_ conversation: [ChatMessage], for responseID: String) {
        state.withLock { state in
            if state.conversations.updateValue(conversation, forKey: responseID) == nil {
                state.order.append(responseID)
            }
            while state.order.count > capacity, let oldest = state.order.popFirst() {
                state.conversations[oldest] = nil
            }
        }
    }

    func conversation(_ responseID: String) -> [ChatMessage]? {
        state.withLock { $0.conversations[responseID] }
    }
}

import SignalboxCore
import Testing

@testable import Upstream

@Suite("CurlInbox")
struct CurlInboxTests {
    @Test func wakesOnlyWhenTheInboxBecomesNonEmpty() {
        var inbox = CurlInbox()
        #expect(inbox.submit(.cancel(1)) == .wake)
        #expect(inbox.submit(.resume(1)) == .none)
        let drained = inbox.drain()
        #expect(drained.commands.count == 2)
        #expect(!drained.shutdownRequested)
        #expect(inbox.submit(.cancel(2)) == .wake)
    }

    @Test func shutdownThenCloseRejectsFurtherCommands() {
        var inbox = CurlInbox()
        #expect(inbox.requestShutdown() == .wake)
        #expect(inbox.requestShutdown() == .none)
        #expect(inbox.submit(.cancel(3)) == .wake)
        #expect(inbox.drain().shutdownRequested)
        _ = inbox.submit(.resume(4))
        let leftovers = inbox.close(reason: .shutDown)
        #expect(leftovers.count == 1)
        #expect(inbox.submit(.cancel(5)) == .rejected(.shutDown))
    }
}

import Hummingbird
import NIOCore

/// Per-request context of the mock: just what it needs, including the connection, so that a hang
/// can end with an abrupt close rather than a made-up response.
struct MockRequestContext: InitializableFromSource {
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.channel = source.channel
    }
}

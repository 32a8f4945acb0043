import Hummingbird
import SignalboxCore
import Store

/// `/admin/v1/audit`: the persistent audit log and its hash-chain check, for viewers.
extension AdminAPI {
    func registerAudit(on api: RouterGroup<AdminRequestContext>) {
        api.get("audit") { request, context in
            _ = try Self.require(.viewer, context)
            let store = try store()
            let afterID = try Self.query("after_id", request, in: 0...Int.max, default: 0)
            let limit = try Self.query("limit", request, in: 1...1_000, default: 100)
            let entries = try await store.audit.entries(after: Int64(afterID), limit: limit)
            return AdminAuditPage(entries: entries.map(AdminAuditEntryView.init), nextAfterID: entries.count == limit ? entries.last?.id : nil)
        }
        api.get("audit/verify") { _, context in
            _ = try Self.require(.viewer, context)
            return AdminAuditVerification(try await store().audit.verify())
        }
    }
}

import Foundation
import GRDB

extension SignalboxDatabase: StoreRecordSink {
    /// One transaction per batch: one commit (and one WAL sync) for many records.
    public func write(_ records: [StoreRecord]) async throws {
        // Canonical details are encoded before the write lock is taken.
        let prepared = try records.map { record -> PreparedRecord in
            switch record {
            case .audit(let draft): return .audit(draft, try AuditChain.canonicalDetails(draft.details))
            case .usage(let usage): return .usage(usage)
            case .request(var request):
                if request.redactBodies {
                    request.requestBody = request.requestBody.map { BodyRedaction.redact(Array($0.utf8)) }
                    request.responseBody = request.responseBody.map { BodyRedaction.redact(Array($0.utf8)) }
                    request.redactBodies = false
                }
                return .request(request)
            }
        }
        let now = Date()
        try await writer.write { db in
            for record in prepared {
                switch record {
                case .audit(let draft, let details): _ = try SQLiteAuditLog.append(draft, time: draft.time ?? now, details: details, in: db)
                case .usage(let usage): try SQLiteUsageStore.insert(usage, in: db)
                case .request(let request): try SQLiteRequestLog.insert(request, in: db)
                }
            }
        }
    }

    private enum PreparedRecord: Sendable {
        case audit(AuditEntryDraft, String)
        case usage(UsageRecord)
        case request(RequestLogRecord)
    }
}

/// The result of walking the audit chain.
public enum AuditVerification: Sendable, Hashable {
    case intact(entries: Int)
    case broken(AuditBreak)
}

/// The result of walking the persisted audit chain, in the terms an operator acts on.
public enum OperatorAuditChainCheck: Sendable, Hashable {
    /// Every entry up to and including `throughSequence` chains by hash (0: the log is empty).
    case intact(throughSequence: Int64)
    /// The first entry where the chain does not hold, and what happened there.
    case broken(sequence: Int64, problem: String)
}

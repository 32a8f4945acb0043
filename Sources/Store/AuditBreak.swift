/// The first place where the audit chain does not hold, and what happened there.
public struct AuditBreak: Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// The entry's content (or its stored hash) changed after it was written.
        case edited
        /// Entries `entryID...through` are gone (ids are never reused, so a deletion leaves a gap).
        case deleted(through: Int64)
        /// The entry holds the record written as entry `holdsEntry`: rows were swapped or moved.
        case reordered(holdsEntry: Int64)
        /// The entry is self-consistent but does not follow its predecessor: the predecessor was
        /// rewritten with a recomputed hash, or this entry was forged.
        case chainBroken
    }

    public let entryID: Int64
    public let reason: Reason

    public init(entryID: Int64, reason: Reason) {
        self.entryID = entryID
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .edited:
            "entry \(entryID) was edited: its content does not match its hash"
        case .deleted(let through) where through == entryID:
            "entry \(entryID) was deleted"
        case .deleted(let through):
            "entries \(entryID)–\(through) were deleted"
        case .reordered(let other):
            "entry \(entryID) was reordered: it holds the record written as entry \(other)"
        case .chainBroken:
            "entry \(entryID) does not follow entry \(entryID - 1): its prev_hash is not that entry's hash "
                + "(entry \(entryID - 1) rewritten with a recomputed hash?)"
        }
    }
}

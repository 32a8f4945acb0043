import Crypto
import Foundation
import SignalboxCore

/// The audit log's hash chain: how an entry's hash is computed, and how a sequence of rows is checked.
///
/// `hash = SHA-256(prev_hash || canonical bytes)`, hex. The canonical bytes are the tag
/// `signalbox-audit-v1\n` followed by each field (id, time_ms, actor, role, action, target, details)
/// as `<UTF-8 byte count>:<bytes>\n`: length prefixes make field boundaries unambiguous, and the format
/// does not depend on any encoder's choices, so hashes stay verifiable across library versions.
/// `details` enters as the stored JSON text.
enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    static func canonicalBytes(of row: AuditRow, id: Int64) -> Data {
        var bytes = Data("signalbox-audit-v1\n".utf8)
        for field in [String(id), String(row.timeMs), row.actor, row.role, row.action, row.target, row.details] {
            let utf8 = Data(field.utf8)
            bytes.append(contentsOf: "\(utf8.count):".utf8)
            bytes.append(utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    static func hash(of row: AuditRow, id: Int64, prevHash: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(prevHash.utf8))
        hasher.update(data: canonicalBytes(of: row, id: id))
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Details as canonical JSON: sorted keys, so the same details always give the same text.
    static func canonicalDetails(_ details: [String: JSONValue]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(details), as: UTF8.self)
    }

    /// Walks `rows` (ordered by id) and returns the first entry that breaks the chain.
    /// `highestAssignedID` is the largest id SQLite ever handed out (its AUTOINCREMENT counter), which
    /// reveals entries deleted from the end.
    static func verify(_ rows: [AuditRow], highestAssignedID: Int64?) -> AuditVerification {
        var expectedID: Int64 = 1
        var expectedPrev = genesis
        for (index, row) in rows.enumerated() {
            let id = row.id ?? 0
            if id != expectedID {
                return .broken(AuditBreak(entryID: expectedID, reason: .deleted(through: id - 1)))
            }
            if !VirtualKeyHash.constantTimeEquals(hash(of: row, id: id, prevHash: row.prevHash), row.hash) {
                return .broken(AuditBreak(entryID: id, reason: classifyMismatch(row, at: index, in: rows)))
            }
            if !VirtualKeyHash.constantTimeEquals(row.prevHash, expectedPrev) {
                return .broken(AuditBreak(entryID: id, reason: .chainBroken))
            }
            expectedPrev = row.hash
            expectedID = id + 1
        }
        if let highestAssignedID, highestAssignedID >= expectedID {
            return .broken(AuditBreak(entryID: expectedID, reason: .deleted(through: highestAssignedID)))
        }
        return .intact(entries: rows.count)
    }

    /// A row whose content does not hash to its `hash`: moved here from another position (its content
    /// hashes correctly under another entry's id), or edited in place.
    private static func classifyMismatch(_ row: AuditRow, at index: Int, in rows: [AuditRow]) -> AuditBreak.Reason {
        for (otherIndex, other) in rows.enumerated() where otherIndex != index {
            guard let otherID = other.id else { continue }
            // Content swapped, hashes left in place: this content belongs to the other entry's slot.
            if hash(of: row, id: otherID, prevHash: other.prevHash) == other.hash { return .reordered(holdsEntry: otherID) }
            // Whole row (hashes included) moved: it is self-consistent under the other id.
            if hash(of: row, id: otherID, prevHash: row.prevHash) == row.hash { return .reordered(holdsEntry: otherID) }
        }
        return .edited
    }
}

import Foundation
import GRDB
public import SignalboxCore

extension SQLiteKeyStore: VirtualKeyDirectory {
    /// Every secret that may authenticate a key: the current hash of each key not revoked, and a
    /// rotated key's previous hash until its grace deadline. The gateway loads these into memory
    /// (and reloads them periodically), so requests never query the database.
    public func credentials() async throws -> [VirtualKeyCredential] {
        let rows = try await database.writer.read { db in
            try VirtualKeyRow.filter(VirtualKeyRow.Columns.revokedAtMs == nil).fetchAll(db)
        }
        let nowMs = Date().milliseconds
        var credentials: [VirtualKeyCredential] = []
        credentials.reserveCapacity(rows.count)
        for row in rows {
            let key = try row.virtualKey()
            credentials.append(VirtualKeyCredential(hashHex: row.hash, key: key))
            if let previous = row.previousHash, let until = row.previousValidUntilMs, until > nowMs {
                credentials.append(
                    VirtualKeyCredential(hashHex: previous, key: key, validUntil: Date(milliseconds: until)))
            }
        }
        return credentials
    }
}

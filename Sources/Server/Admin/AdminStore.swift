import Store

/// The store behind the admin API's virtual-key and audit endpoints: the gateway's SQLite database.
struct AdminStore: Sendable {
    let keys: SQLiteKeyStore
    let audit: SQLiteAuditLog

    init(database: SignalboxDatabase) {
        keys = SQLiteKeyStore(database: database)
        audit = SQLiteAuditLog(database: database)
    }
}

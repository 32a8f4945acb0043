import GRDB

extension SignalboxDatabase {
    /// The schema, one registered migration per version. Never edit a shipped migration: add the next one.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "virtual_keys") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("prefix", .text).notNull()
                t.column("hash", .text).notNull().unique()
                // Set by a rotation: the previous secret's hash stays valid until previous_valid_until_ms.
                t.column("previous_hash", .text).indexed()
                t.column("previous_valid_until_ms", .integer)
                t.column("owner", .text)
                t.column("team", .text)
                t.column("allowed_routes", .text).notNull()  // JSON array of route names
                t.column("expires_at_ms", .integer)
                t.column("metadata", .text).notNull()  // JSON object
                t.column("enabled", .boolean).notNull()
                t.column("created_at_ms", .integer).notNull()
                t.column("rotated_at_ms", .integer)
                t.column("revoked_at_ms", .integer)
            }
            try db.create(table: "audit_log") { t in
                // AUTOINCREMENT: ids are never reused, so a deleted entry always leaves a gap.
                t.autoIncrementedPrimaryKey("id")
                t.column("time_ms", .integer).notNull()
                t.column("actor", .text).notNull()
                t.column("role", .text).notNull()
                t.column("action", .text).notNull()
                t.column("target", .text).notNull()
                t.column("details", .text).notNull()  // canonical JSON (sorted keys)
                t.column("prev_hash", .text).notNull()
                t.column("hash", .text).notNull()
            }
            try db.create(table: "usage_records") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("time_ms", .integer).notNull()
                t.column("request_id", .text).notNull()
                t.column("key_id", .text)
                t.column("route", .text).notNull()
                t.column("provider", .text).notNull()
                t.column("model", .text).notNull()
                t.column("status", .integer).notNull()
                t.column("prompt_tokens", .integer).notNull()
                t.column("completion_tokens", .integer).notNull()
                t.column("cached_tokens", .integer).notNull()
                t.column("reasoning_tokens", .integer).notNull()
                t.column("cost_micros", .integer)  // USD × 1,000,000; NULL when the price is unknown
            }
            try db.create(index: "usage_records_key_time", on: "usage_records", columns: ["key_id", "time_ms"])
        }
        migrator.registerMigration("v2") { db in
            // Rate limits and budgets of a key (JSON; NULL: none).
            try db.alter(table: "virtual_keys") { t in
                t.add(column: "limits", .text)
                t.add(column: "budget", .text)
            }
            // Budgets of a period are summed from usage by time.
            try db.create(index: "usage_records_time", on: "usage_records", columns: ["time_ms"])
        }
        migrator.registerMigration("v3") { db in
            // The request log: metadata of every request, searched newest first by these filters.
            try db.create(table: "request_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("request_id", .text).notNull().unique()
                t.column("time_ms", .integer).notNull()
                t.column("key_id", .text)
                t.column("endpoint", .text).notNull()
                t.column("route", .text).notNull()
                t.column("provider", .text).notNull()
                t.column("model", .text).notNull()
                t.column("status", .integer).notNull()
                t.column("attempts", .integer).notNull()
                t.column("stream", .boolean).notNull()
                t.column("latency_ms", .double).notNull()
                t.column("overhead_us", .integer).notNull()
                t.column("prompt_tokens", .integer).notNull()
                t.column("completion_tokens", .integer).notNull()
                t.column("cost_micros", .integer)
                t.column("cache", .text).notNull()
                t.column("error", .text)
                t.column("provider_request_id", .text)
                t.column("replay_of", .text)
            }
            try db.create(index: "request_log_time", on: "request_log", columns: ["time_ms"])
            for column in ["key_id", "route", "provider", "status"] {
                try db.create(index: "request_log_\(column)_time", on: "request_log", columns: [column, "time_ms"])
            }
            try db.create(index: "request_log_latency", on: "request_log", columns: ["latency_ms"])
            try db.create(index: "request_log_cost", on: "request_log", columns: ["cost_micros"])
            // A usage row per request: the journal's recovery inserts only what is missing.
            try db.create(index: "usage_records_request", on: "usage_records", columns: ["request_id"], unique: true)
            // Captured bodies (request_log.bodies), trimmed by their own retention.
            try db.create(table: "request_bodies") { t in
                t.primaryKey("request_id", .text)
                t.column("time_ms", .integer).notNull().indexed()
                t.column("request", .text)
                t.column("response", .text)
            }
        }
        migrator.registerMigration("v4") { db in
            // How bodies were captured (`full`, `redacted`): only a full capture can be replayed.
            // NULL for bodies captured before: unknown, so never replayed.
            try db.alter(table: "request_bodies") { t in
                t.add(column: "capture", .text)
                t.add(column: "request_length", .integer)
            }
        }
        migrator.registerMigration("v5") { db in
            // The exact response cache, so it survives a restart (loaded once at start).
            try db.create(table: "cache_entries") { t in
                t.primaryKey("key", .text)
                t.column("namespace", .text).notNull()
                t.column("route", .text).notNull()
                t.column("provider", .text).notNull()
                t.column("model", .text).notNull()
                t.column("body", .blob).notNull()
                t.column("usage", .text)
                t.column("created_ms", .integer).notNull().indexed()
                t.column("expires_ms", .integer).notNull().indexed()
            }
        }
        return migrator
    }()
}

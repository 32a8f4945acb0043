/// What an admin API token (or the console) may do. Each role includes the ones below it:
/// `viewer` reads, `operator` also changes runtime state (pause, resume, rotate provider keys,
/// replay, breakers), `admin` also manages virtual keys.
public enum AdminRole: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case viewer
    case `operator`
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    public static func < (lhs: AdminRole, rhs: AdminRole) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role may do what `required` may.
    public func includes(_ required: AdminRole) -> Bool { self >= required }
}

import Engine
import Hummingbird
import SignalboxCore

/// `GET /admin/v1/budgets`: every budget now (keys', teams', the gateway's): limit, spend this
/// period, what in-flight requests reserved, and when the period ends. A key's budget is changed
/// with `POST /admin/v1/virtual-keys/{id}/limits`; team and gateway budgets live in the config.
extension AdminAPI {
    func registerBudgets(on api: RouterGroup<AdminRequestContext>) {
        let budgets = backends.budgets
        api.get("budgets") { _, context in
            _ = try Self.require(.viewer, context)
            return AdminBudgetList(budgets: budgets())
        }
    }
}

struct AdminBudgetList: ResponseEncodable, Sendable {
    var budgets: [BudgetStatus]
}

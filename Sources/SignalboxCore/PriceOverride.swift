/// One entry of the config's `pricing:` section: the price of `model` on one provider (by id) or
/// on every provider of a kind. Overrides win over the built-in `PriceCatalog`.
public struct PriceOverride: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        case provider(String)
        case kind(ProviderKind)
    }

    public var scope: Scope
    public var model: String
    public var price: ModelPrice

    public init(scope: Scope, model: String, price: ModelPrice) {
        self.scope = scope
        self.model = model
        self.price = price
    }
}

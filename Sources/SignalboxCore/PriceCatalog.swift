import Foundation

/// List prices of provider models, by vendor and model id, and how a route target's price is
/// found. The shipped table is `PriceCatalog.builtIn` (PriceCatalog+BuiltIn.swift); the config's
/// `pricing:` overrides win over it.
///
/// Model ids are matched exactly first; failing that, once more without a trailing `-latest` or
/// dated snapshot suffix (`-2024-08-06`, `-20250929`), so `claude-sonnet-4-5-20250929` finds
/// `claude-sonnet-4-5`. Nothing else is guessed: an unknown model has no price.
public struct PriceCatalog: Sendable {
    /// Who sells the model (the price list it is on).
    public enum Vendor: String, Sendable, Hashable, CaseIterable {
        case openai, anthropic, google, bedrock, cohere, mistral, groq, deepseek, xai
    }

    private let entries: [Vendor: [String: ModelPrice]]

    public init(_ entries: [Vendor: [String: ModelPrice]]) {
        self.entries = entries
    }

    /// The vendor's price for `model`: exact id, then the id without its snapshot suffix.
    public func price(vendor: Vendor, model: String) -> ModelPrice? {
        guard let table = entries[vendor] else { return nil }
        if let price = table[model] { return price }
        return Self.snapshotBase(of: model).flatMap { table[$0] }
    }

    /// The catalog price of `model` on `provider`. Azure serves OpenAI's models, so it uses
    /// OpenAI's list; an `openai-compatible` provider at a known vendor's URL (the presets) uses that
    /// vendor's list, and any other one the first vendor that lists the model id.
    public func price(provider: ProviderConfig, model: String) -> ModelPrice? {
        if let vendor = Self.vendor(of: provider) { return price(vendor: vendor, model: model) }
        for vendor in Vendor.allCases {
            if let price = price(vendor: vendor, model: model) { return price }
        }
        return nil
    }

    /// The price of `model` on `provider`: an override for this provider id, then one for its
    /// kind, then the catalog. Each step matches the model id exactly before trying its snapshot base.
    public func price(provider: ProviderConfig, model: String, overrides: [PriceOverride]) -> ModelPrice? {
        let base = Self.snapshotBase(of: model)
        for scope in [PriceOverride.Scope.provider(provider.id), .kind(provider.kind)] {
            let candidates = overrides.filter { $0.scope == scope }
            if let match = candidates.first(where: { $0.model == model }) ?? base.flatMap({ base in candidates.first { $0.model == base } }) {
                return match.price
            }
        }
        return price(provider: provider, model: model)
    }

    /// The vendor whose price list applies to a provider; nil for an `openai-compatible` provider
    /// that is not at a known vendor's URL.
    public static func vendor(of provider: ProviderConfig) -> Vendor? {
        switch provider.kind {
        case .openai, .azure: return .openai
        case .anthropic: return .anthropic
        case .gemini, .vertex: return .google
        case .bedrock: return .bedrock
        case .cohere: return .cohere
        case .openaiCompatible:
            let host = Self.host(of: provider.baseURL)
            guard let preset = OpenAICompatiblePreset.allCases.first(where: { Self.host(of: $0.baseURL) == host }) else { return nil }
            switch preset {
            case .mistral: return .mistral
            case .groq: return .groq
            case .deepseek: return .deepseek
            case .xai: return .xai
            case .together, .ollama, .vllm: return nil
            }
        }
    }

    /// `model` without a trailing `-latest` or date snapshot (`-YYYY-MM-DD`, `-YYYYMMDD`); nil when
    /// it has neither.
    public static func snapshotBase(of model: String) -> String? {
        if model.hasSuffix("-latest") { return String(model.dropLast("-latest".count)) }
        let parts = model.split(separator: "-", omittingEmptySubsequences: false)
        func isDigits(_ part: Substring, count: Int) -> Bool { part.count == count && part.allSatisfy { $0.isASCII && $0.isNumber } }
        if parts.count > 3, isDigits(parts[parts.count - 3], count: 4), isDigits(parts[parts.count - 2], count: 2),
            isDigits(parts[parts.count - 1], count: 2)
        {
            return parts.dropLast(3).joined(separator: "-")
        }
        if parts.count > 1, isDigits(parts[parts.count - 1], count: 8), parts[parts.count - 1].hasPrefix("20") {
            return parts.dropLast().joined(separator: "-")
        }
        return nil
    }

    private static func host(of url: String) -> String? {
        URLComponents(string: url)?.host?.lowercased()
    }
}

import Foundation

/// The `pricing:` section: price overrides per provider id or provider kind and model, which win
/// over the built-in `PriceCatalog`.
extension ConfigLoader {
    static let pricingKeys = [
        "provider", "kind", "model", "input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "reasoning_per_mtok", "per_request",
    ]

    static func decodePricing(_ node: ConfigNode, providers: DecodedProviders, _ decoder: ConfigDecoder) -> [PriceOverride] {
        guard let elements = decoder.sequence(node) else { return [] }
        var overrides: [PriceOverride] = []
        var seen: [(scope: PriceOverride.Scope, model: String, node: ConfigNode)] = []
        for element in elements {
            guard
                let mapping = decoder.mapping(
                    element, allowed: pricingKeys,
                    synonyms: [
                        "provider_id": "provider", "id": "provider", "type": "kind", "model_id": "model", "name": "model",
                        "input": "input_per_mtok", "output": "output_per_mtok", "cached_input": "cached_input_per_mtok",
                        "cache_read_per_mtok": "cached_input_per_mtok", "reasoning": "reasoning_per_mtok", "request": "per_request",
                        "per_request_usd": "per_request",
                    ])
            else { continue }
            let scope = decodePriceScope(mapping, providers: providers, decoder)
            let modelNode = decoder.required("model", in: mapping, hint: "the provider's model id, e.g. gpt-4o (dated snapshots of it match too)")
            let model = modelNode.flatMap { decoder.string($0) }
            let price = decodePrice(mapping, decoder)
            guard let scope, let model, let modelNode, let price else { continue }
            if let first = seen.first(where: { $0.scope == scope && $0.model == model }) {
                decoder.record(
                    .duplicate(
                        "a second price for model '\(model)' on the same \(scope.noun)", at: decoder.location(modelNode),
                        hint: firstDefined(first.node)))
                continue
            }
            seen.append((scope, model, modelNode))
            overrides.append(PriceOverride(scope: scope, model: model, price: price))
        }
        return overrides
    }

    /// `provider: ID` (a provider of this file) or `kind: KIND`, exactly one of them.
    private static func decodePriceScope(_ mapping: ConfigMapping, providers: DecodedProviders, _ decoder: ConfigDecoder) -> PriceOverride.Scope? {
        switch (mapping["provider"], mapping["kind"]) {
        case (let node?, nil):
            guard let id = decoder.string(node) else { return nil }
            if providers.complete, providers.node(forID: id) == nil {
                decoder.record(
                    .undefinedReference(
                        "provider '\(id)' is not defined", at: decoder.location(node),
                        hint: referenceHint(id, among: providers.ids.map(\.id), kind: "providers", section: "providers")))
                return nil
            }
            return .provider(id)
        case (nil, let node?):
            return decoder.choice(node, ProviderKind.self).map { .kind($0) }
        case (.some, .some):
            decoder.record(
                .invalidValue(
                    "a price takes either 'provider' or 'kind', not both", at: decoder.location(mapping.node),
                    hint: "provider: ID prices one provider; kind: KIND prices every provider of that kind"))
            return nil
        case (nil, nil):
            if mapping.suggested.contains("provider") || mapping.suggested.contains("kind") { return nil }
            decoder.record(
                .missingKey(
                    "provider",
                    at: ConfigSourceLocation(
                        file: decoder.file, line: mapping.node.line, column: mapping.node.column, keyPath: mapping.node.path(key: "provider")),
                    hint: "name the provider id (provider: openai-main) or a provider kind (kind: openai) the price applies to"))
            return nil
        }
    }

    /// The token prices (USD per million tokens) and the per-request fee. Input and output are required.
    private static func decodePrice(_ mapping: ConfigMapping, _ decoder: ConfigDecoder) -> ModelPrice? {
        func amount(_ key: String) -> Decimal?? {
            guard let node = mapping[key] else { return .some(nil) }
            let hint = key == "per_request" ? "US dollars per request" : "US dollars per million tokens, e.g. 2.5"
            guard let value = decoder.double(node, in: 0...1_000_000, hint: hint) else { return nil }
            // The shortest text that round-trips the number (2.5, 0.075) as an exact decimal.
            return .some(Decimal(usd: value))
        }
        let input = decoder.required("input_per_mtok", in: mapping, hint: "US dollars per million prompt tokens, e.g. 2.5").flatMap { _ in
            amount("input_per_mtok")
        }
        let output = decoder.required("output_per_mtok", in: mapping, hint: "US dollars per million completion tokens, e.g. 10").flatMap { _ in
            amount("output_per_mtok")
        }
        let cached = amount("cached_input_per_mtok")
        let reasoning = amount("reasoning_per_mtok")
        let perRequest = amount("per_request")
        guard let input = input ?? nil, let output = output ?? nil, let cached, let reasoning, let perRequest else { return nil }
        return ModelPrice(
            inputPerMTok: input, outputPerMTok: output, cachedInputPerMTok: cached, reasoningPerMTok: reasoning, perRequest: perRequest ?? 0)
    }
}

extension PriceOverride.Scope {
    /// "provider 'x'" / "kind 'y'", for errors.
    fileprivate var noun: String {
        switch self {
        case .provider(let id): "provider '\(id)'"
        case .kind(let kind): "kind '\(kind.rawValue)'"
        }
    }
}

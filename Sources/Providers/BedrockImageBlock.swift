/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html
/// `source.bytes` is the image, base64-encoded on the JSON wire (a blob).
public struct BedrockImageBlock: Sendable, Hashable, Codable {
    public struct Source: Sendable, Hashable, Codable {
        public var bytes: String
        public init(bytes: String) { self.bytes = bytes }
    }

    /// `png`, `jpeg`, `gif` or `webp`.
    public var format: String
    public var source: Source

    public init(format: String, base64: String) {
        self.format = format
        self.source = Source(bytes: base64)
    }
}

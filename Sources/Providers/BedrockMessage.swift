/// One Converse message: `user` or `assistant` and its content blocks.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html
public struct BedrockMessage: Sendable, Hashable, Codable {
    public var role: String
    public var content: [BedrockContentBlock]

    public init(role: String, content: [BedrockContentBlock]) {
        self.role = role
        self.content = content
    }
}

/// The wire types of OpenAI's Responses API (`POST /v1/responses`), which Signalbox accepts from
/// clients and answers in, translating to and from the canonical Chat Completions schema.
/// Only what the official SDKs send and parse is modelled; unknown request fields are kept.
/// Reference: https://platform.openai.com/docs/api-reference/responses
public enum ResponsesWire {}

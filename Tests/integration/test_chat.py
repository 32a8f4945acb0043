"""Chat completions through the gateway with the official openai SDK (non-streaming)."""

from __future__ import annotations

import json
import re

import openai

from conftest import CLIENT_KEY, MOCK_PROVIDER_KEY, Gateway, MockProvider

USER_MESSAGES = [{"role": "user", "content": "Say hello to the integration tests."}]

WEATHER_TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather for a city.",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "get_time",
            "description": "Current time in a time zone.",
            "parameters": {"type": "object", "properties": {"tz": {"type": "string"}}},
        },
    },
]


def only_chat_request(mock: MockProvider) -> dict:
    recorded = [r for r in mock.requests() if r["path"].endswith("/chat/completions")]
    assert len(recorded) == 1, [r["path"] for r in mock.requests()]
    return recorded[0]


def test_healthz_and_readyz(gateway: Gateway) -> None:
    assert gateway.http.get("/healthz").status_code == 200
    assert gateway.http.get("/readyz").status_code == 200


def test_chat_non_stream_content_usage_and_headers(client: openai.OpenAI, mock: MockProvider) -> None:
    raw = client.chat.completions.with_raw_response.create(model="gpt-test", messages=USER_MESSAGES)
    assert raw.status_code == 200
    completion = raw.parse()

    choice = completion.choices[0]
    assert choice.message.role == "assistant"
    assert isinstance(choice.message.content, str) and choice.message.content.strip()
    assert choice.finish_reason == "stop"
    assert completion.usage is not None
    assert completion.usage.prompt_tokens > 0
    assert completion.usage.completion_tokens > 0
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens

    h = raw.headers
    assert h.get("x-signalbox-request-id"), dict(h)
    assert h.get("x-signalbox-provider") == "mock-openai"
    assert h.get("x-signalbox-model") == "mock-gpt"
    assert h.get("x-signalbox-attempts") == "1"
    assert h.get("x-signalbox-cache") == "bypass"
    assert re.fullmatch(r"\d+", h.get("x-signalbox-overhead-us", "")), h.get("x-signalbox-overhead-us")

    # The route name was resolved to the provider's model; the messages went through unchanged.
    upstream = only_chat_request(mock)
    assert upstream["method"] == "POST"
    assert upstream["path"] == "/v1/chat/completions"
    assert upstream["body"]["model"] == "mock-gpt"
    assert upstream["body"]["messages"] == USER_MESSAGES


def test_request_ids_are_unique(client: openai.OpenAI) -> None:
    ids = {
        client.chat.completions.with_raw_response.create(model="gpt-test", messages=USER_MESSAGES).headers[
            "x-signalbox-request-id"
        ]
        for _ in range(3)
    }
    assert len(ids) == 3, ids


def test_provider_key_injected_and_client_key_never_forwarded(gateway: Gateway, mock: MockProvider) -> None:
    # Bearer auth (what the SDK sends) and x-api-key (Anthropic-style clients) must both stay at the gateway.
    with gateway.client(default_headers={"x-api-key": CLIENT_KEY}) as c:
        c.chat.completions.create(model="gpt-test", messages=USER_MESSAGES)
        c.embeddings.create(model="embed-test", input="hello", encoding_format="float")

    recorded = mock.requests()
    assert len(recorded) == 2, [r["path"] for r in recorded]
    for r in recorded:
        assert r["headers"].get("authorization") == f"Bearer {MOCK_PROVIDER_KEY}", r["headers"]
        for name, value in r["headers"].items():
            assert CLIENT_KEY not in value, f"client key leaked upstream in header {name!r}"
        assert CLIENT_KEY not in r["body_text"]


def test_provider_slash_model_bypasses_routes(client: openai.OpenAI, mock: MockProvider) -> None:
    raw = client.chat.completions.with_raw_response.create(model="mock-openai/mock-gpt", messages=USER_MESSAGES)
    assert raw.status_code == 200
    assert raw.parse().choices[0].message.content
    assert raw.headers.get("x-signalbox-provider") == "mock-openai"
    assert raw.headers.get("x-signalbox-model") == "mock-gpt"
    assert only_chat_request(mock)["body"]["model"] == "mock-gpt"


def test_unknown_extra_fields_pass_through(client: openai.OpenAI, mock: MockProvider) -> None:
    client.chat.completions.create(
        model="gpt-test",
        messages=USER_MESSAGES,
        temperature=0.25,
        seed=42,
        extra_body={"signalbox_test_field": 7, "nested_vendor_option": {"a": [1, "two", None]}},
    )
    body = only_chat_request(mock)["body"]
    assert body["signalbox_test_field"] == 7
    assert body["nested_vendor_option"] == {"a": [1, "two", None]}
    assert body["temperature"] == 0.25
    assert body["seed"] == 42


def test_image_content_part_passes_through(client: openai.OpenAI, mock: MockProvider) -> None:
    # 1x1 transparent PNG.
    png = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
    )
    content = [
        {"type": "text", "text": "What is in this image?"},
        {"type": "image_url", "image_url": {"url": png, "detail": "low"}},
    ]
    completion = client.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": content}])
    assert completion.choices[0].message.content
    assert only_chat_request(mock)["body"]["messages"] == [{"role": "user", "content": content}]


def test_tool_calls_round_trip_non_stream(client: openai.OpenAI, mock: MockProvider) -> None:
    question = {"role": "user", "content": "What's the weather in Lisbon?"}
    first = client.chat.completions.create(model="gpt-test", messages=[question], tools=WEATHER_TOOLS, tool_choice="auto")
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls
    assert calls and len(calls) >= 1
    call = calls[0]
    assert call.type == "function"
    assert call.id
    assert call.function.name == "get_weather"  # the mock calls the first tool
    assert isinstance(json.loads(call.function.arguments), dict)

    upstream_tools = only_chat_request(mock)["body"]["tools"]
    assert upstream_tools == WEATHER_TOOLS
    mock.reset()

    # Second turn: the assistant's tool call and the tool's result go back upstream intact.
    assistant = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": call.id, "type": "function", "function": {"name": call.function.name, "arguments": call.function.arguments}}
        ],
    }
    tool_result = {"role": "tool", "tool_call_id": call.id, "content": '{"temp_c": 21, "sky": "clear"}'}
    second = client.chat.completions.create(
        model="gpt-test", messages=[question, assistant, tool_result], tools=WEATHER_TOOLS
    )
    # Under "auto" a conversation that ends with a tool result gets a text answer (agent loops end).
    assert second.choices[0].finish_reason == "stop"
    assert second.choices[0].message.content

    sent = only_chat_request(mock)["body"]["messages"]
    assert len(sent) == 3
    assert sent[1]["role"] == "assistant"
    assert sent[1]["tool_calls"][0]["id"] == call.id
    assert sent[1]["tool_calls"][0]["function"] == {"name": call.function.name, "arguments": call.function.arguments}
    assert sent[2] == tool_result

"""Anthropic Messages API (`POST /v1/messages`) through the gateway with the official anthropic SDK.

The route behind it (`gpt-test`) is served by the OpenAI-flavored mock: the gateway translates the
Messages request into the canonical Chat Completions request and the answer back.
"""

from __future__ import annotations

import json

import anthropic
import pytest

from conftest import CLIENT_KEY, MOCK_PROVIDER_KEY, Gateway, MockProvider

WEATHER_TOOL = {
    "name": "get_weather",
    "description": "Current weather for a city",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}


@pytest.fixture
def claude(gateway: Gateway) -> anthropic.Anthropic:
    client = anthropic.Anthropic(base_url=gateway.url, api_key=CLIENT_KEY, max_retries=0, timeout=30.0)
    yield client
    client.close()


def test_messages_non_stream(claude: anthropic.Anthropic, mock: MockProvider) -> None:
    message = claude.messages.create(
        model="gpt-test",
        max_tokens=64,
        system="Answer briefly.",
        messages=[{"role": "user", "content": "Say hello to the gateway."}],
    )
    assert message.type == "message" and message.role == "assistant"
    assert message.id.startswith("msg_")
    assert message.content and message.content[0].type == "text"
    assert "Say hello to the gateway." in message.content[0].text
    assert message.stop_reason == "end_turn"
    assert message.usage.input_tokens > 0 and message.usage.output_tokens > 0

    # Upstream it became a Chat Completions request with the system prompt first, and the provider
    # got the gateway's key, never the client's.
    [recorded] = mock.requests()
    assert recorded["path"] == "/v1/chat/completions"
    body = recorded["body"]
    assert body["messages"][0] == {"role": "system", "content": "Answer briefly."}
    assert body["messages"][-1]["role"] == "user"
    assert body.get("max_completion_tokens", body.get("max_tokens")) == 64
    assert recorded["headers"]["authorization"] == f"Bearer {MOCK_PROVIDER_KEY}"
    assert CLIENT_KEY not in json.dumps(recorded["headers"])


def test_messages_stream(claude: anthropic.Anthropic) -> None:
    with claude.messages.stream(
        model="gpt-test", max_tokens=64, messages=[{"role": "user", "content": "Stream a few words please."}]
    ) as stream:
        pieces = list(stream.text_stream)
        final = stream.get_final_message()
    assert len(pieces) > 1, "text arrives in several deltas"
    text = "".join(pieces)
    assert "Stream a few words please." in text
    assert final.content[0].text == text
    assert final.stop_reason == "end_turn"
    assert final.usage.output_tokens > 0


def test_messages_tool_use_round_trip(claude: anthropic.Anthropic) -> None:
    first = claude.messages.create(
        model="gpt-test",
        max_tokens=128,
        tools=[WEATHER_TOOL],
        tool_choice={"type": "any"},
        messages=[{"role": "user", "content": "What is the weather in Paris?"}],
    )
    assert first.stop_reason == "tool_use"
    [call] = [block for block in first.content if block.type == "tool_use"]
    assert call.name == "get_weather"
    assert isinstance(call.input, dict) and isinstance(call.input.get("city"), str)

    second = claude.messages.create(
        model="gpt-test",
        max_tokens=128,
        tools=[WEATHER_TOOL],
        messages=[
            {"role": "user", "content": "What is the weather in Paris?"},
            {"role": "assistant", "content": [block.model_dump() for block in first.content]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": call.id, "content": "18 °C and sunny"}]},
        ],
    )
    assert second.stop_reason == "end_turn"
    assert second.content[0].type == "text" and second.content[0].text


def test_messages_stream_tool_use(claude: anthropic.Anthropic) -> None:
    with claude.messages.stream(
        model="gpt-test",
        max_tokens=128,
        tools=[WEATHER_TOOL],
        tool_choice={"type": "tool", "name": "get_weather"},
        messages=[{"role": "user", "content": "Weather in Oslo?"}],
    ) as stream:
        final = stream.get_final_message()
    [call] = [block for block in final.content if block.type == "tool_use"]
    assert call.name == "get_weather" and isinstance(call.input.get("city"), str)
    assert final.stop_reason == "tool_use"


def test_messages_errors_use_anthropic_shape(claude: anthropic.Anthropic, gateway: Gateway, mock: MockProvider) -> None:
    with pytest.raises(anthropic.NotFoundError) as not_found:
        claude.messages.create(model="no-such-route", max_tokens=16, messages=[{"role": "user", "content": "hi"}])
    assert not_found.value.body["type"] == "error"
    assert not_found.value.body["error"]["type"] == "not_found_error"
    assert "no-such-route" in not_found.value.body["error"]["message"]

    # max_tokens is required by the Messages API: a 400 naming it, and nothing goes upstream.
    raw = gateway.http.post(
        "/v1/messages", json={"model": "gpt-test", "messages": [{"role": "user", "content": "hi"}]}, headers={"x-api-key": CLIENT_KEY}
    )
    assert raw.status_code == 400
    assert raw.json()["error"]["type"] == "invalid_request_error"
    assert "max_tokens" in raw.json()["error"]["message"]
    assert mock.requests() == []

    mock.faults(status=429, retry_after=3)
    with pytest.raises(anthropic.RateLimitError) as limited:
        claude.messages.create(model="gpt-test", max_tokens=16, messages=[{"role": "user", "content": "hi"}])
    assert limited.value.body["error"]["type"] == "rate_limit_error"
    assert limited.value.response.headers.get("retry-after") == "3"


def test_anthropic_only_fields_stay_with_anthropic(claude: anthropic.Anthropic, mock: MockProvider) -> None:
    # `top_k` is Anthropic's; OpenAI's API would refuse it, so it does not travel to an OpenAI route.
    message = claude.messages.create(
        model="gpt-test", max_tokens=32, messages=[{"role": "user", "content": "hi"}], extra_body={"top_k": 5, "temperature": 0.2}
    )
    assert message.content[0].text
    [recorded] = mock.requests()
    assert "top_k" not in recorded["body"]
    assert recorded["body"]["temperature"] == 0.2

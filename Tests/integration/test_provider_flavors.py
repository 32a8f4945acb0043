"""The official openai SDK against routes served by other provider families: the mock provider
speaks Anthropic's, Gemini's and Bedrock's APIs (`--flavor`), the gateway translates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import openai
import pytest

from conftest import CLIENT_KEY, MOCK_PROVIDER_KEY, Gateway, MockProvider, Provider, Route, start_gateway, start_mock_provider

FLAVORS = {
    # flavor: (provider kind, base path, extra provider keys, where the key travels)
    "anthropic": ("anthropic", "/v1", {}, ("x-api-key", MOCK_PROVIDER_KEY)),
    "gemini": ("gemini", "/v1beta", {}, ("x-goog-api-key", MOCK_PROVIDER_KEY)),
    "bedrock": ("bedrock", "", {"region": "us-east-1"}, ("authorization", f"Bearer {MOCK_PROVIDER_KEY}")),
}

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


@pytest.fixture(scope="module")
def flavored(workdir: Path) -> Iterator[tuple[Gateway, dict[str, MockProvider]]]:
    mocks = {flavor: start_mock_provider(workdir, "--flavor", flavor) for flavor in FLAVORS}
    providers = [
        Provider(id=f"{flavor}-sim", kind=kind, base_url=f"{mocks[flavor].url}{path}", extra=extra)
        for flavor, (kind, path, extra, _) in FLAVORS.items()
    ]
    routes = [Route(f"{flavor}-chat", [(f"{flavor}-sim", "flavor-model")]) for flavor in FLAVORS]
    gateway = start_gateway(workdir, providers, routes, extra="retries: { max_attempts: 1 }", name="flavor-gateway")
    yield gateway, mocks
    gateway.close()
    gateway.process.stop()
    for m in mocks.values():
        m.close()
        m.process.stop()


@pytest.mark.parametrize("flavor", list(FLAVORS))
def test_chat_non_stream(flavored: tuple[Gateway, dict[str, MockProvider]], flavor: str) -> None:
    gateway, mocks = flavored
    mocks[flavor].reset()
    with gateway.client() as client:
        completion = client.chat.completions.create(
            model=f"{flavor}-chat", messages=[{"role": "system", "content": "Brief."}, {"role": "user", "content": "hello flavor"}]
        )
    assert completion.object == "chat.completion"
    assert "hello flavor" in completion.choices[0].message.content
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.prompt_tokens > 0 and completion.usage.completion_tokens > 0
    [recorded] = mocks[flavor].requests()
    header, value = FLAVORS[flavor][3]
    assert recorded["headers"][header] == value
    assert CLIENT_KEY not in json.dumps(recorded["headers"])


@pytest.mark.parametrize("flavor", list(FLAVORS))
def test_chat_stream(flavored: tuple[Gateway, dict[str, MockProvider]], flavor: str) -> None:
    gateway, _ = flavored
    with gateway.client() as client:
        stream = client.chat.completions.create(
            model=f"{flavor}-chat", messages=[{"role": "user", "content": "stream flavor"}], stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "stream flavor" in text
    assert sum(1 for c in chunks if c.choices and c.choices[0].delta.content) > 1
    assert any(c.choices and c.choices[0].finish_reason == "stop" for c in chunks)
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0


@pytest.mark.parametrize("flavor", list(FLAVORS))
def test_tool_call_round_trip(flavored: tuple[Gateway, dict[str, MockProvider]], flavor: str) -> None:
    gateway, _ = flavored
    with gateway.client() as client:
        first = client.chat.completions.create(
            model=f"{flavor}-chat", messages=[{"role": "user", "content": "weather in Rome"}], tools=[WEATHER_TOOL], tool_choice="required"
        )
        [call] = first.choices[0].message.tool_calls
        assert call.function.name == "get_weather"
        assert isinstance(json.loads(call.function.arguments).get("city"), str)
        assert first.choices[0].finish_reason == "tool_calls"
        second = client.chat.completions.create(
            model=f"{flavor}-chat",
            tools=[WEATHER_TOOL],
            messages=[
                {"role": "user", "content": "weather in Rome"},
                first.choices[0].message.model_dump(exclude_none=True),
                {"role": "tool", "tool_call_id": call.id, "content": '{"temperature_c": 21}'},
            ],
        )
    assert second.choices[0].message.content


@pytest.mark.parametrize("flavor", list(FLAVORS))
def test_rate_limit_is_mapped(flavored: tuple[Gateway, dict[str, MockProvider]], flavor: str) -> None:
    gateway, mocks = flavored
    mocks[flavor].faults(status=429, retry_after=4)
    try:
        with gateway.client() as client, pytest.raises(openai.RateLimitError) as error:
            client.chat.completions.create(model=f"{flavor}-chat", messages=[{"role": "user", "content": "hi"}])
    finally:
        mocks[flavor].reset()
    assert error.value.response.headers.get("retry-after") == "4"
    assert error.value.body["type"] == "rate_limit_error"
    assert f"{flavor}-sim" in error.value.body["message"]

"""The exact response cache against the real binary with the official SDKs: a streamed hit is a
valid stream for the openai SDK (content, finish reason and the usage chunk), a non-streamed hit
is the answer the provider gave, and the Anthropic SDK on /v1/messages is served from the same
entry."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import anthropic
import openai
import pytest

from conftest import MAIN_ROUTES, Gateway, MockProvider, Route, mock_provider, start_gateway

QUESTION = [{"role": "user", "content": "what does the cache keep?"}]


@pytest.fixture
def cached_gateway(workdir: Path, mock: MockProvider) -> Iterator[Gateway]:
    routes = [*MAIN_ROUTES, Route("cached", [("mock-openai", "mock-gpt")], cache="{ exact: true, ttl: 10m }")]
    gw = start_gateway(workdir, [mock_provider(mock)], routes, name="cache-gateway")
    yield gw
    gw.close()
    gw.process.stop()


def test_streamed_and_plain_hits_with_the_openai_sdk(cached_gateway: Gateway, mock: MockProvider) -> None:
    with cached_gateway.client() as client:
        first = client.chat.completions.with_raw_response.create(model="cached", messages=QUESTION, temperature=0)
        assert first.headers["x-signalbox-cache"] == "miss"
        answer = first.parse()
        assert mock.stats()["requests"] == 1

        again = client.chat.completions.with_raw_response.create(model="cached", messages=QUESTION, temperature=0)
        assert again.headers["x-signalbox-cache"] == "hit-exact"
        assert again.parse().choices[0].message.content == answer.choices[0].message.content
        assert again.parse().usage == answer.usage

        # The same question streamed: replayed from the entry as a stream the SDK reads like any other.
        stream = client.chat.completions.create(
            model="cached", messages=QUESTION, temperature=0, stream=True, stream_options={"include_usage": True}
        )
        with stream:
            assert stream.response.headers["x-signalbox-cache"] == "hit-exact"
            chunks = list(stream)
        content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        finish = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
        assert content == answer.choices[0].message.content
        assert finish == [answer.choices[0].finish_reason]
        assert chunks[-1].usage == answer.usage and chunks[-1].choices == []
        assert mock.stats()["requests"] == 1, "the hits never reached the provider"

        # A sampled request (default temperature) is not cached on this route.
        sampled = client.chat.completions.with_raw_response.create(model="cached", messages=QUESTION)
        assert sampled.headers["x-signalbox-cache"] == "bypass"


def test_a_streamed_miss_serves_the_anthropic_sdk(cached_gateway: Gateway, mock: MockProvider) -> None:
    question = [{"role": "user", "content": "recorded while streaming"}]
    with cached_gateway.client() as client:
        stream = client.chat.completions.create(model="cached", messages=question, temperature=0, max_tokens=256, stream=True)
        with stream:
            streamed = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert streamed
    assert mock.stats()["requests"] == 1
    # /v1/messages becomes the same canonical request, so the entry recorded from the stream answers it.
    with anthropic.Anthropic(base_url=cached_gateway.url, api_key="unused", max_retries=0) as claude:
        raw = claude.messages.with_raw_response.create(model="cached", max_tokens=256, messages=question, extra_body={"temperature": 0})
        message = raw.parse()
    assert raw.headers["x-signalbox-cache"] == "hit-exact"
    assert message.content[0].text == streamed
    assert mock.stats()["requests"] == 1

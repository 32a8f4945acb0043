"""Streaming chat completions (SSE) through the gateway with the official openai SDK."""

from __future__ import annotations

import json
import re

import openai

from conftest import MockProvider
from test_chat import USER_MESSAGES, WEATHER_TOOLS


def test_stream_delivers_chunks_before_upstream_finishes(client: openai.OpenAI, mock: MockProvider) -> None:
    # 5 chunks 200 ms apart: a gateway that buffered the body would deliver the first delta only
    # after the mock had completed the stream.
    mock.faults(chunks=5, chunk_delay_ms=200)
    stream = client.chat.completions.create(model="gpt-test", messages=USER_MESSAGES, stream=True)
    with stream:
        assert stream.response.headers.get("content-type", "").startswith("text/event-stream")
        assert stream.response.headers.get("x-signalbox-provider") == "mock-openai"
        assert stream.response.headers.get("x-signalbox-request-id")
        assert re.fullmatch(r"\d+", stream.response.headers.get("x-signalbox-overhead-us", ""))

        pieces: list[str] = []
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                pieces.append(chunk.choices[0].delta.content)
                break
        assert pieces, "stream ended without a content delta"
        at_first_delta = mock.stats()
        assert at_first_delta["streams_started"] == 1, at_first_delta
        assert at_first_delta["streams_completed"] == 0, f"first delta arrived only after upstream finished: {at_first_delta}"

        finish_reasons = []
        for chunk in stream:
            if chunk.choices:
                if chunk.choices[0].delta.content:
                    pieces.append(chunk.choices[0].delta.content)
                if chunk.choices[0].finish_reason:
                    finish_reasons.append(chunk.choices[0].finish_reason)

    assert len(pieces) >= 2, pieces
    assert "".join(pieces).strip()
    assert finish_reasons == ["stop"]
    done = mock.wait_for_stats(lambda s: s["streams_completed"] == 1, timeout=5)
    assert done["streams_completed"] == 1, done
    assert done["streams_cancelled"] == 0, done


def test_stream_include_usage_yields_usage_chunk(client: openai.OpenAI, mock: MockProvider) -> None:
    chunks = list(
        client.chat.completions.create(
            model="gpt-test", messages=USER_MESSAGES, stream=True, stream_options={"include_usage": True}
        )
    )
    usage_chunks = [c for c in chunks if c.usage is not None]
    assert len(usage_chunks) == 1, [c.model_dump() for c in chunks[-3:]]
    last = chunks[-1]
    assert last is usage_chunks[0], "the usage chunk must be the last one"
    assert last.choices == []
    assert last.usage.prompt_tokens > 0 and last.usage.completion_tokens > 0
    assert last.usage.total_tokens == last.usage.prompt_tokens + last.usage.completion_tokens


def test_stream_without_include_usage_has_no_usage_chunk(client: openai.OpenAI, mock: MockProvider) -> None:
    # The gateway may ask the provider for usage to account tokens, but must not hand the client a
    # chunk it did not ask for (strict clients choke on a chunk with empty `choices`).
    chunks = list(client.chat.completions.create(model="gpt-test", messages=USER_MESSAGES, stream=True))
    assert chunks
    assert all(c.choices for c in chunks), [c.model_dump() for c in chunks if not c.choices]
    assert all(c.usage is None for c in chunks), [c.model_dump() for c in chunks if c.usage is not None]
    assert "".join(c.choices[0].delta.content or "" for c in chunks).strip()


def test_stream_tool_calls(client: openai.OpenAI, mock: MockProvider) -> None:
    stream = client.chat.completions.create(
        model="gpt-test",
        messages=[{"role": "user", "content": "What's the weather in Porto?"}],
        tools=WEATHER_TOOLS,
        stream=True,
    )
    calls: dict[int, dict[str, str]] = {}
    finish = None
    for chunk in stream:
        if not chunk.choices:
            continue
        delta = chunk.choices[0].delta
        for tc in delta.tool_calls or []:
            acc = calls.setdefault(tc.index, {"id": "", "name": "", "arguments": ""})
            if tc.id:
                acc["id"] = tc.id
            if tc.function and tc.function.name:
                acc["name"] += tc.function.name
            if tc.function and tc.function.arguments:
                acc["arguments"] += tc.function.arguments
        finish = chunk.choices[0].finish_reason or finish

    assert finish == "tool_calls"
    assert 0 in calls, calls
    assert calls[0]["id"]
    assert calls[0]["name"] == "get_weather"
    assert isinstance(json.loads(calls[0]["arguments"]), dict)
    assert mock.requests()[0]["body"]["tools"] == WEATHER_TOOLS


def test_client_disconnect_cancels_upstream_stream(client: openai.OpenAI, mock: MockProvider) -> None:
    # 50 chunks 100 ms apart = 5 s of stream; we hang up after the first delta.
    mock.faults(chunks=50, chunk_delay_ms=100)
    stream = client.chat.completions.create(model="gpt-test", messages=USER_MESSAGES, stream=True)
    got_delta = False
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            got_delta = True
            break
    assert got_delta
    stream.close()

    stats = mock.wait_for_stats(lambda s: s["streams_cancelled"] >= 1, timeout=10)
    assert stats["streams_cancelled"] == 1, f"upstream transfer not cancelled after client hang-up: {stats}"
    assert stats["streams_completed"] == 0, stats
    assert stats["active_streams"] == 0, stats

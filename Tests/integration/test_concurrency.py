"""Concurrent requests through a freshly started gateway: they must run side by side, not queue
behind the first connection to the provider."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import MAIN_ROUTES, Gateway, MockProvider, mock_provider, start_gateway
from test_chat import USER_MESSAGES


@pytest.fixture
def fresh_gateway(workdir: Path, mock: MockProvider):
    # No warm upstream connections: the first requests to a provider are the ones that can queue.
    gw = start_gateway(workdir, [mock_provider(mock)], MAIN_ROUTES, name="fresh-gateway")
    yield gw
    gw.close()
    gw.process.stop()


def test_concurrent_requests_are_not_serialized(fresh_gateway: Gateway, mock: MockProvider) -> None:
    mock.faults(latency_ms=1000)
    n = 8

    def one(_: int) -> str:
        with fresh_gateway.client(timeout=20.0) as c:
            return c.chat.completions.create(model="gpt-test", messages=USER_MESSAGES).choices[0].message.content or ""

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=n) as pool:
        answers = list(pool.map(one, range(n)))
    elapsed = time.monotonic() - started
    assert all(answers)
    # Side by side this takes ~1 s (the mock's latency); queued behind the first request it takes ≥ 2 s.
    assert elapsed < 1.9, f"{n} concurrent requests with 1 s upstream latency took {elapsed:.2f} s"
    assert mock.stats()["chat_requests"] == n


def test_concurrent_streams_all_complete(fresh_gateway: Gateway, mock: MockProvider) -> None:
    # ~13 events 200 ms apart: each stream lasts ~2.6 s.
    mock.faults(chunks=10, chunk_delay_ms=200)
    n = 10

    def one(_: int) -> str:
        with fresh_gateway.client(timeout=15.0) as c:
            stream = c.chat.completions.create(model="gpt-test", messages=USER_MESSAGES, stream=True)
            return "".join(ch.choices[0].delta.content or "" for ch in stream if ch.choices)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=n) as pool:
        texts = list(pool.map(one, range(n)))
    elapsed = time.monotonic() - started
    assert all(t.strip() for t in texts)
    # Side by side ~2.6 s; streams that wait for another stream's connection take twice that or more.
    assert elapsed < 4.5, f"{n} concurrent 2.6 s streams took {elapsed:.2f} s"
    stats = mock.wait_for_stats(lambda s: s["streams_completed"] == n, timeout=5)
    assert stats["streams_completed"] == n, stats

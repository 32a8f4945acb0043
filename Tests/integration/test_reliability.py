"""Failover and circuit breakers seen from an application: the official openai SDK (its own
retries off) against the real binary and two mock-provider processes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from conftest import Provider, Route, start_gateway, start_mock_provider

BREAKER = """
circuit_breaker: { failure_ratio: 0.5, min_requests: 5, window_s: 10, cooldown_s: 1 }
retries: { max_attempts: 3, backoff_ms: 10, max_backoff_ms: 200 }
"""


def wait_until(condition, what: str, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_an_outage_mid_load_loses_no_request_and_the_breaker_opens_then_closes(workdir: Path) -> None:
    alpha = start_mock_provider(workdir)
    beta = start_mock_provider(workdir)
    gw = start_gateway(
        workdir,
        [Provider("alpha", f"{alpha.url}/v1"), Provider("beta", f"{beta.url}/v1")],
        [Route("balanced", [("alpha", "mock-gpt"), ("beta", "mock-gpt")])],
        extra=BREAKER,
        name="reliability-gateway",
    )
    results: list[tuple[int, str, int]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def worker() -> None:
        with gw.client(timeout=20.0) as client:
            while not stop.is_set():
                try:
                    raw = client.chat.completions.with_raw_response.create(
                        model="balanced", messages=[{"role": "user", "content": "keep going"}]
                    )
                    results.append(
                        (raw.http_response.status_code, raw.headers["x-signalbox-provider"], int(raw.headers["x-signalbox-attempts"]))
                    )
                except BaseException as error:  # an SDK error here is a lost request
                    errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        wait_until(lambda: alpha.stats()["requests"] >= 10 and beta.stats()["requests"] >= 10, "traffic on both providers")

        alpha.faults(status=503)  # the outage
        wait_until(lambda: "circuit breaker open" in gw.process.log(), "the breaker to open")
        opened_at = alpha.stats()["requests"]
        beta_then = beta.stats()["requests"]
        wait_until(lambda: beta.stats()["requests"] >= beta_then + 40, "traffic to move to beta")
        # While open, alpha sees at most a probe per one-second cooldown.
        assert alpha.stats()["requests"] <= opened_at + 3

        alpha.faults(status=None)  # recovery
        wait_until(lambda: "circuit breaker closed" in gw.process.log(), "the breaker to close after a good probe")
        alpha_then = alpha.stats()["requests"]
        wait_until(lambda: alpha.stats()["requests"] >= alpha_then + 10, "traffic to return to alpha")
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        gw.close()
        gw.process.stop()
        for mock in (alpha, beta):
            mock.close()
            mock.process.stop()

    assert not errors, errors[:3]
    assert results and all(status == 200 for status, _, _ in results), [r for r in results if r[0] != 200][:5]
    assert any(attempts == 2 for _, _, attempts in results), "the outage should have caused failovers"
    log = gw.process.log()
    assert "circuit breaker half-open" in log

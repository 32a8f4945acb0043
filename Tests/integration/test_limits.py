"""Rate limits and budgets with the real binary: keys made by `signalbox keys create --rpm … --budget-usd …`,
a team budget from the config; the official SDKs see 429s with Retry-After and the x-ratelimit-* headers."""

from __future__ import annotations

import re
from pathlib import Path

import anthropic
import openai
import pytest

from conftest import MockProvider
from test_virtual_keys import cli, start_keyed

LIMITS = """
pricing:
  - { provider: mock-openai, model: mock-gpt, input_per_mtok: 2.5, output_per_mtok: 10 }
limits:
  teams:
    - id: research
      budget: { limit_usd: 0.000001, period: daily, on_exceed: downgrade, downgrade_to: cheap }
"""

KEYS = (
    ("rpm", ["--rpm", "2"]),
    ("budget", ["--budget-usd", "0.0003", "--budget-period", "daily"]),
    ("team", ["--team", "research"]),
)


def test_limits_and_budgets_with_the_sdks(workdir: Path, mock: MockProvider) -> None:
    gateway, gwdir, keys = start_keyed(workdir, mock, KEYS, LIMITS)
    try:
        listed = cli("keys", "list", "--config", str(gateway.config_path), cwd=gwdir)
        assert listed.returncode == 0, listed.stderr
        assert re.search(r"rpm 2\b", listed.stdout)
        assert "budget $0.0003 daily (block)" in listed.stdout

        messages = [{"role": "user", "content": "limited hello"}]
        with openai.OpenAI(base_url=gateway.v1, api_key=keys["rpm"], max_retries=0) as client:
            raw = client.chat.completions.with_raw_response.create(model="gpt-test", messages=messages)
            assert raw.headers["x-ratelimit-limit-requests"] == "2"
            assert raw.headers["x-ratelimit-remaining-requests"] == "1"
            client.chat.completions.create(model="gpt-test", messages=messages)
            with pytest.raises(openai.RateLimitError) as limited:
                client.chat.completions.create(model="gpt-test", messages=messages)
        assert limited.value.status_code == 429
        assert limited.value.code == "rate_limit_exceeded"
        assert 1 <= int(limited.value.response.headers["retry-after"]) <= 30
        assert limited.value.response.headers["x-ratelimit-remaining-requests"] == "0"
        with anthropic.Anthropic(base_url=gateway.url, api_key=keys["rpm"], max_retries=0) as claude:
            with pytest.raises(anthropic.RateLimitError) as claude_limited:
                claude.messages.create(model="gpt-test", max_tokens=16, messages=messages)
        assert claude_limited.value.body["error"]["type"] == "rate_limit_error"

        # A budget of $0.0003 at $2.50/$10 per million tokens lasts a few small requests.
        with openai.OpenAI(base_url=gateway.v1, api_key=keys["budget"], max_retries=0) as client:
            served = 0
            with pytest.raises(openai.RateLimitError) as exhausted:
                for _ in range(50):
                    client.chat.completions.create(model="gpt-test", messages=messages, max_tokens=8)
                    served += 1
        assert served >= 1
        assert exhausted.value.code == "insufficient_quota"
        assert "Budget used up" in exhausted.value.message

        # The team's budget is used up by its first request; the next is served by the cheaper route.
        with openai.OpenAI(base_url=gateway.v1, api_key=keys["team"], max_retries=0) as client:
            first = client.chat.completions.with_raw_response.create(model="gpt-test", messages=messages)
            second = client.chat.completions.with_raw_response.create(model="gpt-test", messages=messages)
        assert first.headers["x-signalbox-model"] == "mock-gpt"
        assert second.headers["x-signalbox-model"] == "mock-cheap"
        assert second.headers["x-signalbox-budget"].startswith("downgraded; team:research")
    finally:
        gateway.close()
        gateway.process.stop()


def test_keys_limits_replaces_and_validates(workdir: Path, mock: MockProvider) -> None:
    gateway, gwdir, keys = start_keyed(workdir, mock, (("k", []),))
    gateway.close()
    gateway.process.stop()
    config = str(gateway.config_path)
    key_id = keys["k-id"]
    changed = cli("keys", "limits", key_id, "--tpm", "5000", "--route-limit", "gpt-test:rpm=3", "--budget-usd", "12.5",
                  "--on-budget-exceeded", "downgrade:cheap", "--config", config, cwd=gwdir)  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert "tpm 5000; gpt-test: rpm 3; budget $12.50 monthly (downgrade:cheap)" in changed.stdout
    cleared = cli("keys", "limits", key_id, "--config", config, cwd=gwdir)
    assert cleared.returncode == 0 and cleared.stdout.strip().endswith(": -")
    bad = cli("keys", "limits", key_id, "--route-limit", "gpt-test:rpx=3", "--config", config, cwd=gwdir)
    assert bad.returncode != 0 and "unknown limit 'rpx'" in bad.stderr
    orphan = cli("keys", "limits", key_id, "--budget-period", "weekly", "--config", config, cwd=gwdir)
    assert orphan.returncode != 0 and "need --budget-usd" in orphan.stderr
    audit = cli("audit", "verify", "--config", config, cwd=gwdir)
    assert audit.returncode == 0, audit.stdout + audit.stderr

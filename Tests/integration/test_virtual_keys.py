"""`server.auth: virtual_keys` with the real binary: a key made by `signalbox keys create` opens the
gateway to the official SDKs (Bearer for openai, x-api-key for anthropic); no key, a wrong key, a
route the key may not call and a revoked key are refused in each API's own error shape."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

import anthropic
import httpx
import openai
import pytest

from conftest import (
    MOCK_PROVIDER_KEY,
    STARTUP_TIMEOUT_S,
    Gateway,
    ManagedProcess,
    MockProvider,
    Route,
    free_port,
    gateway_config_yaml,
    mock_provider,
    signalbox_bin,
)

KEY_PATTERN = re.compile(r"sk-sb-[0-9A-Za-z]{32}")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MOCK_PROVIDER_KEY=MOCK_PROVIDER_KEY)
    return subprocess.run(
        [str(signalbox_bin()), *args], capture_output=True, text=True, timeout=30, cwd=cwd, env=env, stdin=subprocess.DEVNULL
    )


@pytest.fixture(scope="module")
def keyed(workdir: Path, mock: MockProvider) -> Iterator[tuple[Gateway, Path, dict[str, str]]]:
    gateway, gwdir, keys = start_keyed(workdir, mock)
    yield gateway, gwdir, keys
    gateway.close()
    gateway.process.stop()


DEFAULT_KEYS: tuple[tuple[str, list[str]], ...] = (("full", []), ("chat-only", ["--routes", "gpt-test"]))


def start_keyed(
    workdir: Path, mock: MockProvider, key_specs: tuple[tuple[str, list[str]], ...] = DEFAULT_KEYS, extra: str = ""
) -> tuple[Gateway, Path, dict[str, str]]:
    """A gateway with `server.auth: virtual_keys` and keys made with the CLI before it starts
    (`key_specs`: name and extra `keys create` flags); `extra` is appended to the config."""
    port, admin_port = free_port(), free_port()
    gwdir = Path(tempfile.mkdtemp(prefix="keyed-", dir=workdir))
    config_path = gwdir / "signalbox.yaml"
    text = gateway_config_yaml(
        port=port, admin_port=admin_port, db_path=gwdir / "signalbox.db", providers=[mock_provider(mock)],
        routes=[
            Route("gpt-test", [("mock-openai", "mock-gpt")]), Route("embed-test", [("mock-openai", "mock-embed")]),
            Route("cheap", [("mock-openai", "mock-cheap")]),
        ],
        extra=extra,
    )  # fmt: skip
    text = text.replace("max_body_bytes: 65536 }", "max_body_bytes: 65536, auth: virtual_keys }", 1)
    config_path.write_text(text)
    keys: dict[str, str] = {}
    for name, flags in key_specs:
        args = ["keys", "create", "--name", name, "--config", str(config_path), *flags]
        made = cli(*args, cwd=gwdir)
        assert made.returncode == 0, made.stderr
        keys[name] = KEY_PATTERN.findall(made.stdout)[0]
        keys[name + "-id"] = re.search(r"^id:\s+(vk_\w+)$", made.stdout, re.M).group(1)
    return serve(config_path, port, admin_port), gwdir, keys


def serve(config_path: Path, port: int, admin_port: int, log_name: str = "serve.log") -> Gateway:
    """`signalbox serve --headless` on `config_path`, once /healthz answers."""
    env = dict(os.environ, MOCK_PROVIDER_KEY=MOCK_PROVIDER_KEY, NO_COLOR="1")
    process = ManagedProcess(
        name=f"keyed-gateway:{port}", args=[str(signalbox_bin()), "serve", "--config", str(config_path), "--headless"],
        log_path=config_path.parent / log_name, env=env,
    )  # fmt: skip
    process.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.exited() is not None:
            process.fail_startup("exited during startup")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1.0).status_code == 200:
                break
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    else:
        process.fail_startup("no /healthz")
    return Gateway(process, port, admin_port, config_path)


def test_openai_sdk_with_a_virtual_key(keyed: tuple[Gateway, Path, dict[str, str]], mock: MockProvider) -> None:
    gateway, _, keys = keyed
    with openai.OpenAI(base_url=gateway.v1, api_key=keys["full"], max_retries=0) as client:
        completion = client.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "keyed hello"}])
        assert "keyed hello" in completion.choices[0].message.content
        assert [m.id for m in client.models.list().data][0] == "gpt-test"
    # The provider got the gateway's key, never the virtual key.
    recorded = mock.requests()[-1]
    assert keys["full"] not in json.dumps(recorded["headers"])


def test_refusals_in_openai_shape(keyed: tuple[Gateway, Path, dict[str, str]], mock: MockProvider) -> None:
    gateway, _, keys = keyed
    with openai.OpenAI(base_url=gateway.v1, api_key="sk-sb-0000000000000000000000000000000a", max_retries=0) as wrong:
        with pytest.raises(openai.AuthenticationError) as unknown:
            wrong.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "hi"}])
    assert unknown.value.body["code"] == "invalid_api_key"
    missing = gateway.http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": [{"role": "user", "content": "hi"}]})
    assert missing.status_code == 401 and "Missing API key" in missing.json()["error"]["message"]
    with openai.OpenAI(base_url=gateway.v1, api_key=keys["chat-only"], max_retries=0) as limited:
        with pytest.raises(openai.PermissionDeniedError) as denied:
            limited.embeddings.create(model="embed-test", input="x")
    assert "embed-test" in denied.value.body["message"]
    assert mock.requests() == []


def test_anthropic_sdk_uses_x_api_key(keyed: tuple[Gateway, Path, dict[str, str]]) -> None:
    gateway, _, keys = keyed
    with anthropic.Anthropic(base_url=gateway.url, api_key=keys["full"], max_retries=0) as claude:
        message = claude.messages.create(model="gpt-test", max_tokens=32, messages=[{"role": "user", "content": "hi"}])
        assert message.content[0].text
    with anthropic.Anthropic(base_url=gateway.url, api_key="sk-sb-wrong", max_retries=0) as wrong:
        with pytest.raises(anthropic.AuthenticationError) as refused:
            wrong.messages.create(model="gpt-test", max_tokens=32, messages=[{"role": "user", "content": "hi"}])
    assert refused.value.body["error"]["type"] == "authentication_error"


def test_revoked_key_is_refused_after_the_reload(keyed: tuple[Gateway, Path, dict[str, str]]) -> None:
    gateway, gwdir, keys = keyed
    revoked = cli("keys", "revoke", keys["chat-only-id"], "--config", str(gateway.config_path), cwd=gwdir)
    assert revoked.returncode == 0, revoked.stderr
    # The gateway reads the store again every 2 s: the key stops working within a few seconds.
    body = {"model": "gpt-test", "messages": [{"role": "user", "content": "hi"}]}
    headers = {"authorization": f"Bearer {keys['chat-only']}"}
    deadline = time.monotonic() + 10
    status = gateway.http.post("/v1/chat/completions", json=body, headers=headers).status_code
    while status == 200 and time.monotonic() < deadline:
        time.sleep(0.2)
        status = gateway.http.post("/v1/chat/completions", json=body, headers=headers).status_code
    assert status == 401


def test_usage_rows_are_written_per_request(workdir: Path, mock: MockProvider) -> None:
    gateway, gwdir, keys = start_keyed(workdir, mock)
    try:
        with openai.OpenAI(base_url=gateway.v1, api_key=keys["full"], max_retries=0) as client:
            ids = []
            for text in ("first usage", "second usage"):
                raw = client.chat.completions.with_raw_response.create(model="gpt-test", messages=[{"role": "user", "content": text}])
                ids.append(raw.headers["x-signalbox-request-id"])
            stream = client.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "streamed"}], stream=True)
            assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    finally:
        gateway.close()
        # A graceful stop drains requests and flushes the store writer.
        assert gateway.process.stop() == 0
    with sqlite3.connect(gwdir / "signalbox.db") as db:
        rows = db.execute(
            "SELECT request_id, key_id, route, provider, status, prompt_tokens, completion_tokens FROM usage_records ORDER BY rowid"
        ).fetchall()
    assert len(rows) == 3, rows
    assert [r[0] for r in rows[:2]] == ids
    assert all(r[1] == keys["full-id"] and r[2] == "gpt-test" and r[3] == "mock-openai" and r[4] == 200 for r in rows)
    assert all(r[5] > 0 and r[6] > 0 for r in rows), "tokens are counted for streams too"


def test_replay_from_the_request_log_acts_as_the_original_key(workdir: Path, mock: MockProvider) -> None:
    """A request no longer in memory (`control.recent_requests: 1`) is replayed from the request
    log's full body, as the virtual key that sent it; once that key is revoked the replay is 401."""
    token = "replay-operator-token-0123456789ab"
    extra = f"""
control: {{ recent_requests: 1 }}
request_log: {{ bodies: full }}
admin:
  tokens:
    - {{ id: oncall, role: operator, secret: {token} }}
"""
    gateway, gwdir, keys = start_keyed(workdir, mock, extra=extra)
    admin = httpx.Client(base_url=f"http://127.0.0.1:{gateway.admin_port}", headers={"Authorization": f"Bearer {token}"}, timeout=30.0)
    try:
        with openai.OpenAI(base_url=gateway.v1, api_key=keys["chat-only"], max_retries=0) as client:
            raw = client.chat.completions.with_raw_response.create(model="gpt-test", messages=[{"role": "user", "content": "from the log"}])
            original = raw.headers["x-signalbox-request-id"]
        with openai.OpenAI(base_url=gateway.v1, api_key=keys["full"], max_retries=0) as other:
            other.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "pushes it out"}])
        before = len(mock.requests())
        replayed = admin.post(f"/admin/v1/requests/{original}/replay", json={})
        assert replayed.status_code == 200, replayed.text
        assert replayed.json()["original"]["id"] == original
        assert replayed.json()["replay"]["status"] == 200
        sent = mock.requests()
        assert len(sent) == before + 1
        assert sent[-1]["body"]["messages"] == [{"role": "user", "content": "from the log"}]
        logged = admin.get("/admin/v1/requests", params={"key": keys["chat-only-id"]}).json()["requests"]
        assert [r["id"] for r in logged][1:] == [original], "the replay is logged under the original's key"
        assert logged[0]["replay_of"] == original

        # Revoke the key: a replay may not outlive it.
        revoked = cli("keys", "revoke", keys["chat-only-id"], "--config", str(gateway.config_path), cwd=gwdir)
        assert revoked.returncode == 0, revoked.stderr
        deadline = time.monotonic() + 10
        status = admin.post(f"/admin/v1/requests/{original}/replay", json={}).json()["replay"]["status"]
        while status == 200 and time.monotonic() < deadline:
            time.sleep(0.2)
            status = admin.post(f"/admin/v1/requests/{original}/replay", json={}).json()["replay"]["status"]
        assert status == 401
    finally:
        admin.close()
        gateway.close()
        gateway.process.stop()

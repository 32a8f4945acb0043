"""`signalbox serve` / `config check` as a user meets them: exit codes, refusals, drain, masked secrets."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from pathlib import Path

import httpx
import pytest

from conftest import (
    CLIENT_KEY,
    MAIN_ROUTES,
    MOCK_PROVIDER_KEY,
    MockProvider,
    gateway_config_yaml,
    free_port,
    mock_provider,
    signalbox_bin,
    start_gateway,
)


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(signalbox_bin()), *args], capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL
    )


def write_config(workdir: Path, mock: MockProvider, *, listen_host: str = "127.0.0.1", extra: str = "") -> Path:
    text = gateway_config_yaml(
        port=free_port(), admin_port=free_port(), db_path=workdir / "cli.db", providers=[mock_provider(mock)], routes=MAIN_ROUTES, extra=extra
    )
    text = text.replace("listen: 127.0.0.1:", f"listen: {listen_host}:", 1)
    path = workdir / f"cli-{listen_host}.yaml"
    path.write_text(text)
    return path


def test_config_check_accepts_a_valid_file(workdir: Path, mock: MockProvider) -> None:
    path = write_config(workdir, mock)
    result = run("config", "check", str(path), env=dict(os.environ, MOCK_PROVIDER_KEY=MOCK_PROVIDER_KEY))
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout and "1 provider" in result.stdout


def test_bad_config_exits_2_naming_line_and_key(workdir: Path) -> None:
    path = workdir / "bad.yaml"
    path.write_text("server:\n  listen: 127.0.0.1:8080\nproviders:\n  - id: p\n    kind: opneai\n    base_url: http://127.0.0.1:1/v1\n")
    for command in (["config", "check", str(path)], ["serve", "--config", str(path), "--headless"]):
        result = run(*command)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert f"{path}:5:" in result.stderr and "providers[0].kind" in result.stderr, result.stderr


def test_serve_refuses_a_non_loopback_address_without_virtual_keys(workdir: Path, mock: MockProvider) -> None:
    path = write_config(workdir, mock, listen_host="0.0.0.0")
    result = run("serve", "--config", str(path), "--headless", env=dict(os.environ, MOCK_PROVIDER_KEY=MOCK_PROVIDER_KEY))
    assert result.returncode == 2
    assert "refusing to listen on 0.0.0.0" in result.stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_termination_signal_drains_an_in_flight_stream_then_exits_zero(workdir: Path, mock: MockProvider, signum: int) -> None:
    """SIGHUP (a dropped ssh session) drains like SIGTERM."""
    mock.faults(chunks=10, chunk_delay_ms=150)
    gw = start_gateway(workdir, [mock_provider(mock)], MAIN_ROUTES, name="drain-gateway")
    events: list[str] = []
    first_event = threading.Event()
    try:
        with httpx.stream(
            "POST",
            f"{gw.v1}/chat/completions",
            json={"model": "gpt-test", "stream": True, "messages": [{"role": "user", "content": "drain me"}]},
            headers={"Authorization": f"Bearer {CLIENT_KEY}"},
            timeout=30,
        ) as response:
            assert response.status_code == 200
            for line in response.iter_lines():
                if line.startswith("data: "):
                    events.append(line)
                    if not first_event.is_set():
                        first_event.set()
                        os.kill(gw.process.pid, signum)  # shutdown begins mid-stream
    finally:
        gw.close()
    assert events[-1] == "data: [DONE]", events[-3:]
    assert len(events) >= 12  # role chunk + 10 content chunks + finish + [DONE]
    assert gw.process.proc is not None
    code = gw.process.proc.wait(timeout=15)  # it exits on its own once drained
    gw.process.stop()
    assert code == 0, gw.process.log_tail()
    assert mock.stats()["streams_completed"] == 1


def test_logs_never_contain_keys_even_at_debug_level(workdir: Path, mock: MockProvider) -> None:
    path = write_config(workdir, mock)
    text = path.read_text()
    port = int(text.split("listen: 127.0.0.1:", 1)[1].split(",", 1)[0])
    env = dict(os.environ, MOCK_PROVIDER_KEY=MOCK_PROVIDER_KEY, SIGNALBOX_LOG_LEVEL="trace")
    log_path = workdir / "debug-serve.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(signalbox_bin()), "serve", "--config", str(path), "--headless"], stdout=log, stderr=subprocess.STDOUT, env=env,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
                for _ in range(100):
                    try:
                        if http.get("/healthz").status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    threading.Event().wait(0.1)
                headers = {"Authorization": f"Bearer {CLIENT_KEY}"}
                ok = http.post("/v1/chat/completions", headers=headers, json={"model": "gpt-test", "messages": [{"role": "user", "content": "x"}]})
                assert ok.status_code == 200
                mock.faults(status=500)
                failed = http.post("/v1/chat/completions", headers=headers, json={"model": "gpt-test", "messages": [{"role": "user", "content": "x"}]})
                assert failed.status_code == 500
                assert MOCK_PROVIDER_KEY not in failed.text and CLIENT_KEY not in failed.text
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=15)
    log_text = log_path.read_text(errors="replace")
    assert "request failed" in log_text  # the log did capture the failing request
    assert MOCK_PROVIDER_KEY not in log_text
    assert CLIENT_KEY not in log_text


def test_expect_100_continue_is_answered_before_the_body(gateway) -> None:  # type: ignore[no-untyped-def]
    """curl and other clients wait for `100 Continue` before sending a large body."""
    import json
    import socket

    body = json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "x" * 3000}]}).encode()
    with socket.create_connection(("127.0.0.1", gateway.port), timeout=10) as sock:
        head = (
            "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n"
        )
        sock.sendall(head.encode())
        interim = sock.recv(4096)  # the body has not been sent yet: only an interim answer can come
        assert interim.startswith(b"HTTP/1.1 100 Continue\r\n"), interim
        sock.sendall(body)
        reply = b""
        while b"\r\n\r\n" not in reply:
            reply += sock.recv(65536)
        assert reply.startswith(b"HTTP/1.1 200 OK"), reply[:200]


def test_headless_demo_serves_traffic_and_runs_the_fault_script() -> None:
    """`signalbox demo --headless` (what `make demo DEMO_FLAGS=--headless` runs): traffic flows and faults fire."""
    import re

    result = run("demo", "--headless", "--duration", "12", "--listen", "127.0.0.1:0", timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert any(line.startswith("signalbox demo: gateway on http://127.0.0.1:") for line in lines)
    summaries = [line for line in lines if re.match(r"^\[\s*\d+s\] \d+ req/s", line)]
    assert len(summaries) >= 10, result.stdout
    served = sum(int(re.match(r"^\[\s*\d+s\] (\d+) req/s", line).group(1)) for line in summaries)  # type: ignore[union-attr]
    assert served > 20, result.stdout
    # local-llama sits behind the response cache; the traffic repeats prompts, so some are hits.
    assert any("cache hits" in line for line in summaries), result.stdout
    # The fault script's first step (an outage at t+10s) fired and showed up as failed requests.
    assert "fault  t+10s  openai-sim: outage begins" in result.stdout, result.stdout
    assert lines[-1] == "signalbox demo: stopped"

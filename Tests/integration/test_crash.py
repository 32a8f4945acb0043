"""SIGKILL under load: every request whose answer a client received has its usage row after a
restart (journaled before the answer went out), and the audit chain still verifies."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import httpx

from conftest import MockProvider
from test_virtual_keys import cli, serve, start_keyed

ADMIN = """
admin:
  tokens:
    - { id: crash-test, role: operator, secret: crash-test-operator-token-0001 }
"""


def test_sigkill_under_load_loses_no_answered_usage_row(workdir: Path, mock: MockProvider) -> None:
    gateway, gwdir, keys = start_keyed(workdir, mock, (("load", []),), ADMIN)
    answered: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    enough = threading.Event()

    def client(n: int) -> None:
        with httpx.Client(base_url=gateway.url, timeout=10.0, headers={"authorization": f"Bearer {keys['load']}"}) as http:
            i = 0
            while not stop.is_set():
                i += 1
                body = {"model": "gpt-test", "stream": i % 3 == 0, "messages": [{"role": "user", "content": f"load {n} {i}"}]}
                try:
                    response = http.post("/v1/chat/completions", json=body)
                    response.read()
                except httpx.HTTPError:
                    continue  # the gateway died mid-request: no answer received
                if response.status_code == 200:
                    with lock:
                        answered.append(response.headers["x-signalbox-request-id"])
                        if len(answered) >= 400:
                            enough.set()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(8)]
    for thread in threads:
        thread.start()
    # Operator actions while the load runs: they must stay in a verifiable audit chain.
    admin = {"authorization": "Bearer crash-test-operator-token-0001"}
    assert httpx.post(f"http://127.0.0.1:{gateway.admin_port}/admin/v1/providers/mock-openai/breakers/reset", headers=admin).status_code == 200
    assert enough.wait(60), "the load did not get going"
    gateway.process.proc.kill()  # SIGKILL: no drain, no flush
    gateway.process.proc.wait(10)
    stop.set()
    for thread in threads:
        thread.join(15)
    gateway.close()
    gateway.process.stop()

    with lock:
        received = list(answered)
    assert [p.name for p in gwdir.iterdir() if "usage-journal" in p.name], "the killed process left its journal"
    restarted = serve(gateway.config_path, gateway.port, gateway.admin_port, log_name="restart.log")
    restarted.close()
    assert restarted.process.stop() == 0
    with sqlite3.connect(gwdir / "signalbox.db") as db:
        stored = {row[0] for row in db.execute("SELECT request_id FROM usage_records")}
    missing = [request_id for request_id in received if request_id not in stored]
    assert len(received) >= 400
    assert missing == [], f"{len(missing)} of {len(received)} answered requests have no usage row"
    verified = cli("audit", "verify", "--config", str(gateway.config_path), cwd=gwdir)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    leftovers = [p.name for p in gwdir.iterdir() if "usage-journal" in p.name]
    assert leftovers == [], "a graceful stop leaves no journal behind"

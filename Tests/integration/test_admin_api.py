"""The admin API against the real binary: tokens with roles from the config (one through
`${SIGNALBOX_ADMIN_TOKEN}`), provider actions, virtual keys, requests and replay, and every action
in the persistent audit log, whose chain `GET /admin/v1/audit/verify` and `signalbox audit verify`
both check."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import httpx
import pytest

from conftest import CLIENT_KEY, MAIN_ROUTES, MOCK_PROVIDER_KEY, MockProvider, error_body, mock_provider, signalbox_bin, start_gateway

OPERATOR_TOKEN = "oncall-token-0123456789abcdef0123"
VIEWER_TOKEN = "viewer-token-0123456789abcdef0123"
ADMIN_TOKEN = "admin-token-0123456789abcdef01234"

ADMIN_SECTION = f"""
admin:
  tokens:
    - {{ id: oncall, role: operator, secret: "${{SIGNALBOX_ADMIN_TOKEN}}" }}
    - {{ id: dash, role: viewer, secret: {VIEWER_TOKEN} }}
    - {{ id: root, role: admin, secret: {ADMIN_TOKEN} }}
"""


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_admin_api_end_to_end(workdir: Path, mock: MockProvider, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGNALBOX_ADMIN_TOKEN", OPERATOR_TOKEN)
    gw = start_gateway(workdir, [mock_provider(mock)], MAIN_ROUTES, extra=ADMIN_SECTION, name="admin-gateway")
    admin = httpx.Client(base_url=f"http://127.0.0.1:{gw.admin_port}", timeout=30.0)
    try:
        # Health stays open; the API needs a token, and a token's role decides what it may do.
        assert admin.get("/healthz").status_code == 200
        missing = admin.get("/admin/v1/providers")
        assert missing.status_code == 401
        assert error_body(missing)["type"] == "authentication_error"
        assert admin.get("/admin/v1/whoami", headers=bearer("wrong-token-000000000000")).status_code == 401
        assert admin.get("/admin/v1/whoami", headers=bearer(OPERATOR_TOKEN)).json() == {"id": "oncall", "role": "operator"}
        forbidden = admin.post("/admin/v1/providers/mock-openai/pause", headers=bearer(VIEWER_TOKEN))
        assert forbidden.status_code == 403
        assert error_body(forbidden)["type"] == "permission_error"

        providers = admin.get("/admin/v1/providers", headers=bearer(VIEWER_TOKEN)).json()["providers"]
        assert providers[0]["id"] == "mock-openai" and providers[0]["paused"] is False
        assert providers[0]["keys"][0]["id"] == "primary"
        assert {"model": "mock-gpt", "state": "closed"} in providers[0]["breakers"]

        # Pausing takes the provider out of rotation at once; resuming brings it back.
        assert admin.post("/admin/v1/providers/mock-openai/pause", headers=bearer(OPERATOR_TOKEN)).status_code == 200
        chat = {"model": "gpt-test", "messages": [{"role": "user", "content": "admin e2e"}]}
        client_headers = {"Authorization": f"Bearer {CLIENT_KEY}"}
        assert gw.http.post("/v1/chat/completions", json=chat, headers=client_headers).status_code == 503
        assert admin.post("/admin/v1/providers/mock-openai/resume", headers=bearer(OPERATOR_TOKEN)).status_code == 200
        served = gw.http.post("/v1/chat/completions", json=chat, headers=client_headers)
        assert served.status_code == 200, served.text
        request_id = served.headers["x-signalbox-request-id"]

        # The request is listed and inspectable; replay sends it again.
        listed = admin.get("/admin/v1/requests", params={"limit": 5}, headers=bearer(VIEWER_TOKEN)).json()["requests"]
        assert request_id in [r["id"] for r in listed]
        detail = admin.get(f"/admin/v1/requests/{request_id}", headers=bearer(VIEWER_TOKEN)).json()
        assert detail["status"] == 200 and "admin e2e" in detail["request_body"]
        assert CLIENT_KEY not in str(detail), "recorded credentials are masked"
        replayed = admin.post(f"/admin/v1/requests/{request_id}/replay", headers=bearer(OPERATOR_TOKEN), json={})
        assert replayed.status_code == 200, replayed.text
        assert replayed.json()["replay"]["replay_of"] == request_id
        assert replayed.json()["replay"]["status"] == 200

        # Virtual keys: admins only; the secret appears once, in the creation answer.
        assert admin.post("/admin/v1/virtual-keys", headers=bearer(OPERATOR_TOKEN), json={"name": "x"}).status_code == 403
        created = admin.post(
            "/admin/v1/virtual-keys", headers=bearer(ADMIN_TOKEN),
            json={"name": "checkout", "team": "payments", "allowed_routes": ["gpt-test"], "expires_at": "2999-01-01T00:00:00Z"},
        )  # fmt: skip
        assert created.status_code == 201, created.text
        secret = created.json()["secret"]
        assert re.fullmatch(r"sk-sb-[0-9A-Za-z]{32}", secret)
        key_id = created.json()["virtual_key"]["id"]
        keys = admin.get("/admin/v1/virtual-keys", headers=bearer(VIEWER_TOKEN))
        assert key_id in keys.text and secret not in keys.text
        assert admin.post(f"/admin/v1/virtual-keys/{key_id}/revoke", headers=bearer(ADMIN_TOKEN)).json()["status"] == "revoked"
        assert admin.post(f"/admin/v1/virtual-keys/{key_id}/revoke", headers=bearer(ADMIN_TOKEN)).status_code == 409

        # Every action is in the audit log with actor and role; the chain verifies over HTTP and from the CLI.
        audit = admin.get("/admin/v1/audit", params={"limit": 1000}, headers=bearer(VIEWER_TOKEN))
        entries = audit.json()["entries"]
        done = [(e["actor"], e["role"], e["action"]) for e in entries]
        assert ("admin:oncall", "operator", "provider.pause") in done
        assert ("admin:oncall", "operator", "provider.resume") in done
        assert ("admin:oncall", "operator", "request.replay") in done
        assert ("admin:root", "admin", "keys.create") in done
        assert ("admin:root", "admin", "keys.revoke") in done
        assert not any(e["actor"] == "admin:dash" for e in entries), "refused roles leave no entry"
        for token in (OPERATOR_TOKEN, VIEWER_TOKEN, ADMIN_TOKEN, secret):
            assert token not in audit.text
        verified = admin.get("/admin/v1/audit/verify", headers=bearer(VIEWER_TOKEN)).json()
        assert verified == {"ok": True, "entries": len(entries)}
        cli = subprocess.run(
            [str(signalbox_bin()), "audit", "verify", "--config", str(gw.config_path)],
            capture_output=True, text=True, timeout=30, env=dict(os.environ, MOCK_PROVIDER_KEY=MOCK_PROVIDER_KEY), stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert cli.returncode == 0, cli.stderr
        assert "audit chain intact" in cli.stdout
    finally:
        admin.close()
        gw.close()
        gw.process.stop()
    log = gw.process.log()
    for token in (OPERATOR_TOKEN, VIEWER_TOKEN, ADMIN_TOKEN):
        assert token not in log, "tokens are never logged"

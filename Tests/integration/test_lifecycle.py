"""Process-level contract: startup, readiness and a clean SIGTERM shutdown (DESIGN §3)."""

from __future__ import annotations

import time
from pathlib import Path

from conftest import MAIN_ROUTES, MockProvider, mock_provider, start_gateway


def test_sigterm_exits_zero_promptly(workdir: Path, mock: MockProvider) -> None:
    gw = start_gateway(workdir, [mock_provider(mock)], MAIN_ROUTES, name="sigterm-gateway")
    try:
        with gw.client() as c:
            assert c.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "hi"}]).choices
        assert gw.http.get("/readyz").status_code == 200
    finally:
        gw.close()
    started = time.monotonic()
    code = gw.process.stop(timeout=15)  # SIGTERM; SIGKILL (exit -9) only if it hangs past 15 s
    assert code == 0, f"exit code {code} after SIGTERM\n{gw.process.log_tail()}"
    assert time.monotonic() - started < 15

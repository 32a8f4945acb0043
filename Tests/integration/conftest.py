"""Fixtures for the integration tests: the real `signalbox` binary, driven through official SDKs.

Every process runs on 127.0.0.1 on ports picked by the kernel, is started by these fixtures and
stopped by PID (SIGTERM, then SIGKILL after a bound). Logs go to files in a temp directory; when a
test fails, the tail of every running process's log is attached to the report.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import httpx
import openai
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
MOCK_PROVIDER_KEY = "sk-mock-provider-key-0001"
CLIENT_KEY = "sk-client-key-should-not-leak-0002"

STARTUP_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 10.0

# Mock fault settings restored before every test. The mock is started with the same chunking.
MOCK_DEFAULT_CHUNKS = 8
MOCK_DEFAULT_FAULTS: dict[str, Any] = {
    "status": None,
    "retry_after": None,
    "fail_rate": 0.0,
    "latency_ms": 0,
    "chunks": MOCK_DEFAULT_CHUNKS,
    "chunk_delay_ms": 0,
    "cut_after": None,
    "hang": False,
}

# Processes alive right now, for failure reports.
_RUNNING: list["ManagedProcess"] = []


def signalbox_bin() -> Path:
    path = Path(os.environ.get("SIGNALBOX_BIN") or REPO_ROOT / ".build" / "debug" / "signalbox")
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"signalbox binary not found at {path} (build it with `make build` or set SIGNALBOX_BIN)")
    return path


def free_port() -> int:
    """A port the kernel considers free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def closed_port() -> int:
    """A loopback port with nothing listening (connections are refused)."""
    return free_port()


@dataclass
class ManagedProcess:
    name: str
    args: list[str]
    log_path: Path
    env: dict[str, str] | None = None
    proc: subprocess.Popen[bytes] | None = None
    _log_file: Any = None
    _term_sent: bool = False

    def start(self) -> None:
        self._log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            self.args,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            env=self.env,
            cwd=self.log_path.parent,
            start_new_session=True,  # our Ctrl-C / job control does not reach it; we stop it by PID
        )
        _RUNNING.append(self)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def exited(self) -> int | None:
        assert self.proc is not None
        return self.proc.poll()

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def terminate(self) -> None:
        """Send SIGTERM once. Use this (not os.kill) to start a graceful shutdown mid-test: a second
        SIGTERM from `stop()` could otherwise hit a process that is still draining."""
        assert self.proc is not None
        if not self._term_sent and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self._term_sent = True

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> int | None:
        """SIGTERM (unless `terminate()` already sent it), wait up to `timeout`, then SIGKILL.
        Returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self in _RUNNING:
            _RUNNING.remove(self)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        return self.proc.returncode

    def fail_startup(self, why: str) -> None:
        code = self.exited()
        self.stop(timeout=2)
        state = f"exited with {code}" if code is not None else "still running (killed)"
        pytest.fail(f"{self.name} did not become ready: {why}; process {state}.\n--- {self.name} log ---\n{self.log_tail(60)}")


# ----------------------------------------------------------------------------------------------
# mock provider


class MockProvider:
    """`signalbox mock-provider` and its control API."""

    def __init__(self, process: ManagedProcess, port: int) -> None:
        self.process = process
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.control = httpx.Client(base_url=self.url, timeout=10.0)

    def stats(self) -> dict[str, int]:
        r = self.control.get("/_mock/stats")
        r.raise_for_status()
        return r.json()

    def requests(self) -> list[dict[str, Any]]:
        r = self.control.get("/_mock/requests")
        r.raise_for_status()
        return r.json()["requests"]

    def reset(self) -> None:
        self.control.delete("/_mock/requests").raise_for_status()
        self.control.put("/_mock/faults", json=MOCK_DEFAULT_FAULTS).raise_for_status()

    def faults(self, **changes: Any) -> None:
        self.control.put("/_mock/faults", json=changes).raise_for_status()

    def wait_for_stats(self, predicate: Callable[[dict[str, int]], bool], timeout: float = 10.0) -> dict[str, int]:
        """Poll the stats until `predicate` holds (bounded); returns the last stats either way."""
        deadline = time.monotonic() + timeout
        stats = self.stats()
        while not predicate(stats) and time.monotonic() < deadline:
            time.sleep(0.05)
            stats = self.stats()
        return stats

    def close(self) -> None:
        self.control.close()


def start_mock_provider(workdir: Path, *extra: str) -> MockProvider:
    port = free_port()
    args = [
        str(signalbox_bin()), "mock-provider",
        "--listen", f"127.0.0.1:{port}",
        "--api-key", MOCK_PROVIDER_KEY,
        "--chunks", str(MOCK_DEFAULT_CHUNKS), "--chunk-delay-ms", "0",
        *extra,
    ]  # fmt: skip
    process = ManagedProcess(name=f"mock-provider:{port}", args=args, log_path=workdir / f"mock-{port}.log")
    process.start()
    ready = f"mock-provider listening on http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if ready in process.log():
            return MockProvider(process, port)
        if process.exited() is not None:
            process.fail_startup("exited before printing its ready line")
        time.sleep(0.05)
    process.fail_startup(f"no line {ready!r} within {STARTUP_TIMEOUT_S:.0f} s")
    raise AssertionError("unreachable")


# ----------------------------------------------------------------------------------------------
# gateway


@dataclass
class Provider:
    id: str
    base_url: str
    kind: str = "openai"
    timeouts: dict[str, int] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # more provider keys, as YAML scalars


@dataclass
class Route:
    name: str
    targets: list[tuple[str, str]]  # (provider id, provider model)
    cache: str = ""  # the route's `cache:` mapping as YAML flow, e.g. "{ exact: true }"


def gateway_config_yaml(
    *, port: int, admin_port: int, db_path: Path, providers: list[Provider], routes: list[Route], extra: str = ""
) -> str:
    lines = [
        f"server: {{ listen: 127.0.0.1:{port}, admin_listen: 127.0.0.1:{admin_port}, max_body_bytes: 65536 }}",
        f"store: {{ sqlite: {db_path} }}",
        "providers:",
    ]
    for p in providers:
        lines += [
            f"  - id: {p.id}",
            f"    kind: {p.kind}",
            f"    base_url: {p.base_url}",
            '    keys: [ { id: primary, secret: "${MOCK_PROVIDER_KEY}" } ]',
        ]
        if p.timeouts:
            inner = ", ".join(f"{k}: {v}" for k, v in p.timeouts.items())
            lines.append(f"    timeouts: {{ {inner} }}")
        lines += [f"    {k}: {v}" for k, v in p.extra.items()]
    lines.append("models:")
    for r in routes:
        targets = ", ".join(f"{{ provider: {prov}, model: {model} }}" for prov, model in r.targets)
        lines += [f"  - name: {r.name}", f"    targets: [ {targets} ]"]
        if r.cache:
            lines.append(f"    cache: {r.cache}")
    text = "\n".join(lines) + "\n"
    if extra:
        text += extra.strip("\n") + "\n"
    return text


class Gateway:
    """`signalbox serve --headless` with a config written by the test."""

    def __init__(self, process: ManagedProcess, port: int, admin_port: int, config_path: Path) -> None:
        self.process = process
        self.port = port
        self.admin_port = admin_port
        self.config_path = config_path
        self.url = f"http://127.0.0.1:{port}"
        self.v1 = f"{self.url}/v1"
        self.http = httpx.Client(base_url=self.url, timeout=30.0)

    def client(self, **kwargs: Any) -> openai.OpenAI:
        kwargs.setdefault("timeout", 30.0)
        return openai.OpenAI(base_url=self.v1, api_key=CLIENT_KEY, max_retries=0, **kwargs)

    def close(self) -> None:
        self.http.close()


def start_gateway(
    workdir: Path, providers: list[Provider], routes: list[Route], extra: str = "", name: str = "gateway"
) -> Gateway:
    port, admin_port = free_port(), free_port()
    gwdir = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=workdir))
    config_path = gwdir / "signalbox.yaml"
    config_path.write_text(
        gateway_config_yaml(
            port=port, admin_port=admin_port, db_path=gwdir / "signalbox.db", providers=providers, routes=routes, extra=extra
        )
    )
    env = dict(os.environ, MOCK_PROVIDER_KEY=MOCK_PROVIDER_KEY, NO_COLOR="1")
    args = [str(signalbox_bin()), "serve", "--config", str(config_path), "--headless"]
    process = ManagedProcess(name=f"{name}:{port}", args=args, log_path=gwdir / "serve.log", env=env)
    process.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    last = "no answer yet"
    while time.monotonic() < deadline:
        if process.exited() is not None:
            process.fail_startup("exited during startup")
        try:
            r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1.0)
            if r.status_code == 200:
                return Gateway(process, port, admin_port, config_path)
            last = f"/healthz answered {r.status_code}"
        except httpx.TransportError as e:
            last = f"/healthz: {type(e).__name__}"
        time.sleep(0.1)
    process.fail_startup(f"{last} after {STARTUP_TIMEOUT_S:.0f} s")
    raise AssertionError("unreachable")


# ----------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="signalbox-it-") as d:
        yield Path(d)


@pytest.fixture(scope="session")
def mock(workdir: Path) -> Iterator[MockProvider]:
    m = start_mock_provider(workdir)
    yield m
    m.close()
    m.process.stop()


@pytest.fixture(autouse=True)
def _reset_mock(request: pytest.FixtureRequest) -> None:
    """Every test that talks to the mock starts from zero records and default faults."""
    if "mock" in request.fixturenames:
        request.getfixturevalue("mock").reset()


def mock_provider(mock: MockProvider, *, id: str = "mock-openai", timeouts: dict[str, int] | None = None) -> Provider:
    return Provider(id=id, base_url=f"{mock.url}/v1", timeouts=timeouts or {})


MAIN_ROUTES = [
    Route("gpt-test", [("mock-openai", "mock-gpt")]),
    Route("embed-test", [("mock-openai", "mock-embed")]),
]


@pytest.fixture(scope="session")
def gateway(workdir: Path, mock: MockProvider) -> Iterator[Gateway]:
    """The gateway with the documented minimal config (DESIGN §5 defaults for everything else)."""
    gw = start_gateway(workdir, [mock_provider(mock)], MAIN_ROUTES)
    yield gw
    gw.close()
    gw.process.stop()


@pytest.fixture(scope="session")
def strict_gateway(workdir: Path, mock: MockProvider) -> Iterator[Gateway]:
    """A gateway for upstream-failure tests: one attempt per request (so each test sees the
    provider's answer, not a retry's), a breaker that cannot open during the suite, plus a provider
    on a closed port and one with a short first-byte timeout."""
    providers = [
        mock_provider(mock),
        Provider(id="dead-provider", base_url=f"http://127.0.0.1:{closed_port()}/v1"),
        mock_provider(mock, id="slow-provider", timeouts={"first_byte_ms": 500}),
    ]
    routes = MAIN_ROUTES + [
        Route("dead-test", [("dead-provider", "mock-gpt")]),
        Route("slow-test", [("slow-provider", "mock-gpt")]),
    ]
    extra = """
retries: { max_attempts: 1 }
circuit_breaker: { min_requests: 1000000 }
"""
    gw = start_gateway(workdir, providers, routes, extra=extra, name="strict-gateway")
    yield gw
    gw.close()
    gw.process.stop()


@pytest.fixture
def client(gateway: Gateway) -> Iterator[openai.OpenAI]:
    c = gateway.client()
    yield c
    c.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    if report.failed:
        for p in list(_RUNNING):
            report.sections.append((f"log tail: {p.name} (pid {p.pid})", p.log_tail()))
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Safety net (interrupted runs, fixtures that failed half-way): nothing we started outlives pytest."""
    for p in list(_RUNNING):
        p.stop(timeout=5)


def error_body(response: httpx.Response) -> dict[str, Any]:
    """Asserts the OpenAI error shape and returns the inner `error` object."""
    assert response.headers.get("content-type", "").startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert isinstance(err.get("message"), str) and err["message"], err
    assert isinstance(err.get("type"), str) and err["type"], err
    assert "param" in err and "code" in err, err
    return err


def as_json(text: str) -> Any:
    return json.loads(text)

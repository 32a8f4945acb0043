"""The operations console end to end: the real binary in a tmux pane, driven with keys.

Each test gets its own tmux server (`tmux -L <socket>`, no user config), a pane running a plain
bash, and types the signalbox command into it — so after `q` the test can see the shell again.
Screens are read with `capture-pane`; every wait polls a condition against a deadline. Mock
providers and traffic are started by the test; the provider-side effects of console actions are
checked through the mocks' control API (`/_mock/stats`, `/_mock/requests`).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Callable, Iterator

import httpx
import openai
import pytest

from conftest import (
    CLIENT_KEY,
    MOCK_PROVIDER_KEY,
    MockProvider,
    Provider,
    Route,
    free_port,
    gateway_config_yaml,
    signalbox_bin,
    start_mock_provider,
)
from test_virtual_keys import KEY_PATTERN, cli

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(
    TMUX is None, reason="tmux is not installed (apt-get install tmux): the console tests drive the real binary in a tmux pane"
)

WIDTH, HEIGHT = 120, 40
PROMPT = "sbtest$ "
EXIT_MARK = "signalbox-exit="
SCREEN_TIMEOUT_S = 20.0


class TmuxPane:
    """One private tmux server with one pane running bash."""

    def __init__(self, cwd: Path, env: dict[str, str] | None = None) -> None:
        assert TMUX is not None
        self.socket = f"signalbox-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.target = "console:0.0"
        extra_env = dict(env or {})
        extra_env.setdefault("TERM", "tmux-256color")
        env_args = [arg for name, value in extra_env.items() for arg in ("-e", f"{name}={value}")]
        # -f /dev/null: none of the user's settings; remain-on-exit keeps a crashed pane readable.
        self._tmux(
            "-f", "/dev/null", "new-session", "-d", "-s", "console", "-x", str(WIDTH), "-y", str(HEIGHT), "-c", str(cwd),
            *env_args, "env", f"PS1={PROMPT}", "bash", "--norc", "--noprofile",
        )  # fmt: skip
        self.socket_path = self._tmux("display-message", "-p", "#{socket_path}").strip()
        try:
            self._tmux("set-option", "-g", "remain-on-exit", "on")
            self.wait_for(lambda screen: PROMPT.rstrip() in screen, "the shell prompt")  # capture-pane trims trailing blanks
        except BaseException:
            self.kill()
            raise

    def _tmux(self, *args: str) -> str:
        assert TMUX is not None
        result = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=10)
        if result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def run(self, command: str) -> None:
        """Types `command` at the prompt; its exit status is echoed when it ends."""
        self._tmux("send-keys", "-t", self.target, "-l", f"{command}; echo {EXIT_MARK}$?")
        self._tmux("send-keys", "-t", self.target, "Enter")

    def keys(self, *keys: str) -> None:
        """tmux key names (`q`, `Tab`, `Enter`, `Home`, `Right`, …), one by one."""
        for key in keys:
            self._tmux("send-keys", "-t", self.target, key)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.target, "-l", text)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.target)

    def alternate_screen_on(self) -> bool:
        return self._tmux("display-message", "-p", "-t", self.target, "#{alternate_on}").strip() == "1"

    def wait_for(self, condition: Callable[[str], bool], what: str, timeout: float = SCREEN_TIMEOUT_S) -> str:
        """Polls the pane until `condition(screen)` holds; fails with the last screen otherwise."""
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while not condition(screen):
            if time.monotonic() > deadline:
                pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}; the pane shows:\n{screen}")
            time.sleep(0.05)
            screen = self.screen()
        return screen

    def wait_for_text(self, text: str, timeout: float = SCREEN_TIMEOUT_S) -> str:
        return self.wait_for(lambda screen: text in screen, repr(text), timeout)

    def exit_status(self, timeout: float = SCREEN_TIMEOUT_S) -> int:
        screen = self.wait_for(lambda s: re.search(rf"{EXIT_MARK}\d+", s) is not None, "the command to exit", timeout)
        match = re.search(rf"{EXIT_MARK}(\d+)", screen)
        assert match is not None
        return int(match.group(1))

    def kill(self) -> None:
        """Ends the server and everything in its pane; the socket file is removed too (tmux leaves it)."""
        assert TMUX is not None
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True, timeout=10)
        Path(self.socket_path).unlink(missing_ok=True)


@pytest.fixture
def tmux_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="signalbox-console-") as d:
        yield Path(d)


def open_pane(cwd: Path, **env: str) -> TmuxPane:
    return TmuxPane(cwd, env=env)


@pytest.fixture
def panes() -> Iterator[list[TmuxPane]]:
    """Every pane a test opened is killed afterwards, whatever happened."""
    opened: list[TmuxPane] = []
    yield opened
    for pane in opened:
        pane.kill()


def quit_console(pane: TmuxPane) -> None:
    """`q`, then the shell is back: exit status 0, alternate screen gone, prompt visible."""
    pane.keys("q")
    assert pane.exit_status() == 0, pane.screen()
    assert not pane.alternate_screen_on()
    screen = pane.screen()
    assert screen.rstrip().endswith(PROMPT.rstrip()), screen


# ----------------------------------------------------------------------------------------------
# (a) the demo


def request_count(screen: str) -> int:
    """The total in the status line's `N of M requests` (0 before the first request)."""
    match = re.search(r"[\d,]+ of ([\d,]+) requests", screen)
    return int(match.group(1).replace(",", "")) if match else 0


def test_demo_console_streams_requests_and_q_restores_the_terminal(tmux_dir: Path, panes: list[TmuxPane]) -> None:
    pane = open_pane(tmux_dir, SIGNALBOX_CONSOLE_LOG=str(tmux_dir / "console.log"))
    panes.append(pane)
    pane.run(f"{shlex.quote(str(signalbox_bin()))} demo --listen 127.0.0.1:0")
    first = pane.wait_for(lambda s: pane.alternate_screen_on() and "openai-sim" in s, "the demo console with its providers")
    # The request stream moves: the status line's request count grows, and so the screen changes.
    start = request_count(first)
    pane.wait_for(lambda s: request_count(s) >= start + 5, f"more than {start + 5} requests in the stream")
    assert pane.screen() != first
    quit_console(pane)
    assert "signalbox demo: stopped" in pane.screen()


def sgr_colours(text: str) -> set[str]:
    """Colour codes in the SGR sequences of `text` (attributes and 39/49, the default colours, are not colours)."""
    colours: set[str] = set()
    for params in re.findall(r"\x1b\[([0-9;:]*)m", text):
        codes = [int(p) for p in re.split(r"[;:]", params) if p]
        i = 0
        while i < len(codes):
            code = codes[i]
            if code in (38, 48, 58):
                colours.add(params)
                i += 3 if i + 1 < len(codes) and codes[i + 1] == 5 else 5
                continue
            if 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
                colours.add(params)
            i += 1
    return colours


def test_demo_console_honours_no_color_and_shows_a_too_small_notice(tmux_dir: Path, panes: list[TmuxPane]) -> None:
    pane = open_pane(tmux_dir, NO_COLOR="1")
    panes.append(pane)
    pane.run(f"{shlex.quote(str(signalbox_bin()))} demo --listen 127.0.0.1:0")
    pane.wait_for(lambda s: pane.alternate_screen_on() and "openai-sim" in s, "the demo console")
    colored = pane._tmux("capture-pane", "-p", "-e", "-t", pane.target)
    assert sgr_colours(colored) == set(), colored[:2000]
    pane._tmux("resize-window", "-t", "console", "-x", "60", "-y", "15")
    pane.wait_for(lambda s: "too small" in s.lower(), "the terminal-too-small notice")
    pane._tmux("resize-window", "-t", "console", "-x", str(WIDTH), "-y", str(HEIGHT))
    pane.wait_for(lambda s: "openai-sim" in s, "the console at full size again")
    quit_console(pane)


# ----------------------------------------------------------------------------------------------
# (b)–(d) serve against mock providers started here


class Traffic:
    """Requests to the given routes, round robin, until stopped (errors are expected and ignored)."""

    def __init__(self, base_url: str, routes: list[str]) -> None:
        self.base_url = base_url
        self.routes = routes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=5.0) as http:
            i = 0
            while not self._stop.is_set():
                route = self.routes[i % len(self.routes)]
                i += 1
                try:
                    http.post(
                        "/v1/chat/completions",
                        headers={"Authorization": f"Bearer {CLIENT_KEY}"},
                        json={"model": route, "messages": [{"role": "user", "content": f"console test {i}"}]},
                    )
                except httpx.HTTPError:
                    pass
                self._stop.wait(0.02)  # pacing, not synchronisation: about 50 requests per second

    def __enter__(self) -> "Traffic":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


class ConsoleGateway:
    """`signalbox serve` with the console, in a tmux pane, over two mock providers."""

    def __init__(
        self, workdir: Path, panes: list[TmuxPane], *, env: dict[str, str] | None = None, args: str = "", extra: str = "",
        virtual_keys: tuple[tuple[str, list[str]], ...] = (), cache: str = "",
    ) -> None:  # fmt: skip
        """`virtual_keys`: keys made with `signalbox keys create` (name, extra flags) before the gateway
        starts with `server.auth: virtual_keys`; their secrets and ids end up in `self.keys`. `cache`: a
        third route, `cached` (alpha's model), with this `cache:` mapping."""
        self.alpha = start_mock_provider(workdir)
        self.beta = start_mock_provider(workdir)
        self.port, admin_port = free_port(), free_port()
        gwdir = Path(tempfile.mkdtemp(prefix="console-gw-", dir=workdir))
        config = gwdir / "signalbox.yaml"
        text = gateway_config_yaml(
            port=self.port,
            admin_port=admin_port,
            db_path=gwdir / "signalbox.db",
            providers=[Provider("alpha", f"{self.alpha.url}/v1"), Provider("beta", f"{self.beta.url}/v1")],
            routes=[Route("alpha-route", [("alpha", "mock-gpt")]), Route("beta-route", [("beta", "mock-gpt")])]
            + ([Route("cached", [("alpha", "mock-gpt")], cache=cache)] if cache else []),
            extra="retries: { max_attempts: 1 }\ncircuit_breaker: { min_requests: 1000000 }\n" + extra,
        )
        if virtual_keys:
            text = text.replace("max_body_bytes: 65536 }", "max_body_bytes: 65536, auth: virtual_keys }", 1)
        config.write_text(text)
        self.keys: dict[str, str] = {}
        for name, flags in virtual_keys:
            made = cli("keys", "create", "--name", name, "--config", str(config), *flags, cwd=gwdir)
            assert made.returncode == 0, made.stderr
            self.keys[name] = KEY_PATTERN.findall(made.stdout)[0]
            self.keys[name + "-id"] = re.search(r"^id:\s+(vk_\w+)$", made.stdout, re.M).group(1)
        self.pane = open_pane(gwdir, MOCK_PROVIDER_KEY=MOCK_PROVIDER_KEY, SIGNALBOX_CONSOLE_LOG=str(gwdir / "console.log"), **(env or {}))
        panes.append(self.pane)
        self.config = config
        self.pane.run(f"{shlex.quote(str(signalbox_bin()))} serve --config {shlex.quote(str(config))} {args}".rstrip())
        self.base_url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + SCREEN_TIMEOUT_S
        while True:
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"serve did not answer /healthz; the pane shows:\n{self.pane.screen()}")
            time.sleep(0.1)
        self.pane.wait_for(lambda s: self.pane.alternate_screen_on() and "alpha" in s and "beta" in s, "the console with both providers")

    def chat(self, route: str) -> httpx.Response:
        return httpx.post(
            f"{self.base_url}/v1/chat/completions",
            headers={"Authorization": f"Bearer {CLIENT_KEY}"},
            json={"model": route, "messages": [{"role": "user", "content": "replay me"}]},
            timeout=10,
        )

    def close(self) -> None:
        try:
            if self.pane.alternate_screen_on():
                self.pane.keys("Escape", "Escape")  # out of any dialog a failed test left open
                quit_console(self.pane)
        finally:
            for mock in (self.alpha, self.beta):
                mock.close()
                mock.process.stop()


@pytest.fixture
def console_gateway(tmux_dir: Path, panes: list[TmuxPane], request: pytest.FixtureRequest) -> Iterator[ConsoleGateway]:
    options = getattr(request, "param", {})
    gateway = ConsoleGateway(
        tmux_dir, panes, env=options.get("env"), args=options.get("args", ""), extra=options.get("extra", ""),
        virtual_keys=options.get("virtual_keys", ()), cache=options.get("cache", ""),
    )  # fmt: skip
    yield gateway
    gateway.close()


def requests_of(mock: MockProvider) -> int:
    return mock.stats()["requests"]


def wait_until(condition: Callable[[], bool], what: str, timeout: float = SCREEN_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def select_provider(pane: TmuxPane, provider: str) -> None:
    """Providers view, selection on the first provider (config order: alpha, then beta)."""
    pane.keys("3")
    pane.wait_for(lambda s: provider in s, f"the providers view listing {provider}")
    pane.keys("Home")


def test_pausing_a_provider_stops_its_traffic_and_resuming_restores_it(console_gateway: ConsoleGateway) -> None:
    gw, pane = console_gateway, console_gateway.pane
    with Traffic(gw.base_url, ["alpha-route", "beta-route"]):
        wait_until(lambda: requests_of(gw.alpha) >= 5 and requests_of(gw.beta) >= 5, "traffic on both providers")
        select_provider(pane, "alpha")
        pane.keys("p")
        pane.wait_for(lambda s: "alpha" in s and "Cancel" in s, "the pause confirmation for alpha")
        pane.keys("Tab", "Enter")
        pane.wait_for(lambda s: "⏸ paused" in s and "Cancel" not in s, "alpha shown as paused")
        # Anything already on its way to alpha has arrived once beta has answered a few more requests.
        beta = requests_of(gw.beta)
        wait_until(lambda: requests_of(gw.beta) >= beta + 3, "beta traffic after the pause")
        alpha_paused = requests_of(gw.alpha)
        beta = requests_of(gw.beta)
        wait_until(lambda: requests_of(gw.beta) >= beta + 15, "beta traffic while alpha is paused")
        assert requests_of(gw.alpha) == alpha_paused, "a paused provider still received requests"

        pane.keys("p")
        pane.wait_for(lambda s: "alpha" in s and "Cancel" in s, "the resume confirmation for alpha")
        pane.keys("Tab", "Enter")
        wait_until(lambda: requests_of(gw.alpha) >= alpha_paused + 5, "alpha traffic after the resume")


ROTATED_KEY = "sk-rotated-from-the-console-0099"


@pytest.mark.parametrize("console_gateway", [{"env": {"SB_ROTATED_KEY": ROTATED_KEY}}], indirect=True)
def test_rotating_a_key_from_the_environment_changes_the_upstream_credential(console_gateway: ConsoleGateway) -> None:
    gw, pane = console_gateway, console_gateway.pane
    assert gw.chat("alpha-route").status_code == 200
    assert gw.alpha.requests()[-1]["headers"]["authorization"] == f"Bearer {MOCK_PROVIDER_KEY}"
    select_provider(pane, "alpha")
    pane.keys("k")
    pane.wait_for_text("Rotate key of alpha")
    pane.type("alpha")  # the confirmation: the provider id
    pane.keys("Enter")
    pane.type("env:SB_ROTATED_KEY")
    pane.keys("Enter", "Right", "Enter")  # focus moves to Cancel, then to Rotate, which runs it
    pane.wait_for(lambda s: "Rotate key of alpha" not in s, "the rotate dialog to close")
    assert ROTATED_KEY not in pane.screen(), "the console showed an unmasked secret"

    def rotated() -> bool:
        gw.chat("alpha-route")  # the mock answers 401 to the new key, and records the request
        return any(r["headers"].get("authorization") == f"Bearer {ROTATED_KEY}" for r in gw.alpha.requests())

    wait_until(rotated, "a request upstream with the rotated key")


def test_replay_sends_the_request_again_and_shows_a_diff(console_gateway: ConsoleGateway) -> None:
    gw, pane = console_gateway, console_gateway.pane
    assert gw.chat("alpha-route").status_code == 200
    assert requests_of(gw.alpha) == 1
    pane.keys("2")
    pane.wait_for(lambda s: "alpha-route" in s, "the request in the requests view")
    pane.keys("Home", "R")
    pane.wait_for_text("Replay request?")
    pane.keys("Tab", "Enter")
    wait_until(lambda: requests_of(gw.alpha) == 2, "the replayed request upstream")
    replayed = gw.alpha.requests()
    assert replayed[0]["body"] == replayed[1]["body"]
    # The dialog has closed and the original and the replay stand side by side.
    pane.wait_for(lambda s: "Replay request?" not in s and "original" in s and "replay" in s, "the replay diff view")


@pytest.mark.parametrize("console_gateway", [{"args": "--readonly"}], indirect=True)
def test_readonly_console_offers_no_operator_actions(console_gateway: ConsoleGateway) -> None:
    gw, pane = console_gateway, console_gateway.pane
    select_provider(pane, "alpha")
    screen = pane.wait_for(lambda s: "? help" in s, "the key hints")
    assert "p pause" not in screen and "k rotate" not in screen, screen
    pane.keys("p", "k")
    pane.keys("?")  # a key that does redraw, so the screen after p and k has certainly been painted
    screen = pane.wait_for(lambda s: "help" in s.lower() and "Cancel" not in s, "the help overlay")
    assert "Pause provider" not in screen and "Rotate key" not in screen, screen
    assert requests_of(gw.alpha) == 0


GOVERNED = {
    "extra": "pricing:\n  - { provider: alpha, model: mock-gpt, input_per_mtok: 2.5, output_per_mtok: 10 }\n",
    "virtual_keys": (("ci", ["--budget-usd", "5", "--budget-period", "daily"]),),
}


def line_with(screen: str, *needles: str) -> str | None:
    """The first screen line that holds every one of `needles`."""
    return next((line for line in screen.splitlines() if all(n in line for n in needles)), None)


@pytest.mark.parametrize("console_gateway", [GOVERNED], indirect=True)
def test_keys_and_budgets_shows_a_keys_spend_and_the_audit_view_lists_persisted_actions(console_gateway: ConsoleGateway) -> None:
    gw, pane = console_gateway, console_gateway.pane
    key_id = gw.keys["ci-id"]
    with openai.OpenAI(base_url=f"{gw.base_url}/v1", api_key=gw.keys["ci"], max_retries=0) as client:
        for i in range(4):
            client.chat.completions.create(model="alpha-route", messages=[{"role": "user", "content": f"budgeted {i}"}])

    # The budget row: scope, period, spend over the $5 limit (more than nothing), the action on exceed.
    pane.keys("4")

    def spent(screen: str) -> float:
        line = line_with(screen, f"key:{key_id}", "daily")
        match = re.search(r"\$(\d+\.\d+)/\$5\b", line or "")
        return float(match.group(1)) if match else 0.0

    screen = pane.wait_for(lambda s: spent(s) > 0, f"the budget row of key:{key_id} with its spend")
    assert "block" in (line_with(screen, f"key:{key_id}", "daily") or ""), screen
    # Top spenders ranks the key with its four requests.
    spender = line_with(screen, f" {key_id} ")
    assert spender is not None and re.search(r"\b4\b", spender), screen

    # An operator action from the console lands in the persisted audit log, with actor and role, next
    # to the key's creation by the CLI.
    select_provider(pane, "alpha")
    pane.keys("p")
    pane.wait_for(lambda s: "alpha" in s and "Cancel" in s, "the pause confirmation for alpha")
    pane.keys("Tab", "Enter")
    pane.wait_for(lambda s: "⏸ paused" in s and "Cancel" not in s, "alpha shown as paused")
    pane.keys("6")
    screen = pane.wait_for(lambda s: line_with(s, "provider.pause", "console", "operator") is not None, "the pause in the audit view")
    assert "Audit log · every actor" in screen, screen
    created = line_with(screen, "keys.create", key_id[:8])
    assert created is not None and " cli " in created and " admin " in created, screen
    pane.keys("v")
    pane.wait_for(lambda s: "chain verified through #2" in s, "the chain check")


CACHED = {
    "cache": "{ exact: true, ttl: 1h }",
    "extra": "pricing:\n  - { provider: alpha, model: mock-gpt, input_per_mtok: 2.5, output_per_mtok: 10 }\n",
}


@pytest.mark.parametrize("console_gateway", [CACHED], indirect=True)
def test_cache_view_shows_the_hits_and_their_prompt_and_a_purge_empties_the_cache(console_gateway: ConsoleGateway) -> None:
    gw, pane = console_gateway, console_gateway.pane
    question = [{"role": "user", "content": "which prompts does the cache view rank first?"}]
    with openai.OpenAI(base_url=f"{gw.base_url}/v1", api_key=CLIENT_KEY, max_retries=0) as client:

        def ask() -> str:
            answer = client.chat.completions.with_raw_response.create(model="cached", messages=question, temperature=0)
            return answer.headers["x-signalbox-cache"]

        assert [ask(), ask(), ask()] == ["miss", "hit-exact", "hit-exact"]
        assert requests_of(gw.alpha) == 1

        # 2 hits of 3 lookups; the prompt with its two hits on route `cached`; one entry in the cache.
        pane.keys("5")
        screen = pane.wait_for(
            lambda s: "66.7% this session" in s and line_with(s, "which prompts does the cache view rank first?") is not None
            and "1/10.0k entries" in s,
            "the cache view with the hits, their prompt and the cache's size",
        )  # fmt: skip
        assert "2 hits (2 exact · 0 semantic) · 1 miss" in screen, screen
        prompt = line_with(screen, "which prompts does the cache view rank first?")
        assert prompt is not None and re.search(r"^\s+1\s+2 cached\b", prompt), screen
        saved = line_with(screen, "saved")
        assert saved is not None and "tokens · $" in saved and "unpriced" not in saved, screen
        # The Overview's figure is the session hit rate.
        assert re.search(r"cache 66\.7%", screen), screen

        pane.keys("P")
        pane.wait_for(lambda s: "Purge all cached answers?" in s and "Cancel" in s, "the purge confirmation")
        pane.keys("Tab", "Enter")
        pane.wait_for(lambda s: re.search(r"purged 1 cache entr", s) is not None, "the purge's outcome in the status line")
        pane.wait_for(lambda s: "0/10.0k entries" in s, "the emptied cache's size")
        # The same question goes to the provider again.
        assert ask() == "miss"
        assert requests_of(gw.alpha) == 2
    pane.keys("1")
    pane.wait_for(lambda s: "console: purge cache entries ✔" in s, "the purge in the overview's event timeline")


def test_sigterm_closes_the_console_before_the_gateway_drains(console_gateway: ConsoleGateway) -> None:
    pane = console_gateway.pane
    pid = subprocess.run(["pgrep", "-f", f"serve --config {console_gateway.config}"], capture_output=True, text=True).stdout.split()
    assert len(pid) == 1, pid
    os.kill(int(pid[0]), 15)
    assert pane.exit_status() == 0, pane.screen()
    assert not pane.alternate_screen_on()
    screen = pane.screen()
    assert "shutting down" in screen and "signal 15" in screen, screen  # the drain logs on the restored terminal


def test_a_bad_theme_is_a_usage_error(tmux_dir: Path, panes: list[TmuxPane]) -> None:
    theme = tmux_dir / "broken.yaml"
    theme.write_text("palette: { g: { color16: lime } }\nstyles: {}\n")
    pane = open_pane(tmux_dir)
    panes.append(pane)
    pane.run(f"{shlex.quote(str(signalbox_bin()))} demo --listen 127.0.0.1:0 --theme {shlex.quote(str(theme))}")
    assert pane.exit_status() == 2
    screen = pane.screen()
    text = screen.replace("\n", "")  # lines longer than the pane wrap
    assert f"{theme}:1:26: palette.g.color16: expected one of the 16 ANSI colour names, got 'lime'" in text, screen
    assert re.search(rf"{re.escape(str(theme))}:2:9: styles: missing styles for \d+ roles: text, dim,", text), screen

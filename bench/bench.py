#!/usr/bin/env python3
"""Helpers for bench/run.sh (BENCH.md protocol). Standard library only, so any python3 runs it.

  bench.py overhead --url URL --n 2000 --out FILE      x-signalbox-overhead-us from sequential requests
  bench.py streams  --url URL --n 1000 --out FILE [--pid PID] [--auth KEY]
                                                       N concurrent SSE streams; RSS of PID while open
  bench.py report   --work DIR --json FILE --md FILE   parse wrk outputs + the above into table + JSON

Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import re
import statistics
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

CHAT_BODY = {"model": "bench-model", "messages": [{"role": "user", "content": "hi"}]}


def loopback_only(url: str) -> tuple[str, int, str]:
    parts = urlsplit(url)
    if parts.hostname != "127.0.0.1":
        sys.exit(f"bench.py: refusing non-loopback target {url!r}")
    return parts.hostname, parts.port or 80, parts.path or "/"


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


# ----------------------------------------------------------------------------------------------
# x-signalbox-overhead-us


def cmd_overhead(args: argparse.Namespace) -> None:
    host, port, path = loopback_only(args.url)
    body = json.dumps({**CHAT_BODY, "model": args.model}).encode()
    headers = {"content-type": "application/json", "authorization": f"Bearer {args.auth}"}
    conn = http.client.HTTPConnection(host, port, timeout=10)
    values: list[int] = []
    statuses: dict[int, int] = {}
    missing = 0
    deadline = time.monotonic() + args.max_seconds
    for _ in range(args.n):
        if time.monotonic() > deadline:
            break
        conn.request("POST", path, body=body, headers=headers)
        r = conn.getresponse()
        r.read()
        statuses[r.status] = statuses.get(r.status, 0) + 1
        v = r.getheader("x-signalbox-overhead-us")
        if v is not None and v.isdigit():
            values.append(int(v))
        else:
            missing += 1
    conn.close()
    result = {
        "requests": sum(statuses.values()),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "with_header": len(values),
        "missing_header": missing,
        "p50_us": percentile(values, 50) if values else None,
        "p99_us": percentile(values, 99) if values else None,
        "mean_us": statistics.fmean(values) if values else None,
        "max_us": max(values) if values else None,
    }
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(f"overhead: {result['with_header']} responses, p50 {result['p50_us']} µs, p99 {result['p99_us']} µs, statuses {result['statuses']}")


# ----------------------------------------------------------------------------------------------
# concurrent SSE streams


def read_status(pid: int) -> dict[str, int]:
    """VmRSS / VmHWM of a process in kB."""
    out: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(rest.split()[0])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return out


class StreamStats:
    def __init__(self, n: int) -> None:
        self.n = n
        self.opened = 0  # got the first event
        self.completed = 0  # saw data: [DONE]
        self.failed = 0
        self.errors: dict[str, int] = {}
        self.first_event_s: list[float] = []
        self.gaps_s: list[float] = []
        self.events = 0
        self.request_ids: list[str] = []  # x-signalbox-request-id of each stream answered


async def read_chunked_events(reader: asyncio.StreamReader, on_event, on_head=None) -> bool:
    """Reads an HTTP/1.1 chunked (or close-delimited) SSE body; calls on_event per `data:` line.
    Returns True when `data: [DONE]` was seen."""
    buf = b""

    def feed(data: bytes) -> bool:
        nonlocal buf
        buf += data
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            line = line.rstrip(b"\r")
            if line.startswith(b"data:"):
                payload = line[5:].strip()
                on_event()
                if payload == b"[DONE]":
                    return True
        return False

    return await _read_body(reader, feed, on_head)


async def _read_body(reader: asyncio.StreamReader, feed, on_head=None) -> bool:
    headers = await reader.readuntil(b"\r\n\r\n")
    head = headers.decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    if status != 200:
        raise RuntimeError(f"HTTP {status}")
    if on_head:
        on_head(head[1:])
    chunked = any(h.lower().startswith("transfer-encoding:") and "chunked" in h.lower() for h in head[1:])
    if not chunked:
        while True:
            data = await reader.read(65536)
            if not data:
                return False
            if feed(data):
                return True
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";")[0].strip(), 16)
        if size == 0:
            return False
        data = await reader.readexactly(size + 2)
        if feed(data[:-2]):
            return True


async def one_stream(host: str, port: int, path: str, body: bytes, auth: str, stats: StreamStats, timeout: float) -> None:
    started = time.monotonic()
    last = [None]
    first = [True]

    def on_event() -> None:
        now = time.monotonic()
        stats.events += 1
        if first[0]:
            first[0] = False
            stats.opened += 1
            stats.first_event_s.append(now - started)
        elif last[0] is not None:
            stats.gaps_s.append(now - last[0])
        last[0] = now

    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout=10)
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Accept: text/event-stream\r\nAuthorization: Bearer {auth}\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        writer.write(head + body)
        await writer.drain()
        def on_head(lines: list[str]) -> None:
            for line in lines:
                name, _, value = line.partition(":")
                if name.strip().lower() == "x-signalbox-request-id":
                    stats.request_ids.append(value.strip())

        done = await asyncio.wait_for(read_chunked_events(reader, on_event, on_head), timeout=timeout)
        if done:
            stats.completed += 1
        else:
            stats.failed += 1
            stats.errors["ended without [DONE]"] = stats.errors.get("ended without [DONE]", 0) + 1
    except Exception as e:  # noqa: BLE001 - every failure is counted and reported
        stats.failed += 1
        key = f"{type(e).__name__}: {e}"[:120]
        stats.errors[key] = stats.errors.get(key, 0) + 1
    finally:
        if writer is not None:
            writer.close()


async def run_streams(args: argparse.Namespace) -> dict:
    host, port, path = loopback_only(args.url)
    # include_usage: the gateway asks the provider for usage anyway (to account tokens) and drops the
    # usage chunk for clients that did not ask, which shows up as one doubled gap; asking for it makes
    # the direct and the proxied streams carry the same events.
    body = json.dumps(
        {**CHAT_BODY, "model": args.model, "stream": True, "stream_options": {"include_usage": True}}
    ).encode()
    stats = StreamStats(args.n)
    samples: list[tuple[float, int, int, int]] = []  # (t, opened-open, VmRSS kB, completed)
    rss_all_open_kb = 0
    t0 = time.monotonic()

    tasks = []
    for i in range(args.n):
        tasks.append(asyncio.create_task(one_stream(host, port, path, body, args.auth, stats, args.stream_timeout)))
        if (i + 1) % args.ramp_batch == 0:
            await asyncio.sleep(args.ramp_pause)
    ramp_s = time.monotonic() - t0

    all_done = asyncio.gather(*tasks)
    while not all_done.done():
        if args.pid:
            st = read_status(args.pid)
            rss = st.get("VmRSS", 0)
            open_now = stats.opened - stats.completed - stats.failed
            samples.append((time.monotonic() - t0, open_now, rss, stats.completed))
            if stats.opened + stats.failed >= args.n and stats.completed == 0:
                rss_all_open_kb = max(rss_all_open_kb, rss)
        await asyncio.sleep(0.1)
    await all_done
    final = read_status(args.pid) if args.pid else {}
    relay_ms = chunk_relay_ms(args, stats.request_ids)
    ms = [g * 1000 for g in stats.gaps_s]
    fe = [f * 1000 for f in stats.first_event_s]
    return {
        "url": args.url,
        "streams": args.n,
        "completed": stats.completed,
        "failed": stats.failed,
        "errors": stats.errors,
        "events": stats.events,
        "max_concurrently_open": max((s[1] for s in samples), default=None),
        "ramp_s": round(ramp_s, 3),
        "wall_s": round(time.monotonic() - t0, 3),
        "first_event_ms": {"p50": percentile(fe, 50), "p90": percentile(fe, 90), "p99": percentile(fe, 99), "max": max(fe, default=None)},
        "chunk_gap_ms": {
            "p50": percentile(ms, 50), "p90": percentile(ms, 90), "p99": percentile(ms, 99), "p99.9": percentile(ms, 99.9),
            "max": max(ms, default=None),
            # Gaps well off the mock's pacing: late chunks, and the early ones that follow them.
            "over_600": sum(1 for g in ms if g > 600), "under_400": sum(1 for g in ms if g < 400),
        },
        # The gateway's own measure of what it adds to chunks: per stream, the longest any chunk
        # spent in Signalbox (upstream thread → written to the client), from the admin API.
        "chunk_relay_longest_ms": relay_ms,
        "pid": args.pid,
        "rss_all_open_peak_kb": rss_all_open_kb or None,
        "rss_peak_sampled_kb": max((s[2] for s in samples), default=None),
        "vmhwm_kb": final.get("VmHWM"),
    }


def chunk_relay_ms(args: argparse.Namespace, request_ids: list[str]) -> dict | None:
    """Per stream, `timings.longest_chunk_relay_us` of GET /admin/v1/requests/{id}: p50/p99/max in ms."""
    if not (args.admin_url and args.admin_token and request_ids):
        return None
    loopback_only(args.admin_url)
    values: list[float] = []
    missing = 0
    for request_id in request_ids:
        req = urllib.request.Request(
            f"{args.admin_url.rstrip('/')}/admin/v1/requests/{request_id}", headers={"Authorization": f"Bearer {args.admin_token}"}
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                detail = json.loads(resp.read())
        except (urllib.error.URLError, OSError, ValueError):
            missing += 1
            continue
        relay = (detail.get("timings") or {}).get("longest_chunk_relay_us")
        if relay is None:
            missing += 1
        else:
            values.append(relay / 1000)
    return {
        "streams": len(values), "missing": missing,
        "p50": percentile(values, 50), "p99": percentile(values, 99), "max": max(values, default=None),
    }


def cmd_streams(args: argparse.Namespace) -> None:
    result = asyncio.run(run_streams(args))
    Path(args.out).write_text(json.dumps(result, indent=2))
    rss = result["rss_all_open_peak_kb"]
    print(
        f"streams: {result['completed']}/{result['streams']} completed, {result['failed']} failed"
        + (f", RSS with all open {rss / 1024:.1f} MB, VmHWM {result['vmhwm_kb'] / 1024:.1f} MB" if rss and result["vmhwm_kb"] else "")
        + f", chunk gap p99 {result['chunk_gap_ms']['p99']:.1f} ms"
    )
    if result["errors"]:
        print(f"streams: errors {result['errors']}")


# ----------------------------------------------------------------------------------------------
# wrk parsing and the report

UNITS = {"us": 1.0, "ms": 1e3, "s": 1e6, "m": 60e6, "h": 3600e6}


def to_us(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not m:
        raise ValueError(f"unparseable duration {text!r}")
    return float(m.group(1)) * UNITS[m.group(2)]


def parse_wrk(text: str) -> dict:
    out: dict = {}
    m = re.search(r"^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)", text, re.M)
    if m:
        out["mean_us"], out["stdev_us"], out["max_us"] = (to_us(x) for x in m.groups())
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s*{pct}%\s+(\S+)", text, re.M)
        if m:
            out[f"p{pct}_us"] = to_us(m.group(1))
    m = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    if m:
        out["rps"] = float(m.group(1))
    m = re.search(r"^\s*(\d+) requests in ([\d.]+\w+)", text, re.M)
    if m:
        out["requests"] = int(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    out["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socket_errors"] = sum(int(x) for x in m.groups()) if m else 0
    return out


def fmt_us(v: float | None) -> str:
    if v is None:
        return "—"
    if abs(v) >= 1000:
        return f"{v / 1000:.2f} ms"
    return f"{v:.0f} µs"


def fmt_signed_us(v: float | None) -> str:
    if v is None:
        return "—"
    return ("+" if v >= 0 else "−") + fmt_us(abs(v))


def stack_floor(work: Path, get) -> dict | None:
    """The stack floor paragraph: Signalbox with no gateway features, and bench/floor.c's probes of
    libcurl alone and of the event loop ⇄ libcurl thread hand-off, against nginx proxy's cost."""
    probes = {}
    if (work / "floor.jsonl").exists():
        for line in (work / "floor.jsonl").read_text().splitlines():
            if line.strip():
                probe = json.loads(line)
                probes[probe["probe"]] = probe
    floor_added, proxy_added = get("signalbox-floor", 1, "added_mean_us"), get("nginx-proxy", 1, "added_mean_us")
    floor_rps, proxy_rps, full_rps = get("signalbox-floor", 32, "rps"), get("nginx-proxy", 32, "rps"), get("signalbox", 32, "rps")
    direct1 = get("direct", 1, "mean_us")
    if floor_added is None and not probes and get("nio-reference-json", 32, "rps") is None:
        return None
    parts, result = [], {"probes": probes}
    if floor_added is not None and proxy_added:
        result["added_c1_vs_nginx_proxy"] = floor_added / proxy_added
        parts.append(
            f"Stack floor — Signalbox with no auth, store or request record (parse, route, libcurl hop, usage probe, headers): "
            f"c=1 adds {fmt_signed_us(floor_added)} ({floor_added / proxy_added:.1f}× nginx proxy's {fmt_signed_us(proxy_added)})")
    if floor_rps and proxy_rps:
        result["rps_c32_vs_nginx_proxy"] = floor_rps / proxy_rps
        parts.append(
            f"c=32 {floor_rps:,.0f} rps ({100 * floor_rps / proxy_rps:.0f} % of nginx proxy"
            + (f"; the full gateway reaches {100 * full_rps / floor_rps:.0f} % of its floor" if full_rps else "") + ")")
    curl, hop = probes.get("curl"), probes.get("hop")
    if curl:
        parts.append(
            f"libcurl alone as the client, c=1: {fmt_us(curl['mean_us'])} per request"
            + (f" (wrk {fmt_us(direct1)}, so {fmt_signed_us(curl['mean_us'] - direct1)} for the client side alone)" if direct1 else "")
            + f", {fmt_us(curl['client_cpu_us'])} of client CPU per request")
    if hop:
        parts.append(f"one event loop ⇄ libcurl thread hand-off round trip (eventfd + epoll, no work): {fmt_us(hop['round_trip_us'])}")
    for variant, what in (("nio-reference-bare", "a proxy on SwiftNIO alone (no libcurl, no JSON)"),
                          ("nio-reference-json", "the same decoding the request and the usage with JSONDecoder")):
        added, rps = get(variant, 1, "added_mean_us"), get(variant, 32, "rps")
        if added is not None and proxy_added and rps and proxy_rps:
            result[variant] = {"added_c1_vs_nginx_proxy": added / proxy_added, "rps_c32_vs_nginx_proxy": rps / proxy_rps}
            parts.append(
                f"{what}: c=1 adds {fmt_signed_us(added)} ({added / proxy_added:.1f}× nginx proxy's), "
                f"c=32 {rps:,.0f} rps ({100 * rps / proxy_rps:.0f} %)")
    result["text"] = "; ".join(parts) + "."
    return result


def cmd_report(args: argparse.Namespace) -> None:
    work = Path(args.work)
    meta = json.loads((work / "meta.json").read_text()) if (work / "meta.json").exists() else {}
    order = ["direct", "nginx-proxy", "litellm", "signalbox", "signalbox-cache-hit", "signalbox-floor", "nio-reference-bare", "nio-reference-json"]
    labels = {
        "direct": "direct upstream (nginx)", "nginx-proxy": "nginx proxy", "litellm": "LiteLLM proxy", "signalbox": "Signalbox",
        "signalbox-cache-hit": "Signalbox, exact-cache hits", "signalbox-floor": "Signalbox stack floor (no auth, store or record)",
        "nio-reference-bare": "SwiftNIO reference proxy (no JSON)", "nio-reference-json": "SwiftNIO reference proxy + JSONDecoder",
    }
    loads: dict[tuple[str, int], dict] = {}
    for f in sorted(work.glob("wrk-*-c*.txt")):
        m = re.fullmatch(r"wrk-(.+)-c(\d+)\.txt", f.name)
        if m:
            loads[(m.group(1), int(m.group(2)))] = parse_wrk(f.read_text())
    concs = sorted({c for _, c in loads})

    rows = []
    for target in order:
        for c in concs:
            r = loads.get((target, c))
            if r is None:
                continue
            direct = loads.get(("direct", c), {})
            proxy = loads.get(("nginx-proxy", c), {})
            added = r["mean_us"] - direct["mean_us"] if "mean_us" in r and "mean_us" in direct else None
            vs_proxy = 100.0 * r["rps"] / proxy["rps"] if r.get("rps") and proxy.get("rps") else None
            # Little's law: with c connections always busy, mean latency = c / throughput. On an idle
            # box wrk's own mean stays within ~2× of it (sub-100 µs targets read high); when a process
            # was descheduled (a busy box) it is off by 5× and more: flag such rows.
            little = c * 1e6 / r["rps"] if r.get("rps") else None
            noisy = bool(little and r.get("mean_us") and not (1 / 3 <= r["mean_us"] / little <= 3))
            rows.append(
                {"target": target, "conc": c, **r, "littles_law_mean_us": little, "noisy": noisy, "added_mean_us": added,
                 "rps_vs_nginx_proxy_pct": vs_proxy}
            )

    def get(target: str, c: int, key: str):
        for row in rows:
            if row["target"] == target and row["conc"] == c:
                return row.get(key)
        return None

    checks = []

    def check(name: str, value: float | None, op: str, limit: float, note: str = "", inputs: tuple[tuple[str, int], ...] = ()) -> None:
        ok = None if value is None else (value <= limit if op == "<=" else value >= limit)
        noisy = [f"{t} c={c}" for t, c in inputs if get(t, c, "noisy")]
        if noisy and ok is not None:
            ok, note = None, f"inputs noisy ({', '.join(noisy)}): rerun on an idle machine"
        checks.append({"check": name, "value": value, "op": op, "limit": limit, "pass": ok, "note": note})

    sb_added, px_added = get("signalbox", 1, "added_mean_us"), get("nginx-proxy", 1, "added_mean_us")
    check(
        "Signalbox added latency c=1 ÷ nginx proxy added latency",
        sb_added / px_added if sb_added is not None and px_added else None,
        "<=", 2.0,
        inputs=(("direct", 1), ("nginx-proxy", 1), ("signalbox", 1)),
    )
    sb_rps, px_rps, ll_rps = get("signalbox", 32, "rps"), get("nginx-proxy", 32, "rps"), get("litellm", 32, "rps")
    check(
        "Signalbox c=32 rps ÷ nginx proxy c=32 rps",
        sb_rps / px_rps if sb_rps and px_rps else None,
        ">=", 0.5,
        inputs=(("nginx-proxy", 32), ("signalbox", 32)),
    )
    check(
        "Signalbox c=32 rps ÷ LiteLLM c=32 rps",
        sb_rps / ll_rps if sb_rps and ll_rps else None,
        ">=", 100.0,
        "" if ll_rps else "LiteLLM not measured (BENCH_PEERS=0 or it failed)",
        inputs=(("litellm", 32), ("signalbox", 32)),
    )

    console_runs: dict[str, list[float]] = {"headless": [], "attached": []}
    for f in sorted(work.glob("console-*-r*.txt")):
        m = re.fullmatch(r"console-(headless|attached)-r\d+\.txt", f.name)
        if m and parse_wrk(f.read_text()).get("rps"):
            console_runs[m.group(1)].append(parse_wrk(f.read_text())["rps"])
    console_ratio = None
    if console_runs["headless"] and console_runs["attached"]:
        console_ratio = statistics.median(console_runs["attached"]) / statistics.median(console_runs["headless"])
        check("Console attached c=32 rps ÷ headless c=32 rps (medians)", console_ratio, ">=", 0.95)
    render = json.loads((work / "console-render.json").read_text()) if (work / "console-render.json").exists() else None
    if render:
        check("Console frame render 200×60, 5,000 rows, p99 (ms)", render["p99_ms"], "<=", 5.0)

    request_log = json.loads((work / "request-log.json").read_text()) if (work / "request-log.json").exists() else None
    if request_log:
        check(f"Request log: slowest search on {request_log['rows']:,} rows (ms)", request_log["worst_max_ms"], "<=", 100.0)

    semantic = json.loads((work / "cache-bench.json").read_text()) if (work / "cache-bench.json").exists() else None
    if semantic:
        check(
            f"Semantic cache lookup p50 at {semantic['entries']:,} × {semantic['dimensions']} (ms)", semantic["lookup_hit_ms"]["p50"], "<=", 1.0)

    overhead = json.loads((work / "overhead.json").read_text()) if (work / "overhead.json").exists() else None
    streams = json.loads((work / "streams.json").read_text()) if (work / "streams.json").exists() else None
    streams_direct = json.loads((work / "streams-direct.json").read_text()) if (work / "streams-direct.json").exists() else None
    streams_hold = json.loads((work / "streams-hold.json").read_text()) if (work / "streams-hold.json").exists() else None
    for run in (streams_hold, streams):
        if run and run.get("rss_all_open_peak_kb"):
            check(
                f"Streaming: RSS with {run['streams']:,} streams open (MB)",
                run["rss_all_open_peak_kb"] / 1024, "<=", 300.0,
                "BENCH target is 5,000 streams" if run["streams"] < 5000 else "",
            )
            break
    if streams and streams_direct and streams["chunk_gap_ms"]["p99"] == streams["chunk_gap_ms"]["p99"]:
        added_gap = streams["chunk_gap_ms"]["p99"] - streams_direct["chunk_gap_ms"]["p99"]
        check("Streaming: chunk gap p99 via Signalbox − direct (ms)", added_gap, "<=", 1.0)
    relay = streams.get("chunk_relay_longest_ms") if streams else None
    if relay and relay.get("streams"):
        check(f"Streaming: longest chunk relay inside Signalbox, p99 of {relay['streams']:,} streams (ms)", relay["p99"], "<=", 1.0)

    # markdown
    md: list[str] = []
    md.append(f"### Signalbox benchmark — {meta.get('date', '?')}, {meta.get('cores', '?')} cores")
    md.append("")
    md.append(
        f"wrk -t1, {meta.get('duration', '?')} per run after {meta.get('warmup', '?')} warm-up; "
        f"POST /v1/chat/completions (~400-byte JSON reply). {meta.get('signalbox_rev', '')}".strip()
    )
    md.append("")
    md.append("| target | conc | rps | mean | p50 | p99 | added mean vs direct | throughput vs nginx proxy |")
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        errs = row.get("non_2xx", 0) + row.get("socket_errors", 0)
        name = labels.get(row["target"], row["target"]) + (f" ⚠ {errs} errors" if errs else "") + (" ⚠ noisy" if row["noisy"] else "")
        vs = f"{row['rps_vs_nginx_proxy_pct']:.0f} %" if row.get("rps_vs_nginx_proxy_pct") is not None else "—"
        added = "—" if row["target"] == "direct" else fmt_signed_us(row.get("added_mean_us"))
        md.append(
            f"| {name} | {row['conc']} | {row.get('rps', 0):,.0f} | {fmt_us(row.get('mean_us'))} | {fmt_us(row.get('p50_us'))} "
            f"| {fmt_us(row.get('p99_us'))} | {added} | {vs} |"
        )
    if any(row["noisy"] for row in rows):
        md.append(
            "\n> ⚠ noisy: wrk's mean latency differs from Little's law (connections ÷ throughput) by more than 3×, "
            "i.e. a process was descheduled during the run; rerun on an idle machine before comparing."
        )
    for note in meta.get("notes", []):
        md.append(f"\n> {note}")
    md.append("")
    md.append("| check (BENCH.md) | value | target | result |")
    md.append("|---|---:|---:|---|")
    for c in checks:
        val = "—" if c["value"] is None else f"{c['value']:.2f}"
        res = ("noisy" if c["note"].startswith("inputs noisy") else "n/a") if c["pass"] is None else ("PASS" if c["pass"] else "FAIL")
        if c["note"]:
            res += f" ({c['note']})"
        md.append(f"| {c['check']} | {val} | {c['op']} {c['limit']:g} | {res} |")
    if overhead:
        md.append("")
        md.append(
            f"`x-signalbox-overhead-us` over {overhead['with_header']} sequential responses: "
            f"p50 {fmt_us(overhead['p50_us'])}, p99 {fmt_us(overhead['p99_us'])}"
            + (f" ({overhead['missing_header']} responses without the header)" if overhead["missing_header"] else "")
            + (f"; statuses {overhead['statuses']}" if list(overhead["statuses"]) != ["200"] else "")
        )
    hit, direct1 = get("signalbox-cache-hit", 1, "mean_us"), get("direct", 1, "mean_us")
    if hit is not None and direct1:
        md.append("")
        md.append(
            f"Exact-cache hits, c=1: mean {fmt_us(hit)} per request through Signalbox (auth, limits, request log included) "
            f"vs {fmt_us(direct1)} straight to the upstream ({hit / direct1:.2f}×); "
            f"vs {fmt_us(get('signalbox', 1, 'mean_us'))} for the same request sent upstream through Signalbox."
        )
    floor = stack_floor(work, get)
    if floor:
        md.append("")
        md.append(floor["text"])
    if semantic:
        md.append("")
        md.append(
            f"Semantic cache index: {semantic['entries']:,} entries × {semantic['dimensions']} dimensions, {semantic.get('index', '')}: "
            f"thresholded lookup p50 {semantic['lookup_hit_ms']['p50']:.3f} ms, p99 {semantic['lookup_hit_ms']['p99']:.3f} ms "
            f"(brute-force scan p50 {semantic['exact_scan_ms']['p50']:.1f} ms); hit decisions equal to brute force "
            f"{semantic['hit_decisions']['agreeing']:.0f}/{semantic['hit_decisions']['of']:.0f} at {semantic['hit_decisions']['threshold']:.2f}."
        )
    if console_ratio is not None:
        md.append("")
        md.append(
            f"Console attached (200×50 tmux pane) vs headless, c=32, {len(console_runs['attached'])} alternating runs each: "
            f"median {statistics.median(console_runs['attached']):,.0f} vs {statistics.median(console_runs['headless']):,.0f} rps "
            f"({100 * console_ratio:.1f} %)."
        )
    if render:
        md.append("")
        md.append(
            f"Console frame (model render into the screen buffer, {render['width']}×{render['height']}, {render['rows']:,} requests "
            f"buffered; worst of Overview, Requests, Providers): p50 {render['p50_ms']:.2f} ms, p99 {render['p99_ms']:.2f} ms over {render['frames']} frames each."
        )
    if streams:
        md.append("")
        rss = streams.get("rss_all_open_peak_kb")
        md.append(
            f"Streaming: {streams['completed']}/{streams['streams']} SSE streams completed ({streams['failed']} failed) "
            f"through Signalbox from a mock with 20 chunks × 500 ms; "
            + (
                f"Signalbox RSS with all open {rss / 1024:.1f} MB (VmHWM {streams['vmhwm_kb'] / 1024:.1f} MB); "
                if rss
                else f"never all open at once (at most {streams.get('max_concurrently_open')}), Signalbox peak RSS "
                f"{(streams.get('rss_peak_sampled_kb') or 0) / 1024:.1f} MB; "
            )
            + f"chunk gap p50/p99 {streams['chunk_gap_ms']['p50']:.1f}/{streams['chunk_gap_ms']['p99']:.1f} ms"
            + (
                f" (direct to the mock {streams_direct['chunk_gap_ms']['p50']:.1f}/{streams_direct['chunk_gap_ms']['p99']:.1f} ms)"
                if streams_direct
                else ""
            )
            + f"; first event p99 {streams['first_event_ms']['p99']:.0f} ms."
            + (
                f" Longest time a chunk spent inside Signalbox (upstream thread to client socket), per stream: "
                f"p50 {relay['p50']:.2f} ms, p99 {relay['p99']:.2f} ms, max {relay['max']:.2f} ms."
                if relay and relay.get("streams")
                else ""
            )
        )
        if streams["errors"]:
            md.append(f"Stream errors: {streams['errors']}")
    if streams_hold:
        rss = streams_hold.get("rss_all_open_peak_kb")
        md.append(
            f"Held open: {streams_hold['completed']:,}/{streams_hold['streams']:,} streams completed ({streams_hold['failed']} failed); "
            + (
                f"Signalbox RSS with all open {rss / 1024:.1f} MB (VmHWM {streams_hold['vmhwm_kb'] / 1024:.1f} MB)."
                if rss
                else f"never all open at once (at most {streams_hold.get('max_concurrently_open')})."
            )
        )
        if streams_hold["errors"]:
            md.append(f"Held-open stream errors: {streams_hold['errors']}")
    text = "\n".join(md) + "\n"

    result = {
        "meta": meta,
        "loads": rows,
        "checks": checks,
        "overhead_us": overhead,
        "stack_floor": {k: v for k, v in floor.items() if k != "text"} if floor else None,
        "streaming": streams,
        "streaming_direct": streams_direct,
        "streaming_held": streams_hold,
        "console": {"rps": console_runs, "ratio": console_ratio, "render": render},
    }
    Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    Path(args.md).write_text(text)
    print(text)
    if args.strict and any(c["pass"] is False for c in checks):
        sys.exit(3)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    o = sub.add_parser("overhead")
    o.add_argument("--url", required=True)
    o.add_argument("--n", type=int, default=2000)
    o.add_argument("--model", default="bench-model")
    o.add_argument("--auth", default="sk-sb-bench")
    o.add_argument("--max-seconds", type=float, default=120)
    o.add_argument("--out", required=True)
    o.set_defaults(func=cmd_overhead)

    s = sub.add_parser("streams")
    s.add_argument("--url", required=True)
    s.add_argument("--n", type=int, default=1000)
    s.add_argument("--model", default="bench-model")
    s.add_argument("--auth", default="sk-sb-bench")
    s.add_argument("--pid", type=int, default=0)
    s.add_argument("--ramp-batch", type=int, default=100)
    s.add_argument("--ramp-pause", type=float, default=0.05)
    s.add_argument("--stream-timeout", type=float, default=60)
    s.add_argument("--admin-url", help="Signalbox admin API, to read each stream's longest chunk relay")
    s.add_argument("--admin-token", help="a viewer token for --admin-url")
    s.add_argument("--out", required=True)
    s.set_defaults(func=cmd_streams)

    r = sub.add_parser("report")
    r.add_argument("--work", required=True)
    r.add_argument("--json", required=True)
    r.add_argument("--md", required=True)
    r.add_argument("--strict", action="store_true", help="exit 3 when a BENCH.md check fails")
    r.set_defaults(func=cmd_report)

    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# bench/run.sh — the BENCH.md protocol (called by `make bench`).
#
# References and Signalbox all run on 127.0.0.1 on fixed ports (the script refuses to start when
# one is taken); every process it starts is stopped by PID on exit. Loads are bounded in time.
#
# Environment:
#   BENCH_PEERS=0         skip the LiteLLM reference (otherwise installed into bench/.venv-litellm)
#   BENCH_DURATION=10s    wrk duration per run        BENCH_WARMUP=2s   warm-up per target and concurrency
#   BENCH_CONNS="1 32"    wrk concurrencies           STREAMS=1000      concurrent SSE streams timed chunk by chunk
#   STREAMS_HOLD=5000     SSE streams held open at once through Signalbox for its RSS (BENCH target: 5,000)
#   BENCH_OVERHEAD_N=2000 sequential requests sampled for x-signalbox-overhead-us
#   BENCH_SKIP_BUILD=1    use the existing .build/release/signalbox
#   BENCH_STRICT=1        exit non-zero when a BENCH.md ratio check fails
#   BENCH_CONSOLE=0       skip the console runs (throughput with the console attached in tmux, frame render time)
#   BENCH_CONSOLE_ROUNDS=5  alternating headless / console-attached c=32 runs (medians are compared)
#   BENCH_FLOOR=0         skip the stack floor (Signalbox with no auth/store/record; libcurl and hand-off probes;
#                         the SwiftNIO reference proxy of bench/nio-reference, bare and with JSONDecoder)
#   SIGNALBOX_BIN=PATH    benchmark another binary
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
CONNS=${BENCH_CONNS:-"1 32"}
PEERS=${BENCH_PEERS:-1}
STREAMS=${STREAMS:-1000}
STREAMS_HOLD=${STREAMS_HOLD:-5000}
OVERHEAD_N=${BENCH_OVERHEAD_N:-2000}
PYTHON=${PYTHON:-python3}
SIGNALBOX_BIN=${SIGNALBOX_BIN:-$ROOT/.build/release/signalbox}
BENCH_KEY=sk-sb-bench

PORT_UPSTREAM=18101      # nginx answering like a provider
PORT_PROXY=18102         # nginx proxy_pass → upstream
PORT_LITELLM=18103       # LiteLLM proxy → upstream
PORT_SB=18104            # Signalbox → upstream (admin on 18105)
PORT_SB_ADMIN=18105
PORT_MOCK=18106          # signalbox mock-provider (slow streams)
PORT_SB_STREAM=18107     # Signalbox → mock (admin on 18108)
PORT_SB_STREAM_ADMIN=18108
PORT_SB_CONSOLE=18109    # Signalbox with the console attached in tmux (admin on 18110)
PORT_SB_CONSOLE_ADMIN=18110
PORT_SB_FLOOR=18111      # Signalbox with no gateway features → upstream (admin on 18112)
PORT_SB_FLOOR_ADMIN=18112
PORT_NIO_REF=18113       # SwiftNIO reference proxy → upstream (bench/nio-reference)
PORT_NIO_REF_JSON=18114  # the same, decoding request and usage with JSONDecoder
ALL_PORTS="$PORT_UPSTREAM $PORT_PROXY $PORT_LITELLM $PORT_SB $PORT_SB_ADMIN $PORT_MOCK $PORT_SB_STREAM $PORT_SB_STREAM_ADMIN"
ALL_PORTS="$ALL_PORTS $PORT_SB_CONSOLE $PORT_SB_CONSOLE_ADMIN $PORT_SB_FLOOR $PORT_SB_FLOOR_ADMIN $PORT_NIO_REF $PORT_NIO_REF_JSON"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- prerequisites
need=()
for p in nginx-light wrk; do
    st=$(dpkg -s "$p" 2>/dev/null) && grep -q '^Status: install ok installed' <<<"$st" || need+=("$p")
done
if ((${#need[@]})); then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    log "installing ${need[*]}"
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

for port in $ALL_PORTS; do
    if [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]; then
        die "port $port on 127.0.0.1 is taken; stop whatever listens there (ss -ltnp 'sport = :$port') and retry"
    fi
done

# Each concurrent stream needs a socket in the client and two in the gateway.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
MOST_STREAMS=$(( STREAMS > STREAMS_HOLD ? STREAMS : STREAMS_HOLD ))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((MOST_STREAMS * 3 + 256)) ]; then
    log "warning: ulimit -n is $(ulimit -n); $MOST_STREAMS streams may run out of file descriptors"
fi

# ---------------------------------------------------------------- process bookkeeping
WORK=$(mktemp -d /tmp/signalbox-bench.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/nginx-tmp" && chmod 777 "$WORK/nginx-tmp"
PIDS=()
NOTES=()

stop_pid() { # stop one process group we started (setsid made the PID its group id)
    local pid=$1
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    log "pid $pid ignored SIGTERM for 5 s; killing"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    tmux -L signalbox-bench kill-server 2>/dev/null || true
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[i]}"; done
    if [ $rc -ne 0 ]; then log "logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME CMD... — runs CMD in its own session (so its children can be stopped with it),
# output to $WORK/NAME.log; sets LAST_PID.
start() {
    local name=$1; shift
    setsid "$@" >"$WORK/$name.log" 2>&1 </dev/null &
    LAST_PID=$!
    PIDS+=("$LAST_PID")
}
forget_pid() { local keep=(); for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done; PIDS=("${keep[@]}"); }

# wait_http NAME PID URL SECONDS [EXPECTED_STATUS] [JSON_BODY] — poll until URL answers (readiness,
# bounded); with a body the poll is a POST of it.
wait_http() {
    local name=$1 pid=$2 url=$3 secs=$4 want=${5:-200} code
    local post=(); [ -n "${6:-}" ] && post=(-H 'content-type: application/json' -d "$6")
    local deadline=$((SECONDS + secs))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "$name exited during startup; last lines of its log:"; tail -n 30 "$WORK/$name.log" >&2; return 1
        fi
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${post[@]+"${post[@]}"}" "$url" || true)
        [ "$code" = "$want" ] && return 0
        sleep 0.2
    done
    log "$name not ready after ${secs}s ($url → ${code:-nothing}); last lines of its log:"; tail -n 30 "$WORK/$name.log" >&2
    return 1
}

CHAT_BODY='{"model":"bench-model","messages":[{"role":"user","content":"hi"}]}'
# probe NAME URL — one real request; prints the status, and the body when it is not 200.
probe() {
    local out code
    out=$(curl -s --max-time 10 -w '\n%{http_code}' -H 'content-type: application/json' \
        -H "authorization: Bearer $BENCH_KEY" -d "$CHAT_BODY" "$2" || true)
    code=${out##*$'\n'}
    if [ "$code" != 200 ]; then log "$1: probe answered ${code:-nothing}: ${out%$'\n'*}"; return 1; fi
}

# ---------------------------------------------------------------- build
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] && [ "$SIGNALBOX_BIN" = "$ROOT/.build/release/signalbox" ]; then
    log "swift build -c release"
    swift build -c release >&2
fi

# ---------------------------------------------------------------- nginx references
UPSTREAM_REPLY='{"id":"chatcmpl-bench-0001","object":"chat.completion","created":1764115200,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! This is the fixed benchmark reply served by the nginx upstream reference.","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":17,"total_tokens":26},"system_fingerprint":"fp_bench"}'
MODELS_REPLY='{"object":"list","data":[{"id":"bench-model","object":"model","created":1764115200,"owned_by":"bench"}]}'

nginx_common() { # $1 = name
    cat <<EOF
worker_processes 1;
daemon off;
pid $WORK/$1.pid;
error_log $WORK/$1.error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    keepalive_timeout 75s;
    keepalive_requests 1000000;
    client_body_temp_path $WORK/nginx-tmp/$1-body;
    proxy_temp_path $WORK/nginx-tmp/$1-proxy;
    fastcgi_temp_path $WORK/nginx-tmp/$1-fastcgi;
    uwsgi_temp_path $WORK/nginx-tmp/$1-uwsgi;
    scgi_temp_path $WORK/nginx-tmp/$1-scgi;
EOF
}

{
    nginx_common upstream
    cat <<EOF
    server {
        listen 127.0.0.1:$PORT_UPSTREAM;
        location = /v1/chat/completions { default_type application/json; return 200 '$UPSTREAM_REPLY'; }
        location = /v1/models { default_type application/json; return 200 '$MODELS_REPLY'; }
    }
}
EOF
} >"$WORK/nginx-upstream.conf"

{
    nginx_common proxy
    cat <<EOF
    upstream llm_upstream {
        server 127.0.0.1:$PORT_UPSTREAM;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$PORT_PROXY;
        location / {
            proxy_pass http://llm_upstream;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
} >"$WORK/nginx-proxy.conf"

log "starting nginx upstream :$PORT_UPSTREAM and nginx proxy :$PORT_PROXY"
start nginx-upstream "$NGINX" -e "$WORK/nginx-upstream.early.log" -p "$WORK" -c "$WORK/nginx-upstream.conf"
wait_http nginx-upstream "$LAST_PID" "http://127.0.0.1:$PORT_UPSTREAM/v1/models" 10 || die "nginx upstream did not start"
start nginx-proxy "$NGINX" -e "$WORK/nginx-proxy.early.log" -p "$WORK" -c "$WORK/nginx-proxy.conf"
wait_http nginx-proxy "$LAST_PID" "http://127.0.0.1:$PORT_PROXY/v1/models" 10 || die "nginx proxy did not start"
probe nginx-upstream "http://127.0.0.1:$PORT_UPSTREAM/v1/chat/completions" || die "nginx upstream probe failed"
probe nginx-proxy "http://127.0.0.1:$PORT_PROXY/v1/chat/completions" || die "nginx proxy probe failed"

# ---------------------------------------------------------------- load runner
# write_post_lua — the wrk script, with the current $BENCH_KEY.
write_post_lua() {
    cat >"$WORK/post.lua" <<EOF
wrk.method = "POST"
wrk.body = '$CHAT_BODY'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $BENCH_KEY"
EOF
}
write_post_lua

# load TARGET URL — warm-up, then the measured run, per concurrency.
load() {
    local target=$1 url=$2 c
    for c in $CONNS; do
        log "wrk $target c=$c (warm-up $WARMUP, run $DURATION)"
        timeout 60 wrk -t1 -c"$c" -d"$WARMUP" -s "$WORK/post.lua" "$url" >/dev/null
        timeout 120 wrk -t1 -c"$c" -d"$DURATION" --latency -s "$WORK/post.lua" "$url" >"$WORK/wrk-$target-c$c.txt"
        grep -E 'Requests/sec|Non-2xx|Socket errors' "$WORK/wrk-$target-c$c.txt" | sed 's/^/    /' >&2 || true
    done
}

load direct "http://127.0.0.1:$PORT_UPSTREAM/v1/chat/completions"
load nginx-proxy "http://127.0.0.1:$PORT_PROXY/v1/chat/completions"

# ---------------------------------------------------------------- LiteLLM reference
LITELLM_VERSION=""
if [ "$PEERS" != 0 ]; then
    LVENV=$ROOT/bench/.venv-litellm
    LREQ=$ROOT/bench/requirements-litellm.txt
    if ! [ -x "$LVENV/bin/litellm" ] || [ "$LREQ" -nt "$LVENV/.requirements.stamp" ]; then
        log "installing LiteLLM into bench/.venv-litellm (takes a few minutes the first time)"
        [ -x "$LVENV/bin/python" ] || $PYTHON -m venv "$LVENV"
        "$LVENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$LREQ" >&2
        touch "$LVENV/.requirements.stamp"
    fi
    LITELLM_VERSION=$("$LVENV/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))')
    cat >"$WORK/litellm.yaml" <<EOF
model_list:
  - model_name: bench-model
    litellm_params:
      model: openai/bench-model
      api_base: http://127.0.0.1:$PORT_UPSTREAM/v1
      api_key: sk-upstream-bench
litellm_settings:
  telemetry: false
  drop_params: true
EOF
    log "starting LiteLLM $LITELLM_VERSION :$PORT_LITELLM (1 worker, no database)"
    # No DATABASE_URL: no DB. The local cost map keeps it from fetching one at startup.
    start litellm env -u DATABASE_URL LITELLM_MASTER_KEY=$BENCH_KEY LITELLM_LOCAL_MODEL_COST_MAP=True \
        LITELLM_LOG=ERROR LITELLM_TELEMETRY=False DISABLE_ADMIN_UI=True \
        "$LVENV/bin/litellm" --config "$WORK/litellm.yaml" --host 127.0.0.1 --port "$PORT_LITELLM" --num_workers 1
    LITELLM_PID=$LAST_PID
    if wait_http litellm "$LITELLM_PID" "http://127.0.0.1:$PORT_LITELLM/health/liveliness" 180 &&
        probe litellm "http://127.0.0.1:$PORT_LITELLM/v1/chat/completions"; then
        load litellm "http://127.0.0.1:$PORT_LITELLM/v1/chat/completions"
    else
        NOTES+=("LiteLLM did not start or answer; not measured.")
    fi
    stop_pid "$LITELLM_PID"; forget_pid "$LITELLM_PID"   # free its CPU before Signalbox runs
else
    NOTES+=("LiteLLM skipped (BENCH_PEERS=0).")
fi

# ---------------------------------------------------------------- Signalbox
# sb_config PORT ADMIN_PORT PROVIDER_KIND BASE_URL SECRET DB [MAX_CONNECTIONS]
sb_config() {
    cat <<EOF
server: { listen: 127.0.0.1:$1, admin_listen: 127.0.0.1:$2, auth: virtual_keys }
store: { sqlite: $6 }
providers:
  - id: bench-upstream
    kind: $3
    base_url: $4
    keys: [ { id: primary, secret: "$5" } ]
    max_connections: ${7:-64}
models:
  - name: bench-model
    targets: [ { provider: bench-upstream, model: bench-model } ]
  # The same upstream behind the exact cache: after the first request every one is a hit.
  - name: bench-cached
    targets: [ { provider: bench-upstream, model: bench-model } ]
    cache: { exact: true, nondeterministic: true, namespace: shared }
pricing:
  - { provider: bench-upstream, model: bench-model, input_per_mtok: 2.5, output_per_mtok: 10 }
limits:
  budget: { limit_usd: 1000000000, period: monthly }
  teams:
    - { id: bench, rpm: 1000000000, tpm: 1000000000 }
EOF
}
# Every Signalbox run authenticates a virtual key (server.auth: virtual_keys), made with the CLI
# in the one bench store all Signalbox configs share, as BENCH.md requires; the key, its team and
# the gateway carry rate limits and budgets too high to refuse anything but evaluated on every
# request, and the request log (on whenever the store is open) writes a row per request.

SB_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git -C "$ROOT" status --porcelain -- Sources Package.swift 2>/dev/null)" ] && SB_REV="$SB_REV+dirty"
SB_OK=0
if ! [ -x "$SIGNALBOX_BIN" ]; then
    NOTES+=("Signalbox binary $SIGNALBOX_BIN missing; not measured.")
else
    sb_config $PORT_SB $PORT_SB_ADMIN openai-compatible "http://127.0.0.1:$PORT_UPSTREAM/v1" sk-upstream-bench \
        "$WORK/signalbox.db" >"$WORK/signalbox.yaml"
    BENCH_KEY=$("$SIGNALBOX_BIN" keys create --name bench --team bench --rpm 1000000000 --tpm 1000000000 \
        --route-limit bench-model:rpm=1000000000 --budget-usd 1000000000 --config "$WORK/signalbox.yaml" |
        grep -o 'sk-sb-[0-9A-Za-z]\{32\}' | head -1)
    [ -n "$BENCH_KEY" ] || die "could not create the bench virtual key"
    write_post_lua
    log "starting Signalbox (release) :$PORT_SB"
    start signalbox "$SIGNALBOX_BIN" serve --config "$WORK/signalbox.yaml" --headless
    SB_PID=$LAST_PID
    if wait_http signalbox "$SB_PID" "http://127.0.0.1:$PORT_SB/healthz" 20 &&
        probe signalbox "http://127.0.0.1:$PORT_SB/v1/chat/completions"; then
        SB_OK=1
        load signalbox "http://127.0.0.1:$PORT_SB/v1/chat/completions"
        # Exact-cache hits: the same request on the cached route (BENCH: hit latency vs direct upstream).
        sed 's/"model":"bench-model"/"model":"bench-cached"/' "$WORK/post.lua" >"$WORK/post-cached.lua"
        cp "$WORK/post.lua" "$WORK/post-model.lua"
        cp "$WORK/post-cached.lua" "$WORK/post.lua"
        load signalbox-cache-hit "http://127.0.0.1:$PORT_SB/v1/chat/completions"
        cp "$WORK/post-model.lua" "$WORK/post.lua"
        log "sampling x-signalbox-overhead-us over $OVERHEAD_N sequential requests"
        $PYTHON bench/bench.py overhead --url "http://127.0.0.1:$PORT_SB/v1/chat/completions" --n "$OVERHEAD_N" \
            --auth "$BENCH_KEY" --out "$WORK/overhead.json" >&2 || NOTES+=("overhead sampling failed")
    else
        NOTES+=("Signalbox did not start or answer (serve not implemented yet?); not measured.")
    fi
    stop_pid "$SB_PID"; forget_pid "$SB_PID"
    backlogs=$(grep -c "store writer backlog reached its capacity" "$WORK/signalbox.log" || true)
    [ "${backlogs:-0}" -gt 0 ] && NOTES+=("Signalbox's store fell behind $backlogs time(s) during the load and refused new requests (503 store_backlogged) until it caught up.")
    rows=$($PYTHON -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM request_log').fetchone()[0])" "$WORK/signalbox.db" 2>/dev/null || echo "?")
    NOTES+=("Request log after the Signalbox load runs: $rows rows.")
fi

# ---------------------------------------------------------------- stack floor
# What the fixed stack costs before any gateway feature, on the same upstream in the same run:
# Signalbox with no auth, no store (so no usage rows, request log or budgets) and no request record
# — still parsing the request, routing, the hop to the libcurl thread and back, the usage probe and
# the response headers — plus two C probes of the parts under it: libcurl alone as the client
# (sequential keep-alive POSTs) and one event loop ⇄ libcurl thread hand-off round trip.
if [ "$SB_OK" = 1 ] && [ "${BENCH_FLOOR:-1}" != 0 ]; then
    cat >"$WORK/signalbox-floor.yaml" <<EOF
server: { listen: 127.0.0.1:$PORT_SB_FLOOR, admin_listen: 127.0.0.1:$PORT_SB_FLOOR_ADMIN }
control: { recent_requests: 0 }
providers:
  - id: bench-upstream
    kind: openai-compatible
    base_url: http://127.0.0.1:$PORT_UPSTREAM/v1
    keys: [ { id: primary, secret: "sk-upstream-bench" } ]
    max_connections: 64
models:
  - name: bench-model
    targets: [ { provider: bench-upstream, model: bench-model } ]
EOF
    log "starting Signalbox stack floor :$PORT_SB_FLOOR (no auth, no store, no request record)"
    start signalbox-floor "$SIGNALBOX_BIN" serve --config "$WORK/signalbox-floor.yaml" --headless
    SBF_PID=$LAST_PID
    if wait_http signalbox-floor "$SBF_PID" "http://127.0.0.1:$PORT_SB_FLOOR/healthz" 20 &&
        probe signalbox-floor "http://127.0.0.1:$PORT_SB_FLOOR/v1/chat/completions"; then
        load signalbox-floor "http://127.0.0.1:$PORT_SB_FLOOR/v1/chat/completions"
    else
        NOTES+=("Signalbox stack floor did not start; not measured.")
    fi
    stop_pid "$SBF_PID"; forget_pid "$SBF_PID"
    CC=$(command -v cc || command -v clang || command -v gcc || true)
    if [ -n "$CC" ] && "$CC" -O2 -o "$WORK/floor" bench/floor.c -lcurl -lpthread 2>"$WORK/floor-build.log"; then
        log "libcurl alone as the client (c=1) and the thread hand-off round trip"
        { "$WORK/floor" curl "http://127.0.0.1:$PORT_UPSTREAM/v1/chat/completions" 20000 &&
            "$WORK/floor" hop 100000; } >"$WORK/floor.jsonl" || NOTES+=("stack floor probes failed")
    else
        NOTES+=("no C compiler or libcurl headers: the libcurl and hand-off probes were not measured.")
    fi
    # What SwiftNIO and Foundation reach on this machine without Signalbox: a proxy on NIOHTTP1
    # alone (upstream over pooled NIO connections on the same event loop), bare and with the two
    # JSONDecoder calls a gateway cannot skip (the request, the response's usage).
    log "building the SwiftNIO reference proxy (bench/nio-reference)"
    NIO_REF_BIN=$ROOT/.build-nio-reference/release/nio-reference-proxy
    if swift build -c release --package-path bench/nio-reference --scratch-path "$ROOT/.build-nio-reference" >"$WORK/nio-reference-build.log" 2>&1; then
        for variant in bare json; do
            port=$PORT_NIO_REF; flags=(); [ "$variant" = json ] && { port=$PORT_NIO_REF_JSON; flags=(--json); }
            start "nio-reference-$variant" "$NIO_REF_BIN" --listen "$port" --upstream "$PORT_UPSTREAM" "${flags[@]}"
            NR_PID=$LAST_PID
            if wait_http "nio-reference-$variant" "$NR_PID" "http://127.0.0.1:$port/v1/chat/completions" 20 200 "$CHAT_BODY"; then
                load "nio-reference-$variant" "http://127.0.0.1:$port/v1/chat/completions"
            else
                NOTES+=("the SwiftNIO reference proxy ($variant) did not start; not measured.")
            fi
            stop_pid "$NR_PID"; forget_pid "$NR_PID"
        done
    else
        NOTES+=("the SwiftNIO reference proxy did not build (see $WORK/nio-reference-build.log); not measured.")
    fi
fi

# ---------------------------------------------------------------- console attached
# The same gateway twice: headless, and with the console drawing in a tmux pane (a real TTY).
# Runs alternate so drift on the box hits both alike; the report compares medians.
if [ "$SB_OK" = 1 ] && [ "${BENCH_CONSOLE:-1}" != 0 ]; then
    if ! command -v tmux >/dev/null; then
        NOTES+=("tmux missing: console-attached throughput not measured.")
    else
        ROUNDS=${BENCH_CONSOLE_ROUNDS:-5}
        sb_config $PORT_SB_CONSOLE $PORT_SB_CONSOLE_ADMIN openai-compatible "http://127.0.0.1:$PORT_UPSTREAM/v1" sk-upstream-bench \
            "$WORK/signalbox.db" >"$WORK/signalbox-console.yaml"
        start signalbox "$SIGNALBOX_BIN" serve --config "$WORK/signalbox.yaml" --headless
        SB_PID=$LAST_PID
        tmux -L signalbox-bench new-session -d -s console -x 200 -y 50 \
            "cd '$WORK' && exec '$SIGNALBOX_BIN' serve --config '$WORK/signalbox-console.yaml' 2>'$WORK/signalbox-console.stderr'"
        SBC_PID=$(tmux -L signalbox-bench display-message -p -t console '#{pane_pid}')
        if wait_http signalbox "$SB_PID" "http://127.0.0.1:$PORT_SB/healthz" 20 &&
            wait_http signalbox-console "$SBC_PID" "http://127.0.0.1:$PORT_SB_CONSOLE/healthz" 20; then
            for round in $(seq 1 "$ROUNDS"); do
                for variant in headless attached; do
                    port=$PORT_SB; [ "$variant" = attached ] && port=$PORT_SB_CONSOLE
                    url="http://127.0.0.1:$port/v1/chat/completions"
                    log "wrk console-$variant round $round c=32"
                    timeout 60 wrk -t1 -c32 -d"$WARMUP" -s "$WORK/post.lua" "$url" >/dev/null
                    timeout 120 wrk -t1 -c32 -d"$DURATION" --latency -s "$WORK/post.lua" "$url" >"$WORK/console-$variant-r$round.txt"
                    grep -E 'Requests/sec' "$WORK/console-$variant-r$round.txt" | sed 's/^/    /' >&2 || true
                done
            done
            tmux -L signalbox-bench capture-pane -p -t console >"$WORK/console-screen.txt" 2>/dev/null || true
        else
            NOTES+=("console-attached run skipped: a gateway did not start (see $WORK/signalbox-console.stderr).")
        fi
        tmux -L signalbox-bench kill-server 2>/dev/null || true
        stop_pid "$SB_PID"; forget_pid "$SB_PID"
        log "console frame render: 200×60, 5,000 buffered requests"
        "$SIGNALBOX_BIN" console-render-bench --width 200 --height 60 --rows 5000 --frames 300 >"$WORK/console-render.json" ||
            NOTES+=("console render benchmark failed")
    fi
fi

# ---------------------------------------------------------------- request log search
# Issue: searches answer in < 100 ms on a 1,000,000-row log. Filled through the gateway's own
# insert path into a scratch file under $WORK, then every admin-API search shape is timed.
LOG_ROWS=${BENCH_LOG_ROWS:-1000000}
if [ "$SB_OK" = 1 ] && [ "$LOG_ROWS" -gt 0 ]; then
    log "request log: $LOG_ROWS rows, admin-API searches"
    "$SIGNALBOX_BIN" request-log-bench --rows "$LOG_ROWS" --runs 10 --path "$WORK/request-log-bench.db" >"$WORK/request-log.json" ||
        NOTES+=("request log benchmark failed")
    rm -f "$WORK/request-log-bench.db" "$WORK/request-log-bench.db-wal" "$WORK/request-log-bench.db-shm"
fi

# ---------------------------------------------------------------- semantic cache index
# Issue: lookup p50 ≤ 1 ms at 100,000 entries of 384 dimensions.
if [ "$SB_OK" = 1 ]; then
    log "semantic cache index: 100,000 × 384"
    "$SIGNALBOX_BIN" cache-bench --entries 100000 --dimensions 384 --queries 1000 >"$WORK/cache-bench.json" ||
        NOTES+=("semantic cache index benchmark failed or missed its target (see the check)")
fi

# ---------------------------------------------------------------- streaming
if [ "$SB_OK" = 1 ] && [ "$STREAMS" -gt 0 ]; then
    log "streaming: mock-provider :$PORT_MOCK (20 chunks × 500 ms), Signalbox :$PORT_SB_STREAM, $STREAMS streams"
    start mock-provider "$SIGNALBOX_BIN" mock-provider --listen "127.0.0.1:$PORT_MOCK" --api-key sk-mock-bench \
        --chunks 20 --chunk-delay-ms 500
    MOCK_PID=$LAST_PID
    # The mock speaks HTTP/1.1, so every open stream holds its own upstream connection: lift the
    # per-host cap (default 64) above the stream count, or streams queue and time out.
    sb_config $PORT_SB_STREAM $PORT_SB_STREAM_ADMIN openai "http://127.0.0.1:$PORT_MOCK/v1" sk-mock-bench \
        "$WORK/signalbox.db" $((MOST_STREAMS + 64)) >"$WORK/signalbox-stream.yaml"
    # A viewer token and a ring that keeps every timed stream: bench.py reads each stream's longest
    # chunk relay (the gateway's own measure) from GET /admin/v1/requests/{id}.
    STREAM_ADMIN_TOKEN=sb-bench-viewer-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
    cat >>"$WORK/signalbox-stream.yaml" <<EOF
admin:
  tokens:
    - { id: bench, role: viewer, secret: "$STREAM_ADMIN_TOKEN" }
control: { recent_requests: $((STREAMS + 100)) }
EOF
    start signalbox-stream "$SIGNALBOX_BIN" serve --config "$WORK/signalbox-stream.yaml" --headless
    SBS_PID=$LAST_PID
    if wait_http mock-provider "$MOCK_PID" "http://127.0.0.1:$PORT_MOCK/_mock/stats" 20 &&
        wait_http signalbox-stream "$SBS_PID" "http://127.0.0.1:$PORT_SB_STREAM/healthz" 20; then
        # Direct to the mock first: the reference for chunk timing on this box.
        $PYTHON bench/bench.py streams --url "http://127.0.0.1:$PORT_MOCK/v1/chat/completions" --n "$STREAMS" \
            --auth sk-mock-bench --out "$WORK/streams-direct.json" >&2 || NOTES+=("direct stream run failed")
        $PYTHON bench/bench.py streams --url "http://127.0.0.1:$PORT_SB_STREAM/v1/chat/completions" --n "$STREAMS" \
            --auth "$BENCH_KEY" --pid "$SBS_PID" --out "$WORK/streams.json" \
            --admin-url "http://127.0.0.1:$PORT_SB_STREAM_ADMIN" --admin-token "$STREAM_ADMIN_TOKEN" >&2 ||
            NOTES+=("Signalbox stream run failed")
        # Chunk timing above uses a count the Python client keeps up with (at 5,000 streams the
        # client itself falls hundreds of ms behind, direct or not); this run holds the BENCH
        # count open at once for the gateway's memory.
        if [ "$STREAMS_HOLD" -gt 0 ]; then
            $PYTHON bench/bench.py streams --url "http://127.0.0.1:$PORT_SB_STREAM/v1/chat/completions" --n "$STREAMS_HOLD" \
                --auth "$BENCH_KEY" --pid "$SBS_PID" --out "$WORK/streams-hold.json" >&2 || NOTES+=("Signalbox $STREAMS_HOLD-stream run failed")
        fi
    else
        NOTES+=("streaming run skipped: mock-provider or Signalbox did not start.")
    fi
    stop_pid "$SBS_PID"; forget_pid "$SBS_PID"
    stop_pid "$MOCK_PID"; forget_pid "$MOCK_PID"
fi

# ---------------------------------------------------------------- report
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$ROOT/bench/results"
notes_json=$(printf '%s\n' "${NOTES[@]+"${NOTES[@]}"}" | $PYTHON -c 'import json,sys; print(json.dumps([l.rstrip("\n") for l in sys.stdin if l.strip()]))')
cat >"$WORK/meta.json" <<EOF
{
  "date": "$(date -u +%Y-%m-%d)",
  "timestamp": "$STAMP",
  "cores": $(nproc),
  "kernel": "$(uname -r)",
  "duration": "$DURATION",
  "warmup": "$WARMUP",
  "concurrencies": "$CONNS",
  "nginx": "$($NGINX -v 2>&1 | sed 's/.*nginx\///')",
  "wrk": "$(wrk -v 2>&1 | head -1 | awk '{print $2}')",
  "litellm": "$LITELLM_VERSION",
  "signalbox_rev": "Signalbox $SB_REV",
  "notes": $notes_json
}
EOF
strict=(); [ "${BENCH_STRICT:-0}" = 1 ] && strict=(--strict)
$PYTHON bench/bench.py report --work "$WORK" --json "$ROOT/bench/results/$STAMP.json" \
    --md "$ROOT/bench/results/latest.md" "${strict[@]+"${strict[@]}"}"
log "results: bench/results/$STAMP.json, bench/results/latest.md"

#!/usr/bin/env bash
# CodeStream performance benchmarks. Writes BUILD/bench/results.md and BUILD/bench/results.json.
#
#   tests/bench/run.sh BUILD_DIR [--smoke] [--only fanout,connections,restart,editor,sync,gui]
#                     [--load js|native|js,native]
#
# BUILD_DIR holds bin/codestream-cli, bin/codestream, bench/bench_editor and bench/loadclient (a
# RelWithDebInfo or Release build gives meaningful numbers). --smoke: 20 watchers, 20 messages,
# small documents; fails only when a scenario cannot run or a message is lost.
# --load: the load generators of the fan-out and connections scenarios: `js` (npm
# socket.io-client in Node.js processes), `native` (bench/loadclient, tests/bench/loadclient.cpp),
# or both (the default when bench/loadclient is built, and always for --smoke, which then fails
# without it); the native results go to scenario-*-native.json.
#
# restart (tests/bench/restart.js, needs bench/loadclient): a writer and BENCH_RESTART_WATCHERS
# native watchers that reconnect and resync; the server is killed and started again on its port;
# prints the time until all are back and resynced and the deltas lost. Not part of --smoke.
#
# Environment (all optional):
#   BENCH_WATCHERS      fan-out sizes, comma-separated (default 100,1000,5000)
#   BENCH_MESSAGES      deltas per fan-out round (default 200), sent at BENCH_RATE Hz (default 20)
#   BENCH_CONNECTIONS   idle watchers of the connections scenario (default 10000)
#   BENCH_PER_PROCESS   client sockets per Node.js load process (default 1000)
#   BENCH_LOAD          default of --load
#   BENCH_RESTART_WATCHERS  watchers of the restart scenario (default 5000)
#   BENCH_THREADS       `codestream-cli serve --threads` of the embedded server (default: its own)
#   BENCH_NODE_SERVER   command of the Node.js comparison server (default: packaging/cluster/server.js,
#                       else tests/node/bench-node-server.js); must print "listening <port>"
#   CODESTREAM_NODE_MODULES  npm packages of the load clients (default BUILD/npm/node_modules)
#   CODESTREAM_BENCH_OUT     output folder (default BUILD/bench)
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ $# -lt 1 ]; then
    echo "usage: $0 BUILD_DIR [--smoke] [--only SCENARIOS]" >&2
    exit 2
fi
build=$(cd "$1" && pwd)
shift
smoke=0
only=fanout,connections,restart,editor,sync,gui
load=${BENCH_LOAD:-}
while [ $# -gt 0 ]; do
    case "$1" in
    --smoke) smoke=1 ;;
    --only) only=$2; shift ;;
    --load) load=$2; shift ;;
    *) echo "$0: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
wants() { [[ ",$only," == *",$1,"* ]]; }
log() { printf '[bench] %s\n' "$*" >&2; }

out=${CODESTREAM_BENCH_OUT:-$build/bench}
mkdir -p "$out"
# Results of scenarios not run this time (--only) are kept and reported again.
for scenario in ${only//,/ }; do
    rm -f "$out/scenario-$scenario.json" "$out/scenario-$scenario-native.json"
done
rm -f "$out"/results.md "$out"/results.json

first_dir() {
    local d
    for d in "$@"; do
        [ -d "$d" ] && { echo "$d"; return; }
    done
    echo "$1"
}
node_modules=${CODESTREAM_NODE_MODULES:-$(first_dir "$build/npm/node_modules" "$root/build/npm/node_modules")}
cluster_modules=$(first_dir "$build/cluster/node_modules" "$root/build/cluster/node_modules")
export NODE_PATH=$node_modules

# Tens of thousands of sockets: raise the descriptor limit for the servers and the clients.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

cli=$build/bin/codestream-cli
embedded_cmd="$cli serve --bind 127.0.0.1 --port 0${BENCH_THREADS:+ --threads $BENCH_THREADS}"
if [ -n "${BENCH_NODE_SERVER:-}" ]; then
    node_cmd=$BENCH_NODE_SERVER
elif [ -f "$root/packaging/cluster/server.js" ] && [ -d "$cluster_modules/socket.io" ]; then
    node_cmd="env NODE_PATH=$cluster_modules node $root/packaging/cluster/server.js --host 127.0.0.1 --port 0"
else
    node_cmd="node $root/tests/node/bench-node-server.js --port 0"
fi

if [ $smoke -eq 1 ]; then
    watchers=20 messages=20 connections=20 per_process=10
else
    watchers=${BENCH_WATCHERS:-100,1000,5000}
    messages=${BENCH_MESSAGES:-200}
    connections=${BENCH_CONNECTIONS:-10000}
    per_process=${BENCH_PER_PROCESS:-1000}
fi
rate=${BENCH_RATE:-20}
status=0

loadclient=$build/bench/loadclient
if [ -z "$load" ]; then
    if [ $smoke -eq 1 ] || [ -x "$loadclient" ]; then load=js,native; else load=js; fi
fi
loads() { [[ ",$load," == *",$1,"* ]]; }
if loads native && [ ! -x "$loadclient" ]; then
    log "native load: $loadclient is not built"
    status=1
    load=${load//native/}
fi
# Arguments of bench-fanout.js and the scenario file's suffix for each load generator.
load_runs=()
loads js && load_runs+=("js")
loads native && [ -x "$loadclient" ] && load_runs+=("native")
load_args() {
    if [ "$1" = native ]; then echo "--load native --loadclient $loadclient"; else echo "--load js"; fi
}
load_suffix() { [ "$1" = native ] && echo "-native"; }

for kind in "${load_runs[@]}"; do
    if wants fanout; then
        log "fan-out ($kind load): watchers $watchers, $messages messages at $rate Hz; node server: $node_cmd"
        # shellcheck disable=SC2046 # load_args prints a list of words
        node "$root/tests/node/bench-fanout.js" --mode fanout --watchers "$watchers" \
            --messages "$messages" --rate "$rate" --per-process "$per_process" $(load_args "$kind") \
            --server "embedded=$embedded_cmd" --server "node=$node_cmd" \
            --out "$out/scenario-fanout$(load_suffix "$kind").json" || status=1
    fi

    if wants connections; then
        log "connections ($kind load): $connections idle watchers"
        hold=5
        [ $smoke -eq 1 ] && hold=1
        # shellcheck disable=SC2046
        node "$root/tests/node/bench-fanout.js" --mode connections --watchers "$connections" \
            --per-process "$per_process" --hold "$hold" --concurrency 50 $(load_args "$kind") \
            --server "embedded=$embedded_cmd" --server "node=$node_cmd" \
            --out "$out/scenario-connections$(load_suffix "$kind").json" || status=1
    fi
done

# The floor the fan-out figures are measured against: one send() per socket and nothing else
# (bench_sendfloor), at the same sizes and rate, and batched through io_uring where it runs.
if wants fanout; then
    floor_json=$out/scenario-fanout-floor.json
    rm -f "$floor_json"
    if [ -x "$build/bench/bench_sendfloor" ]; then
        log "fan-out floor: one send() per socket, watchers $watchers, $messages messages at $rate Hz"
        floor_lines=()
        for n in ${watchers//,/ }; do
            for mode in send uring; do
                if line=$("$build/bench/bench_sendfloor" --watchers "$n" --messages "$messages" \
                    --rate "$rate" --mode "$mode" 2>&1); then
                    printf '%s\n' "$line" | head -1 >&2
                    floor_lines+=("$(printf '%s\n' "$line" | tail -1)")
                elif [ "$mode" = send ]; then
                    log "fan-out floor failed: $line"
                    status=1
                else
                    log "fan-out floor: io_uring not available here: $(printf '%s' "$line" | tail -1)"
                fi
            done
        done
        (IFS=,; printf '[%s]\n' "${floor_lines[*]}") >"$floor_json"
    else
        log "fan-out floor: $build/bench/bench_sendfloor is not built: skipped"
    fi
fi

if wants restart && [ $smoke -eq 0 ]; then
    if [ -x "$loadclient" ]; then
        restart_watchers=${BENCH_RESTART_WATCHERS:-5000}
        log "restart: $restart_watchers watchers reconnect and resync after a server restart"
        node "$root/tests/bench/restart.js" --build "$build" --watchers "$restart_watchers" \
            ${BENCH_THREADS:+--threads "$BENCH_THREADS"} --out "$out/scenario-restart.json" >&2 || status=1
    else
        log "restart: $loadclient is not built: skipped"
    fi
fi

if wants editor; then
    if [ -x "$build/bench/bench_editor" ]; then
        log "editor: per-edit cost"
        if [ $smoke -eq 1 ]; then
            editor_args=(--benchmark_filter='/10240$' --benchmark_min_time=0.01)
        else
            editor_args=(--benchmark_min_time=0.5)
        fi
        QT_QPA_PLATFORM=offscreen "$build/bench/bench_editor" "${editor_args[@]}" \
            --benchmark_out="$out/scenario-editor.json" --benchmark_out_format=json >&2 || status=1
    else
        log "editor: $build/bench/bench_editor is not built (needs libbenchmark-dev): skipped"
    fi
fi

if wants sync; then
    sync_mb=20
    [ $smoke -eq 1 ] && sync_mb=1
    if [ -x "$build/bench/bench_sync" ]; then
        log "sync: ${sync_mb} MB full sync"
        # Up to three attempts; the attempts that did not complete are reported with the result.
        failed_attempts=0
        for attempt in 1 2 3; do
            if "$build/bench/bench_sync" --server "$cli" --megabytes "$sync_mb" \
                --out "$out/scenario-sync.json" >&2; then
                break
            fi
            failed_attempts=$attempt
        done
        node -e 'const fs = require("fs"); const f = process.argv[1]; const r = JSON.parse(fs.readFileSync(f));
            r.failedAttempts = Number(process.argv[2]); fs.writeFileSync(f, JSON.stringify(r));' \
            "$out/scenario-sync.json" "$failed_attempts" || status=1
        [ "$failed_attempts" -lt 3 ] || status=1
    else
        log "sync: $build/bench/bench_sync is not built: skipped"
    fi
fi

if wants gui; then
    if [ -x "$build/bin/codestream" ]; then
        log "gui: start to first window, idle RSS"
        if [ $smoke -eq 1 ]; then gui_args=(1 1); else gui_args=(3 3); fi
        bash "$root/tests/bench/gui.sh" "$build" "$out/scenario-gui.json" "${gui_args[@]}" || status=1
    else
        log "gui: $build/bin/codestream is not built: skipped"
    fi
fi

report_args=()
if [ $smoke -eq 1 ]; then
    report_args+=(--smoke)
    loads native && report_args+=(--native)
fi
node "$root/tests/bench/report.js" "$out" "${report_args[@]}" || status=1
[ -f "$out/results.md" ] && cat "$out/results.md"
exit $status

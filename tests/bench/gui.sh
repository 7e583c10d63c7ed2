#!/usr/bin/env bash
# Desktop window benchmark under Xvfb: process start -> top-level window mapped (viewable), and the
# window's idle RSS IDLE_SECONDS (default 3) later, for a writer window (codestream FILE) and a watcher window
# (codestream --watch LINK on a room of a running embedded server).
#   gui.sh BUILD_DIR OUT.json [RUNS] [IDLE_SECONDS]
# The window is seen by polling `xdotool search --onlyvisible --pid` (about 5 ms per poll);
# Qt paints on the first Expose right after the map, so this is start to first paint within a
# few milliseconds.
set -uo pipefail

build=$1
out_file=$2
runs=${3:-3}
idle_seconds=${4:-3}
bin=$build/bin/codestream
cli=$build/bin/codestream-cli
work=$(mktemp -d)
pids=()

cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null
    done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# CPU time (user + system, ms) a process has used so far.
cpu_ms() { awk -v tck="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); print ($12 + $13) * 1000 / tck}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# Xvfb picks a free display itself and writes its number to the file once it accepts connections,
# so neither a display taken by another X server nor a slow start can make a window fail to open.
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
pids+=($!)
display=""
for _ in $(seq 400); do
    display=$(tr -dc '0-9' <"$work/display" 2>/dev/null)
    [ -n "$display" ] && grep -q $'\n' "$work/display" && break
    display=""
    sleep 0.05
done
if [ -z "$display" ]; then
    echo "gui.sh: Xvfb did not start within 20 s: $(tail -c 300 "$work/xvfb.log")" >&2
    printf '{"windows":[{"window":"writer","error":"Xvfb did not start"},{"window":"watcher","error":"Xvfb did not start"}]}\n' >"$out_file"
    exit 1
fi
export DISPLAY=":$display" QT_QPA_PLATFORM=xcb
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache
export XDG_RUNTIME_DIR=$work/runtime
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# A 1,000-line C++ file for the writer window.
for i in $(seq 1000); do
    printf 'int function%d(int value) { return value * %d + 1; } // line %d\n' "$i" "$i" "$i"
done >"$work/sample.cpp"

# An embedded server and a room for the watcher window.
watch_link=""
if [ -x "$cli" ]; then
    "$cli" serve --bind 127.0.0.1 --port 0 >"$work/serve.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 200); do
        port=$(grep -o 'listening:* *[a-z:/.0-9]*' "$work/serve.log" | grep -o '[0-9]*$' | head -1)
        [ -n "$port" ] && break
        sleep 0.05
    done
    if [ -n "${port:-}" ]; then
        room=$(curl -s "http://127.0.0.1:$port/negotiate" 2>/dev/null | grep -o '"room_id" *: *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')
        [ -n "$room" ] && watch_link="http://127.0.0.1:$port/#$room"
    fi
fi

# measure NAME ARGS...: prints "ms rss_kb" or "error MESSAGE"
measure() {
    local start pid elapsed=-1 rss cpu=0
    start=$(now_ms)
    "$bin" "$@" >"$work/gui.log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        if xdotool search --onlyvisible --pid "$pid" >/dev/null 2>&1; then
            elapsed=$(($(now_ms) - start))
            cpu=$(cpu_ms "$pid")
            break
        fi
        if [ $(($(now_ms) - start)) -gt 20000 ]; then
            break
        fi
    done
    if [ "$elapsed" -lt 0 ]; then
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        echo "error no window within 20 s: $(head -c 300 "$work/gui.log" | tr '\n"' ' _')"
        return
    fi
    sleep "$idle_seconds"
    rss=$(rss_kb "$pid")
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    echo "$elapsed $rss $cpu"
}

json_window() {
    local name=$1
    shift
    local times=() cpus=() rss=0 result error=""
    for _ in $(seq "$runs"); do
        result=$(measure "$@")
        if [[ $result == error* ]]; then
            error=${result#error }
            break
        fi
        read -r elapsed_ms rss cpu_used <<<"$result"
        times+=("$elapsed_ms")
        cpus+=("$cpu_used")
    done
    if [ -n "$error" ]; then
        printf '{"window":"%s","error":"%s"}' "$name" "$error"
        return
    fi
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '{"window":"%s","startToMappedMs":%s,"runsMs":[%s],"cpuToMappedMs":[%s],"idleRssKB":%s}' \
        "$name" "$median" "$(IFS=,; echo "${times[*]}")" "$(IFS=,; echo "${cpus[*]}")" "$rss"
}

writer=$(json_window writer "$work/sample.cpp")
if [ -n "$watch_link" ]; then
    watcher=$(json_window watcher --watch "$watch_link")
else
    watcher='{"window":"watcher","error":"no embedded server to watch"}'
fi
printf '{"windows":[%s,%s]}\n' "$writer" "$watcher" >"$out_file"
cat "$out_file" >&2

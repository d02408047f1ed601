#!/usr/bin/env bash
# Many clients at once (docs/benchmarks.md, "Many connections"): CLIENTS keep-alive connections each
# polling every INTERVAL seconds, as SDK clients waiting for their videos do, beside bench/poll.sh's
# 64-connection load, with bin/videorelay's defaults. Tomcat keeps socket buffers for every open
# connection; this shows whether the heap holds them next to a full poll cache. INTERVAL must stay
# under server.tomcat.keep-alive-timeout (20 s), or the gateway rightly closes the idle connections.
#
#   bench/connections.sh                     # 8,000 clients (Tomcat's limit is 8,192), 100k tasks
#   CLIENTS=4000 bench/connections.sh
#   GATEWAY_JAR=/tmp/main.jar JAVA_OPTS="-Xmx256m -XX:+UseSerialGC" bench/connections.sh   # another build
#
# Same-run baseline: the 64-connection load's polls/s before the clients connect, then again while
# they poll. Prints the clients' failed polls, the heap's live set after a full collection, and RSS.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=lib/common.sh
. bench/lib/common.sh
TASKS="${TASKS:-100000}"
CLIENTS="${CLIENTS:-8000}"
INTERVAL="${INTERVAL:-10}"  # seconds between one client's polls
WARMUP="${WARMUP:-60}"      # seconds of the 64-connection load first: the JIT warms, the poll cache fills
DURATION="${DURATION:-20}"  # seconds of the 64-connection load, before and while the clients poll
PORT="${PORT:-18084}"

ensure_wrk
ensure_built
[ "$(ulimit -n)" -gt $((CLIENTS + 1000)) ] || ulimit -n $((CLIENTS + 1000)) \
  || { echo "open-file limit $(ulimit -n) is too low for $CLIENTS clients" >&2; exit 1; }
fresh_database
export VIDEORELAY_LIMITS_POLLSPERSECOND=1000000000
gateway_command migrate >/dev/null 2>&1
key="$(gateway_command keys create --project bench 2>/dev/null | tail -n 1)"
insert_tasks "$TASKS" bench >/dev/null
ids="$(mktemp)"; clients_out="$(mktemp)"
psql -At -h "$PGHOST" -U "$PGUSER" -d "$DB" -c "select id from videorelay.video_tasks" > "$ids"
mkdir -p bench/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="bench/results/connections-$stamp.txt"
start_gateway "bench/results/connections-$stamp.server.log" --server.port="$PORT"
trap 'stop_gateway; kill "${holder:-}" 2>/dev/null || true; rm -f "$ids" "$clients_out"' EXIT
wait_ready "$PORT" 600
load() { wrk -t2 -c64 -d"$1s" -H "Authorization: Bearer $key" -s bench/poll.lua "http://127.0.0.1:$PORT" -- "$ids"; }
rps() { awk '/Requests\/sec/ {print int($2)}'; }
load "$WARMUP" >/dev/null
before="$(load "$DURATION" | rps)"
rss_before="$(rss_mib "$gateway_pid")"
python3 bench/connections.py "$CLIENTS" "$PORT" "$key" "$ids" $((DURATION + 2 * INTERVAL)) "$INTERVAL" > "$clients_out" &
holder=$!
until grep -q '^open' "$clients_out"; do kill -0 "$holder" 2>/dev/null || break; sleep 1; done
during="$(load "$DURATION" | rps || true)"
alive() { kill -0 "$gateway_pid" 2>/dev/null; }
open="$(ss -Htn state established "( sport = :$PORT )" | wc -l)"
rss_during="$(rss_mib "$gateway_pid" 2>/dev/null || echo '-')"
jcmd="$(dirname "$(java25)")/jcmd"
heap="-"
if alive; then
  "$jcmd" "$gateway_pid" GC.run >/dev/null # what stays on the heap is the live set
  heap="$("$(dirname "$jcmd")/jstat" -gc "$gateway_pid" | awk 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i}
    NR == 2 {printf "%.0f MiB used of %.0f MiB", ($c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]) / 1024,
      ($c["S0C"] + $c["S1C"] + $c["EC"] + $c["OC"]) / 1024}')"
fi
wait "$holder" || true
{
  echo "VideoRelay many-connections benchmark, $stamp ($(nproc) cores; build: $(build_label))"
  echo "java options: $(java_options "$gateway_pid")"
  echo "$CLIENTS clients polling every ${INTERVAL}s over keep-alive connections, beside 64 connections polling flat out"
  echo "64-connection load: $before polls/s before the clients (baseline), ${during:-0} polls/s while they poll"
  echo "connections open at the gateway while measured: $open"
  echo "the clients' polls:"; sed 's/^/  /' "$clients_out"
  echo "heap after a full collection: $heap"
  echo "RSS: $rss_before MiB before the clients, $rss_during MiB while they poll"
  alive || echo "THE GATEWAY EXITED: $(grep -m1 -E 'Terminating|OutOfMemory' "bench/results/connections-$stamp.server.log" || echo 'see the server log')"
} | tee "$out"

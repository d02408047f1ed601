#!/usr/bin/env bash
# Target 3 (docs/benchmarks.md): the gateway's resident memory after 5 minutes of the poll load, with
# bin/videorelay's defaults (heap and code cache limits, AOT cache). Same data and load as
# bench/poll.sh: 100k tasks, 64 connections, random ids, a real key.
#
#   bench/memory.sh                          # 300 s of load
#   DURATION=600 bench/memory.sh
#   GATEWAY_JAR=/tmp/main.jar bench/memory.sh # another build with java's own defaults (before/after)
#   IMAGE=videorelay:local bench/memory.sh  # the Docker image, as docker-compose.yml runs it
#
# Prints RSS once started (idle, the same-run baseline), every 30 s under load, and at the end, and
# with NMT=1 the JVM's own account of its memory (NMT summary) at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=lib/common.sh
. bench/lib/common.sh
TASKS="${TASKS:-100000}"
CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-300}"
PORT="${PORT:-18083}"

ensure_wrk
ensure_built
fresh_database
export VIDEORELAY_LIMITS_POLLSPERSECOND=1000000000
gateway_command migrate >/dev/null 2>&1
key="$(gateway_command keys create --project bench 2>/dev/null | tail -n 1)"
insert_tasks "$TASKS" bench >/dev/null
ids="$(mktemp)"
psql -At -h "$PGHOST" -U "$PGUSER" -d "$DB" -c "select id from videorelay.video_tasks" > "$ids"
mkdir -p bench/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="bench/results/memory-$stamp.txt"
# NMT=1 adds the JVM's native memory summary (another JVM option: bin/videorelay trains another AOT cache).
[ "${NMT:-0}" = 1 ] && export JAVA_OPTS="${JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
start_gateway "bench/results/memory-$stamp.server.log" --server.port="$PORT"
trap 'stop_gateway; rm -f "$ids"' EXIT
wait_ready "$PORT" 600
sleep 5
idle="$(rss_mib "$gateway_pid")"
{
  echo "VideoRelay memory benchmark, $stamp ($(nproc) cores; build: $(build_label))"
  echo "java options: $(java_options "$gateway_pid")"
  echo "RSS idle after start (baseline): $idle MiB"
} | tee "$out"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "Authorization: Bearer $key" -s bench/poll.lua \
  "http://127.0.0.1:$PORT" -- "$ids" > "bench/results/memory-$stamp.wrk.txt" &
load=$!
max="$idle"
for t in $(seq 30 30 "$DURATION"); do
  sleep 30
  r="$(rss_mib "$gateway_pid")"; [ "$r" -gt "$max" ] && max="$r"
  echo "  after ${t}s of load: RSS $r MiB" | tee -a "$out"
done
wait "$load" || true
end="$(rss_mib "$gateway_pid")"
{
  echo "load: $(awk '/Requests\/sec/ {print $2 " polls/s"}' "bench/results/memory-$stamp.wrk.txt"), $(awk '/Non-2xx/ {print $5 " non-2xx"}' "bench/results/memory-$stamp.wrk.txt")"
  echo "RSS after ${DURATION}s of load: $end MiB (max seen $max MiB; idle $idle MiB; target <= 512 MB = 488 MiB)"
  echo "--- NMT summary (committed)"
  "$(dirname "$(java25)")/jcmd" "$gateway_pid" VM.native_memory summary 2>/dev/null \
    | grep -E '^(Total|-  *(Java Heap|Class|Thread|Code|GC|Compiler|Internal|Other|Symbol|Metaspace|Shared class space|Arena Chunk))' || true
} | tee -a "$out"

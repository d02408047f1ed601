#!/usr/bin/env bash
# Benchmarks the status poll (GET /v1/videos/{video_id}), the gateway's hot path, on this machine.
#
#   bench/poll-benchmark.sh            # defaults below
#   TASKS=100000 CONNECTIONS=128 DURATION=60s bench/poll-benchmark.sh
#   EXTRA_ARGS="--management.observations.enable.http.server.requests=true" bench/poll-benchmark.sh
#
# It builds and starts the gateway (bin/videorelay) against a fresh database videorelay_bench on the
# local PostgreSQL, mints a key, inserts TASKS tasks, warms up, then runs wrk against random known
# ids, an unknown id and a bad key. Load generator, gateway and PostgreSQL share the machine, so the
# figures are a floor for the gateway alone. Results go to bench/results/ and standard output.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

TASKS="${TASKS:-10000}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-15s}"
PORT="${PORT:-18080}"
PGHOST="${PGHOST:-127.0.0.1}"
PGUSER="${PGUSER:-postgres}"
DB=videorelay_bench
HEAP="${HEAP:-512m}"
EXTRA_ARGS="${EXTRA_ARGS:-}" # more --settings for the gateway, to compare configurations

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)..." >&2
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
fi

psql -q -h "$PGHOST" -U "$PGUSER" -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
export SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:5432/$DB"
export SPRING_DATASOURCE_USERNAME="$PGUSER"
export VIDEORELAY_SIMULATOR=off # the poll path only; bin/videorelay would otherwise start the simulator
# One key polls as fast as wrk can: lift the project's poll limit (the check itself still runs).
export VIDEORELAY_LIMITS_POLLSPERSECOND=1000000000

bin/videorelay migrate >/dev/null 2>&1 # admin commands do not migrate by themselves
key="$(bin/videorelay keys create --project bench 2>/dev/null)"
psql -q -h "$PGHOST" -U "$PGUSER" -d "$DB" <<SQL
insert into videorelay.video_tasks (id, project_id, model, status, progress, prompt, completed_at, expires_at,
                                    error_code, error_message)
select 'video_' || md5(i::text),
       (select id from videorelay.projects where name = 'bench'),
       'sora-2',
       (array['queued','in_progress','completed','failed','cancelled'])[1 + i % 5],
       (i * 7) % 101,
       'A calico cat playing a piano on stage, take ' || i,
       case when i % 5 = 2 then now() end,
       case when i % 5 = 2 then now() + interval '1 day' end,
       case when i % 5 = 3 then 'content_policy_violation' end,
       case when i % 5 = 3 then 'Content policy violation' end
  from generate_series(1, $TASKS) as i;
analyze videorelay.video_tasks;
SQL
ids="$(mktemp)"
psql -At -h "$PGHOST" -U "$PGUSER" -d "$DB" -c "select id from videorelay.video_tasks" > "$ids"

mkdir -p bench/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="bench/results/poll-$stamp.txt"
server_log="bench/results/poll-$stamp.server.log"

# shellcheck disable=SC2086 # EXTRA_ARGS is a list of arguments on purpose
JAVA_OPTS="-Xms$HEAP -Xmx$HEAP" bin/videorelay --server.port="$PORT" $EXTRA_ARGS > "$server_log" 2>&1 &
launcher=$!
trap 'kill $launcher 2>/dev/null || true; rm -f "$ids"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 0.5
done
server_pid="$(pgrep -f -- "--server.port=$PORT" | head -n 1)"

run() { # name, wrk arguments...
  local name="$1"; shift
  echo "== $name" | tee -a "$out"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | tee -a "$out"
}

{
  echo "VideoRelay poll benchmark, $stamp"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr)"
  echo "java: $(ls -l /proc/"$server_pid"/exe 2>/dev/null | awk '{print $NF}'), heap $HEAP, virtual threads"
  echo "postgres: $(psql -At -h "$PGHOST" -U "$PGUSER" -d postgres -c 'show server_version')"
  echo "tasks: $TASKS, wrk: $THREADS threads, $CONNECTIONS connections, $DURATION"
  echo "gateway arguments: ${EXTRA_ARGS:-(none)}"
} | tee "$out"

echo "warming up for $WARMUP..." >&2
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: Bearer $key" -s bench/poll.lua \
  "http://127.0.0.1:$PORT" -- "$ids" >/dev/null

run "poll: known ids at random (200)" -H "Authorization: Bearer $key" -s bench/poll.lua \
  "http://127.0.0.1:$PORT" -- "$ids"
run "poll: unknown id (404)" -H "Authorization: Bearer $key" \
  "http://127.0.0.1:$PORT/v1/videos/video_00000000000000000000000000000000"
run "poll: bad key (401, cached negative lookup)" -H "Authorization: Bearer sk-vr-not-a-real-key-000000000000" \
  "http://127.0.0.1:$PORT/v1/videos/video_00000000000000000000000000000000"

{
  echo "== gateway process after the runs"
  grep -E 'VmRSS|VmHWM|Threads' "/proc/$server_pid/status"
} | tee -a "$out"
echo "results: $out" >&2

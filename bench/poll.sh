#!/usr/bin/env bash
# Targets 1 and 2 (docs/benchmarks.md): status-poll throughput against PostgreSQL's own prepared
# point select on the same table, and the poll's tail, in one run.
#
#   bench/poll.sh                                   # 100k tasks, 64 connections, 3 x 10 s each side
#   DURATION=20 ROUNDS=5 bench/poll.sh
#   GATEWAY_JAR=/tmp/main.jar bench/poll.sh          # another build, same script
#   BEFORE_JAR=/tmp/main.jar bench/poll.sh           # also that build, started beside this one (java's
#                                                    # defaults, as main's bin/videorelay ran it), measured
#                                                    # in every round too: before/after in one run
#   BEFORE_JAVA_OPTS="-Xmx256m -XX:+UseSerialGC" ...  # the JVM options the before build runs with
#
# Fresh database videorelay_bench; TASKS tasks in five statuses; a real key minted by the admin
# command; the gateway started by bin/videorelay with its defaults (the simulator off, the project's
# poll limit lifted so the check runs but never refuses). Then, one after the other, on the same
# machine: pgbench -M prepared running the gateway's own poll statement on random ids (64 clients),
# and wrk polling random ids with the key (64 connections). Prints both, the ratio, p50/p99 and the
# count of non-2xx answers. Load generator, gateway and PostgreSQL share the machine in both halves.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=lib/common.sh
. bench/lib/common.sh

TASKS="${TASKS:-100000}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
DURATION="${DURATION:-10}"  # seconds, each side and round
ROUNDS="${ROUNDS:-3}"
WARMUP="${WARMUP:-90}"  # seconds; after 45 s of warm-up the rounds were still climbing (10.5k -> 17.5k polls/s)
PORT="${PORT:-18080}"
EXTRA_ARGS="${EXTRA_ARGS:-}"

ensure_wrk
ensure_built
fresh_database
export VIDEORELAY_LIMITS_POLLSPERSECOND=1000000000
gateway_command migrate >/dev/null 2>&1
key="$(gateway_command keys create --project bench 2>/dev/null | tail -n 1)"
insert_tasks "$TASKS" bench >/dev/null
project="$(psql -At -h "$PGHOST" -U "$PGUSER" -d "$DB" -c "select id from videorelay.projects where name = 'bench'")"
ids="$(mktemp)"; sql="$(mktemp)"; pglog="$(mktemp -u)"
psql -At -h "$PGHOST" -U "$PGUSER" -d "$DB" -c "select id from videorelay.video_tasks" > "$ids"
# The statement the gateway's poll runs on a miss (VideoTaskRepository.FIND_FOR_PROJECT).
cat > "$sql" <<SQL
\set i random(1, $TASKS)
select id, model, status, progress, floor(extract(epoch from created_at))::bigint as created_at,
       floor(extract(epoch from completed_at))::bigint as completed_at, floor(extract(epoch from expires_at))::bigint as expires_at,
       prompt, seconds, size, remixed_from_video_id, error_code, error_message,
       case when status not in ('queued', 'in_progress') then null when next_sync_at is null then 5000
            else greatest(1000, ceil(extract(epoch from next_sync_at - now()) * 1000))::bigint end as poll_after_ms
  from videorelay.video_tasks
 where id = 'video_' || md5(:i::text) and project_id = $project
   and deleted_at is null and submission_state in ('not_relayed', 'accepted', 'unconfirmed');
SQL

mkdir -p bench/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="bench/results/poll-$stamp.txt"
log="bench/results/poll-$stamp.server.log"
# shellcheck disable=SC2086
# With BEFORE_JAR, two gateways' idle pools (20 each by default) and pgbench's 64 clients may not fit
# under PostgreSQL's max_connections: both get the same smaller pool (polls are cache hits or one query).
[ -n "${BEFORE_JAR:-}" ] && EXTRA_ARGS="--spring.datasource.hikari.maximum-pool-size=8 $EXTRA_ARGS"
start_gateway "$log" --server.port="$PORT" $EXTRA_ARGS
trap 'stop_gateway; rm -f "$ids" "$sql" "$pglog".*' EXIT
wait_ready "$PORT" 600
if [ -n "${BEFORE_JAR:-}" ]; then
  # shellcheck disable=SC2086
  "$(java25)" ${BEFORE_JAVA_OPTS:-} -jar "$BEFORE_JAR" --server.port=$((PORT + 1)) $EXTRA_ARGS > "bench/results/poll-$stamp.before.log" 2>&1 &
  before_pid=$!
  trap 'stop_gateway; kill $before_pid 2>/dev/null || true; rm -f "$ids" "$sql" "$pglog".*' EXIT
  until curl -fs -o /dev/null "http://127.0.0.1:$((PORT + 1))/actuator/health/readiness"; do sleep 0.2; done
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $key" -s bench/poll.lua \
    "http://127.0.0.1:$((PORT + 1))" -- "$ids" >/dev/null
fi

wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $key" -s bench/poll.lua \
  "http://127.0.0.1:$PORT" -- "$ids" >/dev/null
# Alternating rounds, so that other load on the machine weighs on both sides alike.
pg_total=0; wrk_total=0; p50s=(); p99s=(); pg_p50s=(); pg_p99s=(); non2xx=0; errors=""; rounds=""; b_total=0; b_p50s=(); b_p99s=(); b_non2xx=0
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) print v/1000; else if (v ~ /ms$/) print v+0; else print v*1000 }'; }
polls=0; young_before="$(young_kib "$gateway_pid" || true)"
for round in $(seq 1 "$ROUNDS"); do
  rm -f "$pglog".*
  pg="$(pgbench -n -M prepared -h "$PGHOST" -U "$PGUSER" -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -f "$sql" \
    -l --log-prefix="$pglog" "$DB" 2>&1)" \
    || { echo "pgbench failed (max_connections?):" >&2; echo "$pg" | tail -5 >&2; exit 1; }
  pg_tps="$(echo "$pg" | awk '/^tps/ {print int($3); exit}')"
  # pgbench's own tail from its per-transaction log (third field: latency in microseconds); the log
  # costs pgbench one buffered line per transaction.
  read -r pg_p50 pg_p99 < <(cat "$pglog".* | awk '{print $3}' | sort -n | awk '{a[NR]=$1}
    END {printf "%.3f %.3f\n", a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000}')
  pg_p50s+=("$pg_p50"); pg_p99s+=("$pg_p99")
  w="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $key" -s bench/poll.lua \
    "http://127.0.0.1:$PORT" -- "$ids")"
  rps="$(echo "$w" | awk '/Requests\/sec/ {print int($2)}')"
  polls=$((polls + $(echo "$w" | awk '/requests in/ {print $1}')))
  p50="$(to_ms "$(echo "$w" | awk '$1 == "50%" {print $2}')")"; p99="$(to_ms "$(echo "$w" | awk '$1 == "99%" {print $2}')")"
  p50s+=("$p50"); p99s+=("$p99")
  n="$(echo "$w" | awk '/Non-2xx/ {print $5}')"; non2xx=$((non2xx + ${n:-0}))
  errors+="$(echo "$w" | awk '/Socket errors/ {print}')"
  pg_total=$((pg_total + pg_tps)); wrk_total=$((wrk_total + rps))
  rounds+="$(printf 'round %d: pgbench %6d tps, p50 %s ms, p99 %s ms | gateway %6d req/s, p50 %s ms, p99 %s ms' "$round" "$pg_tps" "$pg_p50" "$pg_p99" "$rps" "$p50" "$p99")"$'\n'
  if [ -n "${BEFORE_JAR:-}" ]; then
    b="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $key" -s bench/poll.lua \
      "http://127.0.0.1:$((PORT + 1))" -- "$ids")"
    b_rps="$(echo "$b" | awk '/Requests\/sec/ {print int($2)}')"
    b_p50s+=("$(to_ms "$(echo "$b" | awk '$1 == "50%" {print $2}')")"); b_p99s+=("$(to_ms "$(echo "$b" | awk '$1 == "99%" {print $2}')")")
    bn="$(echo "$b" | awk '/Non-2xx/ {print $5}')"; b_non2xx=$((b_non2xx + ${bn:-0}))
    b_total=$((b_total + b_rps))
    rounds+="$(printf '         before (%s): %6d req/s, p50 %s ms, p99 %s ms' "$(basename "$BEFORE_JAR")" "$b_rps" "${b_p50s[-1]}" "${b_p99s[-1]}")"$'\n'
  fi
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
pg_tps=$((pg_total / ROUNDS)); rps=$((wrk_total / ROUNDS)); p50="$(median "${p50s[@]}")"; p99="$(median "${p99s[@]}")"
{
  echo "VideoRelay poll benchmark, $stamp ($(nproc) cores; build: $(build_label))"
  echo "tasks $TASKS, $CONNECTIONS connections, $ROUNDS rounds of ${DURATION}s each side, gateway args: ${EXTRA_ARGS:-(defaults)}"
  printf '%s' "$rounds"
  printf '%-44s %10s\n' "pgbench -M prepared, the poll's statement" "$pg_tps tps"
  printf '%-44s %10s\n' "gateway GET /v1/videos/{id}, real key" "$rps req/s"
  printf '%-44s %10s   (target >= 0.5)\n' "ratio gateway / pgbench" "$(awk -v a="$rps" -v b="$pg_tps" 'BEGIN {printf "%.2f", a/b}')"
  printf '%-44s %s ms / %s ms = %.1fx   (target <= 4)\n' "poll p50 / p99 (median of rounds)" "$p50" "$p99" "$(awk -v a="$p99" -v b="$p50" 'BEGIN {print a/b}')"
  pg50="$(median "${pg_p50s[@]}")"; pg99="$(median "${pg_p99s[@]}")"
  printf '%-44s %s ms / %s ms = %.1fx   (same-run baseline)\n' "pgbench p50 / p99 (median of rounds)" "$pg50" "$pg99" \
    "$(awk -v a="$pg99" -v b="$pg50" 'BEGIN {print a/b}')"
  printf '%-44s %s   (target 0) %s\n' "non-2xx answers" "$non2xx" "$errors"
  if [ -n "${BEFORE_JAR:-}" ]; then
    b_rps=$((b_total / ROUNDS)); b50="$(median "${b_p50s[@]}")"; b99="$(median "${b_p99s[@]}")"
    printf '%-44s %s req/s = %.2fx pgbench; p50 %s ms / p99 %s ms = %.1fx; %s non-2xx\n' "before ($(basename "$BEFORE_JAR"))" \
      "$b_rps" "$(awk -v a="$b_rps" -v b="$pg_tps" 'BEGIN {print a/b}')" "$b50" "$b99" "$(awk -v a="$b99" -v b="$b50" 'BEGIN {print a/b}')" "$b_non2xx"
  fi
  echo "gateway RSS after the run: $(rss_mib "$gateway_pid") MiB"
  # With BEFORE_JAR, pgbench and the other gateway's rounds run in between: this gateway idles then.
  young_after="$(young_kib "$gateway_pid" || true)"
  if [ -n "$young_before" ] && [ -n "$young_after" ] && [ "$polls" -gt 0 ]; then
    echo "gateway heap allocated per poll: ~$(( (young_after - young_before) * 1024 / polls )) bytes (young generation, over the rounds)"
  fi
  echo "--- last round's wrk"; echo "$w"
} | tee "$out"

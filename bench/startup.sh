#!/usr/bin/env bash
# Target 4 (docs/benchmarks.md): seconds from starting bin/videorelay to readiness UP
# (/actuator/health/readiness answering 200), with and without the AOT cache, same run.
#
#   bench/startup.sh            # 3 starts each way, up-to-date schema
#   STARTS=5 bench/startup.sh
#
# The cache is trained first (bin/videorelay does it on the first server start of a build, untimed
# here). Then the starts alternate: VIDEORELAY_AOT_CACHE=off, then with the cache, STARTS times, and
# the median of each is printed. Readiness is polled every 20 ms; time counts from the launch.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=lib/common.sh
. bench/lib/common.sh
STARTS="${STARTS:-3}"
PORT="${PORT:-18082}"

ensure_built
fresh_database
gateway_command migrate >/dev/null 2>&1
mkdir -p bench/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="bench/results/startup-$stamp.txt"
trap 'stop_gateway' EXIT

rm -f target/run/videorelay*.aot
t0="$(date +%s.%N)"
start_gateway "bench/results/startup-$stamp.training.log" --server.port="$PORT"
wait_ready "$PORT" 600
train="$(echo "$(date +%s.%N) - $t0" | bc)"
stop_gateway
ls target/run/videorelay*.aot >/dev/null 2>&1 || { echo "no AOT cache was made: see target/run/aot-training.log" >&2; exit 1; }

one_start() { # prints seconds to readiness
  local t0 t1
  t0="$(date +%s.%N)"
  start_gateway "bench/results/startup-$stamp.$1.log" --server.port="$PORT"
  wait_ready "$PORT" 300
  t1="$(date +%s.%N)"
  stop_gateway
  echo "$t1 - $t0" | bc
}
without=(); with=()
for i in $(seq 1 "$STARTS"); do
  without+=("$(VIDEORELAY_AOT_CACHE=off one_start "off-$i")")
  with+=("$(one_start "aot-$i")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m0="$(median "${without[@]}")"; m1="$(median "${with[@]}")"
{
  echo "VideoRelay startup benchmark, $stamp ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "bin/videorelay defaults, up-to-date schema, readiness polled every 20 ms"
  echo "first start of the build (trains the cache, then starts with it): ${train} s"
  printf 'without AOT cache: %s   median %.2f s\n' "${without[*]}" "$m0"
  printf 'with AOT cache:    %s   median %.2f s   (target <= 3 s)\n' "${with[*]}" "$m1"
  printf 'ratio with / without: %.2f\n' "$(echo "$m1 / $m0" | bc -l)"
  grep -h "Started VideoRelayApplication" bench/results/startup-"$stamp".*.log | sed 's/.*Started/Started/' || true
} | tee "$out"

#!/usr/bin/env bash
# Target 4 (docs/benchmarks.md): seconds from starting bin/videorelay to readiness UP
# (/actuator/health/readiness answering 200), three ways in the same run: the defaults (Java's AOT
# cache plus the context Spring AOT prepared at build time), the AOT cache alone, and neither.
#
#   bench/startup.sh                          # 3 starts each way, up-to-date schema
#   STARTS=5 bench/startup.sh
#   IMAGE=videorelay:local bench/startup.sh   # the Docker image, from docker run to readiness
#
# Each cache is trained first (bin/videorelay does it on the first server start of a build; timed
# separately). Then the starts interleave the three ways, STARTS times, and the median of each is
# printed. Readiness is polled every 20 ms; time counts from the launch of bin/videorelay.
# With IMAGE: the image's own cache, made when it was built (its training run uses the ordinary
# context, as there is no database then), serves the first two ways; time counts from `docker run`,
# so it includes creating the container.
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

# Three ways, each trained first (untimed but reported): the defaults (Java's AOT cache and the context
# Spring AOT prepared at build time), the AOT cache alone (-Dspring.aot.enabled=false, its own cache),
# and neither.
ONLY_CACHE="-Dspring.aot.enabled=false"
train() { # $1 label, JAVA_OPTS from the caller
  local t0
  t0="$(date +%s.%N)"
  start_gateway "bench/results/startup-$stamp.training-$1.log" --server.port="$PORT"
  wait_ready "$PORT" 600
  echo "$(date +%s.%N) - $t0" | bc
  stop_gateway
}
if [ -n "$IMAGE" ]; then
  trained="the image's AOT cache was made when it was built: $(docker run --rm --entrypoint=stat "$IMAGE" -c %s videorelay.aot \
    | awk '{printf "%.0f MB", $1 / 1e6}')"
else
  rm -f target/run/videorelay*.aot
  train_default="$(train default)"
  train_cache="$(JAVA_OPTS="$ONLY_CACHE" train cache)"
  [ "$(ls target/run/videorelay*.aot 2>/dev/null | wc -l)" = 2 ] || { echo "no AOT cache was made: see target/run/aot-training.log" >&2; exit 1; }
  trained="first start of the build (trains the cache, then starts with it): ${train_default} s; cache alone: ${train_cache} s"
fi

one_start() { # prints seconds to readiness
  local t0 t1
  t0="$(date +%s.%N)"
  start_gateway "bench/results/startup-$stamp.$1.log" --server.port="$PORT"
  wait_ready "$PORT" 300
  t1="$(date +%s.%N)"
  stop_gateway
  echo "$t1 - $t0" | bc
}
neither=(); cache=(); both=()
for i in $(seq 1 "$STARTS"); do
  neither+=("$(VIDEORELAY_AOT_CACHE=off JAVA_OPTS="$ONLY_CACHE" one_start "neither-$i")")
  cache+=("$(JAVA_OPTS="$ONLY_CACHE" one_start "cache-$i")")
  both+=("$(one_start "default-$i")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m0="$(median "${neither[@]}")"; m1="$(median "${cache[@]}")"; m2="$(median "${both[@]}")"
{
  echo "VideoRelay startup benchmark, $stamp ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "$(build_label), up-to-date schema, readiness polled every 20 ms; starts interleaved, median of $STARTS"
  echo "$trained"
  printf 'neither (no AOT cache, ordinary context): %s   median %.2f s\n' "${neither[*]}" "$m0"
  printf 'AOT cache alone:                          %s   median %.2f s\n' "${cache[*]}" "$m1"
  printf 'defaults (AOT cache + prepared context):  %s   median %.2f s   (target <= 3 s)\n' "${both[*]}" "$m2"
  printf 'defaults / neither: %.2f   defaults / cache alone: %.2f\n' "$(echo "$m2 / $m0" | bc -l)" "$(echo "$m2 / $m1" | bc -l)"
  for mode in neither cache default; do
    printf '%-8s ' "$mode"; grep -h "Started VideoRelayApplication" bench/results/startup-"$stamp".$mode-*.log | sed 's/.*Started VideoRelayApplication in \([0-9.]*\) seconds (process running for \([0-9.]*\))/\1|\2/' | tr '\n' ' '; echo "(context s|JVM s)"
  done
} | tee "$out"

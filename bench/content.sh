#!/usr/bin/env bash
# Target 6 (docs/benchmarks.md): GET /v1/videos/{id}/content streams at >= 90 % of the rate of fetching
# the same bytes directly from the upstream, and 16 concurrent downloads raise the gateway's RSS by
# less than 64 MB. The upstream is bench/fake-upstream (a separate process, "openai" kind) serving
# SIZE_MB of content per video.
#
#   bench/content.sh                 # 200 MB, 3 alternating rounds, then 16 at once
#   ROUNDS=5 CONCURRENT=32 bench/content.sh
#   UPSTREAM_MBPS=200 bench/content.sh   # the fake upstream paces each download to 200 MB/s
#
# Same-run baseline: curl fetching the fake upstream's content URL directly, alternating with curl
# fetching it through the gateway; medians of the rounds. Unpaced (the default), both sides run as fast
# as the cores allow, and the gateway receives and sends every byte again on the same cores as the fake
# and curl: the CPU seconds each process spent per GB are printed, to show what bounds the rate. A
# third side, in the same rounds, is socat relaying the upstream's TCP stream with 64 KB copies and no
# HTTP at all: what the cheapest user-space relay reaches on the same cores.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
DB="${DB:-videorelay_bench_content}"
# shellcheck source=lib/common.sh
. bench/lib/common.sh
SIZE_MB="${SIZE_MB:-200}"
ROUNDS="${ROUNDS:-3}"
CONCURRENT="${CONCURRENT:-16}"
PORT="${PORT:-18085}"
SOCAT_PORT="${SOCAT_PORT:-18192}"
FAKE_PORT="${FAKE_PORT:-18191}"
UPSTREAM_MBPS="${UPSTREAM_MBPS:-0}"

ensure_built
ensure_command socat
fresh_database
gateway_command migrate >/dev/null 2>&1
key="$(gateway_command keys create --project bench 2>/dev/null | tail -n 1)"
java="$(java25)"
mkdir -p bench/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="bench/results/content-$stamp.txt"
"$java" -Dcontent.bytes=$((SIZE_MB * 1024 * 1024)) -Dcontent.mbps="$UPSTREAM_MBPS" bench/fake-upstream/FakeUpstream.java serve "$FAKE_PORT" \
  > "bench/results/content-$stamp.fake.log" 2>&1 &
fake=$!
socat -b 65536 "TCP-LISTEN:$SOCAT_PORT,fork,reuseaddr" "TCP:127.0.0.1:$FAKE_PORT" &
relay_pid=$!
trap 'stop_gateway; kill $fake $relay_pid 2>/dev/null || true' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$FAKE_PORT/admin/stats"; do sleep 0.2; done
until curl -fs -o /dev/null "http://127.0.0.1:$SOCAT_PORT/admin/stats"; do sleep 0.2; done
id=video_00000000000000000000000000c0ffee
psql_db >/dev/null <<SQL
insert into videorelay.video_tasks (id, project_id, model, status, progress, upstream_name, upstream_video_id,
                                    submission_state, submitted_at, completed_at, expires_at)
values ('$id', (select id from videorelay.projects where name = 'bench'), 'sora-2', 'completed', 100, 'fake',
        'up_content', 'accepted', now(), now(), now() + interval '1 day');
SQL
export VIDEORELAY_UPSTREAMS_0_NAME=fake VIDEORELAY_UPSTREAMS_0_KIND=openai \
  VIDEORELAY_UPSTREAMS_0_BASEURL="http://127.0.0.1:$FAKE_PORT/v1" VIDEORELAY_UPSTREAMS_0_APIKEY=fake-key \
  VIDEORELAY_LIMITS_POLLSPERSECOND=1000000
start_gateway "bench/results/content-$stamp.server.log" --server.port="$PORT"
wait_ready "$PORT" 600
direct_url="http://127.0.0.1:$FAKE_PORT/v1/videos/up_content/content?variant=video"
socat_url="http://127.0.0.1:$SOCAT_PORT/v1/videos/up_content/content?variant=video"
gateway_url="http://127.0.0.1:$PORT/v1/videos/$id/content"
rate() { curl -fsS -o /dev/null -w '%{speed_download}\n' "$@" | awk '{printf "%.1f", $1 / 1e6}'; } # MB/s
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system, in clock ticks
rate -H "Authorization: Bearer $key" "$gateway_url" >/dev/null # warm-up
directs=(); gateways=(); socats=(); rounds=""; fake_direct=0; fake_gateway=0; relay=0
for r in $(seq 1 "$ROUNDS"); do
  f0="$(cpu_ticks "$fake")"
  d="$(rate "$direct_url")"
  f1="$(cpu_ticks "$fake")"; g0="$(cpu_ticks "$gateway_pid")"
  g="$(rate -H "Authorization: Bearer $key" "$gateway_url")"
  f2="$(cpu_ticks "$fake")"; g1="$(cpu_ticks "$gateway_pid")"
  s="$(rate "$socat_url")"
  fake_direct=$((fake_direct + f1 - f0)); fake_gateway=$((fake_gateway + f2 - f1)); relay=$((relay + g1 - g0))
  directs+=("$d"); gateways+=("$g"); socats+=("$s")
  rounds+="round $r: direct $d MB/s | gateway $g MB/s | socat relay $s MB/s"$'\n'
done
per_gb() { echo "$1 / $(getconf CLK_TCK) / ($ROUNDS * $SIZE_MB * 1048576 / 1000000000)" | bc -l; } # CPU s per GB
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
md="$(median "${directs[@]}")"; mg="$(median "${gateways[@]}")"; ms="$(median "${socats[@]}")"

sleep 2
before="$(rss_mib "$gateway_pid")"; peak="$before"
pids=()
for _ in $(seq 1 "$CONCURRENT"); do
  curl -fsS -o /dev/null -H "Authorization: Bearer $key" "$gateway_url" & pids+=($!)
done
while kill -0 "${pids[@]}" 2>/dev/null; do
  r="$(rss_mib "$gateway_pid")"; [ "$r" -gt "$peak" ] && peak="$r"
  sleep 0.25
done
failed=0; for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
{
  echo "VideoRelay content benchmark, $stamp ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "${SIZE_MB} MB per download from a fake upstream in a separate process; curl on both sides;" \
    "upstream pace: $([ "$UPSTREAM_MBPS" = 0 ] && echo "none, as fast as it can" || echo "$UPSTREAM_MBPS MB/s")"
  printf '%s' "$rounds"
  printf 'median: direct %s MB/s, through the gateway %s MB/s: %.0f %% (target >= 90 %%)\n' "$md" "$mg" \
    "$(echo "100 * $mg / $md" | bc -l)"
  printf 'median: socat relaying the same stream %s MB/s: %.0f %% of direct; the gateway does %.0f %% of its rate\n' \
    "$ms" "$(echo "100 * $ms / $md" | bc -l)" "$(echo "100 * $mg / $ms" | bc -l)"
  printf 'CPU seconds per GB: fake upstream %.2f (direct) / %.2f (through the gateway); gateway %.2f\n' \
    "$(per_gb "$fake_direct")" "$(per_gb "$fake_gateway")" "$(per_gb "$relay")"
  echo "$CONCURRENT concurrent downloads through the gateway: RSS $before MiB before, peak $peak MiB," \
    "+$((peak - before)) MiB (target < 64 MB = 61 MiB); $failed failed"
} | tee "$out"

#!/usr/bin/env bash
# Proves the deployment users get from the Dockerfile and docker-compose.yml, on a real Docker engine:
#   build the image; the image's own help and its refusal to run without a configured database;
#   docker compose up with a fresh volume and the simulator; both healthchecks; a key minted with
#   docker compose run; a video created, polled to completed and downloaded; docker compose restart
#   videorelay, after which the key and the video are still there; the gateway runs as non-root and
#   stops gracefully within its grace period; docker compose down -v.
# Needs Docker with BuildKit and Compose >= 2.24, curl. Exit code 0 only if every step passed.
#   tools/deployment-check.sh            (from the repository root or anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."

project="videorelay-check-$$"
key="sk-check-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
started=$(date +%s)
step() { printf '[deployment-check %3ds] %s\n' "$(( $(date +%s) - started ))" "$*"; }
fail() { step "FAILED: $*"; exit 1; }

# A free host port for the gateway, so that the check runs beside anything on 8080.
port=""
for candidate in $(shuf -i 20000-45000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || fail "no free port found"

export COMPOSE_PROJECT_NAME="$project" VIDEORELAY_BOOTSTRAP_KEY="$key" VIDEORELAY_BOOTSTRAP_PROJECT=check \
  VIDEORELAY_PORT="$port" SPRING_PROFILES_ACTIVE=simulator
compose() { docker compose "$@"; }
base="http://127.0.0.1:$port"

cleanup() {
  local code=$?
  if [ "$code" -ne 0 ]; then
    step "last log lines:"; compose logs --no-color --tail=60 2>&1 || true
  fi
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  step "cleaned up (docker compose down -v)"
  exit "$code"
}
trap cleanup EXIT

wait_healthy() { # service, seconds
  local id status
  for _ in $(seq 1 "$2"); do
    id="$(compose ps -q "$1")"
    status="$( [ -n "$id" ] && docker inspect -f '{{.State.Health.Status}}' "$id" 2>/dev/null || echo none)"
    [ "$status" = healthy ] && return 0
    sleep 1
  done
  fail "$1 not healthy after $2 s (status: $status)"
}

step "docker compose build (BuildKit)"
compose build --quiet videorelay || fail "image build"
image="$(compose config --images | grep -v postgres | head -n1)"

step "image: --help prints the usage and exits"
help_out="$(docker run --rm "$image" --help)" || fail "--help exited non-zero"
grep -q '^Usage:' <<<"$help_out" || fail "--help printed no usage: $help_out"

step "image: no configured database is an error, never an embedded fallback"
if no_db="$(docker run --rm "$image" keys list 2>&1)"; then fail "keys list without a database succeeded"; fi
grep -q 'localhost:5432' <<<"$no_db" || fail "unexpected error without a database: $no_db"

step "docker compose up -d (fresh volume, simulator on)"
compose up -d --quiet-pull
wait_healthy postgres 120
wait_healthy videorelay 420
step "both services healthy"

step "mint a key with docker compose run"
minted="$(compose run --rm -T videorelay keys create --project check --name deployment)" || fail "keys create"
minted="$(tr -d '\r\n' <<<"$minted")"
[[ "$minted" =~ ^sk-vr- ]] || fail "keys create printed '$minted'"

api() { curl -sS --max-time 30 -H "Authorization: Bearer $minted" "$@"; }
step "create a video on the simulator"
created="$(api -H 'Content-Type: application/json' -d '{"model":"sora-2","prompt":"deployment check"}' "$base/v1/videos")"
video="$(grep -o '"id":"video_[0-9a-f]*"' <<<"$created" | head -n1 | cut -d'"' -f4)"
[ -n "$video" ] || fail "create answered: $created"

step "poll $video until completed"
for _ in $(seq 1 120); do
  polled="$(api "$base/v1/videos/$video")"
  grep -q '"status":"completed"' <<<"$polled" && break
  grep -q '"status":"failed"' <<<"$polled" && fail "video failed: $polled"
  sleep 1
done
grep -q '"status":"completed"' <<<"$polled" || fail "video not completed: $polled"

step "download the video"
download="$(mktemp)"
code="$(api -o "$download" -w '%{http_code}' "$base/v1/videos/$video/content")"
size="$(wc -c <"$download")"
[ "$code" = 200 ] && [ "$size" -gt 1000 ] && head -c 12 "$download" | grep -q ftyp \
  || fail "download: HTTP $code, $size bytes"
rm -f "$download"

step "docker compose restart videorelay"
compose restart videorelay >/dev/null
wait_healthy videorelay 420
after="$(api "$base/v1/videos/$video")"
grep -q '"status":"completed"' <<<"$after" || fail "after restart the video answered: $after"
compose run --rm -T videorelay keys list --project check | grep -q deployment || fail "key gone after restart"

step "runs as non-root"
uid="$(compose exec -T videorelay id -u | tr -d '\r')"
[ "$uid" != 0 ] || fail "the gateway runs as root"

step "stops gracefully within its grace period"
id="$(compose ps -q videorelay)"
grace=30
t0=$(date +%s%N)
compose stop videorelay >/dev/null
took_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
exit_code="$(docker inspect -f '{{.State.ExitCode}}' "$id")"
[ "$exit_code" != 137 ] || fail "killed after the grace period (exit 137, ${took_ms} ms)"
[ "$took_ms" -lt $(( grace * 1000 )) ] || fail "stop took ${took_ms} ms"
# Read the whole log first: with pipefail, grep -q quitting early would fail the pipeline (SIGPIPE).
gateway_log="$(docker logs "$id" 2>&1)"
grep -q 'Graceful shutdown complete' <<<"$gateway_log" || fail "no graceful shutdown in the log"
step "stopped in ${took_ms} ms, exit code $exit_code, uid $uid"

step "PASSED in $(( $(date +%s) - started )) s"

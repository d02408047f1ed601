# Shared by the bench/ entry points: a fresh database, the gateway started the way bin/videorelay
# starts it, readiness waits, RSS readings. Source it; it expects $root to be the checkout.
PGHOST="${PGHOST:-127.0.0.1}"
PGUSER="${PGUSER:-postgres}"
DB="${DB:-videorelay_bench}"
# GATEWAY_JAR=/path/to/other.jar runs another build (say, main's) with the same script, for before/after.
GATEWAY_JAR="${GATEWAY_JAR:-}"
# IMAGE=videorelay:local runs the Docker image instead, as docker-compose.yml runs it: its own JVM
# options and AOT cache, a memory limit of IMAGE_MEMORY (compose's default), on the host's network so
# that it reaches the bench's database and ports. Build it first: docker compose build videorelay.
IMAGE="${IMAGE:-}"
IMAGE_MEMORY="${IMAGE_MEMORY:-768m}"
IMAGE_DOCKER_OPTS="${IMAGE_DOCKER_OPTS:-}"  # more docker run options for the server, e.g. --log-driver=local

psql_db() { psql -q -v ON_ERROR_STOP=1 -h "$PGHOST" -U "$PGUSER" -d "$DB" "$@"; }

fresh_database() {
  psql -q -h "$PGHOST" -U "$PGUSER" -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
  export SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:5432/$DB"
  export SPRING_DATASOURCE_USERNAME="$PGUSER"
  export VIDEORELAY_SIMULATOR=off
}

ensure_built() { # builds target/videorelay.jar through bin/videorelay's own rule (no server started)
  if [ -n "$IMAGE" ]; then
    docker image inspect "$IMAGE" >/dev/null 2>&1 \
      || { echo "no image $IMAGE: build it first (docker compose build videorelay)" >&2; exit 1; }
  elif [ -z "$GATEWAY_JAR" ]; then "$root/bin/videorelay" help >/dev/null 2>&1 || true; fi
}

# docker run options shared by the image's server and admin commands: host network, and every
# SPRING_*, SERVER_*, MANAGEMENT_*, LOGGING_* and VIDEORELAY_* setting exported (the database, the
# limits, the upstream).
image_run_options() {
  printf -- '--network=host\n'
  env | grep -oE '^(SPRING|SERVER|MANAGEMENT|LOGGING|VIDEORELAY)_[A-Z0-9_]+' | grep -vx VIDEORELAY_AOT_CACHE | sed 's/^/--env=/'
}

# Runs an admin command (migrate, keys create ...) with the chosen build.
gateway_command() {
  if [ -n "$IMAGE" ]; then
    local opts; mapfile -t opts < <(image_run_options)
    docker run --rm "${opts[@]}" "$IMAGE" "$@"
  elif [ -n "$GATEWAY_JAR" ]; then "$(java25)" -jar "$GATEWAY_JAR" "$@"; else "$root/bin/videorelay" "$@"; fi
}

java25() {
  local c
  for c in "${JAVA_HOME:+$JAVA_HOME/bin/java}" /usr/lib/jvm/*/bin/java; do
    [ -x "$c" ] || continue
    if "$c" -XshowSettings:properties -version 2>&1 | grep -q 'java.specification.version = 2[5-9]'; then echo "$c"; return; fi
  done
  return 1
}

# start_gateway LOG ARGS... : starts the server in the background, sets $gateway_pid (the JVM's pid).
# With IMAGE, JAVA_OPTS is added to the image's JAVA_TOOL_OPTIONS, and VIDEORELAY_AOT_CACHE=off starts
# the image's entrypoint without its AOT cache.
start_gateway() {
  local log="$1"; shift
  if [ -n "$IMAGE" ]; then
    local opts command=()
    mapfile -t opts < <(image_run_options)
    # shellcheck disable=SC2206 # a list of options on purpose
    opts+=(--detach "--memory=$IMAGE_MEMORY" $IMAGE_DOCKER_OPTS)
    if [ -n "${JAVA_OPTS:-}" ]; then
      opts+=("--env=JAVA_TOOL_OPTIONS=$(docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$IMAGE" \
        | sed -n 's/^JAVA_TOOL_OPTIONS=//p') $JAVA_OPTS")
    fi
    if [ "${VIDEORELAY_AOT_CACHE:-on}" = off ]; then
      mapfile -t command < <(docker image inspect -f '{{range .Config.Entrypoint}}{{println .}}{{end}}' "$IMAGE" \
        | grep -v -e '^$' -e '^-XX:AOTCache=')
      opts+=("--entrypoint=${command[0]}"); command=("${command[@]:1}")
    fi
    gateway_container="$(docker run "${opts[@]}" "$IMAGE" "${command[@]}" "$@")"
    gateway_log="$log"  # written when it stops: following it live would cost CPU a deployment does not spend
    gateway_pid="$(docker inspect -f '{{.State.Pid}}' "$gateway_container")"  # the JVM, as the host sees it
  elif [ -n "$GATEWAY_JAR" ]; then
    # shellcheck disable=SC2086
    "$(java25)" ${JAVA_OPTS:-} -jar "$GATEWAY_JAR" "$@" > "$log" 2>&1 &
    gateway_pid=$!
  else
    "$root/bin/videorelay" "$@" > "$log" 2>&1 &   # bin/videorelay execs java: same pid
    gateway_pid=$!
  fi
}

# wait_ready PORT [TIMEOUT_S]: polls readiness every 20 ms; prints seconds since $1's start mark
wait_ready() {
  local port="$1" limit="${2:-120}" start
  start="$(date +%s.%N)"
  while ! curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null; do
    kill -0 "$gateway_pid" 2>/dev/null || { echo "gateway exited" >&2; return 1; }
    if [ "$(echo "$(date +%s.%N) - $start > $limit" | bc)" = 1 ]; then echo "not ready after ${limit}s" >&2; return 1; fi
    sleep 0.02
  done
}

stop_gateway() {
  [ -n "${gateway_pid:-}" ] || return 0
  if [ -n "${gateway_container:-}" ]; then
    docker logs "$gateway_container" > "$gateway_log" 2>&1 || true
    docker rm --force "$gateway_container" >/dev/null 2>&1 || true
    gateway_container=
  else
    kill "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  gateway_pid=
}

# build_label: what runs, for the results' first line
build_label() {
  if [ -n "$IMAGE" ]; then echo "image $IMAGE, memory limit $IMAGE_MEMORY"
  else echo "${GATEWAY_JAR:-target/videorelay.jar via bin/videorelay, its defaults}"; fi
}

# java_options PID: the JVM options a gateway runs with, JAVA_TOOL_OPTIONS (the image's) included
java_options() {
  { tr '\0' '\n' < "/proc/$1/environ" | sed -n 's/^JAVA_TOOL_OPTIONS=//p'
    tr '\0' '\n' < "/proc/$1/cmdline" | grep -- '^-X'; } 2>/dev/null | tr '\n' ' '
}

rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
# young_kib PID: KiB the JVM has handed out in its young generation so far, from its perf counters
# (jstat -gc: each young collection empties eden, so collections x eden capacity + eden now in use).
young_kib() { "$(dirname "$(java25)")/jstat" -gc "$1" | awk 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i}
  NR == 2 {printf "%.0f", $c["YGC"] * $c["EC"] + $c["EU"]}'; }

# ensure_command NAME: installs the Debian package of that name when the command is missing
ensure_command() {
  command -v "$1" >/dev/null && return
  echo "Installing $1 (Debian package)..." >&2
  apt-get install -y -qq "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$1"; }
}
ensure_wrk() { ensure_command wrk; }

# insert_tasks N PROJECT_NAME: N tasks in all five statuses, ids video_<md5(i)>
insert_tasks() {
  psql_db <<SQL
insert into videorelay.video_tasks (id, project_id, model, status, progress, prompt, completed_at, expires_at,
                                    error_code, error_message)
select 'video_' || md5(i::text),
       (select id from videorelay.projects where name = '$2'),
       'sora-2',
       (array['queued','in_progress','completed','failed','cancelled'])[1 + i % 5],
       (i * 7) % 101,
       'A calico cat playing a piano on stage, take ' || i,
       case when i % 5 = 2 then now() end,
       case when i % 5 = 2 then now() + interval '1 day' end,
       case when i % 5 = 3 then 'content_policy_violation' end,
       case when i % 5 = 3 then 'Content policy violation' end
  from generate_series(1, $1) as i;
analyze videorelay.video_tasks;
SQL
}

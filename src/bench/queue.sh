#!/usr/bin/env bash
# Switchboard's benchmark, queue section: `_bulk_enqueue` bursts delivered through a `.webhook` connector, by one
# instance on its embedded PostgreSQL and by two instances sharing one external PostgreSQL, beside Alertmanager
# and graphile-worker on the same sink, all on loopback, every figure in the same run. Prints one markdown table.
# run.sh calls it; it also runs alone. See src/bench/README.md, or run with --help.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Switchboard runs with authentication on: its superuser, set at start, sends every request (cached after the first).
export SWITCHBOARD_BOOTSTRAP_PASSWORD="${SWITCHBOARD_BOOTSTRAP_PASSWORD:-bench-superuser-password}"
export BENCH_AUTHORIZATION="Basic $(printf 'elastic:%s' "$SWITCHBOARD_BOOTSTRAP_PASSWORD" | base64 -w0)"
REPO="$(cd "$HERE/../.." && pwd)"

QUICK=0
COUNTS="" PROBES="" WARMUP_ITEMS="" TIMEOUT=""
CHUNK=1000
PARALLEL=4
TARGETS="alertmanager,graphile,switchboard,switchboard-pair"
OUT=""
PORT_BASE=18420
JAR="$REPO/target/quarkus-app/quarkus-run.jar"
JAVA="${JAVA:-}"
JAVA_OPTS="${SB_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx512m}"
SB_SETTINGS=()
INSTALL=1
# graphile-worker as tuned for this machine by the durable-queue peer measurements: 24 concurrent jobs, a pool
# of 25, a local queue of 2,000 and no completion batching delay. Library defaults are about 7x slower here.
GRAPHILE_SETTINGS='{"concurrentJobs":24,"maxPoolSize":25,"localQueueSize":2000,"completeJobBatchDelay":0}'

usage() {
  cat <<EOF
Usage: bash src/bench/queue.sh [options]

Bursts of queued \`.webhook\` executions delivered to an nginx sink that logs every body's unique id: Switchboard
on its embedded PostgreSQL, two Switchboard instances on one external PostgreSQL, graphile-worker on that same
PostgreSQL, and Alertmanager; plus single-item latency on an idle queue. All on 127.0.0.1. Needs the packaged jar
(mvn -q package -DskipTests) and a JDK 21+.

Options (full-run defaults; --quick defaults in brackets):
  --quick              small counts, about 2 minutes
  --counts LIST        burst sizes                                             10000,100000 [1000,10000]
  --probes N           single items, one after another, per queue              200 [50]
  --warmup N           items each Switchboard set-up and graphile-worker deliver before the measured bursts
                                                                               5000 [1000]
  --chunk N            items per enqueue call (\`_bulk_enqueue\`, addJobs)       $CHUNK
  --parallel N         enqueue calls in flight at once                         $PARALLEL
  --timeout S          give up on one burst after S seconds                    600 [120]
  --targets LIST       which to run: $TARGETS
  --sb-setting K=V     a Switchboard setting (e.g. switchboard.queue.workers=8) for every instance; repeatable
  --out DIR            where raw outputs and the table go                      a new temp dir, printed
  --port-base P        first of five loopback ports (sink, Alertmanager, Switchboard A, B, PostgreSQL) $PORT_BASE
  --jar PATH           Switchboard jar                                        target/quarkus-app/quarkus-run.jar
  --java PATH          java 21+ binary (or env JAVA; else JAVA_HOME, PATH, /usr/lib/jvm/*)
  --java-opts "..."    JVM options for Switchboard (or env SB_JAVA_OPTS)       $JAVA_OPTS
  --no-install         never apt-get/npm install; just say what is missing
  -h, --help

Debian packages: nginx-light prometheus-alertmanager postgresql nodejs npm, plus python3 and curl. Run as root,
missing ones are installed with apt-get (unless --no-install). graphile-worker and undici are npm-installed into
the scratch dir from src/bench/graphile/package.json at every run.
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --counts) COUNTS="$2"; shift 2 ;;
    --probes) PROBES="$2"; shift 2 ;;
    --warmup) WARMUP_ITEMS="$2"; shift 2 ;;
    --chunk) CHUNK="$2"; shift 2 ;;
    --parallel) PARALLEL="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --targets) TARGETS="$2"; shift 2 ;;
    --sb-setting) SB_SETTINGS+=("$2"); shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --port-base) PORT_BASE="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --java) JAVA="$2"; shift 2 ;;
    --java-opts) JAVA_OPTS="$2"; shift 2 ;;
    --no-install) INSTALL=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  : "${COUNTS:=1000,10000}" "${PROBES:=50}" "${WARMUP_ITEMS:=1000}" "${TIMEOUT:=120}"
else
  : "${COUNTS:=10000,100000}" "${PROBES:=200}" "${WARMUP_ITEMS:=5000}" "${TIMEOUT:=600}"
fi
wants() { [[ ",$TARGETS," == *",$1,"* ]]; }

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------------------------------------------- prerequisites
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
missing=()
command -v nginx >/dev/null || missing+=(nginx-light)
command -v python3 >/dev/null || missing+=(python3)
command -v curl >/dev/null || missing+=(curl)
if wants alertmanager; then
  command -v prometheus-alertmanager >/dev/null || command -v alertmanager >/dev/null || missing+=(prometheus-alertmanager)
fi
if wants graphile || wants switchboard-pair; then
  [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
fi
if wants graphile; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$INSTALL" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
      || { apt-get update >&2 && apt-get install -y --no-install-recommends "${missing[@]}" >&2; } \
      || die "apt-get could not install ${missing[*]}"
    # The benchmark runs its own servers on loopback: a service that this install started is stopped again.
    for pkg in "${missing[@]}"; do
      case "$pkg" in
        nginx-light) svc=nginx ;; prometheus-alertmanager) svc=prometheus-alertmanager ;; postgresql) svc=postgresql ;;
        *) continue ;;
      esac
      if [ -d /run/systemd/system ]; then systemctl disable --now "$svc" >/dev/null 2>&1 || true
      elif [ -x "/etc/init.d/$svc" ]; then "/etc/init.d/$svc" stop >/dev/null 2>&1 || true; fi
    done
    PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  else
    die "missing packages: ${missing[*]} (as root: apt-get install ${missing[*]})"
  fi
fi
AM_BIN="$(command -v prometheus-alertmanager || command -v alertmanager || true)"

if wants switchboard || wants switchboard-pair; then
  java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }
  if [ -z "$JAVA" ]; then
    for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
      [ -n "$candidate" ] && [ -x "$candidate" ] || continue
      if [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then JAVA="$candidate"; break; fi
    done
  fi
  [ -n "$JAVA" ] && [ -x "$JAVA" ] || die "no java 21+ found: pass --java PATH or set JAVA"
  [ "$(java_major "$JAVA")" -ge 21 ] 2>/dev/null || die "$JAVA is older than 21"
  [ -f "$JAR" ] || die "$JAR is missing: build it first with  mvn -q package -DskipTests  (JDK 21+ in JAVA_HOME)"
fi

# Alertmanager at 100,000 opens ~20,000 connections to the sink.
ulimit -Hn 65536 2>/dev/null || true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

SINK_PORT=$PORT_BASE AM_PORT=$((PORT_BASE + 1)) SB_PORT=$((PORT_BASE + 2)) SB2_PORT=$((PORT_BASE + 3))
PG_PORT=$((PORT_BASE + 4))
for port in $SINK_PORT $AM_PORT $SB_PORT $SB2_PORT $PG_PORT; do
  python3 - "$port" <<'EOF' || die "port $port on 127.0.0.1 is in use (choose others with --port-base)"
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); s.close()
EOF
done

if [ -z "$OUT" ]; then OUT="$(mktemp -d -t switchboard-queue-bench.XXXXXX)"; fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
rm -f "$OUT"/q-*.json "$OUT"/queue-figures.txt "$OUT"/sink-q-*.log
WORK="$(mktemp -d -t switchboard-queue-work.XXXXXX)"
chmod 755 "$WORK"   # nginx workers and PostgreSQL run as other users
log "queue section: results go to $OUT (scratch: $WORK)"
fig() { printf '%s=%s\n' "$1" "$2" >>"$OUT/queue-figures.txt"; }

# ------------------------------------------------------------------------------------------------- processes
PIDS=()
SB_PIDS=()
PG_STARTED=0
RUNPG=()
[ "$(id -u)" = 0 ] && RUNPG=(runuser -u postgres --)
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${SB_PIDS[@]}"; do stop_pid "$pid" 60; done
  stop_embedded_postgres
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[$i]}" 10; done
  if [ "$PG_STARTED" = 1 ]; then
    "${RUNPG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    cp "$WORK/pg/server.log" "$OUT/postgresql.log" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
stop_pid() {  # pid seconds: SIGTERM, wait, then SIGKILL
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 $(($2 * 10))); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
# An embedded PostgreSQL stops after its Switchboard; one that outlived a killed instance is stopped here.
stop_embedded_postgres() {
  local pidfile="$WORK/sb-data/postgres/postmaster.pid" pg
  [ -f "$pidfile" ] || return 0
  pg="$(head -1 "$pidfile")"
  if [ -n "$pg" ] && tr '\0' ' ' <"/proc/$pg/cmdline" 2>/dev/null | grep -qF "$WORK/sb-data"; then
    log "embedded PostgreSQL ($pg) outlived Switchboard: stopping it"
    kill -INT "$pg" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pg" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pg" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_port() {  # port seconds
  python3 - "$1" "$2" <<'EOF'
import socket, sys, time
deadline = time.time() + float(sys.argv[2])
while time.time() < deadline:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close(); sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
EOF
}

# Lets the box settle between measurements: waits (up to 30 s) until the last 2 s were at least 85 % idle.
settle() {
  python3 - <<'EOF' >&2
import time
def stat():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return v[3] + v[4], sum(v)
for _ in range(15):
    i0, t0 = stat(); time.sleep(2); i1, t1 = stat()
    idle = 100 * (i1 - i0) / max(1, t1 - t0)
    if idle >= 85:
        break
    print(f"== box only {idle:.0f} % idle: waiting")
EOF
}

# ------------------------------------------------------------------------------------------------- environment
{
  echo "## Switchboard queue benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r), $( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ -n "$JAVA" ]; then
    echo "- switchboard: $JAR (built $(date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC'); checkout $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')); $("$JAVA" -version 2>&1 | head -1) ($JAVA_OPTS)"
    echo "- switchboard settings: ${SB_SETTINGS[*]:-defaults}"
  fi
  echo "- nginx: $(nginx -v 2>&1 | sed 's/.*version: //'), one worker; python3: $(python3 -c 'import sys; print(sys.version.split()[0])')"
  [ -n "$AM_BIN" ] && wants alertmanager && echo "- alertmanager: $("$AM_BIN" --version 2>&1 | head -1 | sed 's/^alertmanager, version //')"
  [ -n "$PGBIN" ] && { wants graphile || wants switchboard-pair; } && echo "- postgresql: $("$PGBIN/postgres" --version) (external cluster for graphile-worker and the two-instance set-up)"
  wants graphile && echo "- node: $(node --version); graphile-worker settings: $GRAPHILE_SETTINGS"
  echo "- load: bursts of $COUNTS, $CHUNK items per enqueue call, $PARALLEL calls in flight; warm-up $WARMUP_ITEMS; $PROBES single-item probes; timeout ${TIMEOUT}s; open files $(ulimit -n)"
} >"$OUT/queue-environment.txt"
cat "$OUT/queue-environment.txt" >&2
fig counts "$COUNTS"
fig probes "$PROBES"
fig chunk "$CHUNK"
fig parallel "$PARALLEL"
fig targets "$TARGETS"

# ------------------------------------------------------------------------------------------------- sink
# One nginx worker. Each queue posts to its own location, logged unbuffered, one line per request:
# "$msec $status $bench_id", bench_id taken from the body. nginx only reads a body it passes on, so each location
# proxies to a second server (a unix socket in the same nginx) that answers 200 at once.
mkdir -p "$WORK/sink/tmp"
locations=""
for name in am gw sb sb2; do
  : >"$OUT/sink-q-$name.log"
  locations+="location = /q/$name { access_log $OUT/sink-q-$name.log ids; proxy_pass http://answer; } "
done
cat >"$WORK/sink/nginx.conf" <<EOF
worker_processes 1;
worker_rlimit_nofile 65536;
pid $WORK/sink/nginx.pid;
error_log $WORK/sink/error.log warn;
events { worker_connections 32768; multi_accept on; }
http {
  access_log off;
  keepalive_timeout 300s;
  keepalive_requests 10000000;
  client_body_buffer_size 64k;
  client_body_in_single_buffer on;
  client_body_temp_path $WORK/sink/tmp/body;
  proxy_temp_path $WORK/sink/tmp/proxy;
  fastcgi_temp_path $WORK/sink/tmp/fastcgi;
  uwsgi_temp_path $WORK/sink/tmp/uwsgi;
  scgi_temp_path $WORK/sink/tmp/scgi;
  server_tokens off;
  map \$request_body \$bench_id { "~\"bench_id\":\"(?<id>[^\"]+)\"" \$id; default -; }
  log_format ids '\$msec \$status \$bench_id';
  upstream answer { server unix:$WORK/sink/answer.sock; keepalive 256; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  server { listen unix:$WORK/sink/answer.sock; location / { return 200; } }
  server {
    listen 127.0.0.1:$SINK_PORT backlog=4096;
    $locations
  }
}
EOF
nginx -p "$WORK/sink" -c "$WORK/sink/nginx.conf" -g 'daemon off;' >"$WORK/sink/stdout.log" 2>&1 &
PIDS+=($!)
wait_port "$SINK_PORT" 15 || { cat "$WORK/sink/error.log" >&2; die "the sink does not listen on 127.0.0.1:$SINK_PORT"; }
probe_id="sinkcheck-$$"
curl -sf -o /dev/null -X POST "http://127.0.0.1:$SINK_PORT/q/am" -H 'Content-Type: application/json' \
  -d "{\"bench_id\":\"$probe_id\"}" || die "the sink did not answer 200"
sleep 0.2
grep -q " 200 $probe_id\$" "$OUT/sink-q-am.log" || die "the sink did not log the body's bench_id"

DRIVER=(python3 "$HERE/queue_driver.py")
run_bursts() {  # name producer-args... ; runs the warm-up, each burst and the probes for one set-up
  local name=$1; shift
  if [ "$WARMUP_ITEMS" -gt 0 ]; then
    log "  $name: warm-up, $WARMUP_ITEMS items"
    "${DRIVER[@]}" bulk "$@" --tag "$name-warm" --n "$WARMUP_ITEMS" --chunk "$CHUNK" --parallel "$PARALLEL" \
      --timeout "$TIMEOUT" --out "$OUT/q-$name-warmup.json" >/dev/null || log "  $name: warm-up failed"
  fi
  for n in ${COUNTS//,/ }; do
    pg_checkpoint
    settle
    log "  $name: burst of $n"
    "${DRIVER[@]}" bulk "$@" --tag "$name-$n" --n "$n" --chunk "$CHUNK" --parallel "$PARALLEL" --timeout "$TIMEOUT" \
      --out "$OUT/q-$name-$n.json" >/dev/null 2>"$OUT/q-$name-$n.err" || log "  $name $n: driver failed ($(tail -1 "$OUT/q-$name-$n.err"))"
    [ -f "$OUT/q-$name-$n.json" ] && log "    $(python3 "$HERE/queue_report.py" --brief "$OUT/q-$name-$n.json")"
  done
  settle
  log "  $name: $PROBES single items on the idle queue"
  "${DRIVER[@]}" probes "$@" --tag "$name-probe" --n "$PROBES" --out "$OUT/q-$name-probes.json" >/dev/null \
    2>"$OUT/q-$name-probes.err" || log "  $name probes: driver failed ($(tail -1 "$OUT/q-$name-probes.err"))"
  [ -f "$OUT/q-$name-probes.json" ] && log "    $(python3 "$HERE/queue_report.py" --brief "$OUT/q-$name-probes.json")"
  find "$OUT" -maxdepth 1 -name "q-$name-*.err" -empty -delete
}

# ------------------------------------------------------------------------------------------------- external PostgreSQL
PG_URL_BASE="postgresql://postgres@127.0.0.1:$PG_PORT"
pg_checkpoint() { [ "$PG_STARTED" = 1 ] && psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c CHECKPOINT >/dev/null 2>&1 || true; }
psql_admin() { psql -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }
if wants graphile || wants switchboard-pair; then
  # A throwaway cluster with PostgreSQL's defaults (fsync and synchronous_commit on), as the peers were measured.
  log "external PostgreSQL: initdb and start a throwaway cluster on 127.0.0.1:$PG_PORT"
  mkdir -p "$WORK/pg"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK/pg"
  "${RUNPG[@]}" "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$OUT/initdb.log" 2>&1 \
    || { cat "$OUT/initdb.log" >&2; die "initdb failed"; }
  "${RUNPG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $WORK/pg/data" start >/dev/null || die "PostgreSQL did not start"
  PG_STARTED=1
  PG_PID="$(head -1 "$WORK/pg/data/postmaster.pid")"
  fig postgres_settings "$(psql_admin -At -c "select string_agg(name || '=' || setting || coalesce(unit, ''), ', ' order by name) from pg_settings where name in ('fsync','synchronous_commit','shared_buffers','max_connections','wal_level','max_wal_size','checkpoint_timeout','full_page_writes')")"
fi

# ------------------------------------------------------------------------------------------------- Alertmanager
if wants alertmanager; then
  log "Alertmanager: alerts -> one webhook each -> sink"
  for n in ${COUNTS//,/ }; do
    settle
    mkdir -p "$WORK/am-$n"
    log "  alertmanager: $n alerts"
    timeout $((TIMEOUT + 120)) python3 "$HERE/alertmanager_driver.py" --am-bin "$AM_BIN" --workdir "$WORK/am-$n" \
      --port "$AM_PORT" --sink-url "http://127.0.0.1:$SINK_PORT/q/am" --access-log "$OUT/sink-q-am.log" \
      --n "$n" --timeout "$TIMEOUT" --count-ids --out "$OUT/q-alertmanager-$n.json" >/dev/null 2>"$OUT/q-alertmanager-$n.err" \
      || log "  alertmanager $n: driver failed ($(tail -1 "$OUT/q-alertmanager-$n.err"))"
    cp "$WORK/am-$n/alertmanager.log" "$OUT/alertmanager-$n.log" 2>/dev/null || true
    rm -rf "$WORK/am-$n"
    [ -f "$OUT/q-alertmanager-$n.json" ] && log "    $(python3 "$HERE/queue_report.py" --brief "$OUT/q-alertmanager-$n.json")"
  done
  find "$OUT" -maxdepth 1 -name 'q-alertmanager-*.err' -empty -delete
fi

# ------------------------------------------------------------------------------------------------- graphile-worker
if wants graphile; then
  log "graphile-worker: npm install into the scratch dir"
  mkdir -p "$WORK/graphile"
  cp "$HERE/graphile/package.json" "$HERE/graphile/"*.mjs "$WORK/graphile/"
  if ! (cd "$WORK/graphile" && npm install --no-audit --no-fund --loglevel=error >"$OUT/npm-install.log" 2>&1); then
    tail -5 "$OUT/npm-install.log" >&2
    log "npm install of graphile-worker failed: skipping it"
    fig skip_graphile "npm install failed (npm-install.log)"
    TARGETS="${TARGETS//graphile/}"
  fi
fi
if wants graphile; then
  fig graphile_version "$(node -p 'require(process.argv[1]).version' "$WORK/graphile/node_modules/graphile-worker/package.json")"
  fig graphile_settings "$GRAPHILE_SETTINGS"
  psql_admin -c 'CREATE DATABASE graphile'
  GW_DB="$PG_URL_BASE/graphile"
  node "$WORK/graphile/worker.mjs" "$GW_DB" "http://127.0.0.1:$SINK_PORT/q/gw" "$GRAPHILE_SETTINGS" \
    >"$OUT/graphile-worker.log" 2>&1 &
  GW_PID=$!
  PIDS+=($GW_PID)
  for _ in $(seq 1 300); do grep -q READY "$OUT/graphile-worker.log" && break; kill -0 $GW_PID 2>/dev/null || break; sleep 0.1; done
  grep -q READY "$OUT/graphile-worker.log" || { tail -20 "$OUT/graphile-worker.log" >&2; die "graphile-worker did not start"; }
  log "graphile-worker ready (pid $GW_PID)"
  run_bursts graphile --producer node --node-cmd "node $WORK/graphile/producer.mjs $GW_DB" \
    --sink-log "$OUT/sink-q-gw.log" --pid "worker=$GW_PID" --postmaster "$PG_PID"
  stop_pid "$GW_PID" 15
  psql_admin -c 'DROP DATABASE graphile WITH (FORCE)'
fi

# ------------------------------------------------------------------------------------------------- Switchboard
start_switchboard() {  # name port kibana.yml extra-java-args... ; prints the pid
  local name=$1 port=$2 config=$3; shift 3
  local settings=()
  for s in "${SB_SETTINGS[@]}"; do settings+=("-D$s"); done
  # shellcheck disable=SC2086
  "$JAVA" $JAVA_OPTS -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -Dquarkus.config.locations="$config" \
    "${settings[@]}" "$@" -jar "$JAR" >"$OUT/switchboard-$name.log" 2>&1 </dev/null &
  echo $!
}
wait_ready() {  # name port pid
  local deadline=$((SECONDS + 180))
  while [ $SECONDS -lt $deadline ]; do
    curl -sf -o /dev/null "http://127.0.0.1:$2/q/health/ready" && return 0
    kill -0 "$3" 2>/dev/null || { tail -30 "$OUT/switchboard-$1.log" >&2; die "Switchboard $1 exited during start-up"; }
    sleep 0.1
  done
  tail -30 "$OUT/switchboard-$1.log" >&2
  die "Switchboard $1 not ready after 180 s"
}
create_connector() {  # port sink-location
  curl -sS --fail-with-body -X POST "http://127.0.0.1:$1/api/actions/connector/bench-queue" -H 'kbn-xsrf: true' \
    -H "Authorization: $BENCH_AUTHORIZATION" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench queue webhook\",\"connector_type_id\":\".webhook\",\"config\":{\"url\":\"http://127.0.0.1:$SINK_PORT/q/$2\",\"method\":\"post\",\"hasAuth\":false}}" >/dev/null
}
embedded_postmaster() { head -1 "$1/postgres/postmaster.pid" 2>/dev/null || echo ""; }

if wants switchboard; then
  log "Switchboard, one instance on its embedded PostgreSQL"
  echo 'xpack.actions.allowedHosts: ["*"]' >"$WORK/kibana-embedded.yml"
  SB_DATA="$WORK/sb-data"
  export SWITCHBOARD_DATA_DIR="$SB_DATA"
  SB_PID="$(start_switchboard embedded "$SB_PORT" "$WORK/kibana-embedded.yml")"
  unset SWITCHBOARD_DATA_DIR
  SB_PIDS+=("$SB_PID")
  wait_ready embedded "$SB_PORT" "$SB_PID"
  create_connector "$SB_PORT" sb
  run_bursts switchboard --producer switchboard --url "http://127.0.0.1:$SB_PORT" --connector bench-queue \
    --sink-log "$OUT/sink-q-sb.log" --pid "switchboard=$SB_PID" --postmaster "$(embedded_postmaster "$SB_DATA")"
  fig switchboard_rss_final_kib "$(awk '/^VmRSS:/ {print $2}' "/proc/$SB_PID/status" 2>/dev/null || echo)"
  fig switchboard_hwm_kib "$(awk '/^VmHWM:/ {print $2}' "/proc/$SB_PID/status" 2>/dev/null || echo)"
  stop_pid "$SB_PID" 60
  SB_PIDS=()
  stop_embedded_postgres
fi

if wants switchboard-pair; then
  log "Switchboard, two instances on the external PostgreSQL"
  psql_admin -c 'CREATE DATABASE switchboard'
  {
    echo 'xpack.actions.allowedHosts: ["*"]'
    # Every instance sharing a database must have the same key; this one is for the benchmark's throwaway data.
    echo "xpack.encryptedSavedObjects.encryptionKey: \"bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')\""
  } >"$WORK/kibana-pair.yml"
  db_args=(-Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/switchboard"
           -Dquarkus.datasource.username=postgres -Dquarkus.datasource.password=postgres)
  SB_A="$(start_switchboard pair-a "$SB_PORT" "$WORK/kibana-pair.yml" "${db_args[@]}")"
  SB_PIDS+=("$SB_A")
  wait_ready pair-a "$SB_PORT" "$SB_A"   # the first one migrates the schema
  SB_B="$(start_switchboard pair-b "$SB2_PORT" "$WORK/kibana-pair.yml" "${db_args[@]}")"
  SB_PIDS+=("$SB_B")
  wait_ready pair-b "$SB2_PORT" "$SB_B"
  create_connector "$SB_PORT" sb2
  run_bursts switchboard-pair --producer switchboard \
    --url "http://127.0.0.1:$SB_PORT,http://127.0.0.1:$SB2_PORT" --connector bench-queue \
    --sink-log "$OUT/sink-q-sb2.log" --pid "instance A=$SB_A" --pid "instance B=$SB_B" --postmaster "$PG_PID"
  for pid in "$SB_A" "$SB_B"; do stop_pid "$pid" 60; done
  SB_PIDS=()
  psql_admin -c 'DROP DATABASE switchboard WITH (FORCE)'
fi

# ------------------------------------------------------------------------------------------------- table
python3 "$HERE/queue_report.py" "$OUT" >"$OUT/queue-table.md"
echo
cat "$OUT/queue-table.md"
echo
echo "raw outputs and this table: $OUT"

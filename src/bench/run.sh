#!/usr/bin/env bash
# Switchboard's benchmark: throughput, latency at fixed rates, concurrency, start-up and event-log completeness of
# `_execute`, beside an nginx sink, an nginx relay and Alertmanager measured in the same run, all on loopback; then
# the queue section (queue.sh). Prints the markdown tables at the end. See src/bench/README.md, or run with --help.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Switchboard runs with authentication on: its superuser, set at start, sends every request (cached after the first).
export SWITCHBOARD_BOOTSTRAP_PASSWORD="${SWITCHBOARD_BOOTSTRAP_PASSWORD:-bench-superuser-password}"
export BENCH_AUTHORIZATION="Basic $(printf 'elastic:%s' "$SWITCHBOARD_BOOTSTRAP_PASSWORD" | base64 -w0)"
REPO="$(cd "$HERE/../.." && pwd)"

QUICK=0
DURATION="" WARMUP="" ALERTS="" CONCURRENCY="" CONC_TIMEOUT="" RATES="" PACED_SECONDS=""
OUT=""
ES_URL="${SWITCHBOARD_BENCH_ES_URL:-}"
PORT_BASE=18400
JAR="$REPO/target/quarkus-app/quarkus-run.jar"
JAVA="${JAVA:-}"
# The JVM options README.md recommends for running Switchboard; --java-opts (or SB_JAVA_OPTS) replaces them.
JAVA_OPTS="${SB_JAVA_OPTS-RECOMMENDED}"
INSTALL=1
CONNECTIONS=64
ONLY=""
QUEUE_ARGS=()

usage() {
  cat <<EOF
Usage: bash src/bench/run.sh [options]

Measures Switchboard's \`_execute\` against an nginx sink, an nginx relay and Alertmanager on this machine, all on
127.0.0.1; then its durable queue against Alertmanager and graphile-worker (queue.sh, see queue.sh --help).
Prints markdown tables. Needs the packaged jar (mvn -q package -DskipTests) and a JDK 21+.

Options (full-run defaults; --quick defaults in brackets):
  --quick              everything small, about 5 minutes with the queue section
  --duration S         seconds per wrk throughput run                          10 [3]
  --warmup S           seconds of \`_execute\` load before the measured runs      8 [3]
  --alerts N           alerts Alertmanager turns into webhooks                 10000 [1000]
  --rates LIST         fixed rates in req/s for the latency runs               500,2000
  --paced-seconds S    length of each fixed-rate run (count = rate x S)        10 [3]
  --concurrency LIST   in-flight \`_execute\` counts (1 s receiver)              1000,10000 [1000]
  --conc-timeout S     give up on one concurrency run after S seconds          300 [120]
  --es-url URL         a search node on loopback for the \`.index\` row (or env SWITCHBOARD_BENCH_ES_URL);
                       without it that row is skipped
  --out DIR            where raw outputs and the table go                      a new temp dir, printed
  --port-base P        first of five loopback ports (sink, relay, slow receiver, Alertmanager, Switchboard) 18400
  --jar PATH           Switchboard jar                                        target/quarkus-app/quarkus-run.jar
  --java PATH          java 21+ binary (or env JAVA; else JAVA_HOME, PATH, /usr/lib/jvm/*)
  --java-opts "..."    JVM options for Switchboard (or env SB_JAVA_OPTS); default: README.md's recommended
                       -XX:+UseSerialGC -Xms64m -Xmx512m and a class-data archive in the work dir
  --no-install         never apt-get install missing packages; just say which are missing
  --only SECTION       execute: only the \`_execute\` sections; queue: only the queue section (runs queue.sh)
  --queue-counts LIST  queue burst sizes, passed to queue.sh --counts         10000,100000 [1000,10000]
  --queue-probes N     queue single-item probes, passed to queue.sh --probes  200 [50]
  -h, --help

Packages (Debian): nginx-light wrk hey prometheus-alertmanager, plus python3 and curl; the queue section also
needs postgresql nodejs npm. Run as root, missing ones are installed with apt-get (unless --no-install).
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --alerts) ALERTS="$2"; shift 2 ;;
    --rates) RATES="$2"; shift 2 ;;
    --paced-seconds) PACED_SECONDS="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --conc-timeout) CONC_TIMEOUT="$2"; shift 2 ;;
    --es-url) ES_URL="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --port-base) PORT_BASE="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --java) JAVA="$2"; shift 2 ;;
    --java-opts) JAVA_OPTS="$2"; shift 2 ;;
    --no-install) INSTALL=0; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    --queue-counts) QUEUE_ARGS+=(--counts "$2"); shift 2 ;;
    --queue-probes) QUEUE_ARGS+=(--probes "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

case "$ONLY" in
  ""|execute|queue) ;;
  *) echo "--only takes execute or queue, not '$ONLY'" >&2; exit 2 ;;
esac
# Options the queue section shares; with --only queue, queue.sh runs alone and nothing below does.
[ "$QUICK" = 1 ] && QUEUE_ARGS+=(--quick)
[ "$INSTALL" = 0 ] && QUEUE_ARGS+=(--no-install)
QUEUE_ARGS+=(--jar "$JAR" --port-base $((PORT_BASE + 10)))
[ "$JAVA_OPTS" != RECOMMENDED ] && QUEUE_ARGS+=(--java-opts "$JAVA_OPTS")
if [ "$ONLY" = queue ]; then
  exec bash "$HERE/queue.sh" "${QUEUE_ARGS[@]}" ${JAVA:+--java "$JAVA"} ${OUT:+--out "$OUT"}
fi

if [ "$QUICK" = 1 ]; then
  : "${DURATION:=3}" "${WARMUP:=3}" "${ALERTS:=1000}" "${CONCURRENCY:=1000}" "${CONC_TIMEOUT:=120}"
  : "${PACED_SECONDS:=3}"
else
  : "${DURATION:=10}" "${WARMUP:=20}" "${ALERTS:=10000}" "${CONCURRENCY:=1000,10000}" "${CONC_TIMEOUT:=300}"
  : "${PACED_SECONDS:=10}"
fi
: "${RATES:=500,2000}"

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.3f}")' "$1" "$2"; }

# ------------------------------------------------------------------------------------------------- prerequisites
missing=()
command -v nginx >/dev/null || missing+=(nginx-light)
command -v wrk >/dev/null || missing+=(wrk)
command -v hey >/dev/null || missing+=(hey)
command -v prometheus-alertmanager >/dev/null || command -v alertmanager >/dev/null || missing+=(prometheus-alertmanager)
command -v python3 >/dev/null || missing+=(python3)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$INSTALL" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
      || { apt-get update >&2 && apt-get install -y --no-install-recommends "${missing[@]}" >&2; } \
      || die "apt-get could not install ${missing[*]}"
    # The benchmark runs its own nginx and Alertmanager on loopback; a service that this install started is
    # stopped again (only those just installed).
    for pkg in "${missing[@]}"; do
      case "$pkg" in nginx-light) svc=nginx ;; prometheus-alertmanager) svc=prometheus-alertmanager ;; *) continue ;; esac
      if [ -d /run/systemd/system ]; then systemctl disable --now "$svc" >/dev/null 2>&1 || true
      elif [ -x "/etc/init.d/$svc" ]; then "/etc/init.d/$svc" stop >/dev/null 2>&1 || true; fi
    done
  else
    die "missing packages: ${missing[*]} (as root: apt-get install ${missing[*]})"
  fi
fi
AM_BIN="$(command -v prometheus-alertmanager || command -v alertmanager)"

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

if [ -n "$ES_URL" ]; then
  es_host="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).hostname or "")' "$ES_URL")"
  case "$es_host" in
    127.0.0.1|localhost|::1) ;;
    *) die "--es-url must point at a loopback address (127.0.0.1, localhost or [::1]), not '$es_host'" ;;
  esac
fi

# The 10,000-call case holds ~10,000 sockets in the client, the receiver and twice that in Switchboard.
ulimit -Hn 65536 2>/dev/null || true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
max_conc="$(tr ',' '\n' <<<"$CONCURRENCY" | sort -n | tail -1)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((2 * ${max_conc:-0} + 1000)) ]; then
  log "warning: open-file limit $(ulimit -n) is low for $max_conc concurrent calls (Switchboard needs ~2 per call)"
fi

SINK_PORT=$PORT_BASE RELAY_PORT=$((PORT_BASE + 1)) SLOW_PORT=$((PORT_BASE + 2))
AM_PORT=$((PORT_BASE + 3)) SB_PORT=$((PORT_BASE + 4))
for port in $SINK_PORT $RELAY_PORT $SLOW_PORT $AM_PORT $SB_PORT; do
  python3 - "$port" <<'EOF' || die "port $port on 127.0.0.1 is in use (choose others with --port-base)"
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT leftovers are fine
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); s.close()
EOF
done

if [ -z "$OUT" ]; then OUT="$(mktemp -d -t switchboard-bench.XXXXXX)"; fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
rm -f "$OUT"/figures.txt "$OUT"/wrk-*.txt "$OUT"/hey-*.csv "$OUT"/concurrency-*.json "$OUT"/alertmanager.json
WORK="$(mktemp -d -t switchboard-bench-work.XXXXXX)"
if [ "$JAVA_OPTS" = RECOMMENDED ]; then
  # The archive is written when the first start exits and used by the timed second start.
  JAVA_OPTS="-XX:+UseSerialGC -Xms64m -Xmx512m -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$WORK/switchboard.jsa"
fi
chmod 755 "$WORK"   # nginx workers may run as another user
log "results go to $OUT (scratch: $WORK)"
fig() { printf '%s=%s\n' "$1" "$2" >>"$OUT/figures.txt"; }

# ------------------------------------------------------------------------------------------------- processes
PIDS=()
SB_PID=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -n "$SB_PID" ] && stop_switchboard
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[$i]}" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
  exit "$status"
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

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo ""; }

# Switchboard from the packaged jar, on its embedded PostgreSQL in $WORK/data.
start_switchboard() {  # log-name; sets SB_PID and SB_T0
  SB_T0="$(now)"
  SWITCHBOARD_DATA_DIR="$WORK/data" "$JAVA" $JAVA_OPTS -Dquarkus.http.port="$SB_PORT" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.config.locations="$WORK/kibana.yml" \
    -jar "$JAR" >"$OUT/switchboard-$1.log" 2>&1 </dev/null &
  SB_PID=$!
}

wait_ready() {  # log-name; prints the ready time
  local deadline=$((SECONDS + 180))
  while [ $SECONDS -lt $deadline ]; do
    if curl -sf -o /dev/null "http://127.0.0.1:$SB_PORT/q/health/ready"; then since "$SB_T0" "$(now)"; return 0; fi
    kill -0 "$SB_PID" 2>/dev/null || { tail -30 "$OUT/switchboard-$1.log" >&2; die "Switchboard exited during start-up"; }
    sleep 0.05
  done
  tail -30 "$OUT/switchboard-$1.log" >&2
  die "Switchboard not ready after 180 s"
}

stop_switchboard() {  # SIGTERM, wait up to 60 s, then SIGKILL; then make sure its PostgreSQL is gone too
  local pid=$SB_PID
  SB_PID=""
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    log "Switchboard did not stop in 60 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  local pidfile="$WORK/data/postgres/postmaster.pid" pg
  if [ -f "$pidfile" ]; then
    pg="$(head -1 "$pidfile")"
    if [ -n "$pg" ] && tr '\0' ' ' <"/proc/$pg/cmdline" 2>/dev/null | grep -qF "$WORK/data"; then
      log "embedded PostgreSQL ($pg) outlived Switchboard: stopping it"
      kill -INT "$pg" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pg" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pg" 2>/dev/null || true
    fi
  fi
}

api() {  # method path [json-body]; prints the body, fails on a non-2xx answer
  curl -sS --fail-with-body -X "$1" "http://127.0.0.1:$SB_PORT$2" -H 'kbn-xsrf: x' -H 'Content-Type: application/json' \
    -H "Authorization: $BENCH_AUTHORIZATION" ${3:+-d "$3"}
}

kpi() {  # connector-id; prints the KPI JSON
  curl -sS -G "http://127.0.0.1:$SB_PORT/internal/actions/_global_connector_execution_kpi" \
    -H "Authorization: $BENCH_AUTHORIZATION" \
    --data-urlencode "date_start=$BENCH_START_ISO" --data-urlencode "filter=kibana.action.id:$1" || echo '{}'
}

# ------------------------------------------------------------------------------------------------- environment
BENCH_START_ISO="$(date -u -d '-1 minute' +%Y-%m-%dT%H:%M:%S.000Z)"
{
  echo "## Switchboard benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r), $( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null)"
  echo "- switchboard: $JAR (built $(date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC'); checkout $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'))"
  echo "- java: $("$JAVA" -version 2>&1 | head -1) ($JAVA${JAVA_OPTS:+ $JAVA_OPTS})"
  echo "- nginx: $(nginx -v 2>&1 | sed 's/.*version: //'), one worker process each for the sink and the relay"
  echo "- wrk: $(wrk -v 2>&1 | head -1 | awk '{print $2}'); hey: $(dpkg-query -W -f='${Version}' hey 2>/dev/null || echo '?'); alertmanager: $("$AM_BIN" --version 2>&1 | head -1 | sed 's/^alertmanager, version //'); python3: $(python3 -c 'import sys; print(sys.version.split()[0])')"
  echo "- settings: wrk -t2 -c$CONNECTIONS -d${DURATION}s after ${WARMUP}s warm-up; $ALERTS alerts; rates $RATES req/s for ${PACED_SECONDS}s each; concurrency $CONCURRENCY (timeout ${CONC_TIMEOUT}s); open files $(ulimit -n)"
} >"$OUT/environment.txt"
cat "$OUT/environment.txt" >&2

# ------------------------------------------------------------------------------------------------- sink and relay
# Two nginx instances, one worker each: the sink answers 200 at once (keep-alive, no body) and logs only the
# Alertmanager deliveries (one unbuffered line per request, the count); the relay proxies to it over keep-alive.
mkdir -p "$WORK/sink/tmp" "$WORK/relay/tmp"
nginx_conf() {  # prefix port extra-http-directives server-block-body
  cat <<EOF
worker_processes 1;
worker_rlimit_nofile 65536;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 32768; multi_accept on; }
http {
  access_log off;
  log_format count '\$msec \$status';
  keepalive_timeout 300s;
  keepalive_requests 10000000;
  client_body_buffer_size 64k;
  client_body_temp_path $1/tmp/body;
  proxy_temp_path $1/tmp/proxy;
  fastcgi_temp_path $1/tmp/fastcgi;
  uwsgi_temp_path $1/tmp/uwsgi;
  scgi_temp_path $1/tmp/scgi;
  server_tokens off;
  $3
  server {
    listen 127.0.0.1:$2 backlog=4096;
    $4
  }
}
EOF
}
: >"$OUT/sink-alertmanager.log"
nginx_conf "$WORK/sink" "$SINK_PORT" "" \
  "location /am { access_log $OUT/sink-alertmanager.log count; return 200; } location / { return 200; }" \
  >"$WORK/sink/nginx.conf"
nginx_conf "$WORK/relay" "$RELAY_PORT" "upstream sink { server 127.0.0.1:$SINK_PORT; keepalive 256; }" \
  'location / { proxy_pass http://sink; proxy_http_version 1.1; proxy_set_header Connection ""; }' \
  >"$WORK/relay/nginx.conf"
for name in sink relay; do
  nginx -p "$WORK/$name" -c "$WORK/$name/nginx.conf" -g 'daemon off;' >"$WORK/$name/stdout.log" 2>&1 &
  PIDS+=($!)
done
python3 "$HERE/slow_receiver.py" "$SLOW_PORT" 1.0 >"$OUT/slow-receiver.log" 2>&1 &
PIDS+=($!)
for port in $SINK_PORT $RELAY_PORT $SLOW_PORT; do
  wait_port "$port" 15 || { cat "$WORK"/*/error.log "$OUT/slow-receiver.log" >&2 2>/dev/null; die "nothing listens on 127.0.0.1:$port"; }
done

# Request bodies: a ~300-byte alert-like JSON document, posted as is to nginx and as params.body to `_execute`.
WEBHOOK_BODY='{"receiver":"switchboard-bench","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Bench","instance":"host-0001.example","severity":"warning","idx":"000042"},"annotations":{"summary":"benchmark notification"},"startsAt":"2026-11-22T10:00:00Z","fingerprint":"0123456789abcdef"}],"version":"4"}'
printf '%s' "$WEBHOOK_BODY" >"$WORK/body-plain.json"
python3 -c 'import json, sys; print(json.dumps({"params": {"body": sys.argv[1]}}), end="")' "$WEBHOOK_BODY" \
  >"$WORK/body-webhook.json"
printf '%s' '{"params":{"message":"benchmark server-log message","level":"info"}}' >"$WORK/body-server-log.json"
printf '%s' '{"params":{"documents":[{"a":1,"message":"benchmark document"}]}}' >"$WORK/body-index.json"

# ------------------------------------------------------------------------------------------------- switchboard
{
  echo 'xpack.actions.allowedHosts: ["*"]'
  if [ -n "$ES_URL" ]; then echo "elasticsearch.hosts: [\"$ES_URL\"]"; fi
} >"$WORK/kibana.yml"

log "first start of Switchboard (initialises the embedded PostgreSQL)"
start_switchboard first-start
ready="$(wait_ready first-start)"
fig startup_first_ready_s "$ready"
api POST /api/actions/connector/bench-hook \
  "{\"name\":\"bench webhook\",\"connector_type_id\":\".webhook\",\"config\":{\"url\":\"http://127.0.0.1:$SINK_PORT/hook\",\"method\":\"post\",\"hasAuth\":false}}" >/dev/null
api POST /api/actions/connector/bench-paced \
  "{\"name\":\"bench paced webhook\",\"connector_type_id\":\".webhook\",\"config\":{\"url\":\"http://127.0.0.1:$SINK_PORT/paced\",\"method\":\"post\",\"hasAuth\":false}}" >/dev/null
api POST /api/actions/connector/bench-slow \
  "{\"name\":\"bench slow webhook\",\"connector_type_id\":\".webhook\",\"config\":{\"url\":\"http://127.0.0.1:$SLOW_PORT/slow\",\"method\":\"post\",\"hasAuth\":false}}" >/dev/null
api POST /api/actions/connector/bench-log '{"name":"bench log","connector_type_id":".server-log"}' >/dev/null
if [ -n "$ES_URL" ]; then
  api POST /api/actions/connector/bench-index '{"name":"bench index","connector_type_id":".index","config":{"index":"bench"}}' >/dev/null
fi
stop_switchboard

log "second start of Switchboard (database initialised): timing ready and the first _execute"
start_switchboard bench
ready="$(wait_ready bench)"
fig startup_ready_s "$ready"
first="$(api POST /api/actions/connector/bench-hook/_execute "$(cat "$WORK/body-webhook.json")" || true)"
fig startup_first_execute_s "$(since "$SB_T0" "$(now)")"
fig startup_first_execute_status "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1]).get("status"))' "$first" 2>/dev/null || echo "no JSON answer")"
sleep 3
fig rss_idle_kib "$(rss_kib "$SB_PID")"

# ------------------------------------------------------------------------------------------------- 1. throughput
fig wrk_connections "$CONNECTIONS"
run_wrk() {  # name url body-file check-ok seconds
  BENCH_BODY_FILE="$3" BENCH_CHECK_OK="$4" timeout $(($5 + 60)) \
    wrk -t2 -c"$CONNECTIONS" -d"$5s" --timeout 10s --latency -s "$HERE/post.lua" "$2" >"$OUT/wrk-$1.txt" 2>&1 || true
  log "  $1: $(awk '/Requests\/sec/ {print $2 " req/s"}' "$OUT/wrk-$1.txt")"
}
EXEC="http://127.0.0.1:$SB_PORT/api/actions/connector"
log "1. throughput, wrk -c$CONNECTIONS ${DURATION}s per run"
run_wrk sink "http://127.0.0.1:$SINK_PORT/hook" "$WORK/body-plain.json" 0 "$DURATION"
run_wrk relay "http://127.0.0.1:$RELAY_PORT/hook" "$WORK/body-plain.json" 0 "$DURATION"
run_wrk warmup-webhook "$EXEC/bench-hook/_execute" "$WORK/body-webhook.json" 1 "$WARMUP"
run_wrk warmup-server-log "$EXEC/bench-log/_execute" "$WORK/body-server-log.json" 1 $(((WARMUP + 1) / 2))
run_wrk execute-webhook "$EXEC/bench-hook/_execute" "$WORK/body-webhook.json" 1 "$DURATION"
run_wrk execute-server-log "$EXEC/bench-log/_execute" "$WORK/body-server-log.json" 1 "$DURATION"
if [ -z "$ES_URL" ]; then
  fig skip_execute-index "no --es-url given"
elif ! curl -s -o /dev/null --max-time 5 "$ES_URL"; then
  fig skip_execute-index "no answer from the search node"
else
  run_wrk execute-index "$EXEC/bench-index/_execute" "$WORK/body-index.json" 1 "$DURATION"
fi

log "   Alertmanager: $ALERTS alerts -> $ALERTS webhooks"
mkdir -p "$WORK/alertmanager"
timeout 300 python3 "$HERE/alertmanager_driver.py" --am-bin "$AM_BIN" --workdir "$WORK/alertmanager" \
  --port "$AM_PORT" --sink-url "http://127.0.0.1:$SINK_PORT/am" --access-log "$OUT/sink-alertmanager.log" \
  --n "$ALERTS" --timeout 120 --out "$OUT/alertmanager.json" >/dev/null \
  || fig skip_alertmanager "driver failed (see alertmanager.log)"
cp "$WORK/alertmanager/alertmanager.log" "$OUT/alertmanager.log" 2>/dev/null || true

# ------------------------------------------------------------------------------------------------- 2. fixed rates
# hey paces each of its workers at (rate / workers) req/s, sends exactly rate x seconds requests and writes
# one CSV row per answer.
log "2. latency at fixed rates: $RATES req/s, ${PACED_SECONDS}s each"
fig rates "$RATES"
paced_answered=0 paced_unanswered=0
for rate in ${RATES//,/ }; do
  workers=$(((rate + 49) / 50))
  count=$((rate * PACED_SECONDS / workers * workers))
  per_worker="$(python3 -c "print(round($rate / $workers, 3))")"
  for target in relay execute; do
    if [ "$target" = relay ]; then url="http://127.0.0.1:$RELAY_PORT/paced"; body="$WORK/body-plain.json"
    else url="$EXEC/bench-paced/_execute"; body="$WORK/body-webhook.json"; fi
    fig "hey_${target}_${rate}_n" "$count"
    fig "hey_${target}_${rate}_c" "$workers"
    timeout $((PACED_SECONDS * 10 + 120)) hey -n "$count" -c "$workers" -q "$per_worker" -t 30 -m POST \
      -T application/json -H 'kbn-xsrf: x' -H "Authorization: $BENCH_AUTHORIZATION" -D "$body" -o csv "$url" >"$OUT/hey-$target-$rate.csv" 2>"$OUT/hey-$target-$rate.err" || true
    answered="$(awk -F, 'NR > 1 && $7 == 200' "$OUT/hey-$target-$rate.csv" | wc -l)"
    log "  $target @ $rate req/s: $answered/$count answered 200"
    if [ "$target" = execute ]; then
      paced_answered=$((paced_answered + answered))
      paced_unanswered=$((paced_unanswered + count - $(tail -n +2 "$OUT/hey-$target-$rate.csv" | wc -l)))
    fi
  done
done

# ------------------------------------------------------------------------------------------------- 5. event log (paced)
EVENTLOG_WAIT=2 EVENTLOG_LATER=10
fig eventlog_wait_s "$EVENTLOG_WAIT"
fig eventlog_later_s "$EVENTLOG_LATER"
check_event_log() {  # key connector answered
  sleep "$EVENTLOG_WAIT"
  local counts
  counts="$(kpi "$2")"
  fig "eventlog_$1_connector" "$2"
  fig "eventlog_$1_answered" "$3"
  fig "eventlog_$1_kpi" "$counts"
  log "  event log for $2: $3 answered, KPI $counts"
  if ! python3 -c 'import json, sys; k = json.loads(sys.argv[1]); sys.exit(0 if k.get("success", 0) + k.get("failure", 0) == int(sys.argv[2]) else 1)' "$counts" "$3" 2>/dev/null; then
    sleep "$EVENTLOG_LATER"
    fig "eventlog_$1_kpi_later" "$(kpi "$2")"
  fi
}
fig eventlog_paced_timed_out "$paced_unanswered"
log "5. event-log completeness for the fixed-rate connector"
check_event_log paced bench-paced "$paced_answered"

# ------------------------------------------------------------------------------------------------- 3. concurrency
log "3. concurrency: $CONCURRENCY calls in flight to a receiver that answers after 1 s"
fig concurrency "$CONCURRENCY"
fig open_files "$(ulimit -n)"
slow_answered=0 slow_timed_out=0
for n in ${CONCURRENCY//,/ }; do
  sleep 3   # let the previous load settle before the idle RSS is read
  timeout $((CONC_TIMEOUT + 60)) python3 "$HERE/concurrency.py" --port "$SB_PORT" --connector bench-slow --n "$n" \
    --timeout "$CONC_TIMEOUT" --pid "$SB_PID" --out "$OUT/concurrency-$n.json" >/dev/null 2>"$OUT/concurrency-$n.err" \
    || fig "concurrency_${n}_error" "client failed: $(tail -1 "$OUT/concurrency-$n.err" | cut -c1-120)"
  if [ -f "$OUT/concurrency-$n.json" ]; then
    read -r a t w < <(python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); print(c["answered_200"], c["timed_out"], c["wall_s"])' "$OUT/concurrency-$n.json")
    slow_answered=$((slow_answered + a)) slow_timed_out=$((slow_timed_out + t))
    log "  N=$n: $a answered 200, $t timed out, wall $w s"
  fi
done
fig eventlog_slow_timed_out "$slow_timed_out"
log "5. event-log completeness for the concurrency connector"
check_event_log slow bench-slow "$slow_answered"

# ------------------------------------------------------------------------------------------------- 4. memory after load
fig rss_after_kib "$(rss_kib "$SB_PID")"
fig rss_hwm_kib "$(awk '/^VmHWM:/ {print $2}' "/proc/$SB_PID/status" 2>/dev/null || echo "")"
stop_switchboard

# ------------------------------------------------------------------------------------------------- 6. queue
if [ "$ONLY" != execute ]; then
  log "6. the queue section (queue.sh)"
  bash "$HERE/queue.sh" "${QUEUE_ARGS[@]}" --java "$JAVA" --out "$OUT" >"$OUT/queue-stdout.txt" || log "the queue section failed (see its messages above)"
fi

# ------------------------------------------------------------------------------------------------- table
find "$OUT" -maxdepth 1 -name '*.err' -empty -delete
python3 "$HERE/report.py" "$OUT" >"$OUT/table.md"
echo
cat "$OUT/table.md"
echo
echo "raw outputs and this table: $OUT"

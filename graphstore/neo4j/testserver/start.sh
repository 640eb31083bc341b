#!/usr/bin/env bash
# Builds (when needed) and starts the embedded Neo4j test server in the
# background, waits until its Bolt port answers, and prints on stdout:
#
#   NEO4J_URI=bolt://127.0.0.1:PORT
#   NEO4J_TESTSERVER_PID=PID
#   (NEO4J_USER=neo4j and NEO4J_PASSWORD=... when --password is given)
#
# so `export $(graphstore/neo4j/testserver/start.sh)` sets up the tests of
# graphstore/neo4j. Everything else goes to stderr.
#
# Options (environment defaults in brackets):
#   --port N        Bolt port on 127.0.0.1         [NEO4J_TESTSERVER_PORT or 7687]
#   --run-dir DIR   pid file, log and data home    [testserver/run/default]
#   --password PW   enable auth with user neo4j    [NEO4J_TESTSERVER_PASSWORD, empty: auth off]
#   --timeout S     seconds to wait for Bolt       [NEO4J_TESTSERVER_TIMEOUT or 180]
#   --tls-dir DIR   require TLS on Bolt with DIR/private.key (PKCS#8 PEM) and
#                   DIR/public.crt; the URI printed is then bolt+ssc://
# Memory: NEO4J_TESTSERVER_HEAP (default 1g), NEO4J_TESTSERVER_PAGECACHE_MB (192).
#
# A second start with the same run dir while the server runs is refused;
# stop.sh --run-dir DIR stops it. Data in the run dir survives restarts.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
port="${NEO4J_TESTSERVER_PORT:-7687}"
run_dir="$here/run/default"
password="${NEO4J_TESTSERVER_PASSWORD:-}"
timeout="${NEO4J_TESTSERVER_TIMEOUT:-180}"
tls_dir=""
heap="${NEO4J_TESTSERVER_HEAP:-1g}"
pagecache="${NEO4J_TESTSERVER_PAGECACHE_MB:-192}"

while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --run-dir) run_dir="$2"; shift 2 ;;
    --password) password="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --tls-dir) tls_dir="$2"; shift 2 ;;
    *) echo "start.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

mkdir -p "$run_dir"
run_dir="$(cd "$run_dir" && pwd)"
pid_file="$run_dir/server.pid"
log_file="$run_dir/server.log"

if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  echo "start.sh: a server already runs from $run_dir (pid $(cat "$pid_file")); stop.sh --run-dir $run_dir first" >&2
  exit 1
fi

# Build when the jar is missing or older than its sources. Maven keeps the
# downloaded Neo4j jars in ~/.m2, so a rebuild needs no network.
jar="$here/target/testserver.jar"
if [ ! -f "$jar" ] || [ ! -d "$here/target/lib" ] || [ -n "$(find "$here/pom.xml" "$here/src" -newer "$jar" -print -quit)" ]; then
  echo "start.sh: building the test server with Maven" >&2
  build_log="$(mktemp)"
  if ! (cd "$here" && mvn -q -B package >"$build_log" 2>&1); then
    tail -n 40 "$build_log" >&2
    rm -f "$build_log"
    echo "start.sh: Maven build failed" >&2
    exit 1
  fi
  rm -f "$build_log"
fi

args=(--port "$port" --home "$run_dir/data" --pagecache-mb "$pagecache")
if [ -n "$password" ]; then
  args+=(--password "$password")
fi
scheme=bolt
if [ -n "$tls_dir" ]; then
  mkdir -p "$tls_dir/trusted" "$tls_dir/revoked"
  args+=(--tls-dir "$(cd "$tls_dir" && pwd)")
  scheme=bolt+ssc
fi

# The flags Neo4j 5 needs on Java 17 for its off-heap and I/O internals.
jvm=(
  "-Xms256m" "-Xmx$heap" "-XX:+UseG1GC" "-XX:+ExitOnOutOfMemoryError"
  "--add-opens=java.base/java.lang=ALL-UNNAMED"
  "--add-opens=java.base/java.nio=ALL-UNNAMED"
  "--add-opens=java.base/java.io=ALL-UNNAMED"
  "--add-opens=java.base/java.util=ALL-UNNAMED"
  "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
  "-Dio.netty.tryReflectionSetAccessible=true"
  "-Dfile.encoding=UTF-8"
)

: >"$log_file"
nohup java "${jvm[@]}" -jar "$jar" "${args[@]}" >>"$log_file" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pid_file"

deadline=$((SECONDS + timeout))
while :; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start.sh: the server exited during start-up; log tail:" >&2
    tail -n 40 "$log_file" >&2
    rm -f "$pid_file"
    exit 1
  fi
  if grep -q "testserver: Neo4j ready" "$log_file" && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    break
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "start.sh: Bolt did not answer on 127.0.0.1:$port within ${timeout}s; log tail:" >&2
    tail -n 40 "$log_file" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep 0.5
done

echo "start.sh: Neo4j runs (pid $pid, log $log_file)" >&2
echo "NEO4J_URI=$scheme://127.0.0.1:$port"
echo "NEO4J_TESTSERVER_PID=$pid"
if [ -n "$password" ]; then
  echo "NEO4J_USER=neo4j"
  echo "NEO4J_PASSWORD=$password"
fi

#!/usr/bin/env bash
# Stops a test server started by start.sh: SIGTERM (a clean shutdown), then
# SIGKILL if it is still there after 30 s. With --kill, SIGKILL at once (a
# crash, as the fault test makes). Stopping a server that is not running is
# not an error.
#
#   stop.sh [--run-dir DIR] [--kill]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
run_dir="$here/run/default"
signal=TERM
while [ $# -gt 0 ]; do
  case "$1" in
    --run-dir) run_dir="$2"; shift 2 ;;
    --kill) signal=KILL; shift ;;
    *) echo "stop.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

pid_file="$run_dir/server.pid"
[ -f "$pid_file" ] || exit 0
pid="$(cat "$pid_file")"
if kill -0 "$pid" 2>/dev/null; then
  kill -s "$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop.sh: pid $pid ignored SIGTERM; killing it" >&2
    kill -s KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
fi
rm -f "$pid_file"

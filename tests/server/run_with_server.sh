#!/usr/bin/env bash
# Runs a client suite against a fresh `eddy serve`:
#   run_with_server.sh path/to/eddy COMMAND ARGS...
# The command finds the server in $EDDY_ENDPOINT. After it passes, the
# server is stopped with SIGTERM and must exit 0 (graceful shutdown).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "${here}/server_lib.sh"
eddy="$(realpath "$1")"
shift
start_server "${eddy}"
"$@"
kill -TERM "${EDDY_SERVER_PID}"
code=0
wait "${EDDY_SERVER_PID}" || code=$?
EDDY_SERVER_PID=""
if [[ ${code} -ne 0 ]]; then
  echo "eddy serve exited ${code} after SIGTERM" >&2
  cat "${EDDY_WORK}/server.log" >&2
  exit 1
fi

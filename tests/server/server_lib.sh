#!/usr/bin/env bash
# Shared by the client suites: start `eddy serve` on an ephemeral 127.0.0.1
# port in a fresh data directory, and stop it (SIGTERM, graceful) on exit.
#   source server_lib.sh; start_server path/to/eddy [extra serve args]
# Sets EDDY_ENDPOINT (http://127.0.0.1:PORT), EDDY_WORK (temp dir) and the
# dummy AWS credentials the clients sign with.

export AWS_ACCESS_KEY_ID=AKIDEXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1
export AWS_REGION=us-east-1
export AWS_PAGER=""
export AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN

EDDY_WORK="$(mktemp -d)"
EDDY_SERVER_PID=""

stop_server() {
  if [[ -n "${EDDY_SERVER_PID}" ]]; then
    kill -TERM "${EDDY_SERVER_PID}" 2>/dev/null || true
    wait "${EDDY_SERVER_PID}" 2>/dev/null || true
    EDDY_SERVER_PID=""
  fi
}

cleanup_server() {
  stop_server
  rm -rf "${EDDY_WORK}"
}
trap cleanup_server EXIT

start_server() {
  local eddy
  eddy="$(realpath "$1")"
  shift
  rm -f "${EDDY_WORK}/ready"
  mkfifo "${EDDY_WORK}/ready"
  "${eddy}" serve --data "${EDDY_WORK}/db" --port 0 --log-level warn "$@" \
    >"${EDDY_WORK}/ready" 2>"${EDDY_WORK}/server.log" &
  EDDY_SERVER_PID=$!
  local line=""
  read -r line <"${EDDY_WORK}/ready" || true
  if [[ ! "${line}" =~ port=([0-9]+) ]]; then
    echo "eddy serve did not start: ${line}" >&2
    cat "${EDDY_WORK}/server.log" >&2
    exit 1
  fi
  export EDDY_ENDPOINT="http://127.0.0.1:${BASH_REMATCH[1]}"
}

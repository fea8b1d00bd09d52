#!/usr/bin/env bash
# Smoke test of the `eddy` command-line tool: create, put, get, query, scan,
# delete on a fresh database, and the exit codes of errors.
#   tests/cli_test.sh path/to/eddy
set -euo pipefail

eddy="$1"
data="$(mktemp -d)"
trap 'rm -rf "${data}"' EXIT
export EDDY_DATA="${data}/db"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect_match TEXT REGEX: TEXT matches the extended regex REGEX.
expect_match() {
  grep -Eq -- "$2" <<<"$1" || fail "expected /$2/ in: $1"
}

# run_status EXPECTED_CODE ARGS...: runs eddy, checks its exit code and puts
# its stdout and stderr in $out and $err.
run_status() {
  local expected="$1" code=0
  shift
  out="$("${eddy}" "$@" 2>"${data}/stderr")" || code=$?
  err="$(cat "${data}/stderr")"
  [[ ${code} -eq ${expected} ]] ||
    fail "eddy $*: exit ${code}, expected ${expected}; stderr: ${err}"
}

echo "create-table"
run_status 0 create-table --table-name Dogs --partition-key Id:N
expect_match "${out}" '"TableName": "Dogs"'
expect_match "${out}" '"KeyType": "HASH"'
expect_match "${out}" '"TableStatus": "ACTIVE"'
run_status 0 create-table --table-name Walks --partition-key Dog:S \
  --sort-key Date:S
expect_match "${out}" '"KeyType": "RANGE"'

echo "describe-table, list-tables"
run_status 0 describe-table --table-name Dogs
expect_match "${out}" '"Table": \{'
expect_match "${out}" '"TableArn": "arn:aws:dynamodb:[^"]*:table/Dogs"'
run_status 0 list-tables
expect_match "$(tr -d ' \n' <<<"${out}")" '"TableNames":\["Dogs","Walks"\]'

echo "put-item, get-item"
run_status 0 put-item --table-name Dogs --item '{"Id":{"N":"1"},"Name":{"S":"Rex"}}'
[[ -z "${out}" ]] || fail "put-item printed: ${out}"
run_status 0 put-item --table-name Dogs --item '{"Id":{"N":"2"},"Name":{"S":"Fido"}}'
run_status 0 get-item --table-name Dogs --key '{"Id":{"N":"1"}}'
expect_match "${out}" '"Item": \{'
expect_match "$(tr -d ' \n' <<<"${out}")" '"Name":\{"S":"Rex"\}'
run_status 0 get-item --table-name Dogs --key '{"Id":{"N":"9"}}'
[[ -z "${out}" ]] || fail "get-item of a missing item printed: ${out}"

echo "query, scan"
for date in 2024-01-01 2024-01-02 2024-01-03; do
  run_status 0 put-item --table-name Walks \
    --item "{\"Dog\":{\"S\":\"Rex\"},\"Date\":{\"S\":\"${date}\"}}"
done
run_status 0 query --table-name Walks --partition-value '{"S":"Rex"}'
expect_match "${out}" '"Count": 3'
expect_match "${out}" '"ScannedCount": 3'
run_status 0 query --table-name Walks --partition-value '{"S":"Rex"}' \
  --limit 1 --backward
expect_match "${out}" '"Count": 1'
expect_match "$(tr -d ' \n' <<<"${out}")" '"Date":\{"S":"2024-01-03"\}'
expect_match "${out}" '"LastEvaluatedKey"'
run_status 0 scan --table-name Dogs
expect_match "${out}" '"Count": 2'

echo "delete-item"
run_status 0 delete-item --table-name Dogs --key '{"Id":{"N":"1"}}' \
  --return-values ALL_OLD
expect_match "${out}" '"Attributes": \{'
run_status 0 get-item --table-name Dogs --key '{"Id":{"N":"1"}}'
[[ -z "${out}" ]] || fail "deleted item still there: ${out}"

echo "errors"
run_status 1 describe-table --table-name Cats
expect_match "${err}" 'ResourceNotFoundException'
run_status 1 create-table --table-name Dogs --partition-key Id:N
expect_match "${err}" 'ResourceInUseException'
run_status 1 put-item --table-name Dogs --item '{"Name":{"S":"no key"}}'
expect_match "${err}" 'ValidationException'
run_status 2 put-item --table-name Dogs --item '{not json'
expect_match "${err}" "Error parsing parameter '--item'"
run_status 2 create-table --table-name Cats --partition-key Id:X
run_status 2 get-item --table-name Dogs

echo "delete-table"
run_status 0 delete-table --table-name Dogs
expect_match "${out}" '"TableDescription": \{'
run_status 0 list-tables
expect_match "$(tr -d ' \n' <<<"${out}")" '"TableNames":\["Walks"\]'

echo "PASS"

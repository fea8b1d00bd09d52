#!/usr/bin/env bash
# The lab's commands with the real AWS CLI (Debian's awscli, /usr/bin/aws)
# against `eddy serve`: tables, items, streams, a Lambda function with an
# event source mapping, its logs; then SigV4 verification with
# --credentials.
#   tests/server/aws_cli_test.sh path/to/eddy
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "${here}/server_lib.sh"
eddy="$(realpath "$1")"
AWS="${AWS_CLI:-/usr/bin/aws}"

fail() {
  echo "FAIL: $*" >&2
  echo "--- server log" >&2
  cat "${EDDY_WORK}/server.log" >&2 || true
  exit 1
}
expect_match() { grep -Eq -- "$2" <<<"$1" || fail "expected /$2/ in: $1"; }
aws_() { "${AWS}" --endpoint-url "${EDDY_ENDPOINT}" --output json "$@"; }
# Runs an aws command that must fail; its stderr goes to $err.
aws_fails() {
  if err="$(aws_ "$@" 2>&1 >/dev/null)"; then fail "aws $* succeeded"; fi
}

start_server "${eddy}"
echo "server at ${EDDY_ENDPOINT}"

echo "dynamodb create-table / update-table"
out="$(aws_ dynamodb create-table --table-name Dogs \
  --attribute-definitions AttributeName=Id,AttributeType=N \
  --key-schema AttributeName=Id,KeyType=HASH --billing-mode PAY_PER_REQUEST)"
expect_match "${out}" '"TableStatus": "ACTIVE"'
out="$(aws_ dynamodb update-table --table-name Dogs \
  --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES)"
expect_match "${out}" '"LatestStreamArn": "arn:aws:dynamodb:us-east-1:000000000000:table/Dogs/stream/'
stream_arn="$(aws_ dynamodb describe-table --table-name Dogs \
  --query Table.LatestStreamArn --output text)"

echo "dynamodb put-item / update-item / get-item / delete-item"
aws_ dynamodb put-item --table-name Dogs \
  --item '{"Id":{"N":"101"},"Name":{"S":"Rex"},"Breed":{"S":"Beagle"}}'
out="$(aws_ dynamodb update-item --table-name Dogs --key '{"Id":{"N":"101"}}' \
  --update-expression 'SET #n = :n' --expression-attribute-names '{"#n":"Name"}' \
  --expression-attribute-values '{":n":{"S":"Max"}}' --return-values ALL_NEW)"
expect_match "${out}" '"S": "Max"'
aws_fails dynamodb put-item --table-name Dogs --item '{"Id":{"N":"101"}}' \
  --condition-expression 'attribute_not_exists(Id)'
expect_match "${err}" 'ConditionalCheckFailedException'
out="$(aws_ dynamodb get-item --table-name Dogs --key '{"Id":{"N":"101"}}')"
expect_match "${out}" '"Breed"'
aws_ dynamodb delete-item --table-name Dogs --key '{"Id":{"N":"101"}}'
aws_fails dynamodb describe-table --table-name Cats
expect_match "${err}" 'ResourceNotFoundException'

echo "dynamodbstreams describe-stream / get-shard-iterator / get-records"
out="$(aws_ dynamodbstreams describe-stream --stream-arn "${stream_arn}")"
expect_match "${out}" '"StreamStatus": "ENABLED"'
shard="$(aws_ dynamodbstreams describe-stream --stream-arn "${stream_arn}" \
  --query 'StreamDescription.Shards[0].ShardId' --output text)"
iterator="$(aws_ dynamodbstreams get-shard-iterator --stream-arn "${stream_arn}" \
  --shard-id "${shard}" --shard-iterator-type TRIM_HORIZON \
  --query ShardIterator --output text)"
out="$(aws_ dynamodbstreams get-records --shard-iterator "${iterator}")"
expect_match "${out}" '"eventName": "INSERT"'
expect_match "${out}" '"eventName": "MODIFY"'
expect_match "${out}" '"eventName": "REMOVE"'

echo "lambda create-function / invoke"
mkdir -p "${EDDY_WORK}/fn"
cat >"${EDDY_WORK}/fn/index.js" <<'JS'
exports.handler = async (event) => {
  for (const record of event.Records || []) {
    console.log('DynamoDB record:', record.eventName, JSON.stringify(record.dynamodb.Keys));
  }
  console.log('event size', JSON.stringify(event).length);
  return { ok: true, records: (event.Records || []).length };
};
JS
(cd "${EDDY_WORK}/fn" && zip -q ../function.zip index.js)
cd "${EDDY_WORK}"
out="$(aws_ lambda create-function --function-name ProcessDogs \
  --zip-file fileb://function.zip --handler index.handler --runtime nodejs12.x \
  --role arn:aws:iam::000000000000:role/lambda-dynamodb-role)"
expect_match "${out}" '"FunctionName": "ProcessDogs"'
echo '{"Records":[]}' >input.txt
out="$(aws_ lambda invoke --function-name ProcessDogs --payload fileb://input.txt \
  --log-type Tail outputfile.txt)"
expect_match "${out}" '"StatusCode": 200'
expect_match "${out}" '"LogResult"'
expect_match "$(cat outputfile.txt)" '"ok":true'
out="$(aws_ lambda get-function --function-name ProcessDogs)"
expect_match "${out}" '"Handler": "index.handler"'
out="$(aws_ lambda list-functions)"
expect_match "${out}" 'ProcessDogs'

echo "lambda create-event-source-mapping"
out="$(aws_ lambda create-event-source-mapping --function-name ProcessDogs \
  --batch-size 1 --starting-position LATEST --event-source "${stream_arn}")"
expect_match "${out}" '"State": "(Enabled|Creating)"'
uuid="$(/usr/bin/python3 -c 'import json,sys;print(json.load(sys.stdin)["UUID"])' <<<"${out}")"
out="$(aws_ lambda list-event-source-mappings --function-name ProcessDogs)"
expect_match "${out}" "${uuid}"
aws_ dynamodb put-item --table-name Dogs --item '{"Id":{"N":"202"},"Name":{"S":"Bo"}}'

echo "logs filter-log-events / tail"
found=""
for _ in $(seq 1 100); do  # the trigger runs asynchronously: wait for its log
  out="$(aws_ logs filter-log-events --log-group-name /aws/lambda/ProcessDogs \
    --filter-pattern '"DynamoDB record"')"
  if grep -q 'INSERT' <<<"${out}"; then found=yes; break; fi
  sleep 0.2
done
[[ -n "${found}" ]] || fail "the mapping's invocation never logged: ${out}"
out="$(aws_ logs tail /aws/lambda/ProcessDogs --since 1h)"
expect_match "${out}" 'DynamoDB record: INSERT \{"Id":\{"N":"202"\}\}'
aws_ lambda delete-event-source-mapping --uuid "${uuid}" >/dev/null
aws_ lambda delete-function --function-name ProcessDogs
aws_fails lambda get-function --function-name ProcessDogs
expect_match "${err}" 'ResourceNotFoundException'
stop_server

echo "--credentials: SigV4 verified"
printf '# test keys\n%s %s\n' "${AWS_ACCESS_KEY_ID}" "${AWS_SECRET_ACCESS_KEY}" \
  >"${EDDY_WORK}/credentials"
start_server "${eddy}" --credentials "${EDDY_WORK}/credentials"
out="$(aws_ dynamodb list-tables)"
expect_match "${out}" '"Dogs"'
AWS_SECRET_ACCESS_KEY=wrong aws_fails dynamodb list-tables
expect_match "${err}" 'InvalidSignatureException'
AWS_ACCESS_KEY_ID=AKIDUNKNOWN aws_fails dynamodb list-tables
expect_match "${err}" 'UnrecognizedClientException'
AWS_SECRET_ACCESS_KEY=wrong aws_fails lambda list-functions
expect_match "${err}" 'InvalidSignatureException'
kill -TERM "${EDDY_SERVER_PID}"
wait "${EDDY_SERVER_PID}" || fail "eddy serve exited $? after SIGTERM"
EDDY_SERVER_PID=""
echo "PASS"

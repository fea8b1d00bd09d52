-- wrk script: DynamoDB PutItem over HTTP/1.1 keep-alive against `eddy serve`
-- (scripts/bench-http runs it). Each request writes a new item, so with the
-- stream on every request also commits one change record.
--   wrk -t2 -c16 -d10s --latency -s bench/http_put_bench.lua http://127.0.0.1:PORT/
-- Table "Bench" (hash key Id:S) must exist. Non-200 answers are counted by
-- wrk as "Non-2xx or 3xx responses".

local next_thread = 0

function setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  counter = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
  wrk.headers["X-Amz-Target"] = "DynamoDB_20120810.PutItem"
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"TableName":"Bench","Item":{"Id":{"S":"t%d-%d"},' ..
    '"Breed":{"S":"Beagle"},"Age":{"N":"%d"},"Tags":{"SS":["a","b"]}}}',
    thread_id, counter, counter % 20)
  return wrk.format(nil, "/", nil, body)
end

// Copyright (c) Eddy authors.

#include "bench/eddy_bench/handler_latency.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "bench/eddy_bench/system.h"
#include "eddy/database.h"

namespace eddy::bench {
namespace {

constexpr char kTableName[] = "handler_latency";

// Lambda's Node.js handler: reports now - ts (ns) for each record.
constexpr char kNodeHandler[] = R"js(
const fs = require('fs');
const { performance } = require('perf_hooks');
const out = process.env.EDDY_BENCH_OUT;
exports.handler = async (event) => {
  const nowNs = BigInt(Math.round((performance.timeOrigin +
                                   performance.now()) * 1e6));
  let lines = '';
  for (const r of event.Records) {
    const ts = r.dynamodb.NewImage.ts.N;
    lines += (nowNs - BigInt(ts)).toString() + '\n';
  }
  fs.appendFileSync(out, lines);
  return {};
};
)js";

std::string NotAvailable(const absl::Status& s, const std::string& step) {
  if (absl::IsUnimplemented(s)) return "n/a (not implemented)";
  return "n/a (" + step + ": " + std::string(s.message()) + ")";
}

HandlerLatency Summarize(std::vector<int64_t> ns, int warmup) {
  HandlerLatency h;
  if (ns.empty()) return h;
  h.first_us = ns.front() / 1e3;
  if (static_cast<int>(ns.size()) > warmup)
    ns.erase(ns.begin(), ns.begin() + warmup);
  std::sort(ns.begin(), ns.end());
  auto at = [&](double q) {
    size_t i = std::min(ns.size() - 1, static_cast<size_t>(q * ns.size()));
    return ns[i] / 1e3;
  };
  h.samples = static_cast<int>(ns.size());
  h.p50_us = at(0.50);
  h.p99_us = at(0.99);
  h.max_us = ns.back() / 1e3;
  return h;
}

// Writes `count` items, each after `seen(i, timeout_ms)` confirmed the
// previous one reached the handler. Returns "" or a failure reason.
std::string WritePaced(Database& db, int count, int id_base,
                       int wait_timeout_ms,
                       const std::function<bool(int, int)>& seen) {
  for (int i = 0; i < count; ++i) {
    Item item{{"Id", AttributeValue::N(std::to_string(id_base + i))},
              {"ts", AttributeValue::N(std::to_string(WallNowNs()))}};
    absl::Status s =
        db.PutItem({.table_name = kTableName, .item = item}).status();
    if (!s.ok()) return "n/a (PutItem: " + std::string(s.message()) + ")";
    int timeout_ms = i == 0 ? 3 * wait_timeout_ms : wait_timeout_ms;
    if (!seen(i, timeout_ms)) {
      return "n/a (handler did not see write " + std::to_string(i) +
             " within " + std::to_string(timeout_ms) + " ms)";
    }
  }
  return "";
}

// Creates the mapping; on failure returns the n/a status in *error.
std::string CreateMapping(Database& db, const std::string& arn,
                          const std::string& function, std::string* error) {
  CreateEventSourceMappingRequest r;
  r.event_source_arn = arn;
  r.function_name = function;
  r.starting_position = StartingPosition::kLatest;
  r.config.batch_size = 1;
  r.config.maximum_batching_window_in_seconds = 0;
  auto m = db.CreateEventSourceMapping(r);
  if (!m.ok()) {
    *error = NotAvailable(m.status(), "CreateEventSourceMapping");
    return "";
  }
  return m->uuid;
}

// What the in-process handler saw; shared with the handler so that a call
// arriving after the measurement finds live memory.
struct Sink {
  absl::Mutex mu;
  std::vector<int64_t> seen_ns ABSL_GUARDED_BY(mu);
};

HandlerLatency InProcess(Database& db, const std::string& arn,
                         const HandlerLatencyConfig& c) {
  auto sink = std::make_shared<Sink>();
  auto handler = [sink](const FunctionEvent& event, const InvokeContext&) {
    int64_t now = WallNowNs();
    absl::MutexLock lock(&sink->mu);
    for (const StreamRecord& r : event.records()) {
      if (!r.new_image) continue;
      auto ts = r.new_image->find("ts");
      if (ts != r.new_image->end()) {
        sink->seen_ns.push_back(now - std::stoll(ts->second.n()));
      }
    }
    return FunctionResult::Success();
  };
  const std::string name = "eddy_bench_in_process";
  absl::Status s = db.RegisterFunction(name, handler, {});
  if (!s.ok()) return {.status = NotAvailable(s, "RegisterFunction")};
  std::string error;
  std::string uuid = CreateMapping(db, arn, name, &error);
  if (!error.empty()) {
    db.UnregisterFunction(name).IgnoreError();
    return {.status = error};
  }
  int total = c.in_process_samples + c.warmup;
  std::string failure =
      WritePaced(db, total, 0, c.wait_timeout_ms, [&](int i, int timeout_ms) {
        absl::MutexLock lock(&sink->mu);
        auto cond = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(sink->mu) {
          return static_cast<int>(sink->seen_ns.size()) > i;
        };
        return sink->mu.AwaitWithTimeout(absl::Condition(&cond),
                                         absl::Milliseconds(timeout_ms));
      });
  db.DeleteEventSourceMapping(uuid).IgnoreError();
  db.UnregisterFunction(name).IgnoreError();
  absl::MutexLock lock(&sink->mu);
  HandlerLatency h = Summarize(sink->seen_ns, c.warmup);
  if (!failure.empty()) h.status = failure;
  return h;
}

int CountLines(const std::string& path) {
  std::ifstream in(path);
  return static_cast<int>(std::count(std::istreambuf_iterator<char>(in),
                                     std::istreambuf_iterator<char>(), '\n'));
}

std::vector<int64_t> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<int64_t> v;
  int64_t x;
  while (in >> x) v.push_back(x);
  return v;
}

HandlerLatency Node(Database& db, const std::string& arn,
                    const std::string& dir, const HandlerLatencyConfig& c) {
  std::string code_dir = dir + "-node-code";
  std::string out = dir + "-node-out.txt";
  std::filesystem::create_directories(code_dir);
  std::ofstream(code_dir + "/index.js") << kNodeHandler;
  std::filesystem::remove(out);
  CreateFunctionRequest f;
  f.configuration.function_name = "eddy_bench_node";
  f.configuration.runtime = "nodejs20.x";
  f.configuration.handler = "index.handler";
  f.configuration.timeout_ms = 30000;
  f.configuration.environment = {{"EDDY_BENCH_OUT", out}};
  f.code.directory = code_dir;
  auto created = db.CreateFunction(f);
  if (!created.ok()) {
    return {.status = NotAvailable(created.status(), "CreateFunction")};
  }
  std::string error;
  std::string uuid = CreateMapping(db, arn, "eddy_bench_node", &error);
  if (!error.empty()) return {.status = error};
  int total = c.node_samples + c.warmup;
  // Polls the output file: the handler runs in another process.
  std::string failure = WritePaced(
      db, total, 1000000, c.wait_timeout_ms, [&](int i, int timeout_ms) {
        auto end = std::chrono::steady_clock::now() +
                   std::chrono::milliseconds(timeout_ms);
        while (CountLines(out) <= i) {
          if (std::chrono::steady_clock::now() > end) return false;
          std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
        return true;
      });
  db.DeleteEventSourceMapping(uuid).IgnoreError();
  HandlerLatency h = Summarize(ReadLines(out), c.warmup);
  if (!failure.empty()) h.status = failure;
  std::filesystem::remove_all(code_dir);
  std::filesystem::remove(out);
  return h;
}

}  // namespace

HandlerLatencyResult MeasureHandlerLatency(const std::string& dir,
                                           const HandlerLatencyConfig& c) {
  HandlerLatencyResult result;
  std::filesystem::remove_all(dir);
  auto db = Database::Open(dir, {});
  if (!db.ok()) {
    result.in_process.status = result.node.status =
        NotAvailable(db.status(), "Open");
    return result;
  }
  auto table =
      (*db)->CreateTable({.table_name = kTableName,
                          .key_schema = {.partition_key = {"Id", KeyType::kN}},
                          .stream_specification = StreamSpecification{
                              true, StreamViewType::kNewImage}});
  if (!table.ok()) {
    result.in_process.status = result.node.status =
        NotAvailable(table.status(), "CreateTable");
    return result;
  }
  result.in_process = InProcess(**db, table->latest_stream_arn, c);
  if (c.node_samples > 0) {
    result.node = Node(**db, table->latest_stream_arn, dir, c);
  } else {
    result.node.status = "n/a (skipped)";
  }
  (*db)->Close().IgnoreError();
  std::filesystem::remove_all(dir);
  return result;
}

}  // namespace eddy::bench

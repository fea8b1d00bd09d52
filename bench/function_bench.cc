// Copyright (c) Eddy authors.
//
// function_bench, issue 5's "Measured" figures:
//
//   invoke  warm invoke round trip of a small payload to a Node.js worker
//           (Database::Invoke, RequestResponse, through the Lambda Runtime
//           API over 127.0.0.1), against the same call to an in-process C++
//           function as a baseline. Prints p50 / p90 / p99 / max in
//           microseconds. Targets: Node.js p50 <= 1 ms, p99 <= 3 ms.
//   stream  stream -> out-of-process handler throughput: a backlog of N
//           records (written, then the Database reopened so the load's
//           flush is over) mapped from TRIM_HORIZON with BatchSize 100 to a
//           handler that only counts event.Records.length; timed from
//           CreateEventSourceMapping until GetEventSourceMappingMetrics says
//           every record was invoked successfully. One run with
//           ParallelizationFactor 1, one with --parallel (a new mapping
//           each, on the same backlog). Target: >= 50k records/s.
//
//   function_bench [--mode invoke|stream|all] [--invokes N] [--warmup N]
//                  [--runtime nodejs|python] [--records N] [--parallel N]
//                  [--node_perf 1]  (NODE_OPTIONS=--perf-basic-prof in the
//                                    worker, for `perf record -g`)
// Build in Release (-DCMAKE_BUILD_TYPE=Release).

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "eddy/database.h"

namespace eddy::bench {
namespace {

struct Flags {
  int invokes = 5000;
  int warmup = 200;
  std::string runtime = "nodejs";
  std::string mode = "all";
  int records = 200'000;
  int parallel = 2;
  bool node_perf = false;
};

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--invokes")) f.invokes = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--warmup")) f.warmup = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--runtime")) f.runtime = argv[i + 1];
    if (!strcmp(argv[i], "--mode")) f.mode = argv[i + 1];
    if (!strcmp(argv[i], "--records")) f.records = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--parallel")) f.parallel = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--node_perf")) f.node_perf = atoi(argv[i + 1]) != 0;
  }
  return f;
}

void Report(const char* name, std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[size_t(q * (us.size() - 1))]; };
  std::printf(
      "%-28s n=%zu p50=%8.1f us p90=%8.1f us p99=%8.1f us max=%9.1f us\n", name,
      us.size(), at(0.5), at(0.9), at(0.99), us.back());
}

std::vector<double> Measure(Database* db, const std::string& name,
                            const Flags& flags) {
  InvokeRequest r;
  r.function_name = name;
  r.payload_json = R"({"key":"value","n":1})";
  std::vector<double> us;
  for (int i = 0; i < flags.warmup + flags.invokes; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto result = db->Invoke(r);
    auto t1 = std::chrono::steady_clock::now();
    if (!result.ok() || result->result.function_error) {
      std::fprintf(stderr, "invoke failed: %s %s\n",
                   result.ok() ? result->result.payload.c_str()
                               : std::string(result.status().message()).c_str(),
                   "");
      std::exit(1);
    }
    if (i >= flags.warmup) {
      us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
  }
  return us;
}

// Creates `name` from a one-file code directory under `dir`: an echo
// handler, or with `count_records` one that only counts Records.length.
bool CreateFunction(Database* db, const std::string& dir,
                    const std::string& name, const Flags& flags,
                    bool count_records) {
  CreateFunctionRequest r;
  r.configuration.function_name = name;
  std::string code = dir + "/code-" + name;
  std::filesystem::create_directories(code);
  if (flags.runtime == "python") {
    r.configuration.runtime = "python3.11";
    r.configuration.handler = "lambda_function.handler";
    std::ofstream(code + "/lambda_function.py")
        << (count_records ? "seen = 0\ndef handler(event, context):\n"
                            "    global seen\n"
                            "    seen += len(event['Records'])\n"
                          : "def handler(event, context):\n    return event\n");
  } else {
    r.configuration.runtime = "nodejs20.x";
    r.configuration.handler = "index.handler";
    std::ofstream(code + "/index.js")
        << (count_records ? "let seen = 0;\n"
                            "exports.handler = async (event) => {\n"
                            "  seen += event.Records.length;\n"
                            "};\n"
                          : "exports.handler = async (event) => event;\n");
    if (flags.node_perf) {
      r.configuration.environment["NODE_OPTIONS"] = "--perf-basic-prof";
    }
  }
  r.code.directory = code;
  auto created = db->CreateFunction(r);
  if (!created.ok()) {
    std::fprintf(stderr, "create: %s\n", created.status().ToString().c_str());
    return false;
  }
  return true;
}

int RunInvoke(Database* db, const std::string& dir, const Flags& flags) {
  if (!CreateFunction(db, dir, "echo", flags, false)) return 1;
  (void)db->RegisterFunction("inproc",
                             [](const FunctionEvent& e, const InvokeContext&) {
                               return FunctionResult::Success(e.json());
                             },
                             {});
  std::printf("warm invoke round trip, %d invokes after %d warm-up\n",
              flags.invokes, flags.warmup);
  // Interleave in two halves so drift hits both alike.
  Flags half = flags;
  half.invokes = flags.invokes / 2;
  std::vector<double> oop = Measure(db, "echo", half);
  std::vector<double> inproc = Measure(db, "inproc", half);
  std::vector<double> oop2 = Measure(db, "echo", half);
  std::vector<double> inproc2 = Measure(db, "inproc", half);
  oop.insert(oop.end(), oop2.begin(), oop2.end());
  inproc.insert(inproc.end(), inproc2.begin(), inproc2.end());
  Report((flags.runtime + " worker").c_str(), oop);
  Report("in-process (baseline)", inproc);
  return 0;
}

// Writes `n` items (Id = 0..n-1, a short string attribute) in batches of
// 25; returns the table's stream ARN, "" on error.
std::string LoadBacklog(Database* db, int n) {
  auto t = db->CreateTable(
      {"Bench", KeySchema{KeyAttribute{"Id", KeyType::kN}, std::nullopt}, false,
       StreamSpecification{true, StreamViewType::kNewAndOldImages}});
  if (!t.ok()) return "";
  for (int i = 0; i < n; i += 25) {
    BatchWriteItemRequest r;
    auto& items = r.request_items["Bench"];
    for (int j = i; j < std::min(n, i + 25); ++j) {
      items.push_back({WriteRequest::Kind::kPut,
                       {{"Id", AttributeValue::N(j)},
                        {"P", AttributeValue::S("payload-0123456789")}}});
    }
    if (!db->BatchWriteItem(r).ok()) return "";
  }
  return t->latest_stream_arn;
}

// Maps `arn` to `function` from TRIM_HORIZON and waits until the mapping
// has invoked `n` records successfully; prints the rate. False on error
// (a failed invocation, or no progress for 60 s).
bool TimeMapping(Database* db, const std::string& arn,
                 const std::string& function, int n, int parallel) {
  EventSourceMappingConfig c;
  c.batch_size = 100;
  c.parallelization_factor = parallel;
  auto t0 = std::chrono::steady_clock::now();
  auto m = db->CreateEventSourceMapping(
      {arn, function, StartingPosition::kTrimHorizon, 0, c});
  if (!m.ok()) {
    std::fprintf(stderr, "mapping: %s\n", m.status().ToString().c_str());
    return false;
  }
  MappingMetrics last;
  auto progress_at = t0;
  for (;;) {
    auto metrics = db->GetEventSourceMappingMetrics(m->uuid);
    auto now = std::chrono::steady_clock::now();
    if (!metrics.ok() || metrics->failed_invoke_event_count > 0) {
      std::fprintf(stderr, "metrics: %s failed=%llu\n",
                   metrics.status().ToString().c_str(),
                   metrics.ok()
                       ? (unsigned long long)metrics->failed_invoke_event_count
                       : 0ULL);
      return false;
    }
    if (metrics->invoked_event_count >= uint64_t(n)) {
      last = *metrics;
      break;
    }
    if (metrics->invoked_event_count != last.invoked_event_count) {
      last = *metrics;
      progress_at = now;
    } else if (now - progress_at > std::chrono::seconds(60)) {
      std::fprintf(stderr, "stalled at %llu records\n",
                   (unsigned long long)last.invoked_event_count);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  std::printf(
      "stream -> %s handler: ParallelizationFactor=%d records=%llu "
      "invocations=%llu time=%.3f s rate=%.0f records/s (%.0f us/batch "
      "per lane) checkpoint=%s\n",
      function.c_str(), parallel, (unsigned long long)last.invoked_event_count,
      (unsigned long long)last.invocations, s, last.invoked_event_count / s,
      last.invocations ? s * 1e6 * parallel / last.invocations : 0.0,
      last.checkpoint_sequence_number.c_str());
  return db->DeleteEventSourceMapping(m->uuid).ok();
}

int RunStream(std::unique_ptr<Database> db, const std::string& dir,
              const Flags& flags) {
  if (!CreateFunction(db.get(), dir, "count", flags, true)) return 1;
  auto t_load = std::chrono::steady_clock::now();
  std::string arn = LoadBacklog(db.get(), flags.records);
  if (arn.empty()) return 1;
  std::printf(
      "stream backlog: %d records loaded in %.1f s\n", flags.records,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t_load)
          .count());
  // Reopen so that the load's memtable flush is not running during dispatch.
  (void)db->Close();
  db.reset();
  auto reopened = Database::Open(dir + "/db", {});
  if (!reopened.ok()) return 1;
  db = *std::move(reopened);
  // One warm worker before the clock starts (a second lane's worker still
  // starts cold, inside the timed run).
  InvokeRequest warm;
  warm.function_name = "count";
  warm.payload_json = R"({"Records":[]})";
  auto warmed = db->Invoke(warm);
  if (!warmed.ok() || warmed->result.function_error) {
    std::fprintf(stderr, "warm-up invoke failed\n");
    return 1;
  }
  if (!TimeMapping(db.get(), arn, "count", flags.records, 1)) return 1;
  if (flags.parallel > 1 &&
      !TimeMapping(db.get(), arn, "count", flags.records, flags.parallel)) {
    return 1;
  }
  (void)db->Close();
  return 0;
}

int Main(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);
  char tmpl[] = "/tmp/eddy-function-bench-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  int rc = 0;
  if (flags.mode == "invoke" || flags.mode == "all") {
    auto db = Database::Open(dir + "/db-invoke", {});
    if (!db.ok()) {
      std::fprintf(stderr, "open: %s\n", db.status().ToString().c_str());
      return 1;
    }
    rc = RunInvoke(db->get(), dir, flags);
    (void)(*db)->Close();
  }
  if (rc == 0 && (flags.mode == "stream" || flags.mode == "all")) {
    auto db = Database::Open(dir + "/db", {});
    if (!db.ok()) {
      std::fprintf(stderr, "open: %s\n", db.status().ToString().c_str());
      return 1;
    }
    rc = RunStream(*std::move(db), dir, flags);
  }
  std::filesystem::remove_all(dir);
  return rc;
}

}  // namespace
}  // namespace eddy::bench

int main(int argc, char** argv) { return eddy::bench::Main(argc, argv); }

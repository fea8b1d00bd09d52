// Copyright (c) Eddy authors.
//
// Trigger measurements (issue 4, "Measured"), a small tool:
//
//   latency     commit-to-handler latency of an in-process handler while a
//               writer runs: the handler subtracts the steady-clock time
//               taken just before the record's PutItem (an upper bound:
//               includes the write) and just after it returned (a lower
//               bound; 0 when the handler ran before PutItem returned).
//               Prints p50/p99/p99.9 of both and of PutItem itself. Run
//               twice: with trigger_poll_interval_ms 0 (the lane reads
//               again as soon as an invocation ends) and with the given
//               interval (default 250, Lambda's 4 polls a second): a
//               writer that never pauses keeps the lane polling, so
//               records then wait up to one interval.
//   throughput  a backlog of N records (default 1M) dispatched to a no-op
//               handler with BatchSize 100, from TRIM_HORIZON; records/s
//               and the peak RSS during dispatch (VmHWM, reset first via
//               /proc/self/clear_refs).
//
// Usage: trigger_bench [--records=N] [--latency_records=N] [--dir=PATH]
//                      [--poll_interval_ms=N]
// Build in Release (-DCMAKE_BUILD_TYPE=Release).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "eddy/database.h"

namespace eddy {
namespace {

using SteadyClock = std::chrono::steady_clock;
using V = AttributeValue;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             SteadyClock::now().time_since_epoch())
      .count();
}

long StatusKb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(strlen(field)));
  }
  return -1;
}

void ResetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

std::unique_ptr<Database> OpenWithTable(const std::string& dir,
                                        std::string* arn,
                                        const DatabaseOptions& options = {}) {
  std::filesystem::remove_all(dir);
  auto db = Database::Open(dir, options);
  if (!db.ok()) {
    fprintf(stderr, "open: %s\n", db.status().ToString().c_str());
    exit(1);
  }
  auto t = (*db)->CreateTable(
      {"Bench", KeySchema{KeyAttribute{"Id", KeyType::kN}, std::nullopt}, false,
       StreamSpecification{true, StreamViewType::kNewAndOldImages}});
  if (!t.ok()) exit(1);
  *arn = t->latest_stream_arn;
  return *std::move(db);
}

double Pct(std::vector<int64_t>& v, double p) {
  if (v.empty()) return 0;
  size_t i = std::min(v.size() - 1, static_cast<size_t>(p * v.size()));
  std::nth_element(v.begin(), v.begin() + i, v.end());
  return v[i] / 1000.0;
}

void Latency(const std::string& dir, int n, int64_t poll_interval_ms) {
  std::string arn;
  DatabaseOptions options;
  options.trigger_poll_interval_ms = poll_interval_ms;
  auto db = OpenWithTable(dir, &arn, options);
  // Per record: steady-clock ns before PutItem and after it returned.
  std::vector<std::atomic<int64_t>> put_start(n), put_end(n);
  absl::Mutex mu;
  std::vector<int64_t> from_start_ns, from_end_ns;
  db->RegisterFunction(
        "lat",
        [&](const FunctionEvent& e, const InvokeContext&) {
          int64_t now = NowNs();
          absl::MutexLock lock(&mu);
          for (const StreamRecord& r : e.records()) {
            int i = std::stoi(r.keys.at("Id").n());
            from_start_ns.push_back(now - put_start[i].load());
            int64_t end = put_end[i].load();  // 0 if PutItem has not returned
            from_end_ns.push_back(end == 0 ? 0
                                           : std::max<int64_t>(0, now - end));
          }
          return FunctionResult::Success();
        },
        {})
      .IgnoreError();
  auto m = db->CreateEventSourceMapping(
      {arn, "lat", StartingPosition::kLatest, 0, {}});
  if (!m.ok()) exit(1);
  std::vector<int64_t> put_ns;
  for (int i = 0; i < n; ++i) {
    int64_t t0 = NowNs();
    put_start[i].store(t0);
    db->PutItem({"Bench", {{"Id", V::N(i)}, {"P", V::S("payload")}}})
        .IgnoreError();
    int64_t t1 = NowNs();
    put_end[i].store(t1);
    put_ns.push_back(t1 - t0);
    // Pace the writer (at most ~5k writes/s, sleeping so that it does not
    // take a core from the dispatcher) so each commit is measured alone.
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  for (;;) {
    {
      absl::MutexLock lock(&mu);
      if (static_cast<int>(from_start_ns.size()) >= n) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  absl::MutexLock lock(&mu);
  printf(
      "latency: poll_interval_ms=%lld records=%d PutItem-start-to-handler "
      "p50=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus\n",
      static_cast<long long>(poll_interval_ms), n, Pct(from_start_ns, 0.50),
      Pct(from_start_ns, 0.99), Pct(from_start_ns, 0.999),
      Pct(from_start_ns, 1.0));
  printf(
      "latency: PutItem-return-to-handler (0 if the handler ran first) "
      "p50=%.1fus p99=%.1fus p99.9=%.1fus | PutItem itself p50=%.1fus "
      "p99=%.1fus p99.9=%.1fus\n",
      Pct(from_end_ns, 0.50), Pct(from_end_ns, 0.99), Pct(from_end_ns, 0.999),
      Pct(put_ns, 0.50), Pct(put_ns, 0.99), Pct(put_ns, 0.999));
  db->Close().IgnoreError();
}

void Throughput(const std::string& dir, int n) {
  std::string arn;
  auto db = OpenWithTable(dir, &arn);
  auto t_load = SteadyClock::now();
  for (int i = 0; i < n; i += 25) {
    BatchWriteItemRequest r;
    auto& items = r.request_items["Bench"];
    for (int j = i; j < std::min(n, i + 25); ++j) {
      items.push_back({WriteRequest::Kind::kPut,
                       {{"Id", V::N(j)}, {"P", V::S("payload-0123456789")}}});
    }
    if (!db->BatchWriteItem(r).ok()) exit(1);
  }
  double load_s =
      std::chrono::duration<double>(SteadyClock::now() - t_load).count();
  // Reopen so that the load's memtable flush is not running during dispatch.
  db->Close().IgnoreError();
  db.reset();
  auto reopened = Database::Open(dir, {});
  if (!reopened.ok()) exit(1);
  db = *std::move(reopened);
  std::atomic<int64_t> seen{0};
  db->RegisterFunction("noop",
                       [&](const FunctionEvent& e, const InvokeContext&) {
                         seen.fetch_add(e.record_count(),
                                        std::memory_order_relaxed);
                         return FunctionResult::Success();
                       },
                       {})
      .IgnoreError();
  long rss_before = StatusKb("VmRSS:");
  ResetPeakRss();
  EventSourceMappingConfig c;
  c.batch_size = 100;
  auto t0 = SteadyClock::now();
  auto m = db->CreateEventSourceMapping(
      {arn, "noop", StartingPosition::kTrimHorizon, 0, c});
  if (!m.ok()) exit(1);
  while (seen.load() < n)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  double s = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  printf(
      "throughput: records=%d load=%.1fs dispatch=%.3fs rate=%.0f records/s "
      "peak RSS during dispatch=%ld MB (RSS before=%ld MB)\n",
      n, load_s, s, n / s, StatusKb("VmHWM:") / 1024, rss_before / 1024);
  db->Close().IgnoreError();
}

}  // namespace
}  // namespace eddy

int main(int argc, char** argv) {
  int records = 1'000'000;
  int latency_records = 20'000;
  std::string dir = "/tmp/eddy-trigger-bench";
  int64_t poll_interval_ms = eddy::DatabaseOptions{}.trigger_poll_interval_ms;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--records=", 0) == 0) records = std::stoi(a.substr(10));
    if (a.rfind("--latency_records=", 0) == 0) {
      latency_records = std::stoi(a.substr(18));
    }
    if (a.rfind("--dir=", 0) == 0) dir = a.substr(6);
    if (a.rfind("--poll_interval_ms=", 0) == 0) {
      poll_interval_ms = std::stoll(a.substr(19));
    }
  }
  eddy::Latency(dir + "/latency", latency_records, 0);
  if (poll_interval_ms != 0) {
    eddy::Latency(dir + "/latency", latency_records, poll_interval_ms);
  }
  eddy::Throughput(dir + "/throughput", records);
  std::filesystem::remove_all(dir);
  return 0;
}

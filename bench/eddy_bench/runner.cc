// Copyright (c) Eddy authors.

#include "bench/eddy_bench/runner.h"

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

namespace eddy::bench {
namespace {

using Clock = std::chrono::steady_clock;

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Bytes this process passed to write(2)-like calls; -1 if unreadable.
int64_t WrittenBytes() {
  std::ifstream io("/proc/self/io");
  std::string field;
  int64_t value;
  while (io >> field >> value) {
    if (field == "wchar:") return value;
  }
  return -1;
}

uint64_t DirectoryBytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  }
  return total;
}

// Redraws a one-line bar on stderr every 200 ms until stopped.
class ProgressBar {
 public:
  ProgressBar(bool enabled, std::string label, const WorkloadConfig& c,
              const std::atomic<int64_t>& done)
      : enabled_(enabled), label_(std::move(label)), c_(c), done_(done) {
    if (enabled_) thread_ = std::thread([this] { Loop(); });
  }
  ~ProgressBar() {
    if (!enabled_) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
    std::fprintf(stderr, "\r\033[K");
  }

 private:
  void Loop() {
    auto start = Clock::now();
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(200),
                         [this] { return stop_; })) {
      double secs = std::chrono::duration<double>(Clock::now() - start).count();
      int64_t done = done_.load(std::memory_order_relaxed);
      double frac = c_.duration_s > 0 ? secs / c_.duration_s
                                      : double(done) / double(c_.ops);
      frac = std::min(1.0, std::max(0.0, frac));
      int filled = static_cast<int>(frac * 30);
      std::fprintf(stderr, "\r\033[K%-24s [%.*s%*s] %3d%% %9.0f ops/s",
                   label_.c_str(), filled, "##############################",
                   30 - filled, "", static_cast<int>(frac * 100),
                   secs > 0 ? done / secs : 0);
      std::fflush(stderr);
    }
  }

  bool enabled_;
  std::string label_;
  const WorkloadConfig& c_;
  const std::atomic<int64_t>& done_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

struct ThreadStats {
  LatencyHistogram write, read;
  int64_t ops = 0, errors = 0;
};

void Worker(const WorkloadConfig& c, const KeyChooser& keys, System& system,
            int thread, Clock::time_point deadline, std::atomic<int64_t>& done,
            ThreadStats& stats) {
  OpStream stream(c, keys, thread);
  const bool timed = c.duration_s > 0;
  const int64_t budget = c.ops / c.threads;
  for (int64_t i = 0; timed || i < budget; ++i) {
    Op op = stream.Next();
    auto t0 = Clock::now();
    if (timed && t0 >= deadline) break;
    bool ok = system.Do(op, thread);
    uint64_t ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0)
            .count();
    (op.kind == OpKind::kGet ? stats.read : stats.write).Record(ns);
    ++stats.ops;
    if (!ok) ++stats.errors;
    if ((i & 63) == 63) done.fetch_add(64, std::memory_order_relaxed);
  }
}

}  // namespace

RunResult RunSystem(const WorkloadConfig& c, System& system,
                    const std::string& dir, bool progress,
                    const std::string& label, bool keep_dir) {
  std::filesystem::remove_all(dir);
  system.Open(dir, c.sync);
  system.Preload();
  system.Settle();
  if (!c.cold) {
    for (uint32_t k = 0; k < c.key_count; ++k) {
      if (!system.Do(Op{OpKind::kGet, k}, 0)) {
        std::fprintf(stderr, "eddy-bench: warm-up read failed\n");
        std::exit(1);
      }
    }
  }
  KeyChooser keys(c);
  std::vector<ThreadStats> stats(c.threads);
  std::atomic<int64_t> done{0};
  double cpu0 = CpuSeconds();
  int64_t bytes0 = WrittenBytes();
  auto start = Clock::now();
  auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(c.duration_s));
  {
    ProgressBar bar(progress, label, c, done);
    std::vector<std::thread> threads;
    for (int t = 0; t < c.threads; ++t) {
      threads.emplace_back(Worker, std::cref(c), std::cref(keys),
                           std::ref(system), t, deadline, std::ref(done),
                           std::ref(stats[t]));
    }
    for (auto& t : threads) t.join();
  }
  RunResult r;
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  double cpu = CpuSeconds() - cpu0;
  system.Close();
  int64_t bytes1 = WrittenBytes();
  r.system = system.name();
  for (const ThreadStats& s : stats) {
    r.write_latency.Merge(s.write);
    r.read_latency.Merge(s.read);
    r.ops += s.ops;
    r.errors += s.errors;
  }
  r.ops_per_s = r.ops / r.seconds;
  r.cpu_us_per_op = r.ops > 0 ? cpu * 1e6 / r.ops : 0;
  r.write_bytes_per_op = (bytes0 < 0 || bytes1 < 0 || r.ops == 0)
                             ? -1
                             : double(bytes1 - bytes0) / r.ops;
  r.disk_bytes = DirectoryBytes(dir);
  if (!keep_dir) std::filesystem::remove_all(dir);
  return r;
}

}  // namespace eddy::bench

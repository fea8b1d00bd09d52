// Copyright (c) Eddy authors.
//
// A Google Benchmark reporter for same-process ratios: it prints like the
// console reporter and remembers every run's throughput, so that main() can
// print eddy_rate / baseline_rate from the median over repeated rounds.
//
// Run names are "<name>/r<round>" (the round is dropped when grouping);
// runs are grouped by that name and their thread count.

#ifndef EDDY_BENCH_RATIO_REPORTER_H_
#define EDDY_BENCH_RATIO_REPORTER_H_

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "benchmark/benchmark.h"

namespace eddy::bench {

// Throughput of one run, all threads: operations per wall-clock second and
// per CPU second of the benchmark threads (RocksDB's background threads
// not included; they do the same work for both sides).
struct Rate {
  double wall = 0;
  double cpu = 0;
};

// Prints like the console reporter and keeps each run's Rate by name
// without the round suffix.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  explicit RatioReporter(OutputOptions options) : ConsoleReporter(options) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.error_occurred) continue;
      if (run.real_accumulated_time <= 0 || run.cpu_accumulated_time <= 0) {
        continue;
      }
      std::string name = run.run_name.function_name;
      size_t r = name.rfind("/r");
      if (r != std::string::npos) name.resize(r);
      double n = static_cast<double>(run.iterations);
      rates_[{name, run.threads}].push_back(
          {n / run.real_accumulated_time, n / run.cpu_accumulated_time});
    }
  }

  // Median of each rate of `name` at `threads` over the rounds; zero if it
  // did not run.
  Rate Median(const std::string& name, int threads) const {
    auto it = rates_.find({name, threads});
    if (it == rates_.end()) return {};
    std::vector<double> wall, cpu;
    for (const Rate& r : it->second) {
      wall.push_back(r.wall);
      cpu.push_back(r.cpu);
    }
    return {MedianOf(wall), MedianOf(cpu)};
  }

 private:
  static double MedianOf(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  std::map<std::pair<std::string, int64_t>, std::vector<Rate>> rates_;
};

// Prints one "ratio <what> (<threads> thread(s), <size>): <wall> cpu <cpu>"
// line, flagged when a target is given and the wall ratio misses it.
// Prints nothing if either side did not run.
inline void PrintRatio(const RatioReporter& rep, const char* what,
                       const std::string& eddy, const std::string& raw,
                       int threads, const std::string& size, double target) {
  Rate e = rep.Median(eddy, threads);
  Rate r = rep.Median(raw, threads);
  if (e.wall == 0 || r.wall == 0) return;
  double ratio = e.wall / r.wall;
  std::printf(
      "ratio %s (%d thread%s, %s): %.2f   cpu %.2f   [wall %.0f vs %.0f "
      "ops/s]%s\n",
      what, threads, threads == 1 ? "" : "s", size.c_str(), ratio,
      e.cpu / r.cpu, e.wall, r.wall,
      target > 0 && ratio < target ? "  BELOW TARGET" : "");
}

}  // namespace eddy::bench

#endif  // EDDY_BENCH_RATIO_REPORTER_H_

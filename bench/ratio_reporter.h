// Copyright (c) Eddy authors.
//
// A Google Benchmark reporter for same-process ratios: it prints like the
// console reporter and remembers every run's throughput, so that main() can
// print eddy_rate / baseline_rate as the median of per-round ratios.
//
// Run names are "<name>/r<round>" (the round is dropped when grouping);
// runs are grouped by that name and their thread count.

#ifndef EDDY_BENCH_RATIO_REPORTER_H_
#define EDDY_BENCH_RATIO_REPORTER_H_

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

// The ratio of two benchmarks over the rounds: the median of the per-round
// ratios (each eddy run against the raw run next to it in time, so a burst
// of machine noise rarely splits a pair), their spread, and the median rates.
struct Ratio {
  int rounds = 0;   // rounds in which both sides ran; 0: nothing to report
  double wall = 0;  // median of eddy_wall / raw_wall
  double wall_min = 0;
  double wall_max = 0;
  double cpu = 0;  // median of eddy_cpu / raw_cpu
  Rate eddy;       // median rates
  Rate raw;
};

// Prints like the console reporter and keeps each run's Rate by name
// (without the round suffix), thread count and round.
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
      int round = 0;
      size_t r = name.rfind("/r");
      if (r != std::string::npos) {
        round = std::atoi(name.c_str() + r + 2);
        name.resize(r);
      }
      double n = static_cast<double>(run.iterations);
      rates_[{name, run.threads}][round] = {n / run.real_accumulated_time,
                                            n / run.cpu_accumulated_time};
    }
  }

  // `eddy` against `raw` at `threads`, over the rounds where both ran.
  Ratio Compare(const std::string& eddy, const std::string& raw,
                int threads) const {
    auto e = rates_.find({eddy, threads});
    auto r = rates_.find({raw, threads});
    Ratio out;
    if (e == rates_.end() || r == rates_.end()) return out;
    std::vector<double> wall, cpu, ew, ec, rw, rc;
    for (const auto& [round, er] : e->second) {
      auto rr = r->second.find(round);
      if (rr == r->second.end()) continue;
      wall.push_back(er.wall / rr->second.wall);
      cpu.push_back(er.cpu / rr->second.cpu);
      ew.push_back(er.wall);
      ec.push_back(er.cpu);
      rw.push_back(rr->second.wall);
      rc.push_back(rr->second.cpu);
    }
    out.rounds = static_cast<int>(wall.size());
    if (out.rounds == 0) return out;
    out.wall = MedianOf(wall);
    out.wall_min = *std::min_element(wall.begin(), wall.end());
    out.wall_max = *std::max_element(wall.begin(), wall.end());
    out.cpu = MedianOf(cpu);
    out.eddy = {MedianOf(ew), MedianOf(ec)};
    out.raw = {MedianOf(rw), MedianOf(rc)};
    return out;
  }

 private:
  static double MedianOf(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  // (name, threads) -> round -> rate
  std::map<std::pair<std::string, int64_t>, std::map<int, Rate>> rates_;
};

// Prints one line "ratio <what> (<threads> thread(s), <size>): <wall>" with
// the spread over rounds, the CPU-time ratio and the median rates; flagged
// when a target is given and the wall ratio misses it. Prints nothing if
// either side did not run.
inline void PrintRatio(const RatioReporter& rep, const char* what,
                       const std::string& eddy, const std::string& raw,
                       int threads, const std::string& size, double target) {
  Ratio x = rep.Compare(eddy, raw, threads);
  if (x.rounds == 0) return;
  std::printf(
      "ratio %s (%d thread%s, %s): %.2f  (rounds %.2f-%.2f)  cpu %.2f  "
      "[%.0f vs %.0f ops/s]%s\n",
      what, threads, threads == 1 ? "" : "s", size.c_str(), x.wall, x.wall_min,
      x.wall_max, x.cpu, x.eddy.wall, x.raw.wall,
      target > 0 && x.wall < target ? "  BELOW TARGET" : "");
}

}  // namespace eddy::bench

#endif  // EDDY_BENCH_RATIO_REPORTER_H_

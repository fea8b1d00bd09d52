// Copyright (c) Eddy authors.
//
// eddy-bench results: per-system summaries over rounds, the targets of
// issue 9 evaluated on them, and the outputs: a terminal table, a JSON
// document, a Markdown section and a PNG chart (through gnuplot).
//
// JSON shape (version 1):
//   {"tool":"eddy-bench","version":1,"label":..,"machine":{..},
//    "config":{..},"systems":[{"system":..,"ops_per_s":..,"ratio_to_raw":..,
//      "ratio_to_sqlite":..,"write_latency_us":{"p50","p99","p999","max"},
//      "read_latency_us":{..},"write_bytes_per_op":..,"disk_bytes":..,
//      "cpu_us_per_op":..,"ops":..,"errors":..,"rounds":[ops_per_s..]}],
//    "handler_latency":{"in_process":{"status":..,"p50_us":..,..},
//      "node":{..}},"targets":[{"name":..,"value":..,"target":..,"met":..}],
//    "bounds":[{"name":..,"value":..}]}
// A ratio is null when its baseline was not run.

#ifndef EDDY_BENCH_EDDY_BENCH_REPORT_H_
#define EDDY_BENCH_EDDY_BENCH_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "bench/eddy_bench/handler_latency.h"
#include "bench/eddy_bench/runner.h"
#include "bench/eddy_bench/workload.h"

namespace eddy::bench {

struct SystemSummary {
  std::string system;
  std::vector<RunResult> rounds;
  double ops_per_s = 0;  // median over rounds
  // Median over rounds of ops_per_s / the baseline's in the same round.
  std::optional<double> ratio_to_raw, ratio_to_sqlite;
  LatencyHistogram write_latency, read_latency;      // all rounds
  double cpu_us_per_op = 0, write_bytes_per_op = 0;  // mean over rounds
  uint64_t disk_bytes = 0;                           // last round
  int64_t ops = 0, errors = 0;                       // all rounds
};

struct Target {
  std::string name;
  double value = 0;
  double target = 0;
  bool met = false;
};

// A ratio that explains the targets rather than being one: how much of
// capture's cost RocksDB itself pays (raw-record, raw-get-record) and how
// much Eddy's capture takes off Eddy's own write path.
struct Bound {
  std::string name;
  double value = 0;
};

struct Report {
  std::string label;  // names the run in the chart and Markdown
  WorkloadConfig config;
  std::vector<SystemSummary> systems;
  std::optional<HandlerLatencyResult> handlers;
  std::vector<Target> targets;
  std::vector<Bound> bounds;  // those whose systems ran
};

// Builds the summaries (in the order of `rounds[0]`) and the targets.
// REQUIRES: every round ran the same systems in any order.
Report Summarize(const std::string& label, const WorkloadConfig& c,
                 const std::vector<std::vector<RunResult>>& rounds,
                 std::optional<HandlerLatencyResult> handlers);

std::string MachineDescription();  // "2 x AMD EPYC ..., 8 GiB, Linux 6.1"
void PrintTable(const Report& r, FILE* out);
// Each returns "" or an error message.
std::string WriteJson(const Report& r, const std::string& path);
std::string WriteMarkdown(const Report& r, const std::string& chart_name,
                          const std::string& path);
std::string WriteChart(const Report& r, const std::string& png_path);

}  // namespace eddy::bench

#endif  // EDDY_BENCH_EDDY_BENCH_REPORT_H_

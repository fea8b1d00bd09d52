// Copyright (c) Eddy authors.
//
// Runs one system through one workload and measures it: wall time, write
// and read latency (per-thread histograms, merged), CPU time of the whole
// process (getrusage, all threads: RocksDB's and SQLite's background work
// included), and bytes the process passed to write(2) (/proc/self/io
// wchar) from the start of the measured phase through Close, so WAL,
// memtable flushes and SQLite's checkpoint all count.
//
// Single-threaded API; spawns the workload's threads itself.

#ifndef EDDY_BENCH_EDDY_BENCH_RUNNER_H_
#define EDDY_BENCH_EDDY_BENCH_RUNNER_H_

#include <cstdint>
#include <string>

#include "bench/eddy_bench/histogram.h"
#include "bench/eddy_bench/system.h"
#include "bench/eddy_bench/workload.h"

namespace eddy::bench {

struct RunResult {
  std::string system;
  int64_t ops = 0;     // completed in the measured phase
  int64_t errors = 0;  // operations that returned an error
  double seconds = 0;  // wall time of the measured phase
  double ops_per_s = 0;
  LatencyHistogram write_latency;  // put, update, delete
  LatencyHistogram read_latency;   // get
  double cpu_us_per_op = 0;
  double write_bytes_per_op = 0;  // wchar delta / ops; -1 if unknown
  uint64_t disk_bytes = 0;        // size of the directory after Close
};

// Runs `system` in a fresh directory `dir` (removed afterwards unless
// keep_dir). Shows a progress bar on stderr when `progress` (stderr is a
// tty) labelled `label`.
RunResult RunSystem(const WorkloadConfig& c, System& system,
                    const std::string& dir, bool progress,
                    const std::string& label, bool keep_dir = false);

}  // namespace eddy::bench

#endif  // EDDY_BENCH_EDDY_BENCH_RUNNER_H_

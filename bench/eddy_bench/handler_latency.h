// Copyright (c) Eddy authors.
//
// Commit-to-handler latency: how long after a write a trigger's function
// sees the change. A table with a NEW_IMAGE stream gets an event source
// mapping (BatchSize 1, MaximumBatchingWindowInSeconds 0, StartingPosition
// LATEST) to, in turn, an in-process function (Database::RegisterFunction)
// and a Node.js function (Database::CreateFunction, runtime nodejs).
//
// Each sample writes one item whose `ts` attribute is the wall clock in
// nanoseconds just before PutItem; the handler computes now - ts (the
// record's ApproximateCreationDateTime has only millisecond resolution).
// So a sample includes the PutItem itself. Writes are paced: the next is
// issued once the handler has seen the previous one, so samples measure
// latency, not queueing. The first `warmup` samples (worker start, node's
// cold start) are left out of the percentiles; the first is reported as
// `first_us`.
//
// A step that returns kUnimplemented yields status "n/a (not implemented)"
// instead of failing; any other failure yields "n/a (<reason>)".

#ifndef EDDY_BENCH_EDDY_BENCH_HANDLER_LATENCY_H_
#define EDDY_BENCH_EDDY_BENCH_HANDLER_LATENCY_H_

#include <string>

namespace eddy::bench {

struct HandlerLatency {
  std::string status = "ok";  // or "n/a (...)"
  int samples = 0;            // measured, after warmup
  double p50_us = 0, p99_us = 0, max_us = 0;
  double first_us = 0;  // the very first sample (cold)
};

struct HandlerLatencyConfig {
  int in_process_samples = 200;
  int node_samples = 100;  // 0 = skip the Node.js handler
  int warmup = 5;
  int wait_timeout_ms = 10000;  // per sample; the first gets 3x
};

struct HandlerLatencyResult {
  HandlerLatency in_process;
  HandlerLatency node;
};

// Uses a fresh database in `dir` (removed afterwards).
HandlerLatencyResult MeasureHandlerLatency(const std::string& dir,
                                           const HandlerLatencyConfig& c);

}  // namespace eddy::bench

#endif  // EDDY_BENCH_EDDY_BENCH_HANDLER_LATENCY_H_

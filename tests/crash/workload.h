// Copyright (c) Eddy authors.
//
// The crash suite's workload: writer threads doing random puts, updates,
// conditional updates, deletes and TransactWriteItems over a small key space
// of table "Crash" (hash key k, N; stream NEW_AND_OLD_IMAGES), reporting
// each write's begin and acknowledgement (tests/crash/oracle.h).

#ifndef EDDY_TESTS_CRASH_WORKLOAD_H_
#define EDDY_TESTS_CRASH_WORKLOAD_H_

#include <atomic>
#include <cstdint>

#include "absl/status/status.h"
#include "eddy/database.h"
#include "tests/crash/oracle.h"

namespace eddy::crash {

// Receives the workload's events. Send is called from every writer thread;
// each call must be delivered atomically and in the order of the calls.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void Send(const Event& e) = 0;
};

struct WorkloadOptions {
  uint64_t seed = 1;
  uint32_t cycle = 0;  // part of every write id: ids are unique per database
  int threads = 4;
  int keys = 48;
  // Fraction of writes made with Durability::kSync.
  double sync_fraction = 0.25;
};

// Creates table "Crash" with a NEW_AND_OLD_IMAGES stream.
absl::Status CreateCrashTable(Database* db);

// Runs the writers until *stop is set or a write fails unexpectedly (any
// status but a failed condition); then sets *stop and returns the first
// such failure (OK if none). Blocks until every writer has returned.
absl::Status RunWorkload(Database* db, const WorkloadOptions& options,
                         Reporter* reporter, std::atomic<bool>* stop);

}  // namespace eddy::crash

#endif  // EDDY_TESTS_CRASH_WORKLOAD_H_

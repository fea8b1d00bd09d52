// Copyright (c) Eddy authors.
//
// Dispatcher: the running side of one enabled event source mapping: its
// lanes (cdc/trigger_lane.h), started from the mapping's persisted
// checkpoints. If ParallelizationFactor changed since the checkpoints were
// written, every lane restarts from the lowest of them (redelivery, never
// a gap) and the counters are merged.
//
// Thread-safety: all methods are thread-safe. Stop() must not be called
// from one of the dispatcher's own handler calls.

#ifndef EDDY_CDC_TRIGGER_DISPATCHER_H_
#define EDDY_CDC_TRIGGER_DISPATCHER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cdc/trigger_lane.h"

namespace eddy::cdc {

// What the trigger service hands to each dispatcher.
struct TriggerDeps {
  rocksdb::DB* db = nullptr;
  rocksdb::ColumnFamilyHandle* catalog_cf = nullptr;
  rocksdb::ColumnFamilyHandle* changes_cf = nullptr;
  rocksdb::ColumnFamilyHandle* triggers_cf = nullptr;
  const StreamLog* log = nullptr;
  FunctionRegistry* functions = nullptr;
  Clock* clock = nullptr;
  std::string region;
  int64_t stream_retention_ms = -1;
  int64_t poll_interval_ms = 0;  // DatabaseOptions::trigger_poll_interval_ms
};

// The mapping's counters summed over lanes, from its checkpoints on disk
// (for mappings without a running dispatcher).
absl::StatusOr<MappingMetrics> StoredMetrics(const TriggerDeps& deps,
                                             std::string_view uuid);

class Dispatcher {
 public:
  // Loads (and if needed re-partitions) the checkpoints and starts the
  // lanes. kDataLoss for corrupt checkpoints; kInternal for I/O errors.
  static absl::StatusOr<std::unique_ptr<Dispatcher>> Start(
      const TriggerDeps& deps, FailureQueue* failures,
      const StoredMapping& mapping);
  ~Dispatcher();  // Stop()

  // Stops every lane (waiting for invocations in flight). Idempotent.
  void Stop();
  // Wakes every lane (a function was registered).
  void Poke();

  MappingMetrics Metrics() const;
  std::string LastResult() const;
  // The lowest checkpoint over the lanes: every record before it is done.
  uint64_t LowestCheckpoint() const;

 private:
  Dispatcher() = default;
  std::shared_ptr<LaneEnv> env_;
  std::vector<std::unique_ptr<Lane>> lanes_;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_TRIGGER_DISPATCHER_H_

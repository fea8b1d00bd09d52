// Copyright (c) Eddy authors.
//
// Lane: one dispatcher thread of an event source mapping. A mapping with
// ParallelizationFactor N has N lanes; lane i delivers the records whose
// partition key hashes to i (all records when N = 1), in sequence order,
// from its own checkpoint.
//
// Loop: read a batch (up to BatchSize records of the lane, at most
// kBatchBytesMax, never across a tumbling-window boundary) with a RocksDB
// iterator from the checkpoint up to StreamLog::last_committed(); count
// and skip filtered-out records; invoke; on failure retry with exponential
// back-off (kBackoffBaseMs doubling up to kBackoffMaxMs, by the injected
// clock), bisecting first if configured; give up to the on-failure
// destination (or drop) once retries or record age run out; persist the
// checkpoint (one RocksDB write) after each finished (sub-)batch.
//
// Waiting: for new records on StreamLog::WaitForCommitAfter (a commit wakes
// the lane directly); for clock deadlines on the lane's own condition
// variable, woken by Clock::Listener::ClockMoved (ManualClock) or by a
// real-time timeout (clocks that follow real time). Stop(), Poke() (a
// function was registered) and clock moves also end a commit wait within
// kPollMs of real time. A partial batch held by a batching window waits
// for enough commits to fill it or to double it before it is read again.
// Poll cadence: after a batch whose read reached the end of the shard (not
// full) has been handled, the lane reads again at the earlier of
// poll_interval_ms after that read began (Lambda's 4 polls a second) and
// kPollBackoff times as long as the read and invocation took after it
// ended, by the injected clock. So while records keep coming a lane is
// busy at most 1/(1 + kPollBackoff) of the time and delivers a busy
// stream in batches rather than one invocation per commit, while a cheap
// handler adds little latency; a full batch is followed by the next read
// at once, and a lane whose read found nothing is woken by the next commit.
//
// Thread-safety: public methods are thread-safe. The handler is called on
// the lane's thread with no lock held.

#ifndef EDDY_CDC_TRIGGER_LANE_H_
#define EDDY_CDC_TRIGGER_LANE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "cdc/event_filter.h"
#include "cdc/function.h"
#include "cdc/stream_log.h"
#include "cdc/trigger_batch_source.h"
#include "cdc/trigger_config.h"
#include "cdc/trigger_store.h"
#include "eddy/clock.h"
#include "rocksdb/db.h"

namespace eddy::cdc {

// What the lanes of one mapping share. Immutable once built.
struct LaneEnv {
  rocksdb::DB* db = nullptr;
  rocksdb::ColumnFamilyHandle* changes_cf = nullptr;
  rocksdb::ColumnFamilyHandle* triggers_cf = nullptr;
  const StreamLog* log = nullptr;
  FunctionRegistry* functions = nullptr;
  FailureQueue* failures = nullptr;
  Clock* clock = nullptr;
  std::string region;
  int64_t stream_retention_ms = -1;
  int64_t poll_interval_ms = 0;  // 0: no cadence
  StoredMapping mapping;
  std::string partition_key;  // the stream's partition key attribute
  std::optional<EventFilter> filter;
  // Last processing result, shared by the lanes.
  mutable absl::Mutex result_mu;
  mutable std::string last_result ABSL_GUARDED_BY(result_mu) =
      "No records processed";
};

class Lane : public Clock::Listener {
 public:
  static constexpr int64_t kBackoffBaseMs = 1000;
  static constexpr int64_t kBackoffMaxMs = 60'000;
  static constexpr size_t kBatchBytesMax = size_t{6} << 20;  // Lambda's 6 MB
  static constexpr int64_t kPollMs = 10;
  static constexpr int64_t kPollBackoff = 3;

  // REQUIRES: env outlives the lane's thread (held by shared_ptr).
  Lane(std::shared_ptr<const LaneEnv> env, int index, LaneCheckpoint start);
  ~Lane() override;  // Stop()

  // Starts the thread. Call once.
  void Start();
  // Stops the thread, waiting for an invocation in flight; the checkpoint
  // stays at the last finished batch. Idempotent.
  void Stop();
  // Wakes the lane (a function was registered, or state changed).
  void Poke();
  void ClockMoved() override { Poke(); }

  // The lane's checkpoint and counters (iterator_age_ms in counts).
  LaneCheckpoint Snapshot() const;
  int64_t iterator_age_ms() const;
  // ReadBatch calls so far (MappingMetrics::stream_reads).
  uint64_t stream_reads() const {
    return stream_reads_.load(std::memory_order_relaxed);
  }

 private:
  struct Batch;
  struct Outcome;

  void Run();
  // One step of the loop; false when the lane should wait for a poke.
  void Step();
  absl::Status ReadBatch(Batch* batch) const;
  bool OwnsRecord(std::string_view value) const;
  void ProcessBatch(const std::shared_ptr<Function>& fn, Batch& batch);
  Outcome InvokeRange(const std::shared_ptr<Function>& fn, const Batch& batch,
                      size_t lo, size_t hi, bool final_window);
  bool GiveUp(const Batch& batch, size_t lo, size_t hi, const Outcome& o,
              int attempts, const char* condition);
  bool FinalWindowInvoke(const std::shared_ptr<Function>& fn);
  void Checkpoint(uint64_t next_seq);
  std::optional<TumblingWindow> WindowFor(int64_t created_ms,
                                          bool final_invoke) const;
  int64_t AgeLimitMs() const;
  std::string ShardIdOf(uint64_t seq) const;
  void SetResult(std::string result) const;

  bool stopping() const { return stop_.load(std::memory_order_acquire); }
  uint64_t pokes() const;
  // Waits until the clock reaches deadline_ms, Stop, or a poke after
  // `since` (deadline_ms < 0: no deadline).
  void WaitUntil(int64_t deadline_ms, uint64_t since);
  // Waits for a commit after `seen`, a poke after `since`, the clock
  // reaching deadline_ms (< 0: none), or Stop.
  void WaitForCommit(uint64_t seen, int64_t deadline_ms, uint64_t since);
  // Sets the earliest time of the next read after a read at read_ms that
  // reached the end of the shard and whose work ended at end_ms (see "Poll
  // cadence").
  void PaceAfter(int64_t read_ms, int64_t end_ms);

  const std::shared_ptr<const LaneEnv> env_;
  const int index_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> started_{false};
  mutable std::atomic<uint64_t> stream_reads_{0};
  // The earliest clock time of the next read (poll cadence). Lane thread
  // only.
  int64_t next_read_ms_ = 0;
  // When the last invocation returned, by the clock. Lane thread only.
  int64_t last_finished_ms_ = 0;

  mutable absl::Mutex mu_;
  absl::CondVar cv_;
  uint64_t pokes_ ABSL_GUARDED_BY(mu_) = 0;
  // Position, counters and window state: written by the lane's thread,
  // read by Snapshot().
  LaneCheckpoint state_ ABSL_GUARDED_BY(mu_);
  int64_t iterator_age_ms_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_TRIGGER_LANE_H_

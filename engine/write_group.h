// Copyright (c) Eddy authors.
//
// Group commit for writes that carry change records.
//
// Writers enqueue a PreparedWrite (item values and record values encoded in
// the writer's own thread, outside any shared lock). The writer at the
// front of the queue becomes the leader: it takes every queued write (up to
// kGroupBytesMax), assigns sequence numbers in queue order, builds one
// RocksDB WriteBatch with all their items and records (and the sequence
// counter), writes it once (synced if any member asked), then wakes the
// followers. So N synced writers share one fsync, and sequence order is
// commit order. Per-item order follows because each writer holds its
// items' stripe locks until Write returns.
//
// Waiting: a writer that is not at the front spins briefly, then yields
// for up to kYieldUsecMax, then blocks on its condition variable (as
// RocksDB's write group does). With two writers alternating, the next
// leader is usually still spinning when the handover comes, so handing
// leadership over costs no context switch. The leader builds the batch
// outside mu_, so writers arriving meanwhile only queue up (and join the
// next group).
//
// Synced groups: two synced writers would otherwise alternate, each
// leading a group of one and paying a whole fsync. So a leader about to
// sync a group of one, when the previous group was led by another thread
// or had more than one member (signs of concurrent writers), first yields
// for up to kSyncJoinUsecMax for another writer to queue up; a lone synced
// writer never waits. (Checking the leader alone was not enough: the
// thread that led a pair usually returns first and leads again, and the
// pair split into groups of one, 1.1x one writer's rate instead of 2x.)
//
// Writes without records bypass the group: RocksDB's own write group
// already batches them, and they need no sequence numbers.
//
// After a failed RocksDB write the group refuses every later write
// (kUnavailable) until the Database is reopened: sequence numbers and shard
// state may have advanced in memory without reaching disk.

#ifndef EDDY_ENGINE_WRITE_GROUP_H_
#define EDDY_ENGINE_WRITE_GROUP_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "cdc/stream_log.h"
#include "eddy/clock.h"
#include "rocksdb/db.h"

namespace eddy::engine {

struct PreparedWrite {
  struct ItemOp {
    std::string key;
    std::optional<std::string> value;  // nullopt: delete
  };
  struct RecordOp {
    uint32_t stream_id = 0;
    std::string value;  // cdc::EncodeChangeRecord output
  };
  std::vector<ItemOp> items;
  std::vector<RecordOp> records;
  bool sync = false;
};

class WriteGroup {
 public:
  // REQUIRES: all pointers outlive the group.
  WriteGroup(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* items_cf,
             rocksdb::ColumnFamilyHandle* changes_cf, cdc::StreamLog* log,
             Clock* clock);

  // Commits `write` atomically. On success every record was assigned a
  // sequence number (increasing in record order) and is durable per
  // write.sync. The commit time is stamped into the record values in place
  // (hence non-const). Errors: kUnavailable after an earlier failed write;
  // otherwise the RocksDB error. Thread-safe.
  absl::Status Write(PreparedWrite* write);

 private:
  enum State : uint8_t { kWaiting, kLeader, kDone };
  struct Writer {
    explicit Writer(PreparedWrite* w) : write(w) {}
    PreparedWrite* const write;
    absl::Status status;  // written before state becomes kDone
    // kWaiting until the writer leads or its group committed. Stored under
    // mu_ (release); read by the spinning writer without it (acquire).
    std::atomic<uint8_t> state{kWaiting};
    bool blocked = false;  // guarded by mu_: waiting on cv
    absl::CondVar cv;      // signalled when state leaves kWaiting
  };

  // Waits until self's state leaves kWaiting (spin, yield, then block);
  // returns it. At most spinners_max_ writers spin or yield at a time; the
  // others block at once, so a crowd of writers (say 16 server threads on
  // 2 cores) does not spend the cores yielding to each other.
  uint8_t AwaitTurn(Writer* self) ABSL_LOCKS_EXCLUDED(mu_);
  // AwaitTurn's spin and yield phase: the state, or kWaiting when the
  // budget ran out.
  uint8_t SpinForTurn(Writer* self) ABSL_LOCKS_EXCLUDED(mu_);
  // Moves w out of kWaiting. After a kDone store w may be destroyed by
  // its (spinning) owner: w->blocked is read before the store.
  void Release(Writer* w, uint8_t state) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Appends the group's contents to *batch; returns whether any member
  // wants a sync and the highest sequence assigned. REQUIRES: the caller
  // leads (only the leader assigns sequences).
  bool BuildGroup(const std::vector<Writer*>& group, rocksdb::WriteBatch* batch,
                  uint64_t* last_seq);

  // Builds and writes the group's batch, then publishes its sequences.
  // REQUIRES: the caller leads.
  absl::Status CommitGroup(const std::vector<Writer*>& group, size_t bytes);

  static constexpr size_t kGroupBytesMax = size_t{4} << 20;
  // Waiting budget before blocking: spins (a pause each), then yields.
  static constexpr int kSpinsMax = 200;
  static constexpr int64_t kYieldUsecMax = 100;
  static constexpr int64_t kSyncJoinUsecMax = 60;

  // Waits (yielding) up to kSyncJoinUsecMax for a second writer to queue
  // up behind the leader `self`, if `self` is alone, wants a sync, and the
  // previous group had another leader or more than one member.
  void AwaitSyncPartner(Writer* self) ABSL_LOCKS_EXCLUDED(mu_);

  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const items_cf_;
  rocksdb::ColumnFamilyHandle* const changes_cf_;
  cdc::StreamLog* const log_;
  Clock* const clock_;

  // One fewer than the hardware threads (at least 1): a spinner should
  // leave a core to the leader it waits for.
  const int spinners_max_;
  std::atomic<int> spinners_{0};

  absl::Mutex mu_;
  std::deque<Writer*> queue_ ABSL_GUARDED_BY(mu_);
  absl::Status failed_ ABSL_GUARDED_BY(mu_);
  std::thread::id last_leader_ ABSL_GUARDED_BY(mu_);
  size_t last_group_size_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_WRITE_GROUP_H_

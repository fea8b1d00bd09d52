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
// Writes without records bypass the group: RocksDB's own write group
// already batches them, and they need no sequence numbers.
//
// After a failed RocksDB write the group refuses every later write
// (kUnavailable) until the Database is reopened: sequence numbers and shard
// state may have advanced in memory without reaching disk.

#ifndef EDDY_ENGINE_WRITE_GROUP_H_
#define EDDY_ENGINE_WRITE_GROUP_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
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
  // write.sync. Errors: kUnavailable after an earlier failed write;
  // otherwise the RocksDB error.
  absl::Status Write(const PreparedWrite& write);

 private:
  struct Writer {
    explicit Writer(const PreparedWrite* w) : write(w) {}
    const PreparedWrite* write;
    absl::Status status;
    bool done = false;
    absl::CondVar cv;  // signalled when done or at the front of the queue
  };

  // Appends the group's contents to *batch; returns whether any member
  // wants a sync and the highest sequence assigned.
  bool BuildGroup(const std::vector<Writer*>& group, rocksdb::WriteBatch* batch,
                  uint64_t* last_seq) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  static constexpr size_t kGroupBytesMax = size_t{4} << 20;

  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const items_cf_;
  rocksdb::ColumnFamilyHandle* const changes_cf_;
  cdc::StreamLog* const log_;
  Clock* const clock_;

  absl::Mutex mu_;
  std::deque<Writer*> queue_ ABSL_GUARDED_BY(mu_);
  absl::Status failed_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_WRITE_GROUP_H_

// Copyright (c) Eddy authors.
//
// StreamLog: the metadata of every stream and shard, the database-wide
// sequence counter, and the wake-up of readers waiting for new records.
//
// Persistent format, in the "catalog" column family (key strings and JSON
// field names never change):
//
//   "stream/" <id:8 lowercase hex>  -> JSON {"id","table_name","table_id",
//        "label","view_type" (StreamViewType value),"created_ms",
//        "status" ("ENABLED"|"DISABLED"),"disabled_ms","pk","sk"}
//   "shard/" <stream id:8 hex> "/" <index:8 hex> -> JSON {"shard_id",
//        "parent_shard_id" ("" for the first),"start_seq","closed",
//        "end_seq" (meaningful once closed; start_seq - 1 for a shard
//        closed empty),"created_ms","closed_ms"}
//   "next_stream_id"  -> fixed32 big-endian
//   "last_sequence"   -> fixed64 big-endian: a floor for the sequence
//                        counter, written by Trim before it deletes
//                        records (commits do not write it: Load takes the
//                        highest of it and of the records and shards left)
//
// Records live in the "changes" column family (cdc/change_record.h).
//
// Thread-safety: all methods are thread-safe (one internal mutex). The
// commit leader calls AssignSequence while building its batch, then
// Committed() once RocksDB acknowledged it.

#ifndef EDDY_CDC_STREAM_LOG_H_
#define EDDY_CDC_STREAM_LOG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "eddy/options.h"
#include "eddy/streams.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace eddy::cdc {

struct StreamMeta {
  uint32_t id = 0;
  std::string arn;
  std::string label;  // "2026-11-24T01:21:43.123"
  std::string table_name;
  uint32_t table_id = 0;
  StreamViewType view_type = StreamViewType::kNewAndOldImages;
  int64_t created_ms = 0;
  StreamStatus status = StreamStatus::kEnabled;
  int64_t disabled_ms = 0;
  KeySchema key_schema;
};

struct ShardMeta {
  uint32_t stream_id = 0;
  uint32_t index = 0;
  std::string shard_id;         // "shardId-<20-digit ms>-<8 hex>"
  std::string parent_shard_id;  // "" for a stream's first shard
  uint64_t start_seq = 0;       // first sequence number the shard may hold
  bool closed = false;
  uint64_t end_seq = 0;  // once closed: the last one it holds
  int64_t created_ms = 0;
  int64_t closed_ms = 0;

  bool open() const { return !closed; }
};

// Millisecond ISO-8601 label without zone, as AWS stream labels:
// "2026-11-24T01:21:43.123".
std::string StreamLabel(int64_t ms);

class StreamLog {
 public:
  // REQUIRES: db, cfs and clock outlive this object.
  StreamLog(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* catalog_cf,
            rocksdb::ColumnFamilyHandle* changes_cf, Clock* clock,
            const DatabaseOptions& options);

  // Loads streams, shards and the sequence counter. Call once after open.
  absl::Status Load();

  // --- metadata, for readers ---
  std::vector<StreamMeta> Streams() const;  // ordered by id
  std::optional<StreamMeta> FindStream(std::string_view arn) const;
  std::optional<StreamMeta> FindStreamById(uint32_t id) const;
  // The stream's shards that retention has not removed, oldest first.
  std::vector<ShardMeta> Shards(uint32_t stream_id) const;
  // The oldest sequence number the stream can still hold: the start of its
  // oldest remaining shard. Positions below it were trimmed by retention
  // (or predate the stream). 0 for an unknown stream.
  uint64_t TrimmedBefore(uint32_t stream_id) const;

  // --- enable / disable; the caller commits *batch ---
  // Creates a stream for a table and its first shard.
  StreamMeta CreateStream(const std::string& table_name, uint32_t table_id,
                          const KeySchema& key_schema, StreamViewType view_type,
                          rocksdb::WriteBatch* batch);
  // Marks a stream DISABLED and closes its open shard.
  void DisableStream(uint32_t stream_id, rocksdb::WriteBatch* batch);
  // Publishes what Create/DisableStream prepared, once *batch committed.
  // (Until then readers do not see the change.)
  void Publish();
  // Forgets what Create/DisableStream prepared (the batch failed).
  void Abandon();

  // --- capture, for the commit leader ---
  // Assigns the next sequence number to a record of `stream_id` committed
  // at now_ms, rolling the stream's shard over first if it is older than
  // shard_rollover_ms (the shard metadata is written into *batch).
  uint64_t AssignSequence(uint32_t stream_id, int64_t now_ms,
                          rocksdb::WriteBatch* batch);
  // Records that every sequence number up to `sequence` is committed, and
  // wakes the waiters it satisfies. A commit that satisfies no waiter makes
  // no wake-up (a lane filling a batching window waits for many commits and
  // is woken once, not once per commit).
  void Committed(uint64_t sequence);
  uint64_t last_committed() const;
  // Blocks until a sequence number > `after` is committed or timeout_ms
  // passes (real time, not the injected clock). Returns true if one was.
  bool WaitForCommitAfter(uint64_t after, int64_t timeout_ms) const;
  // For tests: threads in WaitForCommitAfter now, and how many times
  // Committed() woke waiters since the log was made.
  size_t waiters_for_test() const;
  uint64_t wakeups_for_test() const;

  // --- retention ---
  // Removes every closed shard (and its records, by range delete) whose
  // end is older than the retention period at now_ms, and streams that are
  // disabled and have no shard left. Returns the number of shards removed.
  absl::StatusOr<int> Trim(int64_t now_ms);

 private:
  struct StreamState {
    StreamMeta meta;
    std::vector<ShardMeta> shards;  // oldest first
    uint64_t trimmed_before = 0;
    uint64_t last_seq = 0;  // highest sequence assigned in the stream
  };

  ShardMeta NewShard(const StreamState& stream, uint64_t start_seq,
                     int64_t now_ms) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void PutShard(const ShardMeta& shard, rocksdb::WriteBatch* batch) const;
  void PutStream(const StreamMeta& meta, rocksdb::WriteBatch* batch) const;

  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const catalog_cf_;
  rocksdb::ColumnFamilyHandle* const changes_cf_;
  Clock* const clock_;
  const DatabaseOptions options_;

  mutable absl::Mutex mu_;
  std::map<uint32_t, StreamState> streams_ ABSL_GUARDED_BY(mu_);
  // Prepared but unpublished enable/disable changes.
  std::map<uint32_t, StreamState> pending_ ABSL_GUARDED_BY(mu_);
  uint32_t next_stream_id_ ABSL_GUARDED_BY(mu_) = 1;
  uint64_t last_assigned_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t last_committed_ ABSL_GUARDED_BY(mu_) = 0;
  // Signalled by Committed() when last_committed_ passes the lowest
  // `after` in waiting_after_; waited on by WaitForCommitAfter(), which
  // keeps its `after` in waiting_after_ while it waits.
  mutable absl::CondVar committed_cv_;
  mutable std::multiset<uint64_t> waiting_after_ ABSL_GUARDED_BY(mu_);
  uint64_t wakeups_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_STREAM_LOG_H_

// Copyright (c) Eddy authors.
//
// LogStore: function logs in the shape of CloudWatch Logs (eddy/logs.h),
// stored durably in the Database's "logs" column family.
//
// Key grammar (all names are byte strings without NUL; integers are 8-byte
// big-endian so keys sort numerically). These layouts never change:
//
//   'g' 0x00 <group>                       -> group record (JSON)
//        {"creation_time_ms": int, "retention_in_days": int (optional)}
//   's' 0x00 <group> 0x00 <stream>         -> stream record (JSON)
//        {"creation_time_ms", "first_event_ms", "last_event_ms",
//         "last_ingestion_ms", "stored_bytes", "next_seq", "ordinal"}
//   'e' 0x00 <group> 0x00 <stream> 0x00 <seq:u64be>  -> event
//        <timestamp_ms:i64be> <ingestion_ms:i64be> <message bytes>
//
// <seq> starts at 0 and increases by one per event of the stream, so a
// stream's events are in the order they were appended. A stream record is
// written in the same atomic batch as the events it counts.
//
// Tokens (opaque to callers): GetLogEvents returns "f/<seq>" (forward: from
// seq on) and "b/<seq>" (backward: before seq); FilterLogEvents and the
// Describe calls return a position after which the next page starts.
//
// Retention: events older than the group's retention_in_days are deleted by
// ExpireOld (run at Load and every expire_every_events appends).
//
// Thread-safety: thread-safe; one internal mutex orders appends.

#ifndef EDDY_CDC_LOG_STORE_H_
#define EDDY_CDC_LOG_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "eddy/clock.h"
#include "eddy/logs.h"
#include "rocksdb/db.h"

namespace eddy::cdc {

// One line to append: when it was printed, and the line without newline.
struct LogLine {
  int64_t timestamp_ms = 0;
  std::string message;
};

class LogStore {
 public:
  // Longest message kept (CloudWatch's event limit); longer ones are cut.
  static constexpr size_t kMessageBytesMax = 256 * 1024;
  static constexpr int64_t kExpireEveryEvents = 4096;

  // `db` and `cf` must outlive the store. Arn parts as in DatabaseOptions.
  LogStore(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, Clock* clock,
           std::string region, std::string account_id);

  // Loads the group and stream records, then expires old events.
  absl::Status Load();

  // Creates the group if absent (idempotent). kInternal on I/O errors.
  absl::Status CreateGroup(const std::string& group);
  // Sets (or with nullopt clears) a group's retention. kNotFound if absent;
  // kInvalidArgument unless days is one of CloudWatch's values (1, 3, 5, 7,
  // 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
  // 2557, 2922, 3288, 3653).
  absl::Status SetRetention(const std::string& group, std::optional<int> days);
  // Appends lines to a stream (creating the group and stream if needed),
  // in one atomic write. Ingestion time is the clock's now.
  absl::Status Append(const std::string& group, const std::string& stream,
                      const std::vector<LogLine>& lines);
  // Deletes events older than each group's retention.
  absl::Status ExpireOld();

  absl::StatusOr<DescribeLogGroupsResult> DescribeLogGroups(
      const DescribeLogGroupsRequest& r);
  absl::StatusOr<DescribeLogStreamsResult> DescribeLogStreams(
      const DescribeLogStreamsRequest& r);
  // kNotFound (ResourceNotFoundException) for an unknown group or stream;
  // kInvalidArgument for a bad limit or token.
  absl::StatusOr<GetLogEventsResult> GetLogEvents(const GetLogEventsRequest& r);
  absl::StatusOr<FilterLogEventsResult> FilterLogEvents(
      const FilterLogEventsRequest& r);

 private:
  struct GroupMeta {
    int64_t creation_time_ms = 0;
    std::optional<int> retention_in_days;
  };
  struct StreamMeta {
    int64_t creation_time_ms = 0;
    int64_t first_event_ms = 0;
    int64_t last_event_ms = 0;
    int64_t last_ingestion_ms = 0;
    int64_t stored_bytes = 0;
    uint64_t next_seq = 0;
    int64_t ordinal = 0;  // creation order across the store (event ids)
  };
  using StreamKey = std::pair<std::string, std::string>;  // group, stream

  absl::Status PutGroup(const std::string& group, const GroupMeta& meta)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::vector<LogEvent> ReadEvents(const StreamKey& key, uint64_t from_seq,
                                   uint64_t to_seq, const StreamMeta& meta,
                                   std::vector<uint64_t>* seqs) const;
  LogGroup ToLogGroup(const std::string& name, const GroupMeta& meta) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  LogStream ToLogStream(const StreamKey& key, const StreamMeta& meta) const;

  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const cf_;
  Clock* const clock_;
  const std::string region_;
  const std::string account_id_;

  absl::Mutex mu_;
  std::map<std::string, GroupMeta> groups_ ABSL_GUARDED_BY(mu_);
  std::map<StreamKey, StreamMeta> streams_ ABSL_GUARDED_BY(mu_);
  int64_t next_ordinal_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t appends_since_expire_ ABSL_GUARDED_BY(mu_) = 0;
};

// True if `message` matches a CloudWatch filter pattern: "" matches all;
// space-separated terms must all appear; "quoted phrases" are one term;
// ?term alternatives (any one must appear); -term must not appear.
// Case-sensitive, as CloudWatch's.
bool MatchesFilterPattern(const std::string& pattern,
                          const std::string& message);

// Key helpers (log_store.cc), exposed for log_store_query.cc and tests.
std::string LogGroupKey(const std::string& group);
std::string LogStreamKey(const std::string& group, const std::string& stream);
std::string LogEventKey(const std::string& group, const std::string& stream,
                        uint64_t seq);

}  // namespace eddy::cdc

#endif  // EDDY_CDC_LOG_STORE_H_

// Copyright (c) Eddy authors.
//
// StreamReader: the read side of DynamoDB Streams (ListStreams,
// DescribeStream, GetShardIterator, GetRecords; contracts in eddy/streams.h
// and eddy/database.h), over the stream metadata of a StreamLog and the
// records in the "changes" column family.
//
// Positions. A shard iterator (cdc/shard_iterator.h) holds the next
// sequence number to read in one shard. GetRecords reads only records whose
// sequence number is <= StreamLog::last_committed() at the time of the call,
// so a record committed later, with a lower sequence number than one
// returned, can never be skipped. A position that retention removed is
// TrimmedDataAccess (kOutOfRange), checked before and after reading; it is
// never silently moved to the next record.
//
// Wiring (for DBImpl):
//   - construct after StreamLog::Load(), with the Database's rocksdb::DB,
//     its "changes" column family handle, its StreamLog, its clock and its
//     validated options; destroy before them;
//   - forward the four Database stream calls unchanged (after CheckOpen());
//     ListStreams does not check that a named table exists: DBImpl decides
//     whether an unknown table is kNotFound or an empty list;
//   - StreamLog::Committed() must be called only once every sequence number
//     up to its argument is visible to RocksDB readers (true when commits
//     are written one group at a time, in sequence order).
//
// Thread-safety: all methods are thread-safe; the reader holds no lock of
// its own (StreamLog is internally synchronized). GetRecords with wait_ms
// blocks the calling thread only, on StreamLog::WaitForCommitAfter.

#ifndef EDDY_CDC_STREAM_READER_H_
#define EDDY_CDC_STREAM_READER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cdc/shard_iterator.h"
#include "cdc/stream_log.h"
#include "eddy/clock.h"
#include "eddy/options.h"
#include "eddy/streams.h"
#include "rocksdb/db.h"

namespace eddy::cdc {

class StreamReader {
 public:
  // GetRecords stops once the records it holds reach this many stored
  // bytes (always returning at least one record if any is available).
  static constexpr size_t kMaxResultBytes = size_t{1} << 20;
  // GetRecords waits at most this long, whatever wait_ms asks.
  static constexpr int64_t kMaxWaitMs = 60'000;

  // REQUIRES: db, changes_cf, log and clock outlive this object; options
  // were validated (Database::Open).
  StreamReader(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* changes_cf,
               const StreamLog* log, Clock* clock,
               const DatabaseOptions& options);

  // Streams of request.table_name (all tables if empty), oldest first,
  // including disabled ones not yet removed by retention. Errors:
  // kInvalidArgument if limit is not in 1..100 (message names Limit);
  // kNotFound if exclusive_start_stream_arn is set but names no stream.
  absl::StatusOr<ListStreamsResult> ListStreams(
      const ListStreamsRequest& request) const;

  // The stream and its shards still present, oldest first, paged by
  // exclusive_start_shard_id (shards after it; it need not exist any more)
  // and limit. Errors: kInvalidArgument if limit is not in 1..100;
  // kNotFound (ResourceNotFoundException) for an unknown stream ARN.
  absl::StatusOr<StreamDescription> DescribeStream(
      const DescribeStreamRequest& request) const;

  // An iterator positioned per request.shard_iterator_type:
  //   TRIM_HORIZON   the shard's oldest record still present;
  //   LATEST         after the newest committed record (a closed shard:
  //                  after its end, so reading it ends at once);
  //   AT_/AFTER_SEQUENCE_NUMBER  at / just after sequence_number;
  //   AT_TIMESTAMP   the first record committed at or after timestamp_ms
  //                  (among those committed when called; after them if
  //                  none).
  // Errors: kNotFound for an unknown stream or shard; kOutOfRange
  // (TrimmedDataAccess) for a shard or sequence number that retention
  // removed; kInvalidArgument for a malformed sequence number, one outside
  // the shard (for an open shard: above the newest committed record), or a
  // bad iterator type.
  absl::StatusOr<std::string> GetShardIterator(
      const GetShardIteratorRequest& request) const;

  // Up to request.limit records (and about kMaxResultBytes) from the
  // iterator's position, and the iterator that continues after them (the
  // same position, freshly issued, if none were returned). For a closed
  // shard read to its end, next_shard_iterator is absent. With wait_ms > 0
  // and nothing available in an open shard, waits up to
  // min(wait_ms, kMaxWaitMs) of real time for a commit, woken by it.
  // Errors: kInvalidArgument (ValidationException) for a malformed
  // iterator, a limit not in 1..1000 or a negative wait_ms;
  // kFailedPrecondition (ExpiredIterator) if the iterator was issued more
  // than shard_iterator_ttl_ms ago by the clock; kOutOfRange
  // (TrimmedDataAccess) if its position was removed by retention;
  // kDataLoss for a corrupt stored record; kInternal for RocksDB errors.
  absl::StatusOr<GetRecordsResult> GetRecords(
      const GetRecordsRequest& request) const;

 private:
  // One non-blocking GetRecords pass.
  struct Page {
    GetRecordsResult result;
    bool may_wait = false;  // nothing returned, and more may come
    uint64_t seen = 0;      // last_committed() the pass read up to
  };

  // kInvalidArgument naming Limit unless 1 <= limit <= max.
  static absl::Status CheckLimit(int limit, int max);
  absl::StatusOr<StreamMeta> FindStream(std::string_view arn) const;
  absl::StatusOr<ShardMeta> FindShard(const std::vector<ShardMeta>& shards,
                                      std::string_view shard_id) const;
  absl::StatusOr<uint64_t> StartPosition(
      const StreamMeta& stream, const ShardMeta& shard,
      const GetShardIteratorRequest& r) const;
  absl::StatusOr<uint64_t> SequencePosition(
      const StreamMeta& stream, const ShardMeta& shard,
      const GetShardIteratorRequest& r) const;
  absl::StatusOr<uint64_t> TimestampPosition(const ShardMeta& shard,
                                             int64_t timestamp_ms) const;

  absl::Status CheckNotExpired(const ShardIteratorToken& token) const;
  // The token's shard, if its position was not removed by retention.
  absl::StatusOr<ShardMeta> LiveShard(const ShardIteratorToken& token) const;
  absl::StatusOr<Page> ReadPage(const ShardIteratorToken& token,
                                int limit) const;
  // Appends to *out the records of from..upto, up to `limit` records and
  // about kMaxResultBytes; *next = the sequence after the last appended.
  // Returns whether records remained. kDataLoss for a corrupt record.
  absl::StatusOr<bool> Collect(uint32_t stream_id, uint64_t from, uint64_t upto,
                               int limit, std::vector<StreamRecord>* out,
                               uint64_t* next) const;

  // Visits the stored records of `stream_id` with from <= seq <= upto in
  // order while visit returns true. Returns true iff it stopped before the
  // end (a record remained). kDataLoss for a malformed key.
  absl::StatusOr<bool> ScanRecords(
      uint32_t stream_id, uint64_t from, uint64_t upto,
      absl::FunctionRef<bool(uint64_t seq, std::string_view value)> visit)
      const;

  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const changes_cf_;
  const StreamLog* const log_;
  Clock* const clock_;
  const DatabaseOptions options_;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_STREAM_READER_H_

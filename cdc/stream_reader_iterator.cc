// Copyright (c) Eddy authors.
//
// StreamReader::GetShardIterator: from an iterator type to a position.

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "cdc/change_record.h"
#include "cdc/stream_reader.h"
#include "engine/errors.h"
#include "engine/strings.h"

namespace eddy::cdc {
namespace {

using engine::Sv;

// True if shards older than the oldest present one existed: retention
// removed them (a stream's first shard has no parent).
bool SomethingTrimmed(const std::vector<ShardMeta>& shards) {
  return !shards.empty() && !shards.front().parent_shard_id.empty();
}

absl::Status TrimmedShard(std::string_view shard_id) {
  return engine::TrimmedDataAccess(
      absl::StrCat("Shard ", Sv(shard_id),
                   " was removed by retention: its records are no longer "
                   "available"));
}

}  // namespace

absl::StatusOr<ShardMeta> StreamReader::FindShard(
    const std::vector<ShardMeta>& shards, std::string_view shard_id) const {
  for (const ShardMeta& s : shards) {
    if (s.shard_id == shard_id) return s;
  }
  // Shard ids sort in creation order (see DescribeStream), so one before the
  // oldest present shard, in a stream that lost shards, was trimmed.
  if (SomethingTrimmed(shards) && shard_id.starts_with("shardId-") &&
      shard_id < shards.front().shard_id) {
    return TrimmedShard(shard_id);
  }
  return engine::ResourceNotFound(absl::StrCat(
      "Requested resource not found: Shard ", Sv(shard_id), " does not exist"));
}

absl::StatusOr<std::string> StreamReader::GetShardIterator(
    const GetShardIteratorRequest& request) const {
  absl::StatusOr<StreamMeta> stream = FindStream(request.stream_arn);
  if (!stream.ok()) return stream.status();
  absl::StatusOr<ShardMeta> shard =
      FindShard(log_->Shards(stream->id), request.shard_id);
  if (!shard.ok()) return shard.status();
  absl::StatusOr<uint64_t> position = StartPosition(*stream, *shard, request);
  if (!position.ok()) return position.status();
  return EncodeShardIterator(
      {stream->id, shard->index, *position, clock_->NowMillis()});
}

absl::StatusOr<uint64_t> StreamReader::StartPosition(
    const StreamMeta& stream, const ShardMeta& shard,
    const GetShardIteratorRequest& r) const {
  switch (r.shard_iterator_type) {
    case ShardIteratorType::kTrimHorizon:
      return std::max(shard.start_seq, log_->TrimmedBefore(stream.id));
    case ShardIteratorType::kLatest:
      if (shard.closed) return shard.end_seq + 1;
      return std::max(shard.start_seq, log_->last_committed() + 1);
    case ShardIteratorType::kAtSequenceNumber:
    case ShardIteratorType::kAfterSequenceNumber:
      return SequencePosition(stream, shard, r);
    case ShardIteratorType::kAtTimestamp:
      return TimestampPosition(shard, r.timestamp_ms);
  }
  return engine::ValidationError(absl::StrCat(
      "Invalid ShardIteratorType: ", static_cast<int>(r.shard_iterator_type)));
}

absl::StatusOr<uint64_t> StreamReader::SequencePosition(
    const StreamMeta& stream, const ShardMeta& shard,
    const GetShardIteratorRequest& r) const {
  uint64_t seq = 0;
  if (!ParseSequence(r.sequence_number, &seq)) {
    return engine::ValidationError(
        absl::StrCat("Invalid SequenceNumber: '", r.sequence_number,
                     "' is not a sequence number (1 to 40 decimal digits)"));
  }
  if (seq < log_->TrimmedBefore(stream.id) &&
      SomethingTrimmed(log_->Shards(stream.id))) {
    return engine::TrimmedDataAccess(absl::StrCat(
        "Sequence number ", r.sequence_number,
        " was removed by retention: the oldest record still available is ",
        SequenceToString(log_->TrimmedBefore(stream.id))));
  }
  const uint64_t last = shard.closed ? shard.end_seq : log_->last_committed();
  if (seq < shard.start_seq || seq > last) {
    return engine::ValidationError(absl::StrCat(
        "Invalid SequenceNumber: ", r.sequence_number, " is not within shard ",
        shard.shard_id, " (", SequenceToString(shard.start_seq), " to ",
        SequenceToString(last), ")"));
  }
  return r.shard_iterator_type == ShardIteratorType::kAfterSequenceNumber
             ? seq + 1
             : seq;
}

absl::StatusOr<uint64_t> StreamReader::TimestampPosition(
    const ShardMeta& shard, int64_t timestamp_ms) const {
  const uint64_t from =
      std::max(shard.start_seq, log_->TrimmedBefore(shard.stream_id));
  const uint64_t committed = log_->last_committed();
  const uint64_t upto =
      shard.closed ? std::min(shard.end_seq, committed) : committed;
  uint64_t found = std::max(from, upto + 1);  // none: after the last one
  absl::Status decode_error;
  absl::StatusOr<bool> stopped = ScanRecords(
      shard.stream_id, from, upto, [&](uint64_t seq, std::string_view value) {
        absl::StatusOr<StreamRecord> record =
            DecodeChangeRecord(value, shard.stream_id, seq);
        if (!record.ok()) {
          decode_error = record.status();
          return false;
        }
        if (record->approximate_creation_time_ms < timestamp_ms) return true;
        found = seq;
        return false;
      });
  if (!stopped.ok()) return stopped.status();
  if (!decode_error.ok()) return decode_error;
  return found;
}

}  // namespace eddy::cdc

// Copyright (c) Eddy authors.
//
// StreamReader: ListStreams, DescribeStream and the record scan shared by
// GetShardIterator and GetRecords. The iterator calls live in
// stream_reader_iterator.cc and stream_reader_records.cc.

#include "cdc/stream_reader.h"

#include <algorithm>
#include <cassert>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cdc/change_record.h"
#include "engine/errors.h"
#include "engine/strings.h"
#include "rocksdb/iterator.h"

namespace eddy::cdc {

using engine::Sv;

StreamReader::StreamReader(rocksdb::DB* db,
                           rocksdb::ColumnFamilyHandle* changes_cf,
                           const StreamLog* log, Clock* clock,
                           const DatabaseOptions& options)
    : db_(db),
      changes_cf_(changes_cf),
      log_(log),
      clock_(clock),
      options_(options) {}

absl::Status StreamReader::CheckLimit(int limit, int max) {
  if (limit >= 1 && limit <= max) return absl::OkStatus();
  return engine::ValidationError(
      absl::StrCat("1 validation error detected: Value '", limit,
                   "' at 'Limit' failed to satisfy constraint: Member must "
                   "have value between 1 and ",
                   max));
}

absl::StatusOr<StreamMeta> StreamReader::FindStream(
    std::string_view arn) const {
  std::optional<StreamMeta> stream = log_->FindStream(arn);
  if (!stream) {
    return engine::ResourceNotFound(absl::StrCat(
        "Requested resource not found: Stream: ", Sv(arn), " not found"));
  }
  return *std::move(stream);
}

absl::StatusOr<ListStreamsResult> StreamReader::ListStreams(
    const ListStreamsRequest& request) const {
  if (absl::Status s = CheckLimit(request.limit, 100); !s.ok()) return s;
  std::vector<StreamMeta> streams = log_->Streams();  // by id: oldest first
  if (!request.table_name.empty()) {
    std::erase_if(streams, [&](const StreamMeta& m) {
      return m.table_name != request.table_name;
    });
  }
  auto next = streams.begin();
  if (!request.exclusive_start_stream_arn.empty()) {
    next = std::find_if(streams.begin(), streams.end(), [&](const auto& m) {
      return m.arn == request.exclusive_start_stream_arn;
    });
    if (next == streams.end()) {
      return FindStream(request.exclusive_start_stream_arn).status();
    }
    ++next;
  }
  ListStreamsResult result;
  for (; next != streams.end() &&
         result.streams.size() < static_cast<size_t>(request.limit);
       ++next) {
    result.streams.push_back({next->arn, next->table_name, next->label});
  }
  if (next != streams.end()) {
    result.last_evaluated_stream_arn = result.streams.back().stream_arn;
  }
  return result;
}

namespace {

Shard PublicShard(const ShardMeta& meta) {
  Shard shard;
  shard.shard_id = meta.shard_id;
  if (!meta.parent_shard_id.empty()) {
    shard.parent_shard_id = meta.parent_shard_id;
  }
  shard.sequence_number_range.starting_sequence_number =
      SequenceToString(meta.start_seq);
  if (meta.closed) {
    shard.sequence_number_range.ending_sequence_number =
        SequenceToString(meta.end_seq);
  }
  return shard;
}

}  // namespace

absl::StatusOr<StreamDescription> StreamReader::DescribeStream(
    const DescribeStreamRequest& request) const {
  if (absl::Status s = CheckLimit(request.limit, 100); !s.ok()) return s;
  absl::StatusOr<StreamMeta> stream = FindStream(request.stream_arn);
  if (!stream.ok()) return stream.status();
  StreamDescription d;
  d.stream_arn = stream->arn;
  d.stream_label = stream->label;
  d.stream_status = stream->status;
  d.stream_view_type = stream->view_type;
  d.creation_request_date_time_ms = stream->created_ms;
  d.table_name = stream->table_name;
  d.key_schema = stream->key_schema;
  // A stream's shard ids sort in creation order ("shardId-<20-digit
  // created ms>-...", and a child is created at least shard_rollover_ms
  // after its parent), so paging resumes after the start id even if that
  // shard was trimmed meanwhile.
  const std::vector<ShardMeta> shards = log_->Shards(stream->id);
  auto next = shards.begin();
  if (!request.exclusive_start_shard_id.empty()) {
    next = std::find_if(shards.begin(), shards.end(), [&](const auto& s) {
      return s.shard_id > request.exclusive_start_shard_id;
    });
  }
  for (; next != shards.end() &&
         d.shards.size() < static_cast<size_t>(request.limit);
       ++next) {
    d.shards.push_back(PublicShard(*next));
  }
  if (next != shards.end())
    d.last_evaluated_shard_id = d.shards.back().shard_id;
  return d;
}

absl::StatusOr<bool> StreamReader::ScanRecords(
    uint32_t stream_id, uint64_t from, uint64_t upto,
    absl::FunctionRef<bool(uint64_t, std::string_view)> visit) const {
  if (from > upto) return false;
  assert(upto < UINT64_MAX);
  const std::string lower = ChangeKey(stream_id, from);
  const std::string upper = ChangeKey(stream_id, upto + 1);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, changes_cf_));
  for (it->Seek(lower); it->Valid(); it->Next()) {
    uint32_t sid = 0;
    uint64_t seq = 0;
    if (!ParseChangeKey(std::string_view(it->key().data(), it->key().size()),
                        &sid, &seq) ||
        sid != stream_id) {
      return absl::DataLossError(
          absl::StrCat("malformed change key in stream ", stream_id));
    }
    if (!visit(seq, std::string_view(it->value().data(), it->value().size()))) {
      return true;
    }
  }
  if (absl::Status s = engine::FromRocks(it->status()); !s.ok()) return s;
  return false;
}

}  // namespace eddy::cdc

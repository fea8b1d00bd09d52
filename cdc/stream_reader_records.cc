// Copyright (c) Eddy authors.
//
// StreamReader::GetRecords: one bounded read of a shard, optionally waiting
// for a commit when nothing is available yet.

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cdc/change_record.h"
#include "cdc/stream_reader.h"
#include "engine/errors.h"

namespace eddy::cdc {
namespace {

std::string FormatMillis(int64_t ms) {
  return absl::FormatTime("%a %b %d %H:%M:%E3S UTC %Y",
                          absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

absl::Status Trimmed(const ShardIteratorToken& token) {
  return engine::TrimmedDataAccess(absl::StrCat(
      "The iterator's position ", SequenceToString(token.position),
      " was removed by retention: the operation attempted to read past the "
      "oldest stream record in a shard"));
}

}  // namespace

absl::Status StreamReader::CheckNotExpired(
    const ShardIteratorToken& token) const {
  const int64_t now = clock_->NowMillis();
  if (now - token.issued_ms <= options_.shard_iterator_ttl_ms) {
    return absl::OkStatus();
  }
  return engine::ExpiredIterator(absl::StrCat(
      "Iterator expired. The iterator was created at time ",
      FormatMillis(token.issued_ms), " while right now it is ",
      FormatMillis(now),
      " which is further in the future than the tolerated delay of ",
      options_.shard_iterator_ttl_ms, " milliseconds."));
}

absl::StatusOr<ShardMeta> StreamReader::LiveShard(
    const ShardIteratorToken& token) const {
  // A stream with no shards left was removed by retention.
  const std::vector<ShardMeta> shards = log_->Shards(token.stream_id);
  for (const ShardMeta& s : shards) {
    if (s.index != token.shard_index) continue;
    if (token.position < log_->TrimmedBefore(token.stream_id)) {
      return Trimmed(token);
    }
    return s;
  }
  if (!shards.empty() && token.shard_index > shards.back().index) {
    return engine::ValidationError("Invalid ShardIterator");  // never issued
  }
  return Trimmed(token);
}

absl::StatusOr<bool> StreamReader::Collect(uint32_t stream_id, uint64_t from,
                                           uint64_t upto, int limit,
                                           std::vector<StreamRecord>* out,
                                           uint64_t* next) const {
  size_t bytes = 0;
  absl::Status decode_error;
  absl::StatusOr<bool> more = ScanRecords(
      stream_id, from, upto, [&](uint64_t seq, std::string_view value) {
        if (out->size() >= static_cast<size_t>(limit)) return false;
        if (!out->empty() && bytes + value.size() > kMaxResultBytes) {
          return false;
        }
        absl::StatusOr<StreamRecord> record =
            DecodeChangeRecord(value, stream_id, seq);
        if (!record.ok()) {
          decode_error = record.status();
          return false;
        }
        record->aws_region = options_.region;
        out->push_back(*std::move(record));
        bytes += value.size();
        *next = seq + 1;
        return true;
      });
  if (!decode_error.ok()) return decode_error;
  return more;
}

absl::StatusOr<StreamReader::Page> StreamReader::ReadPage(
    const ShardIteratorToken& token, int limit) const {
  // Snapshot the commit point first: everything up to it is readable.
  const uint64_t committed = log_->last_committed();
  absl::StatusOr<ShardMeta> shard = LiveShard(token);
  if (!shard.ok()) return shard.status();
  const uint64_t from = std::max(token.position, shard->start_seq);
  const bool closed_and_complete = shard->closed && shard->end_seq <= committed;
  const uint64_t upto =
      shard->closed ? std::min(shard->end_seq, committed) : committed;

  Page page;
  page.seen = committed;
  uint64_t next = from;  // after the last record returned
  absl::StatusOr<bool> more =
      Collect(token.stream_id, from, upto, limit, &page.result.records, &next);
  if (!more.ok()) return more.status();
  // Retention may have removed the range while it was read: never return
  // that as an empty (or ended) shard.
  if (absl::StatusOr<ShardMeta> again = LiveShard(token); !again.ok()) {
    return again.status();
  }
  if (closed_and_complete && !*more) return page;  // shard read to its end
  page.result.next_shard_iterator = EncodeShardIterator(
      {token.stream_id, token.shard_index, next, clock_->NowMillis()});
  page.may_wait = page.result.records.empty();
  return page;
}

absl::StatusOr<GetRecordsResult> StreamReader::GetRecords(
    const GetRecordsRequest& request) const {
  if (absl::Status s = CheckLimit(request.limit, 1000); !s.ok()) return s;
  if (request.wait_ms < 0) {
    return engine::ValidationError(
        absl::StrCat("wait_ms must be >= 0, got ", request.wait_ms));
  }
  absl::StatusOr<ShardIteratorToken> token =
      DecodeShardIterator(request.shard_iterator);
  if (!token.ok()) return token.status();
  if (absl::Status s = CheckNotExpired(*token); !s.ok()) return s;

  const absl::Time deadline =
      absl::Now() + absl::Milliseconds(std::min(request.wait_ms, kMaxWaitMs));
  for (;;) {
    absl::StatusOr<Page> page = ReadPage(*token, request.limit);
    if (!page.ok()) return page.status();
    const absl::Duration remaining = deadline - absl::Now();
    if (!page->may_wait || remaining <= absl::ZeroDuration()) {
      return std::move(page->result);
    }
    // Woken by any commit; a commit to another stream reads again and, with
    // nothing new here, waits for the rest of the time.
    log_->WaitForCommitAfter(
        page->seen, std::max<int64_t>(1, absl::ToInt64Milliseconds(remaining)));
  }
}

}  // namespace eddy::cdc

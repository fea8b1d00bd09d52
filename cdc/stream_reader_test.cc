// Copyright (c) Eddy authors.
//
// StreamReader below the Database: listing, describing, every iterator
// type, paging, expiry, the blocking tail.

#include "cdc/stream_reader.h"

#include <string>
#include <thread>

#include "cdc/stream_reader_test_util.h"
#include "gmock/gmock.h"

namespace eddy::cdc {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST_F(StreamReaderTest, ListStreamsFiltersAndPages) {
  StreamMeta a = Create("Alpha");
  StreamMeta b = Create("Beta");
  StreamMeta a2 = Create("Alpha");  // a second stream of the same table
  absl::StatusOr<ListStreamsResult> all = reader_->ListStreams({});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->streams.size(), 3u);
  EXPECT_EQ(all->streams[0].stream_arn, a.arn);
  EXPECT_EQ(all->streams[1].table_name, "Beta");
  EXPECT_EQ(all->streams[2].stream_label, a2.label);
  EXPECT_FALSE(all->last_evaluated_stream_arn.has_value());

  absl::StatusOr<ListStreamsResult> page =
      reader_->ListStreams({"Alpha", "", 1});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->streams.size(), 1u);
  EXPECT_EQ(page->streams[0].stream_arn, a.arn);
  ASSERT_EQ(page->last_evaluated_stream_arn, a.arn);
  page = reader_->ListStreams({"Alpha", a.arn, 1});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->streams.size(), 1u);
  EXPECT_EQ(page->streams[0].stream_arn, a2.arn);
  EXPECT_FALSE(page->last_evaluated_stream_arn.has_value());
  EXPECT_NE(b.arn, a.arn);
}

TEST_F(StreamReaderTest, ListStreamsErrors) {
  Create("Alpha");
  for (int limit : {0, -1, 101}) {
    absl::StatusOr<ListStreamsResult> r = reader_->ListStreams({"", "", limit});
    ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << limit;
    EXPECT_THAT(r.status().message(), HasSubstr("Limit"));
  }
  absl::StatusOr<ListStreamsResult> r = reader_->ListStreams({"", "arn:x"});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StreamReaderTest, DescribeStream) {
  StreamMeta s = Create("Alpha", StreamViewType::kKeysOnly);
  absl::StatusOr<StreamDescription> d = reader_->DescribeStream({s.arn});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->stream_arn, s.arn);
  EXPECT_THAT(d->stream_arn,
              HasSubstr(":table/Alpha/stream/2026-09-21T"));  // kStartMs
  EXPECT_EQ(d->stream_label, s.label);
  EXPECT_EQ(d->stream_status, StreamStatus::kEnabled);
  EXPECT_EQ(d->stream_view_type, StreamViewType::kKeysOnly);
  EXPECT_EQ(d->creation_request_date_time_ms, kStartMs);
  EXPECT_EQ(d->table_name, "Alpha");
  EXPECT_EQ(d->key_schema.partition_key.name, "Id");
  ASSERT_EQ(d->shards.size(), 1u);
  EXPECT_THAT(d->shards[0].shard_id, HasSubstr("shardId-"));
  EXPECT_FALSE(d->shards[0].parent_shard_id.has_value());
  EXPECT_EQ(d->shards[0].sequence_number_range.starting_sequence_number.size(),
            21u);
  EXPECT_FALSE(d->shards[0].sequence_number_range.ending_sequence_number);

  const std::string unknown = s.arn + "9";
  d = reader_->DescribeStream({unknown});
  ASSERT_EQ(d.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(d.status().message(),
            "Requested resource not found: Stream: " + unknown + " not found");
  EXPECT_EQ(ErrorName(d.status()), "ResourceNotFoundException");
  d = reader_->DescribeStream({s.arn, "", 0});
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StreamReaderTest, TrimHorizonReadsEverythingInOrder) {
  StreamMeta s = Create("Alpha");
  for (int i = 0; i < 5; ++i) Capture(s, i, "m" + std::to_string(i));
  GetRecordsResult r = Read(Iterator(s, Shards(s)[0].shard_id));
  EXPECT_THAT(Messages(r), ElementsAre("m0", "m1", "m2", "m3", "m4"));
  for (size_t i = 0; i < r.records.size(); ++i) {
    EXPECT_EQ(r.records[i].sequence_number.size(), 21u);
    if (i > 0) {
      EXPECT_LT(r.records[i - 1].sequence_number, r.records[i].sequence_number);
    }
    EXPECT_EQ(r.records[i].aws_region, "us-east-1");
    EXPECT_EQ(r.records[i].event_name, EventName::kInsert);
    EXPECT_EQ(r.records[i].approximate_creation_time_ms, kStartMs);
  }
  ASSERT_TRUE(r.next_shard_iterator.has_value());  // the shard is open
  EXPECT_THAT(Read(*r.next_shard_iterator).records, IsEmpty());
}

TEST_F(StreamReaderTest, PagesWithLimit) {
  StreamMeta s = Create("Alpha");
  for (int i = 0; i < 5; ++i) Capture(s, i, "m" + std::to_string(i));
  std::string it = Iterator(s, Shards(s)[0].shard_id);
  std::vector<std::string> seen;
  for (int pass = 0; pass < 4; ++pass) {
    GetRecordsResult r = Read(it, 2);
    EXPECT_LE(r.records.size(), 2u);
    for (const std::string& m : Messages(r)) seen.push_back(m);
    ASSERT_TRUE(r.next_shard_iterator.has_value());
    it = *r.next_shard_iterator;
  }
  EXPECT_THAT(seen, ElementsAre("m0", "m1", "m2", "m3", "m4"));
  for (int limit : {0, 1001}) {
    absl::StatusOr<GetRecordsResult> r = reader_->GetRecords({it, limit});
    ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(r.status().message(), HasSubstr("Limit"));
  }
}

TEST_F(StreamReaderTest, StopsAtOneMegabyte) {
  StreamMeta s = Create("Alpha");
  const std::string big(400 << 10, 'x');
  for (int i = 0; i < 3; ++i) Capture(s, i, big);
  GetRecordsResult r = Read(Iterator(s, Shards(s)[0].shard_id));
  EXPECT_EQ(r.records.size(), 2u);
  ASSERT_TRUE(r.next_shard_iterator.has_value());
  EXPECT_EQ(Read(*r.next_shard_iterator).records.size(), 1u);
}

TEST_F(StreamReaderTest, LatestSeesOnlyLaterWrites) {
  StreamMeta s = Create("Alpha");
  Capture(s, 1, "before");
  std::string it =
      Iterator(s, Shards(s)[0].shard_id, ShardIteratorType::kLatest);
  GetRecordsResult r = Read(it);
  EXPECT_THAT(r.records, IsEmpty());
  ASSERT_TRUE(r.next_shard_iterator.has_value());
  Capture(s, 2, "after");
  EXPECT_THAT(Messages(Read(*r.next_shard_iterator)), ElementsAre("after"));
  EXPECT_THAT(Messages(Read(it)), ElementsAre("after"));  // still valid
}

TEST_F(StreamReaderTest, AtAndAfterSequenceNumber) {
  StreamMeta s = Create("Alpha");
  std::vector<uint64_t> seqs;
  for (int i = 0; i < 3; ++i) seqs.push_back(Capture(s, i, std::to_string(i)));
  const std::string shard = Shards(s)[0].shard_id;
  EXPECT_THAT(
      Messages(Read(Iterator(s, shard, ShardIteratorType::kAtSequenceNumber,
                             SequenceToString(seqs[1])))),
      ElementsAre("1", "2"));
  EXPECT_THAT(
      Messages(Read(Iterator(s, shard, ShardIteratorType::kAfterSequenceNumber,
                             SequenceToString(seqs[1])))),
      ElementsAre("2"));
  for (std::string bad :
       {std::string("12a"), std::string(""), std::string(41, '1'),
        SequenceToString(seqs[2] + 1), SequenceToString(seqs[0] - 1)}) {
    absl::StatusOr<std::string> it = reader_->GetShardIterator(
        {s.arn, shard, ShardIteratorType::kAtSequenceNumber, bad});
    ASSERT_EQ(it.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(it.status().message(), HasSubstr("SequenceNumber"));
  }
}

TEST_F(StreamReaderTest, AtTimestamp) {
  StreamMeta s = Create("Alpha");
  Capture(s, 0, "t0");
  clock_.AdvanceMillis(1000);
  Capture(s, 1, "t1");
  clock_.AdvanceMillis(1000);
  Capture(s, 2, "t2");
  const std::string shard = Shards(s)[0].shard_id;
  auto at = [&](int64_t ms) {
    return Messages(
        Read(Iterator(s, shard, ShardIteratorType::kAtTimestamp, "", ms)));
  };
  EXPECT_THAT(at(0), ElementsAre("t0", "t1", "t2"));
  EXPECT_THAT(at(kStartMs + 1), ElementsAre("t1", "t2"));
  EXPECT_THAT(at(kStartMs + 1000), ElementsAre("t1", "t2"));
  EXPECT_THAT(at(kStartMs + 2000), ElementsAre("t2"));
  EXPECT_THAT(at(kStartMs + 5000), IsEmpty());
}

TEST_F(StreamReaderTest, UnknownStreamOrShard) {
  StreamMeta s = Create("Alpha");
  absl::StatusOr<std::string> it =
      reader_->GetShardIterator({s.arn + "x", Shards(s)[0].shard_id});
  EXPECT_EQ(it.status().code(), absl::StatusCode::kNotFound);
  it = reader_->GetShardIterator({s.arn, "shardId-00000000000000000001-x"});
  EXPECT_EQ(it.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorName(it.status()), "ResourceNotFoundException");
}

TEST_F(StreamReaderTest, ExpiresAfterTtl) {
  StreamMeta s = Create("Alpha");
  Capture(s, 1);
  const std::string it = Iterator(s, Shards(s)[0].shard_id);
  clock_.AdvanceMillis(options_.shard_iterator_ttl_ms);
  GetRecordsResult r = Read(it);  // exactly at the TTL: still valid
  ASSERT_TRUE(r.next_shard_iterator.has_value());
  clock_.AdvanceMillis(1);
  absl::StatusOr<GetRecordsResult> expired = reader_->GetRecords({it});
  ASSERT_EQ(expired.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorName(expired.status()), "ExpiredIteratorException");
  EXPECT_THAT(expired.status().message(),
              HasSubstr("Iterator expired. The iterator was created at time "));
  EXPECT_THAT(expired.status().message(), HasSubstr("900000 milliseconds"));
  // The iterator GetRecords returned was issued later, so it still works.
  EXPECT_TRUE(reader_->GetRecords({*r.next_shard_iterator}).ok());
}

TEST_F(StreamReaderTest, MalformedIterator) {
  for (std::string bad : {"", "garbage", "AAAA"}) {
    absl::StatusOr<GetRecordsResult> r = reader_->GetRecords({bad});
    ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message(), "Invalid ShardIterator");
  }
  // Well-formed, but for a shard that never existed.
  StreamMeta s = Create("Alpha");
  absl::StatusOr<GetRecordsResult> r = reader_->GetRecords(
      {EncodeShardIterator({s.id, 7, 1, clock_.NowMillis()})});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  r = reader_->GetRecords({"x", 1, -1});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StreamReaderTest, BlockingTailIsWokenByTheCommit) {
  StreamMeta s = Create("Alpha");
  const std::string it =
      Iterator(s, Shards(s)[0].shard_id, ShardIteratorType::kLatest);
  absl::StatusOr<GetRecordsResult> got;
  std::thread waiter([&] { got = reader_->GetRecords({it, 1000, 10'000}); });
  Capture(s, 1, "tail");
  waiter.join();
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(Messages(*got), ElementsAre("tail"));
}

TEST_F(StreamReaderTest, BlockingTailIgnoresOtherStreams) {
  StreamMeta s = Create("Alpha");
  StreamMeta other = Create("Beta");
  const std::string it =
      Iterator(s, Shards(s)[0].shard_id, ShardIteratorType::kLatest);
  absl::StatusOr<GetRecordsResult> got;
  std::thread waiter([&] { got = reader_->GetRecords({it, 1000, 10'000}); });
  Capture(other, 1, "elsewhere");
  Capture(s, 2, "here");
  waiter.join();
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(Messages(*got), ElementsAre("here"));
}

TEST_F(StreamReaderTest, WaitTimesOutEmpty) {
  StreamMeta s = Create("Alpha");
  absl::StatusOr<GetRecordsResult> r =
      reader_->GetRecords({Iterator(s, Shards(s)[0].shard_id), 1000, 1});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->records, IsEmpty());
  EXPECT_TRUE(r->next_shard_iterator.has_value());
}

TEST_F(StreamReaderTest, ReadsOnlyCommittedRecords) {
  StreamMeta s = Create("Alpha");
  Capture(s, 1, "one");
  rocksdb::WriteBatch batch;
  uint64_t seq = Assign(
      s, {{"Id", AttributeValue::N(2)}, {"Message", AttributeValue::S("two")}},
      &batch);
  // Written to RocksDB, but not yet Committed(): not visible.
  ASSERT_TRUE(db_->Write(rocksdb::WriteOptions(), &batch).ok());
  GetRecordsResult r = Read(Iterator(s, Shards(s)[0].shard_id));
  EXPECT_THAT(Messages(r), ElementsAre("one"));
  log_->Committed(seq);
  EXPECT_THAT(Messages(Read(*r.next_shard_iterator)), ElementsAre("two"));
}

// A waiter for a commit after sequence N is woken by the commit that passes
// N, not by each commit before it (a lane filling a batching window waits
// for many commits at once).
TEST_F(StreamReaderTest, CommitsWakeOnlyTheWaitersTheySatisfy) {
  StreamMeta s = Create("Alpha");
  const uint64_t start = log_->last_committed();
  bool woken = false;
  std::thread waiter(
      [&] { woken = log_->WaitForCommitAfter(start + 3, 60'000); });
  while (log_->waiters_for_test() == 0) std::this_thread::yield();
  const uint64_t wakeups = log_->wakeups_for_test();
  for (int i = 1; i <= 3; ++i) Capture(s, i);  // up to start + 3: not enough
  EXPECT_EQ(log_->wakeups_for_test(), wakeups);
  EXPECT_EQ(log_->waiters_for_test(), 1u);
  Capture(s, 4);  // start + 4 passes the waiter's mark
  waiter.join();
  EXPECT_TRUE(woken);
  EXPECT_EQ(log_->wakeups_for_test(), wakeups + 1);
  EXPECT_EQ(log_->waiters_for_test(), 0u);
  // With nobody waiting, a commit wakes nobody; a satisfied wait returns at
  // once; an unsatisfied one times out false.
  Capture(s, 5);
  EXPECT_EQ(log_->wakeups_for_test(), wakeups + 1);
  EXPECT_TRUE(log_->WaitForCommitAfter(start, 1));
  EXPECT_FALSE(log_->WaitForCommitAfter(log_->last_committed(), 1));
  EXPECT_EQ(log_->waiters_for_test(), 0u);
}

}  // namespace
}  // namespace eddy::cdc

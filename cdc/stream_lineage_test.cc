// Copyright (c) Eddy authors.
//
// StreamReader across shard rollover, disabling and retention, with
// RetentionThread::RunOnce driving trimming under a ManualClock.

#include <string>
#include <thread>

#include "cdc/retention.h"
#include "cdc/stream_reader_test_util.h"
#include "gmock/gmock.h"

namespace eddy::cdc {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class StreamLineageTest : public StreamReaderTest {
 protected:
  // Writes "a0" then, an hour later (rollover), "b0": two shards.
  void TwoShards(const StreamMeta& s) {
    Capture(s, 1, "a0");
    clock_.AdvanceMillis(options_.shard_rollover_ms);
    Capture(s, 2, "b0");
  }
};

TEST_F(StreamLineageTest, RolloverClosesTheShardAndLinksTheChild) {
  StreamMeta s = Create("Alpha");
  TwoShards(s);
  std::vector<Shard> shards = Shards(s);
  ASSERT_EQ(shards.size(), 2u);
  EXPECT_EQ(shards[1].parent_shard_id, shards[0].shard_id);
  ASSERT_TRUE(shards[0].sequence_number_range.ending_sequence_number);
  EXPECT_FALSE(shards[1].sequence_number_range.ending_sequence_number);
  EXPECT_LT(*shards[0].sequence_number_range.ending_sequence_number,
            shards[1].sequence_number_range.starting_sequence_number);

  // The closed shard ends: no next iterator once read to its end.
  GetRecordsResult old = Read(Iterator(s, shards[0].shard_id));
  EXPECT_THAT(Messages(old), ElementsAre("a0"));
  EXPECT_FALSE(old.next_shard_iterator.has_value());
  GetRecordsResult child = Read(Iterator(s, shards[1].shard_id));
  EXPECT_THAT(Messages(child), ElementsAre("b0"));
  EXPECT_TRUE(child.next_shard_iterator.has_value());

  // LATEST in a closed shard: nothing, and the end.
  GetRecordsResult latest =
      Read(Iterator(s, shards[0].shard_id, ShardIteratorType::kLatest));
  EXPECT_THAT(latest.records, IsEmpty());
  EXPECT_FALSE(latest.next_shard_iterator.has_value());
}

TEST_F(StreamLineageTest, ClosedShardPagesToItsEnd) {
  StreamMeta s = Create("Alpha");
  Capture(s, 1, "a0");
  Capture(s, 2, "a1");
  clock_.AdvanceMillis(options_.shard_rollover_ms);
  Capture(s, 3, "b0");
  GetRecordsResult r = Read(Iterator(s, Shards(s)[0].shard_id), 1);
  EXPECT_THAT(Messages(r), ElementsAre("a0"));
  ASSERT_TRUE(r.next_shard_iterator.has_value());
  r = Read(*r.next_shard_iterator, 1);
  EXPECT_THAT(Messages(r), ElementsAre("a1"));
  EXPECT_FALSE(r.next_shard_iterator.has_value());  // exactly at the end
}

TEST_F(StreamLineageTest, ClosedShardWithUncommittedEndIsNotOver) {
  StreamMeta s = Create("Alpha");
  Capture(s, 1, "a0");
  rocksdb::WriteBatch first, second;
  const Item a1{{"Id", AttributeValue::N(2)},
                {"Message", AttributeValue::S("a1")}};
  uint64_t s1 = Assign(s, a1, &first);  // in flight in the old shard
  clock_.AdvanceMillis(options_.shard_rollover_ms);
  uint64_t s2 = Assign(s, a1, &second);  // rolls the shard over
  std::vector<Shard> shards = Shards(s);
  ASSERT_EQ(shards.size(), 2u);
  GetRecordsResult r = Read(Iterator(s, shards[0].shard_id));
  EXPECT_THAT(Messages(r), ElementsAre("a0"));
  ASSERT_TRUE(r.next_shard_iterator.has_value()) << "a1 would be skipped";
  Commit(s1, &first);
  Commit(s2, &second);
  r = Read(*r.next_shard_iterator);
  EXPECT_THAT(Messages(r), ElementsAre("a1"));
  EXPECT_FALSE(r.next_shard_iterator.has_value());
}

TEST_F(StreamLineageTest, RetentionTrimsWholeShards) {
  // Iterators outlive the retention period here, so expiry cannot mask
  // trimming.
  options_.shard_iterator_ttl_ms = int64_t{24} * 3600 * 1000;
  Reopen();
  StreamMeta s = Create("Alpha");
  TwoShards(s);
  std::vector<Shard> before = Shards(s);
  const std::string old_iterator = Iterator(s, before[0].shard_id);
  const std::string old_seq =
      *before[0].sequence_number_range.ending_sequence_number;
  RetentionThread retention(log_.get(), &clock_, 3'600'000);
  ASSERT_EQ(retention.RunOnce().value_or(-1), 0);  // nothing old enough yet

  clock_.AdvanceMillis(options_.stream_retention_ms);
  ASSERT_EQ(retention.RunOnce().value_or(-1), 1);
  EXPECT_TRUE(retention.last_error().ok());
  std::vector<Shard> after = Shards(s);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].shard_id, before[1].shard_id);
  EXPECT_EQ(after[0].parent_shard_id, before[0].shard_id);

  // An iterator into the trimmed shard: an error, never the next record.
  absl::StatusOr<GetRecordsResult> r = reader_->GetRecords({old_iterator});
  ASSERT_EQ(r.status().code(), absl::StatusCode::kOutOfRange) << r.status();
  EXPECT_EQ(ErrorName(r.status()), "TrimmedDataAccessException");

  absl::StatusOr<std::string> it = reader_->GetShardIterator(
      {s.arn, before[0].shard_id, ShardIteratorType::kTrimHorizon});
  EXPECT_EQ(it.status().code(), absl::StatusCode::kOutOfRange);
  it = reader_->GetShardIterator({s.arn, after[0].shard_id,
                                  ShardIteratorType::kAtSequenceNumber,
                                  old_seq});
  EXPECT_EQ(it.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(Messages(Read(Iterator(s, after[0].shard_id))),
              ElementsAre("b0"));
}

TEST_F(StreamLineageTest, DisabledStreamStaysReadableThenGoes) {
  StreamMeta s = Create("Alpha");
  Capture(s, 1, "a0");
  rocksdb::WriteBatch batch;
  log_->DisableStream(s.id, &batch);
  ASSERT_TRUE(db_->Write(rocksdb::WriteOptions(), &batch).ok());
  log_->Publish();
  absl::StatusOr<StreamDescription> d = reader_->DescribeStream({s.arn});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->stream_status, StreamStatus::kDisabled);
  ASSERT_EQ(d->shards.size(), 1u);
  EXPECT_TRUE(d->shards[0].sequence_number_range.ending_sequence_number);
  GetRecordsResult r = Read(Iterator(s, d->shards[0].shard_id));
  EXPECT_THAT(Messages(r), ElementsAre("a0"));
  EXPECT_FALSE(r.next_shard_iterator.has_value());

  clock_.AdvanceMillis(options_.stream_retention_ms);
  RetentionThread retention(log_.get(), &clock_, 3'600'000);
  ASSERT_EQ(retention.RunOnce().value_or(-1), 1);
  EXPECT_EQ(reader_->DescribeStream({s.arn}).status().code(),
            absl::StatusCode::kNotFound);
  absl::StatusOr<ListStreamsResult> list = reader_->ListStreams({});
  ASSERT_TRUE(list.ok());
  EXPECT_THAT(list->streams, IsEmpty());
}

TEST_F(StreamLineageTest, DescribePagesShards) {
  StreamMeta s = Create("Alpha");
  for (int i = 0; i < 3; ++i) {
    Capture(s, i);
    clock_.AdvanceMillis(options_.shard_rollover_ms);
  }
  Capture(s, 9);
  std::vector<Shard> all = Shards(s);
  ASSERT_EQ(all.size(), 4u);
  std::vector<std::string> paged;
  std::string start;
  for (int pass = 0; pass < 3; ++pass) {
    absl::StatusOr<StreamDescription> d =
        reader_->DescribeStream({s.arn, start, 3});
    ASSERT_TRUE(d.ok()) << d.status();
    for (const Shard& sh : d->shards) paged.push_back(sh.shard_id);
    if (!d->last_evaluated_shard_id) break;
    start = *d->last_evaluated_shard_id;
  }
  ASSERT_EQ(paged.size(), 4u);
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(paged[i], all[i].shard_id);
}

TEST_F(StreamLineageTest, ReadersFollowLineageAcrossReopen) {
  StreamMeta s = Create("Alpha");
  TwoShards(s);
  Reopen();  // StreamLog::Load from RocksDB
  std::vector<Shard> shards = Shards(s);
  ASSERT_EQ(shards.size(), 2u);
  std::vector<std::string> seen;
  for (const Shard& sh : shards) {
    for (const std::string& m : Messages(Read(Iterator(s, sh.shard_id)))) {
      seen.push_back(m);
    }
  }
  EXPECT_THAT(seen, ElementsAre("a0", "b0"));
}

TEST_F(StreamLineageTest, RetentionThreadStopsPromptlyAndTwice) {
  // The interval is an hour: Stop must wake the thread, not wait for it.
  RetentionThread t(log_.get(), &clock_, 3'600'000);
  t.Stop();
  t.Stop();
  EXPECT_TRUE(t.last_error().ok());
  EXPECT_EQ(t.RunOnce().value_or(-1), 0);  // still usable after Stop
}

TEST_F(StreamLineageTest, RetentionThreadTrimsInTheBackground) {
  StreamMeta s = Create("Alpha");
  TwoShards(s);
  clock_.AdvanceMillis(options_.stream_retention_ms);
  {
    RetentionThread t(log_.get(), &clock_, 10);
    // Wait on the condition itself (shards trimmed), not on time.
    while (log_->Shards(s.id).size() != 1) std::this_thread::yield();
  }
  EXPECT_EQ(Shards(s).size(), 1u);
}

}  // namespace
}  // namespace eddy::cdc

// Copyright (c) Eddy authors.
//
// DynamoDB Streams end to end, through the public Database API only, with a
// ManualClock: capture, ListStreams, DescribeStream, every iterator type,
// GetRecords, rollover, retention, expiry and the blocking tail.

#include <string>
#include <thread>
#include <vector>

#include "eddy/database.h"
#include "eddy/status.h"
#include "eddy/streams.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing_util.h"

namespace eddy {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using V = AttributeValue;

constexpr int64_t kStartMs = 1'790'000'000'000;

class StreamsDatabaseTest : public ::testing::Test {
 protected:
  StreamsDatabaseTest() : clock_(kStartMs) {
    options_.clock = &clock_;
    options_.shard_rollover_ms = 3'600'000;    // 1 h
    options_.stream_retention_ms = 7'200'000;  // 2 h
  }

  void Open() { db_ = ::eddy::testing::OpenOrDie(dir_.path(), options_); }

  // Creates table "Dogs" (Id: N) with a stream; returns its ARN.
  std::string CreateStreamed(
      StreamViewType view = StreamViewType::kNewAndOldImages,
      const std::string& table = "Dogs") {
    if (!db_) Open();
    absl::StatusOr<TableDescription> t =
        db_->CreateTable({table, ::eddy::testing::HashKey("Id", KeyType::kN),
                          false, StreamSpecification{true, view}});
    EXPECT_TRUE(t.ok()) << t.status();
    return t.ok() ? t->latest_stream_arn : "";
  }

  void Put(int id, const std::string& message,
           const std::string& table = "Dogs") {
    absl::StatusOr<ItemResult> r =
        db_->PutItem({table, {{"Id", V::N(id)}, {"Message", V::S(message)}}});
    ASSERT_TRUE(r.ok()) << r.status();
  }

  void Delete(int id) {
    ASSERT_TRUE(db_->DeleteItem({"Dogs", {{"Id", V::N(id)}}}).ok());
  }

  std::vector<Shard> Shards(const std::string& arn) {
    absl::StatusOr<StreamDescription> d = db_->DescribeStream({arn});
    EXPECT_TRUE(d.ok()) << d.status();
    return d.ok() ? d->shards : std::vector<Shard>{};
  }

  std::string Iterator(const std::string& arn, const std::string& shard,
                       ShardIteratorType type = ShardIteratorType::kTrimHorizon,
                       std::string seq = "") {
    absl::StatusOr<std::string> it =
        db_->GetShardIterator({arn, shard, type, std::move(seq)});
    EXPECT_TRUE(it.ok()) << it.status();
    return it.ok() ? *it : "";
  }

  // Every record of the stream's first shard still present, from its start.
  GetRecordsResult ReadAll(const std::string& arn, int limit = 1000) {
    absl::StatusOr<GetRecordsResult> r =
        db_->GetRecords({Iterator(arn, Shards(arn).at(0).shard_id), limit});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *std::move(r) : GetRecordsResult{};
  }

  static std::vector<std::string> Events(const GetRecordsResult& r) {
    std::vector<std::string> out;
    for (const StreamRecord& rec : r.records) {
      out.emplace_back(EventNameString(rec.event_name));
    }
    return out;
  }

  ManualClock clock_;
  DatabaseOptions options_;
  ::eddy::testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(StreamsDatabaseTest, LabSequenceHasTheAwsShape) {
  const std::string arn = CreateStreamed();
  Put(101, "New item!");
  Put(101, "This item has changed");
  Delete(101);
  GetRecordsResult r = ReadAll(arn);
  ASSERT_THAT(Events(r), ElementsAre("INSERT", "MODIFY", "REMOVE"));
  // The MODIFY, as the lab shows it (less the values that are ours).
  nlohmann::json j = nlohmann::json::parse(StreamRecordToJson(r.records[1]));
  EXPECT_EQ(j["eventSource"], "aws:dynamodb");
  EXPECT_EQ(j["eventVersion"], "1.1");
  EXPECT_EQ(j["awsRegion"], "us-east-1");
  EXPECT_EQ(j["dynamodb"]["ApproximateCreationDateTime"], kStartMs / 1000);
  EXPECT_EQ(j["dynamodb"]["Keys"],
            nlohmann::json::parse(R"({"Id":{"N":"101"}})"));
  EXPECT_EQ(
      j["dynamodb"]["NewImage"],
      nlohmann::json::parse(
          R"({"Id":{"N":"101"},"Message":{"S":"This item has changed"}})"));
  EXPECT_EQ(j["dynamodb"]["OldImage"],
            nlohmann::json::parse(
                R"({"Id":{"N":"101"},"Message":{"S":"New item!"}})"));
  EXPECT_EQ(j["dynamodb"]["StreamViewType"], "NEW_AND_OLD_IMAGES");
  EXPECT_GT(j["dynamodb"]["SizeBytes"].get<int>(), 0);
  EXPECT_FALSE(r.records[0].old_image.has_value());  // INSERT
  EXPECT_FALSE(r.records[2].new_image.has_value());  // REMOVE
  for (size_t i = 1; i < r.records.size(); ++i) {
    EXPECT_EQ(r.records[i].sequence_number.size(), 21u);
    EXPECT_LT(r.records[i - 1].sequence_number, r.records[i].sequence_number);
    EXPECT_NE(r.records[i - 1].event_id, r.records[i].event_id);
  }
}

class ViewTypeTest : public StreamsDatabaseTest,
                     public ::testing::WithParamInterface<StreamViewType> {};

TEST_P(ViewTypeTest, ImagesFollowTheViewType) {
  const StreamViewType view = GetParam();
  const std::string arn = CreateStreamed(view);
  Put(1, "a");
  Put(1, "b");
  Delete(1);
  GetRecordsResult r = ReadAll(arn);
  ASSERT_THAT(Events(r), ElementsAre("INSERT", "MODIFY", "REMOVE"));
  const bool want_new = view == StreamViewType::kNewImage ||
                        view == StreamViewType::kNewAndOldImages;
  const bool want_old = view == StreamViewType::kOldImage ||
                        view == StreamViewType::kNewAndOldImages;
  for (size_t i = 0; i < 3; ++i) {
    const StreamRecord& rec = r.records[i];
    EXPECT_EQ(rec.keys, (Item{{"Id", V::N(1)}}));
    EXPECT_EQ(rec.view_type, view);
    EXPECT_EQ(rec.new_image.has_value(), want_new && i != 2) << i;
    EXPECT_EQ(rec.old_image.has_value(), want_old && i != 0) << i;
  }
  if (want_new) EXPECT_EQ(r.records[1].new_image->at("Message"), V::S("b"));
  if (want_old) EXPECT_EQ(r.records[1].old_image->at("Message"), V::S("a"));
}

INSTANTIATE_TEST_SUITE_P(AllViews, ViewTypeTest,
                         ::testing::Values(StreamViewType::kKeysOnly,
                                           StreamViewType::kNewImage,
                                           StreamViewType::kOldImage,
                                           StreamViewType::kNewAndOldImages));

TEST_F(StreamsDatabaseTest, ListAndDescribe) {
  const std::string dogs_arn = CreateStreamed();
  const std::string cats_arn =
      CreateStreamed(StreamViewType::kKeysOnly, "Cats");
  absl::StatusOr<ListStreamsResult> list = db_->ListStreams({"Cats"});
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->streams.size(), 1u);
  EXPECT_EQ(list->streams[0].stream_arn, cats_arn);
  list = db_->ListStreams({"", "", 1});
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->streams.size(), 1u);
  EXPECT_EQ(list->last_evaluated_stream_arn, dogs_arn);
  EXPECT_EQ(db_->ListStreams({"", "", 0}).status().code(),
            absl::StatusCode::kInvalidArgument);

  absl::StatusOr<StreamDescription> d = db_->DescribeStream({cats_arn});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->table_name, "Cats");
  EXPECT_EQ(d->stream_view_type, StreamViewType::kKeysOnly);
  EXPECT_EQ(d->stream_status, StreamStatus::kEnabled);
  EXPECT_EQ(d->key_schema.partition_key.name, "Id");
  EXPECT_EQ(d->shards.size(), 1u);
  EXPECT_EQ(db_->DescribeStream({cats_arn + "x"}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(StreamsDatabaseTest, PagingAndSequenceIterators) {
  const std::string arn = CreateStreamed();
  for (int i = 0; i < 5; ++i) Put(i, "m");
  GetRecordsResult first = ReadAll(arn, 2);
  ASSERT_EQ(first.records.size(), 2u);
  absl::StatusOr<GetRecordsResult> rest =
      db_->GetRecords({*first.next_shard_iterator});
  ASSERT_TRUE(rest.ok()) << rest.status();
  ASSERT_EQ(rest->records.size(), 3u);
  EXPECT_EQ(rest->records[0].keys.at("Id"), V::N(2));

  const std::string shard = Shards(arn)[0].shard_id;
  const std::string seq2 = rest->records[0].sequence_number;
  absl::StatusOr<GetRecordsResult> at = db_->GetRecords(
      {Iterator(arn, shard, ShardIteratorType::kAtSequenceNumber, seq2)});
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->records.size(), 3u);
  absl::StatusOr<GetRecordsResult> after = db_->GetRecords(
      {Iterator(arn, shard, ShardIteratorType::kAfterSequenceNumber, seq2)});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->records.size(), 2u);
}

TEST_F(StreamsDatabaseTest, LatestSeesOnlyLaterWrites) {
  const std::string arn = CreateStreamed();
  Put(1, "before");
  const std::string it =
      Iterator(arn, Shards(arn)[0].shard_id, ShardIteratorType::kLatest);
  Put(2, "after");
  absl::StatusOr<GetRecordsResult> r = db_->GetRecords({it});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->records.size(), 1u);
  EXPECT_EQ(r->records[0].new_image->at("Message"), V::S("after"));
}

TEST_F(StreamsDatabaseTest, IteratorExpiresAfterFifteenMinutes) {
  const std::string arn = CreateStreamed();
  const std::string it = Iterator(arn, Shards(arn)[0].shard_id);
  clock_.AdvanceMillis(15 * 60 * 1000 + 1);
  absl::StatusOr<GetRecordsResult> r = db_->GetRecords({it});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorName(r.status()), "ExpiredIteratorException");
  EXPECT_EQ(db_->GetRecords({"bogus"}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StreamsDatabaseTest, RolloverAndLineage) {
  const std::string arn = CreateStreamed();
  Put(1, "old");
  clock_.AdvanceMillis(options_.shard_rollover_ms);
  Put(2, "new");
  std::vector<Shard> shards = Shards(arn);
  ASSERT_EQ(shards.size(), 2u);
  EXPECT_EQ(shards[1].parent_shard_id, shards[0].shard_id);
  EXPECT_TRUE(shards[0].sequence_number_range.ending_sequence_number);
  EXPECT_FALSE(shards[1].sequence_number_range.ending_sequence_number);
  absl::StatusOr<GetRecordsResult> r =
      db_->GetRecords({Iterator(arn, shards[0].shard_id)});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->records.size(), 1u);
  EXPECT_FALSE(r->next_shard_iterator.has_value());
}

TEST_F(StreamsDatabaseTest, RetentionTrimsOldShards) {
  options_.retention_check_interval_ms = 10;  // real time
  options_.shard_iterator_ttl_ms = int64_t{24} * 3600 * 1000;
  const std::string arn = CreateStreamed();
  Put(1, "old");
  clock_.AdvanceMillis(options_.shard_rollover_ms);
  Put(2, "new");
  std::vector<Shard> before = Shards(arn);
  ASSERT_EQ(before.size(), 2u);
  const std::string old_it = Iterator(arn, before[0].shard_id);
  clock_.AdvanceMillis(options_.stream_retention_ms);
  // Wait on the condition itself: the background thread trims the shard.
  while (Shards(arn).size() != 1) std::this_thread::yield();
  std::vector<Shard> after = Shards(arn);
  EXPECT_EQ(after[0].shard_id, before[1].shard_id);
  absl::StatusOr<GetRecordsResult> r = db_->GetRecords({old_it});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ErrorName(r.status()), "TrimmedDataAccessException");
  GetRecordsResult horizon = ReadAll(arn);
  ASSERT_EQ(horizon.records.size(), 1u);
  EXPECT_EQ(horizon.records[0].keys.at("Id"), V::N(2));
}

TEST_F(StreamsDatabaseTest, BlockingTailReturnsTheNextWrite) {
  const std::string arn = CreateStreamed();
  const std::string it =
      Iterator(arn, Shards(arn)[0].shard_id, ShardIteratorType::kLatest);
  absl::StatusOr<GetRecordsResult> got;
  std::thread waiter([&] { got = db_->GetRecords({it, 1000, 10'000}); });
  Put(7, "tail");
  waiter.join();
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->records.size(), 1u);
  EXPECT_EQ(got->records[0].keys.at("Id"), V::N(7));
}

TEST_F(StreamsDatabaseTest, StreamsSurviveReopen) {
  const std::string arn = CreateStreamed();
  Put(1, "a");
  ASSERT_TRUE(db_->Close().ok());
  db_.reset();
  Open();
  Put(2, "b");
  GetRecordsResult r = ReadAll(arn);
  ASSERT_THAT(Events(r), ElementsAre("INSERT", "INSERT"));
  EXPECT_LT(r.records[0].sequence_number, r.records[1].sequence_number);
}

// The sequence counter is not written with each commit: Open recovers it
// from the records present. When retention has removed every record, the
// counter Trim wrote keeps later sequence numbers above the removed ones.
TEST_F(StreamsDatabaseTest, SequencesKeepIncreasingAfterEveryRecordIsTrimmed) {
  options_.retention_check_interval_ms = 10;  // real time
  const std::string arn = CreateStreamed();
  Put(1, "a");
  Put(2, "b");
  GetRecordsResult before = ReadAll(arn);
  ASSERT_EQ(before.records.size(), 2u);
  const std::string last = before.records[1].sequence_number;
  // Disabling closes the stream's shard; retention then removes the
  // shard, its records and the stream.
  ASSERT_TRUE(db_->UpdateTable({.table_name = "Dogs",
                                .stream_specification = StreamSpecification{}})
                  .ok());
  clock_.AdvanceMillis(options_.stream_retention_ms + 1);
  for (;;) {  // wait on the condition itself: the background trim
    absl::StatusOr<ListStreamsResult> list = db_->ListStreams({"Dogs"});
    ASSERT_TRUE(list.ok()) << list.status();
    if (list->streams.empty()) break;
    std::this_thread::yield();
  }
  ASSERT_TRUE(db_->Close().ok());
  db_.reset();
  Open();
  absl::StatusOr<TableDescription> on =
      db_->UpdateTable({.table_name = "Dogs",
                        .stream_specification = StreamSpecification{
                            true, StreamViewType::kNewAndOldImages}});
  ASSERT_TRUE(on.ok()) << on.status();
  Put(3, "c");
  GetRecordsResult after = ReadAll(on->latest_stream_arn);
  ASSERT_EQ(after.records.size(), 1u);
  // Equal-length decimal strings: string order is numeric order.
  EXPECT_GT(after.records[0].sequence_number, last);
}

// Without a trim, the counter comes back from the last record.
TEST_F(StreamsDatabaseTest, SequencesKeepIncreasingAcrossReopen) {
  const std::string arn = CreateStreamed();
  const std::string other = CreateStreamed(StreamViewType::kKeysOnly, "Cats");
  Put(1, "a");
  Put(2, "b", "Cats");
  ASSERT_TRUE(db_->Close().ok());
  db_.reset();
  Open();
  Put(3, "c");
  GetRecordsResult dogs = ReadAll(arn);
  GetRecordsResult cats = ReadAll(other);
  ASSERT_EQ(dogs.records.size(), 2u);
  ASSERT_EQ(cats.records.size(), 1u);
  EXPECT_GT(dogs.records[1].sequence_number, cats.records[0].sequence_number);
  EXPECT_GT(cats.records[0].sequence_number, dogs.records[0].sequence_number);
}

}  // namespace
}  // namespace eddy

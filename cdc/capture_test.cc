// Copyright (c) Eddy authors.
//
// Change capture through the public API: which writes make records, and
// what each record holds per view type.

#include <gtest/gtest.h>

#include "eddy/database.h"
#include "eddy/status.h"
#include "tests/stream_test_util.h"
#include "tests/testing_util.h"

namespace eddy {
namespace {

using ::eddy::testing::HashKey;
using ::eddy::testing::OpenOrDie;
using ::eddy::testing::ReadAllRecords;
using ::eddy::testing::TempDir;
using V = AttributeValue;

class CaptureTest : public ::testing::TestWithParam<StreamViewType> {
 protected:
  void SetUp() override {
    db_ = OpenOrDie(dir_.path());
    auto t = db_->CreateTable(
        {.table_name = "Dogs",
         .key_schema = HashKey("Id", KeyType::kN),
         .stream_specification = StreamSpecification{true, GetParam()}});
    ASSERT_TRUE(t.ok()) << t.status();
  }
  void Put(Item item) {
    ASSERT_TRUE(db_->PutItem({.table_name = "Dogs", .item = item}).ok());
  }
  TempDir dir_;
  std::unique_ptr<Database> db_;
};

// The lab's three changes: their SizeBytes in the lab's input.txt are 26, 59
// and 38 for NEW_AND_OLD_IMAGES.
TEST_P(CaptureTest, LabSequenceHasTheDocumentedShape) {
  Put({{"Id", V::N(101)}, {"Message", V::S("New item!")}});
  Put({{"Id", V::N(101)}, {"Message", V::S("This item has changed")}});
  ASSERT_TRUE(
      db_->DeleteItem({.table_name = "Dogs", .key = {{"Id", V::N(101)}}}).ok());
  std::vector<StreamRecord> records = ReadAllRecords(db_.get(), "Dogs");
  ASSERT_EQ(records.size(), 3u);
  StreamViewType view = GetParam();
  bool want_new = view == StreamViewType::kNewImage ||
                  view == StreamViewType::kNewAndOldImages;
  bool want_old = view == StreamViewType::kOldImage ||
                  view == StreamViewType::kNewAndOldImages;
  const Item key = {{"Id", V::N(101)}};
  const Item first = {{"Id", V::N(101)}, {"Message", V::S("New item!")}};
  const Item second = {{"Id", V::N(101)},
                       {"Message", V::S("This item has changed")}};
  EXPECT_EQ(records[0].event_name, EventName::kInsert);
  EXPECT_EQ(records[1].event_name, EventName::kModify);
  EXPECT_EQ(records[2].event_name, EventName::kRemove);
  for (const StreamRecord& r : records) {
    EXPECT_EQ(r.keys, key);
    EXPECT_EQ(r.view_type, view);
    EXPECT_EQ(r.aws_region, "us-east-1");
    EXPECT_GE(r.sequence_number.size(), 21u);
  }
  EXPECT_EQ(records[0].new_image,
            want_new ? std::optional<Item>(first) : std::nullopt);
  EXPECT_FALSE(records[0].old_image.has_value());
  EXPECT_EQ(records[1].new_image,
            want_new ? std::optional<Item>(second) : std::nullopt);
  EXPECT_EQ(records[1].old_image,
            want_old ? std::optional<Item>(first) : std::nullopt);
  EXPECT_FALSE(records[2].new_image.has_value());
  EXPECT_EQ(records[2].old_image,
            want_old ? std::optional<Item>(second) : std::nullopt);
  if (view == StreamViewType::kNewAndOldImages) {
    EXPECT_EQ(records[0].size_bytes, 26u);
    EXPECT_EQ(records[1].size_bytes, 59u);
    EXPECT_EQ(records[2].size_bytes, 38u);
  }
  EXPECT_LT(records[0].sequence_number, records[1].sequence_number);
  EXPECT_LT(records[1].sequence_number, records[2].sequence_number);
  EXPECT_NE(records[0].event_id, records[1].event_id);
}

TEST_P(CaptureTest, WritesThatChangeNothingMakeNoRecord) {
  Item dog = {{"Id", V::N(1)}, {"n", V::N(5)}, {"tags", V::SS({"b", "a"})}};
  Put(dog);
  // Identical put, even with differently written numbers and set order.
  Put({{"Id", V::N("1.0")}, {"n", V::N("05")}, {"tags", V::SS({"a", "b"})}});
  // Delete of a missing item.
  ASSERT_TRUE(
      db_->DeleteItem({.table_name = "Dogs", .key = {{"Id", V::N(2)}}}).ok());
  // Update that leaves the item identical.
  ASSERT_TRUE(db_->UpdateItem({.table_name = "Dogs",
                               .key = {{"Id", V::N(1)}},
                               .actions = {UpdateAction::Set(
                                   Path::Attr("n"), Operand::Value(V::N(5)))}})
                  .ok());
  // Failed condition.
  auto r = db_->PutItem({.table_name = "Dogs",
                         .item = {{"Id", V::N(1)}, {"n", V::N(6)}},
                         .condition = Condition::NotExists(Path::Attr("Id"))});
  ASSERT_TRUE(IsConditionalCheckFailed(r.status()));
  // Batch delete of a missing item, transaction condition check only.
  BatchWriteItemRequest batch;
  batch.request_items["Dogs"] = {
      {WriteRequest::Kind::kDelete, {{"Id", V::N(3)}}}};
  ASSERT_TRUE(db_->BatchWriteItem(batch).ok());
  TransactWriteItemsRequest txn;
  txn.items = {{.kind = TransactWriteItem::Kind::kConditionCheck,
                .table_name = "Dogs",
                .item = {{"Id", V::N(1)}},
                .condition = Condition::Exists(Path::Attr("Id"))}};
  ASSERT_TRUE(db_->TransactWriteItems(txn).ok());
  EXPECT_EQ(ReadAllRecords(db_.get(), "Dogs").size(), 1u);
}

TEST_P(CaptureTest, BatchAndTransactionsMakeOneRecordPerChangedItem) {
  Put({{"Id", V::N(1)}});
  BatchWriteItemRequest batch;
  batch.request_items["Dogs"] = {
      {WriteRequest::Kind::kPut, {{"Id", V::N(2)}}},
      {WriteRequest::Kind::kPut, {{"Id", V::N(3)}}},
      {WriteRequest::Kind::kDelete, {{"Id", V::N(1)}}},
  };
  ASSERT_TRUE(db_->BatchWriteItem(batch).ok());
  TransactWriteItemsRequest txn;
  using K = TransactWriteItem::Kind;
  txn.items = {
      {.kind = K::kUpdate,
       .table_name = "Dogs",
       .item = {{"Id", V::N(2)}},
       .actions = {UpdateAction::Add(Path::Attr("n"), V::N(1))}},
      {.kind = K::kDelete, .table_name = "Dogs", .item = {{"Id", V::N(3)}}},
      {.kind = K::kPut, .table_name = "Dogs", .item = {{"Id", V::N(4)}}},
  };
  ASSERT_TRUE(db_->TransactWriteItems(txn).ok());
  std::vector<StreamRecord> records = ReadAllRecords(db_.get(), "Dogs");
  ASSERT_EQ(records.size(), 7u);
  std::vector<EventName> names;
  for (const auto& r : records) names.push_back(r.event_name);
  using E = EventName;
  EXPECT_EQ(names,
            (std::vector<E>{E::kInsert, E::kInsert, E::kInsert, E::kRemove,
                            E::kModify, E::kRemove, E::kInsert}));
}

INSTANTIATE_TEST_SUITE_P(AllViewTypes, CaptureTest,
                         ::testing::Values(StreamViewType::kKeysOnly,
                                           StreamViewType::kNewImage,
                                           StreamViewType::kOldImage,
                                           StreamViewType::kNewAndOldImages));

TEST(StreamSpecTest, EnableDisableReenable) {
  TempDir dir;
  ManualClock clock(1'790'000'000'123);
  DatabaseOptions options;
  options.clock = &clock;
  auto db = OpenOrDie(dir.path(), options);
  ASSERT_TRUE(db->CreateTable({.table_name = "Dogs",
                               .key_schema = HashKey("Id", KeyType::kN)})
                  .ok());
  auto t = db->DescribeTable("Dogs");
  EXPECT_FALSE(t->stream_specification.has_value());
  EXPECT_EQ(t->latest_stream_arn, "");

  auto u = db->UpdateTable({.table_name = "Dogs",
                            .stream_specification = StreamSpecification{
                                true, StreamViewType::kNewAndOldImages}});
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(u->latest_stream_label, "2026-09-21T14:13:20.123");
  EXPECT_EQ(u->latest_stream_arn,
            "arn:aws:dynamodb:us-east-1:000000000000:table/Dogs/stream/"
            "2026-09-21T14:13:20.123");
  std::string first_arn = u->latest_stream_arn;

  // Changing the view type of an enabled stream is an error, as in AWS.
  auto change = db->UpdateTable({.table_name = "Dogs",
                                 .stream_specification = StreamSpecification{
                                     true, StreamViewType::kKeysOnly}});
  EXPECT_EQ(change.status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(
      db->PutItem({.table_name = "Dogs", .item = {{"Id", V::N(1)}}}).ok());

  auto off = db->UpdateTable(
      {.table_name = "Dogs", .stream_specification = StreamSpecification{}});
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->stream_specification->stream_enabled);
  EXPECT_EQ(off->latest_stream_arn, first_arn);
  EXPECT_EQ(db->UpdateTable({.table_name = "Dogs",
                             .stream_specification = StreamSpecification{}})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  // Writes while disabled make no record anywhere.
  ASSERT_TRUE(
      db->PutItem({.table_name = "Dogs", .item = {{"Id", V::N(2)}}}).ok());

  // Re-enabling, even within the same millisecond, makes a new stream.
  auto on = db->UpdateTable({.table_name = "Dogs",
                             .stream_specification = StreamSpecification{
                                 true, StreamViewType::kKeysOnly}});
  ASSERT_TRUE(on.ok()) << on.status();
  EXPECT_NE(on->latest_stream_arn, first_arn);
  ASSERT_TRUE(
      db->PutItem({.table_name = "Dogs", .item = {{"Id", V::N(3)}}}).ok());

  auto streams = db->ListStreams({.table_name = "Dogs"});
  ASSERT_TRUE(streams.ok());
  ASSERT_EQ(streams->streams.size(), 2u);
  auto old = db->DescribeStream({.stream_arn = first_arn});
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->stream_status, StreamStatus::kDisabled);
  auto old_records = ReadAllRecords(db.get(), "Dogs");  // latest stream
  ASSERT_EQ(old_records.size(), 1u);
  EXPECT_EQ(old_records[0].keys, (Item{{"Id", V::N(3)}}));

  // The stream specification survives reopen.
  ASSERT_TRUE(db->Close().ok());
  db = OpenOrDie(dir.path(), options);
  t = db->DescribeTable("Dogs");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->stream_specification->stream_enabled);
  EXPECT_EQ(t->stream_specification->view_type, StreamViewType::kKeysOnly);
  EXPECT_EQ(t->latest_stream_arn, on->latest_stream_arn);
  ASSERT_TRUE(
      db->PutItem({.table_name = "Dogs", .item = {{"Id", V::N(4)}}}).ok());
  EXPECT_EQ(ReadAllRecords(db.get(), "Dogs").size(), 2u);
}

TEST(StreamSpecTest, DeletedTableKeepsItsStreamReadable) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  auto t = db->CreateTable({.table_name = "Dogs",
                            .key_schema = HashKey("Id", KeyType::kN),
                            .stream_specification = StreamSpecification{true}});
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(
      db->PutItem({.table_name = "Dogs", .item = {{"Id", V::N(1)}}}).ok());
  ASSERT_TRUE(db->DeleteTable("Dogs").ok());
  auto s = db->DescribeStream({.stream_arn = t->latest_stream_arn});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->stream_status, StreamStatus::kDisabled);
  ASSERT_EQ(s->shards.size(), 1u);
  EXPECT_TRUE(s->shards[0].sequence_number_range.ending_sequence_number);
}

}  // namespace
}  // namespace eddy

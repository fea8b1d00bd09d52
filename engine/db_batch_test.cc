// Copyright (c) Eddy authors.

#include <gtest/gtest.h>

#include "eddy/database.h"
#include "eddy/status.h"
#include "tests/testing_util.h"

namespace eddy {
namespace {

using ::eddy::testing::HashKey;
using ::eddy::testing::OpenOrDie;
using ::eddy::testing::TempDir;
using V = AttributeValue;
using K = TransactWriteItem::Kind;

class DbBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenOrDie(dir_.path());
    for (const char* t : {"A", "B"}) {
      ASSERT_TRUE(db_->CreateTable({.table_name = std::string("Tbl") + t,
                                    .key_schema = HashKey("k", KeyType::kN)})
                      .ok());
    }
  }
  int Count(const std::string& table) {
    auto r = db_->Scan({.table_name = table});
    EXPECT_TRUE(r.ok());
    return r.ok() ? static_cast<int>(r->items.size()) : -1;
  }
  TempDir dir_;
  std::unique_ptr<Database> db_;
};

WriteRequest Put(int k) {
  return {WriteRequest::Kind::kPut, {{"k", V::N(k)}, {"v", V::N(k * 10)}}};
}
WriteRequest Del(int k) {
  return {WriteRequest::Kind::kDelete, {{"k", V::N(k)}}};
}

TEST_F(DbBatchTest, BatchWriteAndGetAcrossTables) {
  BatchWriteItemRequest w;
  for (int i = 0; i < 10; ++i) w.request_items["TblA"].push_back(Put(i));
  for (int i = 0; i < 5; ++i) w.request_items["TblB"].push_back(Put(i));
  ASSERT_TRUE(db_->BatchWriteItem(w).ok());
  EXPECT_EQ(Count("TblA"), 10);
  EXPECT_EQ(Count("TblB"), 5);

  BatchGetItemRequest g;
  g.request_items["TblA"].keys = {{{"k", V::N(1)}}, {{"k", V::N(99)}}};
  g.request_items["TblB"].keys = {{{"k", V::N(4)}}};
  g.request_items["TblB"].projection = {Path::Attr("v")};
  auto r = db_->BatchGetItem(g);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->responses["TblA"].size(), 1u);
  EXPECT_EQ(r->responses["TblA"][0].at("v"), V::N(10));
  EXPECT_EQ(r->responses["TblB"][0], (Item{{"v", V::N(40)}}));
  EXPECT_TRUE(r->unprocessed_keys.empty());

  BatchWriteItemRequest d;
  d.request_items["TblA"] = {Del(1), Del(2), Del(1000)};
  ASSERT_TRUE(db_->BatchWriteItem(d).ok());
  EXPECT_EQ(Count("TblA"), 8);
}

TEST_F(DbBatchTest, BatchLimitsAndDuplicates) {
  BatchWriteItemRequest w;
  for (int i = 0; i < 26; ++i) w.request_items["TblA"].push_back(Put(i));
  EXPECT_EQ(db_->BatchWriteItem(w).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(db_->BatchWriteItem({}).status().code(),
            absl::StatusCode::kInvalidArgument);
  w.request_items["TblA"] = {Put(1), Del(1)};
  auto dup = db_->BatchWriteItem(w);
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(dup.status().message().find("duplicates"), std::string::npos);
  // A bad item anywhere rejects the whole batch.
  w.request_items["TblA"] = {Put(1),
                             {WriteRequest::Kind::kPut, {{"x", V::N(1)}}}};
  EXPECT_EQ(db_->BatchWriteItem(w).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Count("TblA"), 0);
  w.request_items.clear();
  w.request_items["Missing"] = {Put(1)};
  EXPECT_EQ(db_->BatchWriteItem(w).status().code(),
            absl::StatusCode::kNotFound);

  BatchGetItemRequest g;
  for (int i = 0; i < 101; ++i)
    g.request_items["TblA"].keys.push_back({{"k", V::N(i)}});
  EXPECT_EQ(db_->BatchGetItem(g).status().code(),
            absl::StatusCode::kInvalidArgument);
  g.request_items["TblA"].keys = {{{"k", V::N(1)}}, {{"k", V::N("1.0")}}};
  EXPECT_EQ(db_->BatchGetItem(g).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(DbBatchTest, TransactionIsAllOrNothing) {
  ASSERT_TRUE(db_->PutItem({.table_name = "TblA",
                            .item = {{"k", V::N(1)}, {"bal", V::N(100)}}})
                  .ok());
  TransactWriteItemsRequest t;
  t.items = {
      {.kind = K::kUpdate,
       .table_name = "TblA",
       .item = {{"k", V::N(1)}},
       .actions = {UpdateAction::Set(
           Path::Attr("bal"), Operand::Minus(Operand::AtPath(Path::Attr("bal")),
                                             Operand::Value(V::N(30))))},
       .condition =
           Condition::Compare(Operand::AtPath(Path::Attr("bal")),
                              Comparator::kGe, Operand::Value(V::N(30)))},
      {.kind = K::kPut,
       .table_name = "TblB",
       .item = {{"k", V::N(2)}, {"bal", V::N(30)}},
       .condition = Condition::NotExists(Path::Attr("k"))},
      {.kind = K::kConditionCheck,
       .table_name = "TblA",
       .item = {{"k", V::N(3)}},
       .condition = Condition::NotExists(Path::Attr("k"))},
  };
  ASSERT_TRUE(db_->TransactWriteItems(t).ok());
  auto a = db_->GetItem({.table_name = "TblA", .key = {{"k", V::N(1)}}});
  EXPECT_EQ(a->item->at("bal"), V::N(70));
  EXPECT_EQ(Count("TblB"), 1);

  // Second run: the put's condition fails, so nothing at all is written.
  auto r = db_->TransactWriteItems(t);
  EXPECT_EQ(r.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ErrorName(r), "TransactionCanceledException");
  EXPECT_EQ(
      CancellationReasons(r),
      (std::vector<std::string>{"None", "ConditionalCheckFailed", "None"}));
  a = db_->GetItem({.table_name = "TblA", .key = {{"k", V::N(1)}}});
  EXPECT_EQ(a->item->at("bal"), V::N(70));
}

TEST_F(DbBatchTest, TransactionValidation) {
  TransactWriteItemsRequest t;
  EXPECT_EQ(db_->TransactWriteItems(t).code(),
            absl::StatusCode::kInvalidArgument);
  t.items = {
      {.kind = K::kPut, .table_name = "TblA", .item = {{"k", V::N(1)}}},
      {.kind = K::kDelete, .table_name = "TblA", .item = {{"k", V::N(1)}}}};
  auto r = db_->TransactWriteItems(t);
  EXPECT_EQ(r.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.message().find("multiple operations on one item"),
            std::string::npos);
  t.items = {{.kind = K::kConditionCheck,
              .table_name = "TblA",
              .item = {{"k", V::N(1)}}}};
  EXPECT_EQ(db_->TransactWriteItems(t).code(),
            absl::StatusCode::kInvalidArgument);
  t.items.clear();
  for (int i = 0; i < 101; ++i) {
    t.items.push_back(
        {.kind = K::kPut, .table_name = "TblA", .item = {{"k", V::N(i)}}});
  }
  EXPECT_EQ(db_->TransactWriteItems(t).code(),
            absl::StatusCode::kInvalidArgument);
  t.items.resize(100);
  EXPECT_TRUE(db_->TransactWriteItems(t).ok());
  EXPECT_EQ(Count("TblA"), 100);
}

}  // namespace
}  // namespace eddy

// Copyright (c) Eddy authors.

#include <gtest/gtest.h>

#include "eddy/database.h"
#include "eddy/status.h"
#include "tests/testing_util.h"

namespace eddy {
namespace {

using ::eddy::testing::HashRangeKey;
using ::eddy::testing::OpenOrDie;
using ::eddy::testing::TempDir;
using V = AttributeValue;
using Op = SortKeyCondition::Op;

class DbQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenOrDie(dir_.path());
    ASSERT_TRUE(db_->CreateTable({.table_name = "Readings",
                                  .key_schema = HashRangeKey("dev", KeyType::kS,
                                                             "t", KeyType::kN)})
                    .ok());
    // Sort keys chosen so that text order differs from numeric order.
    for (const char* t :
         {"-10", "-2.5", "0", "0.001", "2", "10", "100", "1E+20"}) {
      ASSERT_TRUE(db_->PutItem({.table_name = "Readings",
                                .item = {{"dev", V::S("a")},
                                         {"t", V::N(t)},
                                         {"odd", V::Bool(false)}}})
                      .ok());
    }
    ASSERT_TRUE(db_->PutItem({.table_name = "Readings",
                              .item = {{"dev", V::S("b")}, {"t", V::N(1)}}})
                    .ok());
  }

  std::vector<std::string> SortKeys(const QueryRequest& req) {
    auto r = db_->Query(req);
    EXPECT_TRUE(r.ok()) << r.status();
    std::vector<std::string> out;
    if (r.ok()) {
      for (const Item& item : r->items) out.push_back(item.at("t").n());
    }
    return out;
  }

  QueryRequest Q(std::optional<SortKeyCondition> c = std::nullopt) {
    return QueryRequest{.table_name = "Readings",
                        .partition_key = V::S("a"),
                        .sort_key_condition = c};
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
};

using Keys = std::vector<std::string>;

TEST_F(DbQueryTest, NumericSortOrderForwardAndBackward) {
  Keys all = {"-10", "-2.5", "0",   "0.001",
              "2",   "10",   "100", "100000000000000000000"};
  EXPECT_EQ(SortKeys(Q()), all);
  QueryRequest back = Q();
  back.scan_index_forward = false;
  Keys reversed(all.rbegin(), all.rend());
  EXPECT_EQ(SortKeys(back), reversed);
}

TEST_F(DbQueryTest, SortKeyConditions) {
  EXPECT_EQ(SortKeys(Q(SortKeyCondition{Op::kEq, V::N("10.0")})), Keys{"10"});
  EXPECT_EQ(SortKeys(Q(SortKeyCondition{Op::kLt, V::N(0)})),
            (Keys{"-10", "-2.5"}));
  EXPECT_EQ(SortKeys(Q(SortKeyCondition{Op::kLe, V::N(0)})),
            (Keys{"-10", "-2.5", "0"}));
  EXPECT_EQ(SortKeys(Q(SortKeyCondition{Op::kGt, V::N(10)})),
            (Keys{"100", "100000000000000000000"}));
  EXPECT_EQ(SortKeys(Q(SortKeyCondition{Op::kGe, V::N(10)})),
            (Keys{"10", "100", "100000000000000000000"}));
  EXPECT_EQ(SortKeys(Q(SortKeyCondition{Op::kBetween, V::N("-2.5"), V::N(2)})),
            (Keys{"-2.5", "0", "0.001", "2"}));
  auto bad = db_->Query(Q(SortKeyCondition{Op::kBetween, V::N(5), V::N(1)}));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  bad = db_->Query(Q(SortKeyCondition{Op::kBeginsWith, V::N(1)}));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  bad = db_->Query(Q(SortKeyCondition{Op::kEq, V::S("x")}));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(DbQueryTest, PagingWithLimitVisitsEveryItemOnce) {
  for (bool forward : {true, false}) {
    QueryRequest req = Q();
    req.limit = 3;
    req.scan_index_forward = forward;
    Keys seen;
    int pages = 0;
    while (true) {
      auto r = db_->Query(req);
      ASSERT_TRUE(r.ok()) << r.status();
      ++pages;
      for (const Item& item : r->items) seen.push_back(item.at("t").n());
      if (!r->last_evaluated_key) break;
      EXPECT_EQ(r->last_evaluated_key->size(), 2u);  // the key attributes
      req.exclusive_start_key = r->last_evaluated_key;
    }
    EXPECT_EQ(seen.size(), 8u);
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(seen.front(), forward ? "-10" : "100000000000000000000");
  }
}

TEST_F(DbQueryTest, FilterCountsScannedAndProjection) {
  QueryRequest req = Q();
  req.filter = Condition::Compare(Operand::AtPath(Path::Attr("t")),
                                  Comparator::kGe, Operand::Value(V::N(2)));
  req.projection = {Path::Attr("t")};
  auto r = db_->Query(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->scanned_count, 8);
  ASSERT_EQ(r->items.size(), 4u);
  EXPECT_EQ(r->items[0], (Item{{"t", V::N(2)}}));
}

TEST_F(DbQueryTest, BeginsWithOnStringSortKey) {
  ASSERT_TRUE(db_->CreateTable({.table_name = "Files",
                                .key_schema = HashRangeKey("d", KeyType::kS,
                                                           "p", KeyType::kS)})
                  .ok());
  for (const char* p : {"a", "ab", "abc", "abd", "b", "a\xff"}) {
    ASSERT_TRUE(db_->PutItem({.table_name = "Files",
                              .item = {{"d", V::S("x")}, {"p", V::S(p)}}})
                    .ok());
  }
  auto r = db_->Query(
      {.table_name = "Files",
       .partition_key = V::S("x"),
       .sort_key_condition = SortKeyCondition{Op::kBeginsWith, V::S("ab")}});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->items.size(), 3u);
  EXPECT_EQ(r->items[0].at("p"), V::S("ab"));
  EXPECT_EQ(r->items[2].at("p"), V::S("abd"));
}

TEST_F(DbQueryTest, ScanPagesAndSegmentsCoverTheTable) {
  ScanRequest req{.table_name = "Readings", .limit = 4};
  int total = 0;
  while (true) {
    auto r = db_->Scan(req);
    ASSERT_TRUE(r.ok());
    total += r->items.size();
    if (!r->last_evaluated_key) break;
    req.exclusive_start_key = r->last_evaluated_key;
  }
  EXPECT_EQ(total, 9);
  int in_segments = 0;
  for (int s = 0; s < 3; ++s) {
    auto r = db_->Scan(
        {.table_name = "Readings", .segment = s, .total_segments = 3});
    ASSERT_TRUE(r.ok());
    in_segments += r->items.size();
  }
  EXPECT_EQ(in_segments, 9);
  EXPECT_EQ(
      db_->Scan({.table_name = "Readings", .segment = 3, .total_segments = 3})
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(db_->Scan({.table_name = "Readings", .limit = -1}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(DbQueryTest, ExclusiveStartKeyMustBelongToPartition) {
  QueryRequest req = Q();
  req.exclusive_start_key = Item{{"dev", V::S("b")}, {"t", V::N(1)}};
  EXPECT_EQ(db_->Query(req).status().code(),
            absl::StatusCode::kInvalidArgument);
  req.exclusive_start_key = Item{{"dev", V::S("a")}};
  EXPECT_EQ(db_->Query(req).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace eddy

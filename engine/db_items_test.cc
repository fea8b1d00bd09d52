// Copyright (c) Eddy authors.

#include <gtest/gtest.h>

#include "eddy/database.h"
#include "eddy/status.h"
#include "tests/testing_util.h"

namespace eddy {
namespace {

using ::eddy::testing::HashKey;
using ::eddy::testing::HashRangeKey;
using ::eddy::testing::OpenOrDie;
using ::eddy::testing::TempDir;
using V = AttributeValue;

class DbItemsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenOrDie(dir_.path());
    ASSERT_TRUE(db_->CreateTable({.table_name = "Dogs",
                                  .key_schema = HashKey("Id", KeyType::kN)})
                    .ok());
  }

  std::optional<Item> Get(int id) {
    auto r = db_->GetItem({.table_name = "Dogs", .key = {{"Id", V::N(id)}}});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->item : std::nullopt;
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(DbItemsTest, PutGetDelete) {
  Item dog = {{"Id", V::N("101")}, {"Message", V::S("New item!")}};
  ASSERT_TRUE(db_->PutItem({.table_name = "Dogs", .item = dog}).ok());
  EXPECT_EQ(Get(101), dog);
  auto del = db_->DeleteItem({.table_name = "Dogs",
                              .key = {{"Id", V::N(101)}},
                              .return_values = ReturnValues::kAllOld});
  ASSERT_TRUE(del.ok());
  EXPECT_EQ(del->item, dog);
  EXPECT_EQ(Get(101), std::nullopt);
  // Deleting a missing item succeeds and returns nothing.
  del = db_->DeleteItem({.table_name = "Dogs",
                         .key = {{"Id", V::N(101)}},
                         .return_values = ReturnValues::kAllOld});
  ASSERT_TRUE(del.ok());
  EXPECT_FALSE(del->item.has_value());
}

TEST_F(DbItemsTest, NumbersAreCanonicalAndKeysCompareNumerically) {
  ASSERT_TRUE(db_->PutItem({.table_name = "Dogs",
                            .item = {{"Id", V::N("01.50")},
                                     {"Tags", V::NS({"3", "1.0", "2"})}}})
                  .ok());
  auto r = db_->GetItem({.table_name = "Dogs", .key = {{"Id", V::N("1.5")}}});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->item.has_value());
  EXPECT_EQ(r->item->at("Id"), V::N("1.5"));
  EXPECT_EQ(r->item->at("Tags"), V::NS({"1", "2", "3"}));
}

TEST_F(DbItemsTest, PutReturnsAllOld) {
  Item first = {{"Id", V::N(1)}, {"v", V::S("a")}};
  Item second = {{"Id", V::N(1)}, {"v", V::S("b")}};
  auto r = db_->PutItem({.table_name = "Dogs",
                         .item = first,
                         .return_values = ReturnValues::kAllOld});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->item.has_value());
  r = db_->PutItem({.table_name = "Dogs",
                    .item = second,
                    .return_values = ReturnValues::kAllOld});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->item, first);
  r = db_->PutItem({.table_name = "Dogs",
                    .item = second,
                    .return_values = ReturnValues::kAllNew});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("ALL_OLD or NONE"), std::string::npos);
}

TEST_F(DbItemsTest, ConditionalPutFailsAndWritesNothing) {
  Item dog = {{"Id", V::N(7)}, {"v", V::N(1)}};
  PutItemRequest req{.table_name = "Dogs",
                     .item = dog,
                     .condition = Condition::NotExists(Path::Attr("Id"))};
  ASSERT_TRUE(db_->PutItem(req).ok());
  req.item = {{"Id", V::N(7)}, {"v", V::N(2)}};
  auto again = db_->PutItem(req);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(IsConditionalCheckFailed(again.status()));
  EXPECT_EQ(ErrorName(again.status()), "ConditionalCheckFailedException");
  EXPECT_EQ(Get(7), dog);
  // A condition that holds lets the write through.
  req.condition = Condition::Compare(Operand::AtPath(Path::Attr("v")),
                                     Comparator::kEq, Operand::Value(V::N(1)));
  ASSERT_TRUE(db_->PutItem(req).ok());
  EXPECT_EQ(Get(7)->at("v"), V::N(2));
}

TEST_F(DbItemsTest, ConditionalDelete) {
  ASSERT_TRUE(db_->PutItem({.table_name = "Dogs",
                            .item = {{"Id", V::N(3)}, {"age", V::N(5)}}})
                  .ok());
  auto r = db_->DeleteItem({.table_name = "Dogs",
                            .key = {{"Id", V::N(3)}},
                            .condition = Condition::Compare(
                                Operand::AtPath(Path::Attr("age")),
                                Comparator::kGt, Operand::Value(V::N(10)))});
  EXPECT_TRUE(IsConditionalCheckFailed(r.status()));
  EXPECT_TRUE(Get(3).has_value());
  r = db_->DeleteItem({.table_name = "Dogs",
                       .key = {{"Id", V::N(3)}},
                       .condition = Condition::Exists(Path::Attr("age"))});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(Get(3).has_value());
}

TEST_F(DbItemsTest, UpdateCreatesAndReturnsValues) {
  UpdateItemRequest req{
      .table_name = "Dogs",
      .key = {{"Id", V::N(9)}},
      .actions = {UpdateAction::Set(Path::Attr("name"),
                                    Operand::Value(V::S("Rex"))),
                  UpdateAction::Add(Path::Attr("visits"), V::N(1))},
      .return_values = ReturnValues::kAllNew};
  auto r = db_->UpdateItem(req);
  ASSERT_TRUE(r.ok()) << r.status();
  Item expected = {{"Id", V::N(9)}, {"name", V::S("Rex")}, {"visits", V::N(1)}};
  EXPECT_EQ(r->item, expected);

  req.actions = {UpdateAction::Add(Path::Attr("visits"), V::N(2))};
  req.return_values = ReturnValues::kUpdatedOld;
  r = db_->UpdateItem(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->item, (Item{{"visits", V::N(1)}}));

  req.return_values = ReturnValues::kUpdatedNew;
  r = db_->UpdateItem(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->item, (Item{{"visits", V::N(5)}}));

  req.actions = {UpdateAction::Remove(Path::Attr("name"))};
  req.return_values = ReturnValues::kAllOld;
  r = db_->UpdateItem(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->item->at("name"), V::S("Rex"));
  EXPECT_EQ(Get(9), (Item{{"Id", V::N(9)}, {"visits", V::N(5)}}));
}

TEST_F(DbItemsTest, UpdateOfKeyAttributeIsRejected) {
  auto r = db_->UpdateItem({.table_name = "Dogs",
                            .key = {{"Id", V::N(1)}},
                            .actions = {UpdateAction::Set(
                                Path::Attr("Id"), Operand::Value(V::N(2)))}});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("part of the key"), std::string::npos);
  EXPECT_FALSE(Get(1).has_value());
}

TEST_F(DbItemsTest, UpdateTypeErrorChangesNothing) {
  ASSERT_TRUE(db_->PutItem({.table_name = "Dogs",
                            .item = {{"Id", V::N(4)}, {"name", V::S("x")}}})
                  .ok());
  auto r = db_->UpdateItem(
      {.table_name = "Dogs",
       .key = {{"Id", V::N(4)}},
       .actions = {UpdateAction::Add(Path::Attr("name"), V::N(1))}});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Get(4), (Item{{"Id", V::N(4)}, {"name", V::S("x")}}));
}

TEST_F(DbItemsTest, ConditionalUpdateOnMissingItem) {
  auto r = db_->UpdateItem(
      {.table_name = "Dogs",
       .key = {{"Id", V::N(5)}},
       .actions = {UpdateAction::Set(Path::Attr("a"), Operand::Value(V::N(1)))},
       .condition = Condition::Exists(Path::Attr("Id"))});
  EXPECT_TRUE(IsConditionalCheckFailed(r.status()));
  EXPECT_FALSE(Get(5).has_value());
}

TEST_F(DbItemsTest, InvalidItemsAreRejectedAndChangeNothing) {
  struct Case {
    const char* what;
    Item item;
    const char* message_part;
  };
  std::vector<Case> cases = {
      {"missing key", {{"x", V::S("a")}}, "Id"},
      {"wrong key type", {{"Id", V::S("1")}}, "Id"},
      {"bad number", {{"Id", V::N(1)}, {"n", V::N("1.2.3")}}, "n"},
      {"too many digits",
       {{"Id", V::N(1)},
        {"n", V::N("123456789012345678901234567890123456789")}},
       "n"},
      {"empty set", {{"Id", V::N(1)}, {"s", V::SS({})}}, "s"},
      {"duplicate set", {{"Id", V::N(1)}, {"s", V::SS({"a", "a"})}}, "s"},
      {"too large",
       {{"Id", V::N(1)}, {"big", V::S(std::string(410000, 'x'))}},
       "size"},
  };
  for (const Case& c : cases) {
    auto r = db_->PutItem({.table_name = "Dogs", .item = c.item});
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.what;
    EXPECT_NE(r.status().message().find(c.message_part), std::string::npos)
        << c.what << ": " << r.status();
  }
  auto scan = db_->Scan({.table_name = "Dogs"});
  ASSERT_TRUE(scan.ok());
  EXPECT_TRUE(scan->items.empty());
}

TEST_F(DbItemsTest, DeepNestingLimit) {
  V deep = V::S("leaf");
  for (int i = 0; i < 33; ++i) deep = V::L({deep});
  auto r = db_->PutItem(
      {.table_name = "Dogs", .item = {{"Id", V::N(1)}, {"deep", deep}}});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  V ok = V::S("leaf");
  for (int i = 0; i < 31; ++i) ok = V::L({ok});
  EXPECT_TRUE(
      db_->PutItem({.table_name = "Dogs", .item = {{"Id", V::N(1)}, {"d", ok}}})
          .ok());
}

TEST_F(DbItemsTest, GetWithProjectionAndBadKeys) {
  ASSERT_TRUE(
      db_->PutItem({.table_name = "Dogs",
                    .item = {{"Id", V::N(1)},
                             {"a", V::M({{"b", V::S("x")}, {"c", V::S("y")}})},
                             {"d", V::S("z")}}})
          .ok());
  auto r = db_->GetItem({.table_name = "Dogs",
                         .key = {{"Id", V::N(1)}},
                         .projection = {Path::Attr("a").Key("b")}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->item, (Item{{"a", V::M({{"b", V::S("x")}})}}));
  auto bad = db_->GetItem(
      {.table_name = "Dogs", .key = {{"Id", V::N(1)}, {"extra", V::S("x")}}});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  bad = db_->GetItem({.table_name = "Dogs", .key = {{"Id", V::S("1")}}});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(DbItemsTest, AllTenTypesRoundTripThroughStorage) {
  Item item = {
      {"Id", V::N(1)},
      {"s", V::S("héllo")},
      {"n", V::N("-12.5")},
      {"b", V::B(std::string("\0\1\2", 3))},
      {"t", V::Bool(true)},
      {"z", V::Null()},
      {"m", V::M({{"x", V::L({V::N(1), V::S("two")})}})},
      {"l", V::L({V::Bool(false), V::M({})})},
      {"ss", V::SS({"a", "b"})},
      {"ns", V::NS({"-1", "2"})},
      {"bs", V::BS({std::string("\0", 1), "x"})},
  };
  ASSERT_TRUE(db_->PutItem({.table_name = "Dogs", .item = item}).ok());
  ASSERT_TRUE(db_->Close().ok());
  db_ = OpenOrDie(dir_.path());
  EXPECT_EQ(Get(1), item);
}

TEST(DbKeysTest, KeySizeLimits) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  ASSERT_TRUE(db->CreateTable({.table_name = "Tbl",
                               .key_schema = HashRangeKey("p", KeyType::kS, "s",
                                                          KeyType::kB)})
                  .ok());
  auto put = [&](size_t pk, size_t sk) {
    return db
        ->PutItem({.table_name = "Tbl",
                   .item = {{"p", V::S(std::string(pk, 'p'))},
                            {"s", V::B(std::string(sk, 's'))}}})
        .status();
  };
  absl::Status max = put(2048, 1024);
  EXPECT_TRUE(max.ok()) << max;
  EXPECT_EQ(put(2049, 1).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(put(1, 1025).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(put(0, 1).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(put(1, 0).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace eddy

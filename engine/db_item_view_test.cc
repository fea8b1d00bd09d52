// Copyright (c) Eddy authors.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "eddy/database.h"
#include "eddy/status.h"
#include "tests/raw_items_util.h"
#include "tests/testing_util.h"

namespace eddy {
namespace {

using ::eddy::testing::HashKey;
using ::eddy::testing::OpenOrDie;
using ::eddy::testing::RewriteStoredItems;
using ::eddy::testing::TempDir;
using V = AttributeValue;

class DbItemViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenOrDie(dir_.path());
    ASSERT_TRUE(db_->CreateTable({.table_name = "Dogs",
                                  .key_schema = HashKey("Id", KeyType::kN)})
                    .ok());
  }

  absl::StatusOr<std::optional<ItemView>> View(Item key) {
    return db_->GetItemView({.table_name = "Dogs", .key = std::move(key)});
  }

  // Overwrites the stored value of the table's only item with `bytes`,
  // through RocksDB directly (the database is closed meanwhile).
  void CorruptOnlyItem(const std::string& bytes) {
    ASSERT_TRUE(db_->Close().ok());
    db_.reset();
    EXPECT_EQ(RewriteStoredItems(dir_.path(),
                                 [&](std::string_view) { return bytes; }),
              1);
    db_ = OpenOrDie(dir_.path());
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(DbItemViewTest, ReturnsTheStoredItemWithoutDecoding) {
  const Item dog = {{"Id", V::N("101")},
                    {"Name", V::S("Rex")},
                    {"Tags", V::SS({"good", "brown"})}};
  ASSERT_TRUE(db_->PutItem({.table_name = "Dogs", .item = dog}).ok());
  absl::StatusOr<std::optional<ItemView>> view = View({{"Id", V::N(101)}});
  ASSERT_TRUE(view.ok()) << view.status();
  ASSERT_TRUE(view->has_value());
  const ItemView& item = **view;
  EXPECT_EQ(item.Find("Name")->s(), "Rex");
  // Stored canonical: the set comes back sorted.
  EXPECT_EQ(item.Find("Tags")->set_element(0), "brown");
  auto got = db_->GetItem({.table_name = "Dogs", .key = {{"Id", V::N(101)}}});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(item.ToItem(), got->item);
}

TEST_F(DbItemViewTest, MissingItemIsNullopt) {
  absl::StatusOr<std::optional<ItemView>> view = View({{"Id", V::N(5)}});
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_FALSE(view->has_value());
}

TEST_F(DbItemViewTest, KeysAreNormalizedLikeGetItem) {
  ASSERT_TRUE(
      db_->PutItem({.table_name = "Dogs", .item = {{"Id", V::N("1.5")}}}).ok());
  absl::StatusOr<std::optional<ItemView>> view = View({{"Id", V::N("01.50")}});
  ASSERT_TRUE(view.ok()) << view.status();
  ASSERT_TRUE(view->has_value());
  EXPECT_EQ((*view)->Find("Id")->n(), "1.5");
}

TEST_F(DbItemViewTest, BadRequestsAreErrorsNamingTheProblem) {
  EXPECT_EQ(View({{"Id", V::S("x")}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(View({{"Other", V::N(1)}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(View({{"Id", V::N("1e999")}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto missing_table =
      db_->GetItemView({.table_name = "Cats", .key = {{"Id", V::N(1)}}});
  EXPECT_EQ(missing_table.status().code(), absl::StatusCode::kNotFound);
  auto projected = db_->GetItemView({.table_name = "Dogs",
                                     .key = {{"Id", V::N(1)}},
                                     .projection = {Path::Attr("Id")}});
  EXPECT_EQ(projected.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(projected.status().message().find("projection"), std::string::npos);
}

TEST_F(DbItemViewTest, CorruptStoredValueIsDataLossForBothReads) {
  ASSERT_TRUE(
      db_->PutItem({.table_name = "Dogs", .item = {{"Id", V::N(1)}}}).ok());
  CorruptOnlyItem("not a flatbuffer at all, but long enough to look");
  EXPECT_EQ(View({{"Id", V::N(1)}}).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(db_->GetItem({.table_name = "Dogs", .key = {{"Id", V::N(1)}}})
                .status()
                .code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(DbItemViewTest, ClosedDatabaseIsUnavailable) {
  ASSERT_TRUE(db_->Close().ok());
  EXPECT_EQ(View({{"Id", V::N(1)}}).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace eddy

// Copyright (c) Eddy authors.
//
// Items stored in format 1 (engine/item.fbs, written before format 2) stay
// readable through every read, and writes over them behave as over any
// item: no record for a write that changes nothing, old images intact.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "eddy/database.h"
#include "engine/item_codec.h"
#include "tests/raw_items_util.h"
#include "tests/stream_test_util.h"
#include "tests/testing_util.h"

namespace eddy {
namespace {

using ::eddy::testing::HashKey;
using ::eddy::testing::OpenOrDie;
using ::eddy::testing::ReadAllRecords;
using ::eddy::testing::RewriteStoredItems;
using ::eddy::testing::TempDir;
using V = AttributeValue;

const Item& Dog() {
  static const Item* dog = new Item{
      {"Id", V::N("101")},
      {"Name", V::S("Rex")},
      {"Tags", V::SS({"brown", "good"})},
      {"Home", V::M({{"City", V::S("Oslo")}, {"Rooms", V::L({V::N(3)})}})}};
  return *dog;
}

class DbLegacyItemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenOrDie(dir_.path());
    ASSERT_TRUE(
        db_->CreateTable({.table_name = "Dogs",
                          .key_schema = HashKey("Id", KeyType::kN),
                          .stream_specification =
                              StreamSpecification{
                                  true, StreamViewType::kNewAndOldImages}})
            .ok());
    ASSERT_TRUE(db_->PutItem({.table_name = "Dogs", .item = Dog()}).ok());
    RewriteItemsInFormat1();
  }

  // Re-encodes every stored item in format 1, through RocksDB directly
  // (the database is closed meanwhile), as an older Eddy left them.
  void RewriteItemsInFormat1() {
    ASSERT_TRUE(db_->Close().ok());
    db_.reset();
    const int rewritten =
        RewriteStoredItems(dir_.path(), [](std::string_view stored) {
          absl::StatusOr<Item> item = engine::DecodeItem(stored);
          EXPECT_TRUE(item.ok()) << item.status();
          std::string v1;
          engine::EncodeItemV1(item.ok() ? *item : Item(), &v1);
          EXPECT_NE(v1, stored);  // it was format 2
          return v1;
        });
    EXPECT_EQ(rewritten, 1);
    db_ = OpenOrDie(dir_.path());
  }

  size_t RecordCount() { return ReadAllRecords(db_.get(), "Dogs").size(); }

  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(DbLegacyItemTest, EveryReadReturnsTheItem) {
  auto got = db_->GetItem({.table_name = "Dogs", .key = {{"Id", V::N(101)}}});
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->item, Dog());

  auto view =
      db_->GetItemView({.table_name = "Dogs", .key = {{"Id", V::N(101)}}});
  ASSERT_TRUE(view.ok()) << view.status();
  ASSERT_TRUE(view->has_value());
  EXPECT_EQ((*view)->ToItem(), Dog());
  auto home = (*view)->Find("Home");
  ASSERT_TRUE(home.has_value());
  ASSERT_TRUE(home->Find("City").has_value());
  EXPECT_EQ(home->Find("City")->s(), "Oslo");
  // The view holds the item in format 2: the same bytes a write encodes.
  std::string v2;
  engine::EncodeItem(Dog(), &v2);
  EXPECT_EQ((*view)->encoded(), v2);

  auto scan = db_->Scan({.table_name = "Dogs"});
  ASSERT_TRUE(scan.ok()) << scan.status();
  ASSERT_EQ(scan->items.size(), 1u);
  EXPECT_EQ(scan->items[0], Dog());
}

TEST_F(DbLegacyItemTest, WritesThatChangeNothingMakeNoRecord) {
  ASSERT_EQ(RecordCount(), 1u);  // the INSERT before the rewrite
  ASSERT_TRUE(db_->PutItem({.table_name = "Dogs", .item = Dog()}).ok());
  EXPECT_EQ(RecordCount(), 1u);
  UpdateItemRequest same;
  same.table_name = "Dogs";
  same.key = {{"Id", V::N(101)}};
  same.actions = {
      UpdateAction::Set(Path::Attr("Name"), Operand::Value(V::S("Rex")))};
  ASSERT_TRUE(db_->UpdateItem(same).ok());
  EXPECT_EQ(RecordCount(), 1u);
}

TEST_F(DbLegacyItemTest, ChangesCarryTheFormat1ItemAsOldImage) {
  Item renamed = Dog();
  renamed["Name"] = V::S("Max");
  ASSERT_TRUE(db_->PutItem({.table_name = "Dogs", .item = renamed}).ok());
  ASSERT_TRUE(
      db_->DeleteItem({.table_name = "Dogs", .key = {{"Id", V::N(101)}}}).ok());
  std::vector<StreamRecord> records = ReadAllRecords(db_.get(), "Dogs");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].event_name, EventName::kModify);
  ASSERT_TRUE(records[1].old_image.has_value());
  EXPECT_EQ(*records[1].old_image, Dog());
  EXPECT_EQ(*records[1].new_image, renamed);
  EXPECT_EQ(records[2].event_name, EventName::kRemove);
  EXPECT_EQ(*records[2].old_image, renamed);
}

}  // namespace
}  // namespace eddy

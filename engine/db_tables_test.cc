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

TEST(DbTablesTest, CreateDescribeListDelete) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  auto created = db->CreateTable(
      {.table_name = "Dogs", .key_schema = HashKey("Id", KeyType::kN)});
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->table_arn,
            "arn:aws:dynamodb:us-east-1:000000000000:table/Dogs");
  EXPECT_EQ(created->status, TableStatus::kActive);
  EXPECT_GT(created->creation_time_ms, 0);

  auto described = db->DescribeTable("Dogs");
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described->key_schema.partition_key.name, "Id");
  EXPECT_EQ(described->key_schema.partition_key.type, KeyType::kN);
  EXPECT_FALSE(described->key_schema.sort_key.has_value());

  ASSERT_TRUE(db->CreateTable({.table_name = "Cats",
                               .key_schema = HashRangeKey("Owner", KeyType::kS,
                                                          "Name", KeyType::kS)})
                  .ok());
  auto list = db->ListTables({});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->table_names, (std::vector<std::string>{"Cats", "Dogs"}));
  EXPECT_FALSE(list->last_evaluated_table_name.has_value());

  auto deleted = db->DeleteTable("Dogs");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->status, TableStatus::kDeleting);
  EXPECT_EQ(db->DescribeTable("Dogs").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorName(db->DescribeTable("Dogs").status()),
            "ResourceNotFoundException");
}

TEST(DbTablesTest, DuplicateTableIsResourceInUse) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  CreateTableRequest req{.table_name = "Dogs",
                         .key_schema = HashKey("Id", KeyType::kN)};
  ASSERT_TRUE(db->CreateTable(req).ok());
  auto again = db->CreateTable(req);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ErrorName(again.status()), "ResourceInUseException");
}

TEST(DbTablesTest, TableNameRules) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  for (const std::string& bad :
       {std::string("ab"), std::string(256, 'a'), std::string("has space"),
        std::string("slash/name"), std::string("ünïcode")}) {
    auto r = db->CreateTable(
        {.table_name = bad, .key_schema = HashKey("Id", KeyType::kS)});
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(r.status().message().find("TableName"), std::string::npos);
  }
  for (const std::string& good :
       {std::string("abc"), std::string(255, 'z'), std::string("A-b_c.9")}) {
    EXPECT_TRUE(db->CreateTable({.table_name = good,
                                 .key_schema = HashKey("Id", KeyType::kS)})
                    .ok())
        << good;
  }
  auto list = db->ListTables({});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->table_names.size(), 3u);
}

TEST(DbTablesTest, KeySchemaRules) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  auto same = db->CreateTable(
      {.table_name = "Tbl1",
       .key_schema = HashRangeKey("k", KeyType::kS, "k", KeyType::kN)});
  EXPECT_EQ(same.status().code(), absl::StatusCode::kInvalidArgument);
  auto empty = db->CreateTable(
      {.table_name = "Tbl2", .key_schema = HashKey("", KeyType::kS)});
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find("HASH"), std::string::npos)
      << empty.status();
}

TEST(DbTablesTest, ListTablesPages) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(db->CreateTable({.table_name = "Table" + std::to_string(i),
                                 .key_schema = HashKey("k", KeyType::kS)})
                    .ok());
  }
  std::vector<std::string> all;
  ListTablesRequest req{.limit = 3};
  int pages = 0;
  while (true) {
    auto page = db->ListTables(req);
    ASSERT_TRUE(page.ok());
    ++pages;
    all.insert(all.end(), page->table_names.begin(), page->table_names.end());
    if (!page->last_evaluated_table_name) break;
    req.exclusive_start_table_name = *page->last_evaluated_table_name;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(all.size(), 7u);
  EXPECT_EQ(all.front(), "Table0");
  EXPECT_EQ(all.back(), "Table6");
  EXPECT_EQ(db->ListTables({.limit = 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(db->ListTables({.limit = 101}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(DbTablesTest, CatalogSurvivesReopen) {
  TempDir dir;
  {
    auto db = OpenOrDie(dir.path());
    ASSERT_TRUE(db->CreateTable({.table_name = "Dogs",
                                 .key_schema = HashRangeKey("Id", KeyType::kN,
                                                            "At", KeyType::kB),
                                 .deletion_protection_enabled = true})
                    .ok());
    ASSERT_TRUE(db->CreateTable({.table_name = "Gone",
                                 .key_schema = HashKey("k", KeyType::kS)})
                    .ok());
    ASSERT_TRUE(db->DeleteTable("Gone").ok());
    ASSERT_TRUE(db->Close().ok());
  }
  auto db = OpenOrDie(dir.path());
  auto d = db->DescribeTable("Dogs");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d->deletion_protection_enabled);
  ASSERT_TRUE(d->key_schema.sort_key.has_value());
  EXPECT_EQ(d->key_schema.sort_key->name, "At");
  EXPECT_EQ(d->key_schema.sort_key->type, KeyType::kB);
  EXPECT_EQ(db->DescribeTable("Gone").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(DbTablesTest, DeleteTableRemovesItemsAndIdsAreNotReused) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  CreateTableRequest req{.table_name = "Dogs",
                         .key_schema = HashKey("Id", KeyType::kN)};
  ASSERT_TRUE(db->CreateTable(req).ok());
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(db->PutItem({.table_name = "Dogs",
                             .item = {{"Id", AttributeValue::N(i)}}})
                    .ok());
  }
  ASSERT_TRUE(db->DeleteTable("Dogs").ok());
  ASSERT_TRUE(db->CreateTable(req).ok());
  auto scan = db->Scan({.table_name = "Dogs"});
  ASSERT_TRUE(scan.ok());
  EXPECT_TRUE(scan->items.empty());
  EXPECT_EQ(db->PutItem({.table_name = "Gone", .item = {}}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(DbTablesTest, DeletionProtection) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  ASSERT_TRUE(db->CreateTable({.table_name = "Dogs",
                               .key_schema = HashKey("Id", KeyType::kN),
                               .deletion_protection_enabled = true})
                  .ok());
  EXPECT_EQ(db->DeleteTable("Dogs").status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto updated = db->UpdateTable(
      {.table_name = "Dogs", .deletion_protection_enabled = false});
  ASSERT_TRUE(updated.ok());
  EXPECT_FALSE(updated->deletion_protection_enabled);
  auto del = db->DeleteTable("Dogs");
  EXPECT_TRUE(del.ok()) << del.status();
  EXPECT_EQ(db->UpdateTable({.table_name = "Dogs"}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(DbOpenTest, SecondOpenFailsClearly) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  auto second = Database::Open(dir.path(), {});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("already open"), std::string::npos)
      << second.status();
  ASSERT_TRUE(db->Close().ok());
  EXPECT_TRUE(Database::Open(dir.path(), {}).ok());
}

TEST(DbOpenTest, OptionsAreValidated) {
  TempDir dir;
  DatabaseOptions o;
  o.account_id = "123";
  auto r = Database::Open(dir.path(), o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("account_id"), std::string::npos);
  o = {};
  o.lock_stripes = 1000;
  r = Database::Open(dir.path(), o);
  EXPECT_NE(r.status().message().find("lock_stripes"), std::string::npos);
  o = {};
  o.trigger_poll_interval_ms = -1;
  r = Database::Open(dir.path(), o);
  EXPECT_NE(r.status().message().find("trigger_poll_interval_ms"),
            std::string::npos);
  o.trigger_poll_interval_ms = 60001;
  EXPECT_EQ(Database::Open(dir.path(), o).status().code(),
            absl::StatusCode::kInvalidArgument);
  o = {};
  o.durability = Durability::kDatabaseDefault;
  EXPECT_EQ(Database::Open(dir.path(), o).status().code(),
            absl::StatusCode::kInvalidArgument);
  o = {};
  o.open_mode = OpenMode::kMustExist;
  EXPECT_EQ(Database::Open(dir.Sub("missing"), o).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(DbOpenTest, CustomRegionAndAccountInArn) {
  TempDir dir;
  DatabaseOptions o;
  o.region = "eu-west-1";
  o.account_id = "123412341234";
  auto db = OpenOrDie(dir.path(), o);
  auto t = db->CreateTable(
      {.table_name = "Dogs", .key_schema = HashKey("Id", KeyType::kN)});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->table_arn, "arn:aws:dynamodb:eu-west-1:123412341234:table/Dogs");
}

TEST(DbOpenTest, ClosedDatabaseIsUnavailable) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  ASSERT_TRUE(db->Close().ok());
  EXPECT_TRUE(db->Close().ok());  // idempotent
  EXPECT_EQ(db->ListTables({}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(db->GetItem({.table_name = "x"}).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace eddy

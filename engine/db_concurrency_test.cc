// Copyright (c) Eddy authors.
//
// Concurrent writers: read-modify-write is atomic per item. No sleeps: each
// thread runs a fixed amount of work and the result is checked after join.

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "eddy/database.h"
#include "eddy/status.h"
#include "tests/testing_util.h"

namespace eddy {
namespace {

using ::eddy::testing::HashKey;
using ::eddy::testing::OpenOrDie;
using ::eddy::testing::TempDir;
using V = AttributeValue;

constexpr int kThreads = 4;
constexpr int kIncrements = 500;

TEST(DbConcurrencyTest, ConcurrentAddsOnOneItemAreNotLost) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  ASSERT_TRUE(db->CreateTable({.table_name = "Counters",
                               .key_schema = HashKey("k", KeyType::kS)})
                  .ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        auto r = db->UpdateItem(
            {.table_name = "Counters",
             .key = {{"k", V::S("hot")}},
             .actions = {UpdateAction::Add(Path::Attr("n"), V::N(1))}});
        ASSERT_TRUE(r.ok()) << r.status();
      }
    });
  }
  for (auto& th : threads) th.join();
  auto r = db->GetItem({.table_name = "Counters", .key = {{"k", V::S("hot")}}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->item->at("n"), V::N(kThreads * kIncrements));
}

TEST(DbConcurrencyTest, ConditionalPutsElectExactlyOneWinner) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  ASSERT_TRUE(db->CreateTable({.table_name = "Locks",
                               .key_schema = HashKey("k", KeyType::kN)})
                  .ok());
  constexpr int kRounds = 200;
  std::vector<std::vector<int>> wins(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        auto r =
            db->PutItem({.table_name = "Locks",
                         .item = {{"k", V::N(round)}, {"owner", V::N(t)}},
                         .condition = Condition::NotExists(Path::Attr("k"))});
        if (r.ok()) {
          wins[t].push_back(round);
        } else {
          ASSERT_TRUE(IsConditionalCheckFailed(r.status())) << r.status();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  int total = 0;
  for (int t = 0; t < kThreads; ++t) {
    total += wins[t].size();
    for (int round : wins[t]) {
      auto r =
          db->GetItem({.table_name = "Locks", .key = {{"k", V::N(round)}}});
      EXPECT_EQ(r->item->at("owner"), V::N(t));
    }
  }
  EXPECT_EQ(total, kRounds);
}

TEST(DbConcurrencyTest, ConcurrentTransfersKeepTheTotal) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  ASSERT_TRUE(db->CreateTable({.table_name = "Accounts",
                               .key_schema = HashKey("k", KeyType::kN)})
                  .ok());
  constexpr int kAccounts = 8;
  for (int i = 0; i < kAccounts; ++i) {
    ASSERT_TRUE(db->PutItem({.table_name = "Accounts",
                             .item = {{"k", V::N(i)}, {"bal", V::N(1000)}}})
                    .ok());
  }
  auto transfer = [&](int from, int to) {
    using K = TransactWriteItem::Kind;
    TransactWriteItemsRequest t;
    t.items = {
        {.kind = K::kUpdate,
         .table_name = "Accounts",
         .item = {{"k", V::N(from)}},
         .actions = {UpdateAction::Add(Path::Attr("bal"), V::N(-1))}},
        {.kind = K::kUpdate,
         .table_name = "Accounts",
         .item = {{"k", V::N(to)}},
         .actions = {UpdateAction::Add(Path::Attr("bal"), V::N(1))}},
    };
    return db->TransactWriteItems(t);
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        int from = (t + i) % kAccounts;
        int to = (t * 3 + i * 5 + 1) % kAccounts;
        if (from == to) to = (to + 1) % kAccounts;
        ASSERT_TRUE(transfer(from, to).ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  auto scan = db->Scan({.table_name = "Accounts"});
  ASSERT_TRUE(scan.ok());
  long total = 0;
  for (const Item& item : scan->items) total += std::stol(item.at("bal").n());
  EXPECT_EQ(total, 1000 * kAccounts);
}

}  // namespace
}  // namespace eddy

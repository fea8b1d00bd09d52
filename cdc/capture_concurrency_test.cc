// Copyright (c) Eddy authors.
//
// Concurrent writers with streams on: sequence numbers strictly increase in
// commit order, and each item's records appear in the order of its writes.
// No sleeps; threads do fixed work and the log is checked after join.

#include <gtest/gtest.h>

#include <map>
#include <thread>
#include <vector>

#include "eddy/database.h"
#include "tests/stream_test_util.h"
#include "tests/testing_util.h"

namespace eddy {
namespace {

using ::eddy::testing::HashKey;
using ::eddy::testing::OpenOrDie;
using ::eddy::testing::ReadAllRecords;
using ::eddy::testing::TempDir;
using V = AttributeValue;

void RunWriters(Database* db, int threads, int per_thread, Durability d) {
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([=] {
      for (int i = 0; i < per_thread; ++i) {
        // Every thread increments a shared hot item and its own item.
        for (const std::string& k : {std::string("hot"), std::to_string(t)}) {
          auto r = db->UpdateItem(
              {.table_name = "Counters",
               .key = {{"k", V::S(k)}},
               .actions = {UpdateAction::Add(Path::Attr("n"), V::N(1))},
               .write_options = {.durability = d}});
          ASSERT_TRUE(r.ok()) << r.status();
        }
      }
    });
  }
  for (auto& w : workers) w.join();
}

void CheckLog(Database* db, int threads, int per_thread) {
  std::vector<StreamRecord> records = ReadAllRecords(db, "Counters");
  ASSERT_EQ(records.size(), size_t(2 * threads * per_thread));
  std::map<std::string, long> last_n;
  for (size_t i = 0; i < records.size(); ++i) {
    if (i > 0) {
      ASSERT_LT(records[i - 1].sequence_number, records[i].sequence_number);
    }
    const std::string& k = records[i].keys.at("k").s();
    long n = std::stol(records[i].new_image->at("n").n());
    // Per item, the counter goes up by exactly one per record: records are
    // in write order and none is missing or duplicated.
    EXPECT_EQ(n, last_n[k] + 1) << "item " << k << " record " << i;
    last_n[k] = n;
  }
  EXPECT_EQ(last_n["hot"], threads * per_thread);
}

class CaptureConcurrencyTest : public ::testing::TestWithParam<Durability> {};

TEST_P(CaptureConcurrencyTest, ConcurrentWritersKeepSequenceAndItemOrder) {
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  ASSERT_TRUE(
      db->CreateTable({.table_name = "Counters",
                       .key_schema = HashKey("k", KeyType::kS),
                       .stream_specification = StreamSpecification{true}})
          .ok());
  int per_thread = GetParam() == Durability::kSync ? 40 : 300;
  RunWriters(db.get(), 4, per_thread, GetParam());
  CheckLog(db.get(), 4, per_thread);
  // And after reopen, new sequence numbers continue above the old ones.
  ASSERT_TRUE(db->Close().ok());
  db = OpenOrDie(dir.path());
  RunWriters(db.get(), 2, 10, GetParam());
  std::vector<StreamRecord> records = ReadAllRecords(db.get(), "Counters");
  for (size_t i = 1; i < records.size(); ++i) {
    ASSERT_LT(records[i - 1].sequence_number, records[i].sequence_number);
  }
}

INSTANTIATE_TEST_SUITE_P(Durabilities, CaptureConcurrencyTest,
                         ::testing::Values(Durability::kNoSync,
                                           Durability::kSync));

}  // namespace
}  // namespace eddy

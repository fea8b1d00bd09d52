// Copyright (c) Eddy authors.
//
// Retention keeps records a mapping has not finished.

#include <string>
#include <vector>

#include "cdc/trigger_test_util.h"
#include "gtest/gtest.h"

namespace eddy::testing {
namespace {

constexpr int64_t kHourMs = 3'600'000;

class TriggerRetentionTest : public TriggerTestBase {
 protected:
  TriggerRetentionTest() {
    options_.stream_retention_ms = 2 * kHourMs;
    options_.shard_rollover_ms = kHourMs;
    options_.retention_check_interval_ms = 10;
  }
  void PutIn(const std::string& table, int id) {
    ASSERT_TRUE(db_->PutItem({table, {{"Id", AttributeValue::N(id)}}}).ok());
  }
  size_t ShardCount(const std::string& arn) {
    auto d = db_->DescribeStream({arn});
    EXPECT_TRUE(d.ok()) << d.status();
    return d.ok() ? d->shards.size() : 0;
  }
};

TEST_F(TriggerRetentionTest, UnfinishedRecordsOutliveRetention) {
  auto control =
      db_->CreateTable({"Control", HashKey("Id", KeyType::kN), false,
                        StreamSpecification{true, StreamViewType::kKeysOnly}});
  ASSERT_TRUE(control.ok());
  std::string uuid = Map();  // "f" is not registered: the mapping waits
  Put(1);
  PutIn("Control", 1);
  clock_.AdvanceMillis(kHourMs + 1);
  PutIn("Control", 2);  // the control's first shard closes first
  clock_.AdvanceMillis(1);
  Put(2);  // then the mapped table's
  clock_.AdvanceMillis(3 * kHourMs);
  // The background retention thread trims the control's old shard...
  absl::Time give_up = absl::Now() + kSafetyNet;
  while (ShardCount(control->latest_stream_arn) != 1 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(5));  // polling the condition
  }
  ASSERT_EQ(ShardCount(control->latest_stream_arn), 1u);
  // ...but not the one holding records the mapping has not delivered.
  EXPECT_EQ(ShardCount(arn_), 2u);
  Recorder* rec = NewRecorder();
  Register(rec);
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == 2; }));
  EXPECT_EQ(rec->ids(), (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace eddy::testing

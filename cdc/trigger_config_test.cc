// Copyright (c) Eddy authors.
//
// Event source mapping parameters, CRUD and persistence across reopen.

#include <string>

#include "cdc/trigger_test_util.h"
#include "eddy/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace eddy::testing {
namespace {

using ::testing::HasSubstr;

class TriggerConfigTest : public TriggerTestBase {
 protected:
  absl::Status CreateWith(const EventSourceMappingConfig& c) {
    return db_
        ->CreateEventSourceMapping({arn_, "f", StartingPosition::kLatest, 0, c})
        .status();
  }
  void ExpectInvalid(const EventSourceMappingConfig& c,
                     const std::string& field) {
    absl::Status s = CreateWith(c);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument)
        << field << ": " << s;
    EXPECT_THAT(std::string(s.message()), HasSubstr(field));
  }
};

TEST_F(TriggerConfigTest, EachParameterIsRangeChecked) {
  struct Case {
    std::string field;
    std::function<void(EventSourceMappingConfig&, int)> set;
    int bad_low, good_low, good_high, bad_high;
  };
  std::vector<Case> cases = {
      {"BatchSize", [](auto& c, int v) { c.batch_size = v; }, 0, 1, 10000,
       10001},
      {"MaximumBatchingWindowInSeconds",
       [](auto& c, int v) { c.maximum_batching_window_in_seconds = v; }, -1, 0,
       300, 301},
      {"MaximumRetryAttempts",
       [](auto& c, int v) { c.maximum_retry_attempts = v; }, -2, -1, 10000,
       10001},
      {"MaximumRecordAgeInSeconds",
       [](auto& c, int v) { c.maximum_record_age_in_seconds = v; }, 59, 60,
       604800, 604801},
      {"ParallelizationFactor",
       [](auto& c, int v) { c.parallelization_factor = v; }, 0, 1, 10, 11},
      {"TumblingWindowInSeconds",
       [](auto& c, int v) { c.tumbling_window_in_seconds = v; }, -1, 0, 900,
       901},
  };
  for (const Case& k : cases) {
    for (int bad : {k.bad_low, k.bad_high}) {
      EventSourceMappingConfig c;
      k.set(c, bad);
      ExpectInvalid(c, k.field);
    }
    for (int good : {k.good_low, k.good_high}) {
      EventSourceMappingConfig c;
      k.set(c, good);
      EXPECT_TRUE(CreateWith(c).ok()) << k.field << "=" << good;
    }
  }
  EventSourceMappingConfig age;
  age.maximum_record_age_in_seconds = -1;
  EXPECT_TRUE(CreateWith(age).ok());
  age.maximum_record_age_in_seconds = 0;
  ExpectInvalid(age, "MaximumRecordAgeInSeconds");
}

TEST_F(TriggerConfigTest, FiltersAreValidated) {
  EventSourceMappingConfig c;
  c.filters.push_back({"{\"eventName\":[\"INSERT\"]}"});
  EXPECT_TRUE(CreateWith(c).ok());
  c.filters.push_back({"not json"});
  ExpectInvalid(c, "FilterCriteria.Filters[1]");
  EventSourceMappingConfig many;
  for (int i = 0; i < 11; ++i)
    many.filters.push_back({"{\"eventName\":[\"INSERT\"]}"});
  ExpectInvalid(many, "FilterCriteria");
}

TEST_F(TriggerConfigTest, UnknownStreamIsNotFoundAndEmptyFunctionInvalid) {
  auto m = db_->CreateEventSourceMapping(
      {arn_ + "x", "f", StartingPosition::kLatest, 0, {}});
  EXPECT_EQ(m.status().code(), absl::StatusCode::kNotFound);
  m = db_->CreateEventSourceMapping(
      {arn_, "", StartingPosition::kLatest, 0, {}});
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(TriggerConfigTest, CreateGetListUpdateDelete) {
  EventSourceMappingConfig c;
  c.batch_size = 7;
  auto created = db_->CreateEventSourceMapping(
      {arn_, "f", StartingPosition::kTrimHorizon, 0, c});
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->uuid.size(), 36u);
  EXPECT_EQ(created->state, MappingState::kEnabled);
  EXPECT_EQ(created->function_arn,
            "arn:aws:lambda:us-east-1:000000000000:function:f");
  EXPECT_EQ(MappingStateName(created->state), "Enabled");

  auto got = db_->GetEventSourceMapping(created->uuid);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->config.batch_size, 7);

  std::string second = Map();
  auto list = db_->ListEventSourceMappings({arn_, "", "", 1});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->mappings.size(), 1u);
  ASSERT_TRUE(list->next_marker.has_value());
  auto rest = db_->ListEventSourceMappings({arn_, "", *list->next_marker, 10});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->mappings.size(), 1u);
  EXPECT_FALSE(rest->next_marker.has_value());
  EXPECT_EQ(db_->ListEventSourceMappings({"", "g", "", 10})->mappings.size(),
            0u);
  EXPECT_EQ(db_->ListEventSourceMappings({"", "", "", 0}).status().code(),
            absl::StatusCode::kInvalidArgument);

  UpdateEventSourceMappingRequest u;
  u.uuid = created->uuid;
  u.batch_size = 9;
  u.enabled = false;
  auto updated = db_->UpdateEventSourceMapping(u);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->config.batch_size, 9);
  EXPECT_EQ(updated->state, MappingState::kDisabled);
  u.batch_size = 0;
  EXPECT_EQ(db_->UpdateEventSourceMapping(u).status().code(),
            absl::StatusCode::kInvalidArgument);

  auto deleted = db_->DeleteEventSourceMapping(created->uuid);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->state, MappingState::kDeleting);
  EXPECT_EQ(db_->GetEventSourceMapping(created->uuid).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(db_->GetEventSourceMappingMetrics(created->uuid).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(db_->DeleteEventSourceMapping(created->uuid).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(TriggerConfigTest, MappingsPersistAcrossReopen) {
  EventSourceMappingConfig c;
  c.batch_size = 3;
  c.bisect_batch_on_function_error = true;
  c.filters.push_back({"{\"eventName\":[\"MODIFY\"]}"});
  c.on_failure_destination = "dlq";
  c.enabled = false;
  std::string uuid = Map(c);
  Reopen();
  auto got = db_->GetEventSourceMapping(uuid);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->config.batch_size, 3);
  EXPECT_TRUE(got->config.bisect_batch_on_function_error);
  ASSERT_EQ(got->config.filters.size(), 1u);
  EXPECT_EQ(got->config.filters[0].pattern, "{\"eventName\":[\"MODIFY\"]}");
  EXPECT_EQ(got->config.on_failure_destination, "dlq");
  EXPECT_EQ(got->state, MappingState::kDisabled);
  EXPECT_EQ(got->starting_position, StartingPosition::kTrimHorizon);
}

}  // namespace
}  // namespace eddy::testing

// Copyright (c) Eddy authors.
//
// Delivery: batches, order, starting positions, several mappings, disable
// and re-enable, a function registered late, filters, restart from the
// checkpoint.

#include <string>
#include <vector>

#include "cdc/trigger_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;

std::vector<int> Range(int from, int to) {
  std::vector<int> v;
  for (int i = from; i < to; ++i) v.push_back(i);
  return v;
}

class TriggerDispatchTest : public TriggerTestBase {};

TEST_F(TriggerDispatchTest, DeliversInOrderInBatchesWithLambdaEvent) {
  for (int i = 0; i < 5; ++i) Put(i);
  Recorder* rec = NewRecorder(nullptr, /*keep_json=*/true);
  Register(rec);
  EventSourceMappingConfig c;
  c.batch_size = 2;
  std::string uuid = Map(c);
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == 5; }));
  EXPECT_EQ(rec->ids(), Range(0, 5));
  std::vector<Call> calls = rec->calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].ids.size(), 2u);
  nlohmann::json event = nlohmann::json::parse(calls[0].json);
  ASSERT_EQ(event["Records"].size(), 2u);
  EXPECT_EQ(event["Records"][0]["eventSourceARN"], arn_);
  EXPECT_EQ(event["Records"][0]["eventName"], "INSERT");
  EXPECT_EQ(event["Records"][0]["dynamodb"]["SequenceNumber"],
            calls[0].seqs[0]);
  MappingMetrics m = Metrics(uuid);
  EXPECT_EQ(m.polled_event_count, 5u);
  EXPECT_EQ(m.invocations, 3u);
  EXPECT_EQ(m.failed_invoke_event_count, 0u);
  EXPECT_EQ(db_->GetEventSourceMapping(uuid)->last_processing_result, "OK");
  // New commits wake the dispatcher.
  Put(5);
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == 6; }));
  EXPECT_EQ(rec->ids(), Range(0, 6));
}

TEST_F(TriggerDispatchTest, StartingPositions) {
  Put(1);
  clock_.AdvanceMillis(10'000);
  Put(2);
  Recorder* horizon = NewRecorder();
  Recorder* latest = NewRecorder();
  Recorder* at = NewRecorder();
  Register(horizon, "h");
  Register(latest, "l");
  Register(at, "a");
  std::string h = Map({}, StartingPosition::kTrimHorizon, "h");
  std::string l = Map({}, StartingPosition::kLatest, "l");
  auto a = db_->CreateEventSourceMapping(
      {arn_, "a", StartingPosition::kAtTimestamp, kTriggerStartMs + 5'000, {}});
  ASSERT_TRUE(a.ok());
  Put(3);
  ASSERT_TRUE(WaitFor(h, [](auto& m) { return m.invoked_event_count == 3; }));
  ASSERT_TRUE(WaitFor(l, [](auto& m) { return m.invoked_event_count == 1; }));
  ASSERT_TRUE(
      WaitFor(a->uuid, [](auto& m) { return m.invoked_event_count == 2; }));
  EXPECT_EQ(horizon->ids(), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(latest->ids(), (std::vector<int>{3}));
  EXPECT_EQ(at->ids(), (std::vector<int>{2, 3}));
}

TEST_F(TriggerDispatchTest, FunctionRegisteredLaterResumesWithoutSkipping) {
  Put(1);
  std::string uuid = Map();
  ASSERT_TRUE(WaitResult(uuid, "Function not found"));
  Put(2);
  Recorder* rec = NewRecorder();
  Register(rec);
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == 2; }));
  EXPECT_EQ(rec->ids(), (std::vector<int>{1, 2}));
}

TEST_F(TriggerDispatchTest, SeveralMappingsKeepTheirOwnPositions) {
  Recorder* a = NewRecorder();
  Recorder* b = NewRecorder();
  Register(a, "a");
  Register(b, "b");
  for (int i = 0; i < 4; ++i) Put(i);
  std::string ua = Map({}, StartingPosition::kTrimHorizon, "a");
  ASSERT_TRUE(WaitFor(ua, [](auto& m) { return m.invoked_event_count == 4; }));
  std::string ub = Map({}, StartingPosition::kTrimHorizon, "b");
  ASSERT_TRUE(WaitFor(ub, [](auto& m) { return m.invoked_event_count == 4; }));
  EXPECT_EQ(a->ids(), Range(0, 4));
  EXPECT_EQ(b->ids(), Range(0, 4));
  EXPECT_EQ(Metrics(ua).checkpoint_sequence_number,
            Metrics(ub).checkpoint_sequence_number);
}

TEST_F(TriggerDispatchTest, DisableAndReenable) {
  Recorder* rec = NewRecorder();
  Register(rec);
  std::string uuid = Map();
  Put(1);
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == 1; }));
  UpdateEventSourceMappingRequest u;
  u.uuid = uuid;
  u.enabled = false;
  ASSERT_TRUE(db_->UpdateEventSourceMapping(u).ok());
  Put(2);
  Put(3);
  EXPECT_EQ(rec->size(), 1u);  // disabled: Update returned after stopping
  u.enabled = true;
  ASSERT_TRUE(db_->UpdateEventSourceMapping(u).ok());
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == 3; }));
  EXPECT_EQ(rec->ids(), (std::vector<int>{1, 2, 3}));
}

TEST_F(TriggerDispatchTest, FiltersSkipAndCountAndAdvanceTheCheckpoint) {
  Recorder* rec = NewRecorder();
  Register(rec);
  EventSourceMappingConfig c;
  c.filters.push_back(
      {R"({"dynamodb":{"NewImage":{"V":{"S":[{"prefix":"ok"}]}}}})"});
  std::string uuid = Map(c);
  Put(1, "ok-1");
  Put(2, "no");
  Put(3, "ok-3");
  Put(4, "no");
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) {
    return m.invoked_event_count + m.filtered_out_event_count == 4;
  }));
  EXPECT_EQ(rec->ids(), (std::vector<int>{1, 3}));
  MappingMetrics m = Metrics(uuid);
  EXPECT_EQ(m.filtered_out_event_count, 2u);
  EXPECT_EQ(m.polled_event_count, 4u);
  // Everything is done: the checkpoint is past the last record.
  Put(5, "ok-5");
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == 3; }));
  EXPECT_EQ(rec->ids(), (std::vector<int>{1, 3, 5}));
}

TEST_F(TriggerDispatchTest, RestartResumesFromTheCheckpoint) {
  Recorder* first = NewRecorder();
  Register(first);
  EventSourceMappingConfig c;
  c.batch_size = 3;
  std::string uuid = Map(c);
  for (int i = 0; i < 6; ++i) Put(i);
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == 6; }));
  MappingMetrics before = Metrics(uuid);
  Reopen();
  for (int i = 6; i < 9; ++i) Put(i);
  Recorder* second = NewRecorder();
  Register(second);
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == 9; }));
  // Nothing redelivered here (the checkpoint was written), nothing skipped.
  EXPECT_EQ(second->ids(), Range(6, 9));
  EXPECT_EQ(Metrics(uuid).invocations, before.invocations + 1);
}

TEST_F(TriggerDispatchTest, IteratorAgeAndCheckpointMetrics) {
  Recorder* rec = NewRecorder();
  Register(rec);
  Put(1);
  clock_.AdvanceMillis(5'000);
  std::string uuid = Map();
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == 1; }));
  // The checkpoint is written just after the invocation is counted.
  const std::string first = rec->calls()[0].seqs[0];
  ASSERT_TRUE(WaitFor(uuid, [&first](auto& m) {
    return m.checkpoint_sequence_number > first;
  }));
  MappingMetrics m = Metrics(uuid);
  EXPECT_EQ(m.checkpoint_sequence_number.size(), 21u);
  // Caught up: the age drops to 0 once the lane finds nothing more.
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) { return m.iterator_age_ms == 0; }));
}

TEST_F(TriggerDispatchTest, BatchingWindowGathersUntilTheClockDeadline) {
  Recorder* rec = NewRecorder();
  Register(rec);
  EventSourceMappingConfig c;
  c.batch_size = 10;
  c.maximum_batching_window_in_seconds = 5;
  Put(1);
  std::string uuid = Map(c);
  Put(2);
  Put(3);
  // Nothing is invoked before the window's deadline by the clock.
  clock_.AdvanceMillis(5'000);
  ASSERT_TRUE(rec->WaitCalls(1));
  EXPECT_EQ(rec->calls()[0].ids, (std::vector<int>{1, 2, 3}));
}

TEST_F(TriggerDispatchTest, BatchingWindowDoesNotReadTheStreamOncePerCommit) {
  Recorder* rec = NewRecorder();
  Register(rec);
  EventSourceMappingConfig c;
  c.batch_size = 1000;
  c.maximum_batching_window_in_seconds = 5;
  std::string uuid = Map(c);
  constexpr int kPuts = 200;
  for (int i = 0; i < kPuts; ++i) Put(i);
  clock_.AdvanceMillis(5'000);
  ASSERT_TRUE(rec->WaitCalls(1));
  EXPECT_EQ(rec->calls()[0].ids, Range(0, kPuts));
  // The lane reads again only once the committed sequence numbers could
  // double its pending batch (or fill it): about log2(200) reads while
  // gathering, one when the clock reaches the deadline and one after the
  // invocation. Waking on every commit re-read the pending records up to
  // 200 times.
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == kPuts; }));
  EXPECT_LE(Metrics(uuid).stream_reads, 16u);
  // At least the read that found the records (one read is enough when the
  // lane first runs after all 200 commits).
  EXPECT_GE(Metrics(uuid).stream_reads, 1u);
}

TEST_F(TriggerDispatchTest, HandlerMayWriteButNotChangeMappings) {
  ASSERT_TRUE(db_->CreateTable({"Out", HashKey("Id", KeyType::kN)}).ok());
  absl::Mutex mu;
  absl::Status update_status;
  std::string uuid;
  Recorder* rec = NewRecorder([&](const FunctionEvent& e, int) {
    for (const StreamRecord& r : e.records()) {
      EXPECT_TRUE(db_->PutItem({"Out", {{"Id", r.keys.at("Id")}}}).ok());
    }
    absl::MutexLock lock(&mu);
    UpdateEventSourceMappingRequest u;
    u.uuid = uuid;
    u.batch_size = 5;
    update_status = db_->UpdateEventSourceMapping(u).status();
    return FunctionResult::Success();
  });
  Register(rec);
  {
    absl::MutexLock lock(&mu);
    uuid = Map();
  }
  Put(7);
  ASSERT_TRUE(rec->WaitCalls(1));
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) { return m.invocations == 1; }));
  auto item = db_->GetItem({"Out", {{"Id", AttributeValue::N(7)}}});
  ASSERT_TRUE(item.ok());
  EXPECT_TRUE(item->item.has_value());
  absl::MutexLock lock(&mu);
  EXPECT_EQ(update_status.code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace eddy::testing

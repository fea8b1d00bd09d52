// Copyright (c) Eddy authors.
//
// Tumbling windows (state carried, final invocation) and parallelization
// (order kept per partition key).

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "cdc/trigger_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace eddy::testing {
namespace {

class TriggerWindowTest : public TriggerTestBase {};

// Sums record ids into the window state.
FunctionResult Summing(const FunctionEvent& e, int) {
  nlohmann::json state = nlohmann::json::parse(e.window()->state_json);
  int sum = state.value("sum", 0);
  for (const StreamRecord& r : e.records())
    sum += std::stoi(r.keys.at("Id").n());
  return FunctionResult::Success(
      nlohmann::json{{"state", {{"sum", sum}}}}.dump());
}

TEST_F(TriggerWindowTest, StateIsCarriedAndTheWindowEndsWithAFinalInvoke) {
  Recorder* rec = NewRecorder(Summing, /*keep_json=*/true);
  Register(rec);
  EventSourceMappingConfig c;
  c.tumbling_window_in_seconds = 60;
  c.batch_size = 1;
  // Align the clock to a window start.
  clock_.SetMillis((kTriggerStartMs / 60'000 + 1) * 60'000);
  int64_t start = clock_.NowMillis();
  Put(1);
  Put(2);
  Put(3);
  std::string uuid = Map(c);
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == 3; }));
  std::vector<Call> calls = rec->calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].window->state_json, "{}");
  EXPECT_EQ(calls[1].window->state_json, "{\"sum\":1}");
  EXPECT_EQ(calls[2].window->state_json, "{\"sum\":3}");
  EXPECT_EQ(calls[2].window->start_ms, start);
  EXPECT_EQ(calls[2].window->end_ms, start + 60'000);
  EXPECT_FALSE(calls[2].window->is_final_invoke_for_window);
  nlohmann::json event = nlohmann::json::parse(calls[2].json);
  EXPECT_EQ(event["state"]["sum"], 3);
  EXPECT_EQ(event["isFinalInvokeForWindow"], false);
  EXPECT_TRUE(event.contains("window"));
  // The window ends: one final invocation with the state and no records.
  clock_.AdvanceMillis(60'000);
  ASSERT_TRUE(rec->WaitCalls(4));
  Call final_call = rec->calls()[3];
  EXPECT_TRUE(final_call.ids.empty());
  EXPECT_TRUE(final_call.window->is_final_invoke_for_window);
  EXPECT_EQ(final_call.window->state_json, "{\"sum\":6}");
  // The next window starts from an empty state.
  Put(10);
  ASSERT_TRUE(rec->WaitCalls(5));
  EXPECT_EQ(rec->calls()[4].window->state_json, "{}");
  EXPECT_EQ(rec->calls()[4].window->start_ms, start + 60'000);
}

TEST_F(TriggerWindowTest, ParallelizationKeepsOrderPerPartitionKey) {
  Recorder* rec = NewRecorder();
  Register(rec);
  EventSourceMappingConfig c;
  c.parallelization_factor = 4;
  c.batch_size = 3;
  // Three versions of each of 8 items, interleaved.
  for (int round = 0; round < 3; ++round) {
    for (int id = 0; id < 8; ++id) Put(id, std::to_string(round));
  }
  std::string uuid = Map(c);
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count == 24; }));
  // Per item, the versions arrive in commit order; no call mixes lanes out
  // of order for an item.
  std::map<int, std::vector<std::string>> versions;
  for (const Call& call : rec->calls()) {
    for (size_t i = 0; i < call.ids.size(); ++i) {
      versions[call.ids[i]].push_back(call.seqs[i]);
    }
  }
  ASSERT_EQ(versions.size(), 8u);
  for (auto& [id, seqs] : versions) {
    ASSERT_EQ(seqs.size(), 3u) << id;
    EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end())) << id;
  }
  EXPECT_EQ(Metrics(uuid).polled_event_count, 24u);
  // A lane counts an invocation before it checkpoints, and a lane that owns
  // none of the last records checkpoints past them a moment later. Wait for
  // every lane's checkpoint to pass the last record, so that the restart
  // below has nothing to redeliver (at-least-once would allow it, and a
  // redelivered record could then arrive after the new one).
  std::string last_seq;
  for (const Call& call : rec->calls()) {
    for (const std::string& seq : call.seqs) last_seq = std::max(last_seq, seq);
  }
  ASSERT_TRUE(WaitFor(uuid, [&](auto& m) {
    return m.checkpoint_sequence_number > last_seq;  // same width: 21 digits
  }));
  // Changing the factor restarts every lane from the lowest checkpoint.
  UpdateEventSourceMappingRequest u;
  u.uuid = uuid;
  u.parallelization_factor = 2;
  ASSERT_TRUE(db_->UpdateEventSourceMapping(u).ok());
  Put(100);
  ASSERT_TRUE(
      WaitFor(uuid, [](auto& m) { return m.invoked_event_count >= 25; }));
  EXPECT_EQ(rec->ids().back(), 100);
}

}  // namespace
}  // namespace eddy::testing

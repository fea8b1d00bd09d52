// Copyright (c) Eddy authors.
//
// Failure modes: handler error, exception, timeout, partial batch failure,
// bisection, retry exhaustion and record age to the on-failure
// destination (list / replay / delete), drops without a destination.

#include <stdexcept>
#include <string>
#include <vector>

#include "cdc/trigger_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace eddy::testing {
namespace {

using ::testing::HasSubstr;

class TriggerFailureTest : public TriggerTestBase {
 protected:
  // Advances the clock past the longest back-off after each failed
  // invocation until the mapping has made `invocations` calls.
  bool DriveInvocations(const std::string& uuid, uint64_t invocations) {
    for (uint64_t n = Metrics(uuid).invocations; n < invocations; ++n) {
      if (!WaitFor(uuid, [&](auto& m) { return m.invocations >= n; }))
        return false;
      clock_.AdvanceMillis(61'000);
    }
    return WaitFor(uuid, [&](auto& m) { return m.invocations >= invocations; });
  }
  std::vector<FailedBatch> Failed(const std::string& dest) {
    auto r = db_->ListFailedBatches({dest, "", 100});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->batches : std::vector<FailedBatch>{};
  }
};

TEST_F(TriggerFailureTest, ErrorIsRetriedWithBackoffUntilSuccess) {
  Recorder* rec = NewRecorder([](const FunctionEvent&, int call) {
    return call < 2 ? FunctionResult::Error("Error", "boom")
                    : FunctionResult::Success();
  });
  Register(rec);
  Put(1);
  Put(2);
  std::string uuid = Map();
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) { return m.invocations == 1; }));
  // The lane counts an invocation before it records its result: wait on
  // the result itself.
  ASSERT_TRUE(WaitResult(uuid, "PROBLEM"))
      << db_->GetEventSourceMapping(uuid)->last_processing_result;
  // Back-off waits for the clock: nothing happens until it moves.
  clock_.AdvanceMillis(1'000);
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) { return m.invocations == 2; }));
  clock_.AdvanceMillis(2'000);  // doubled
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) { return m.invocations >= 3; }))
      << Metrics(uuid).invocations << " "
      << db_->GetEventSourceMapping(uuid)->last_processing_result;
  std::vector<Call> calls = rec->calls();
  for (const Call& c : calls) EXPECT_EQ(c.ids, (std::vector<int>{1, 2}));
  MappingMetrics m = Metrics(uuid);
  EXPECT_EQ(m.failed_invoke_event_count, 4u);
  EXPECT_EQ(m.invoked_event_count, 6u);
  EXPECT_TRUE(WaitResult(uuid, "OK"))
      << db_->GetEventSourceMapping(uuid)->last_processing_result;
}

TEST_F(TriggerFailureTest, ExceptionAndTimeoutAreFunctionErrors) {
  Recorder* rec = NewRecorder([this](const FunctionEvent&, int call) {
    if (call == 0) throw std::runtime_error("thrown");
    if (call == 1) {
      clock_.AdvanceMillis(3'001);  // past the 3 s deadline
      return FunctionResult::Success();
    }
    return FunctionResult::Success();
  });
  Register(rec);
  EventSourceMappingConfig c;
  c.maximum_retry_attempts = 1;
  c.on_failure_destination = "dlq";
  Put(1);
  std::string uuid = Map(c);
  ASSERT_TRUE(DriveInvocations(uuid, 2));
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) {
    return m.on_failure_destination_delivered_event_count == 1;
  }));
  std::vector<FailedBatch> failed = Failed("dlq");
  ASSERT_EQ(failed.size(), 1u);
  nlohmann::json j = nlohmann::json::parse(failed[0].json);
  EXPECT_EQ(j["requestContext"]["condition"], "RetryAttemptsExhausted");
  EXPECT_EQ(j["requestContext"]["approximateInvokeCount"], 2);
  EXPECT_EQ(j["responseContext"]["functionError"], "Unhandled");
  EXPECT_EQ(Metrics(uuid).failed_invoke_event_count, 2u);
}

TEST_F(TriggerFailureTest, TimeoutMessage) {
  std::string seen;
  Recorder* rec = NewRecorder([this](const FunctionEvent&, int) {
    clock_.AdvanceMillis(1'500);
    return FunctionResult::Success();
  });
  Register(rec, "f", /*timeout_ms=*/1'000);
  EventSourceMappingConfig c;
  c.maximum_retry_attempts = 0;
  c.on_failure_destination = "dlq";
  Put(1);
  std::string uuid = Map(c);
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) {
    return m.on_failure_destination_delivered_event_count == 1;
  }));
  EXPECT_THAT(db_->GetEventSourceMapping(uuid)->last_processing_result,
              HasSubstr("Sandbox.Timedout"));
}

TEST_F(TriggerFailureTest, PartialBatchFailureCheckpointsAtLowestFailure) {
  Recorder* rec = NewRecorder([](const FunctionEvent& e, int call) {
    std::vector<std::string> seqs = e.sequence_numbers();
    if (call == 0) return FunctionResult::BatchItemFailures({seqs[3], seqs[2]});
    if (call == 1) return FunctionResult::BatchItemFailures({});  // success
    return FunctionResult::Success();
  });
  Register(rec);
  EventSourceMappingConfig c;
  c.report_batch_item_failures = true;
  for (int i = 0; i < 5; ++i) Put(i);
  std::string uuid = Map(c);
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) { return m.invocations == 1; }));
  clock_.AdvanceMillis(1'000);
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) { return m.invocations == 2; }));
  std::vector<Call> calls = rec->calls();
  ASSERT_GE(calls.size(), 2u);
  EXPECT_EQ(calls[0].ids, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(calls[1].ids, (std::vector<int>{2, 3, 4}));  // from the lowest
  Put(5);
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) { return m.invocations == 3; }));
  EXPECT_EQ(rec->calls()[2].ids, (std::vector<int>{5}));
}

TEST_F(TriggerFailureTest, MalformedItemIdentifierFailsTheWholeBatch) {
  Recorder* rec = NewRecorder([](const FunctionEvent&, int call) {
    if (call == 0) {
      return FunctionResult::Success(
          R"({"batchItemFailures":[{"itemIdentifier":"bogus"}]})");
    }
    return FunctionResult::Success();
  });
  Register(rec);
  EventSourceMappingConfig c;
  c.report_batch_item_failures = true;
  Put(1);
  Put(2);
  std::string uuid = Map(c);
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) { return m.invocations == 1; }));
  EXPECT_EQ(Metrics(uuid).failed_invoke_event_count, 2u);
  clock_.AdvanceMillis(1'000);
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) { return m.invocations == 2; }));
  EXPECT_EQ(rec->calls()[1].ids, (std::vector<int>{1, 2}));
}

TEST_F(TriggerFailureTest, BisectionIsolatesThePoisonRecord) {
  Recorder* rec = NewRecorder([](const FunctionEvent& e, int) {
    for (const StreamRecord& r : e.records()) {
      if (r.keys.at("Id").n() == "5")
        return FunctionResult::Error("Error", "poison");
    }
    return FunctionResult::Success();
  });
  Register(rec);
  EventSourceMappingConfig c;
  c.bisect_batch_on_function_error = true;
  c.maximum_retry_attempts = 0;
  c.on_failure_destination = "dlq";
  for (int i = 0; i < 8; ++i) Put(i);
  std::string uuid = Map(c);
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) {
    return m.on_failure_destination_delivered_event_count == 1 &&
           m.checkpoint_sequence_number.size() == 21;
  }));
  // The records after the poison one follow it, in a batch without it.
  ASSERT_TRUE(rec->WaitId(7, /*without=*/5));
  std::vector<FailedBatch> failed = Failed("dlq");
  ASSERT_EQ(failed.size(), 1u);
  ASSERT_EQ(failed[0].records.size(), 1u);
  EXPECT_EQ(failed[0].records[0].keys.at("Id").n(), "5");
  EXPECT_EQ(failed[0].mapping_uuid, uuid);
  // Every other record was delivered successfully, in order.
  std::vector<int> ok;
  for (const Call& call : rec->calls()) {
    if (std::find(call.ids.begin(), call.ids.end(), 5) == call.ids.end()) {
      ok.insert(ok.end(), call.ids.begin(), call.ids.end());
    }
  }
  EXPECT_EQ(ok, (std::vector<int>{0, 1, 2, 3, 4, 6, 7}));
}

TEST_F(TriggerFailureTest, RetryExhaustionToDestinationThenListReplayDelete) {
  bool fail = true;
  absl::Mutex mu;
  Recorder* rec = NewRecorder([&](const FunctionEvent&, int) {
    absl::MutexLock lock(&mu);
    return fail ? FunctionResult::Error("Error", "no")
                : FunctionResult::Success();
  });
  Register(rec);
  EventSourceMappingConfig c;
  c.maximum_retry_attempts = 2;
  c.on_failure_destination = "arn:aws:sqs:us-east-1:000000000000:dlq";
  Put(1);
  Put(2);
  std::string uuid = Map(c);
  ASSERT_TRUE(DriveInvocations(uuid, 3));
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) {
    return m.on_failure_destination_delivered_event_count == 2;
  }));
  // The lane moved on: a later record is delivered (and fails again).
  std::vector<FailedBatch> failed = Failed(c.on_failure_destination);
  ASSERT_EQ(failed.size(), 1u);
  nlohmann::json j = nlohmann::json::parse(failed[0].json);
  EXPECT_EQ(j["version"], "1.0");
  EXPECT_EQ(j["requestContext"]["approximateInvokeCount"], 3);
  EXPECT_EQ(j["DDBStreamBatchInfo"]["batchSize"], 2);
  EXPECT_EQ(j["DDBStreamBatchInfo"]["streamArn"], arn_);
  EXPECT_EQ(j["DDBStreamBatchInfo"]["startSequenceNumber"],
            failed[0].records[0].sequence_number);
  EXPECT_EQ(j["Records"].size(), 2u);
  EXPECT_EQ(failed[0].records.size(), 2u);
  // Replay: still failing keeps it; succeeding removes it.
  auto replay = db_->ReplayFailedBatch(c.on_failure_destination, failed[0].id);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_TRUE(replay->function_error);
  EXPECT_EQ(Failed(c.on_failure_destination).size(), 1u);
  {
    absl::MutexLock lock(&mu);
    fail = false;
  }
  replay = db_->ReplayFailedBatch(c.on_failure_destination, failed[0].id);
  ASSERT_TRUE(replay.ok());
  EXPECT_FALSE(replay->function_error);
  EXPECT_TRUE(Failed(c.on_failure_destination).empty());
  EXPECT_EQ(db_->ReplayFailedBatch(c.on_failure_destination, failed[0].id)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  // Delete.
  {
    absl::MutexLock lock(&mu);
    fail = true;
  }
  uint64_t before = Metrics(uuid).invocations;  // read before the commit
  Put(3);
  ASSERT_TRUE(DriveInvocations(uuid, before + 3));
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) {
    return m.on_failure_destination_delivered_event_count == 3;
  }));
  failed = Failed(c.on_failure_destination);
  ASSERT_EQ(failed.size(), 1u);
  Reopen();  // durable
  Register(NewRecorder());
  ASSERT_EQ(Failed(c.on_failure_destination).size(), 1u);
  EXPECT_TRUE(
      db_->DeleteFailedBatch(c.on_failure_destination, failed[0].id).ok());
  EXPECT_TRUE(Failed(c.on_failure_destination).empty());
  EXPECT_EQ(
      db_->DeleteFailedBatch(c.on_failure_destination, failed[0].id).code(),
      absl::StatusCode::kNotFound);
}

TEST_F(TriggerFailureTest, RecordAgeSendsToDestination) {
  Recorder* rec = NewRecorder([](const FunctionEvent&, int) {
    return FunctionResult::Error("Error", "no");
  });
  Register(rec);
  EventSourceMappingConfig c;
  c.maximum_record_age_in_seconds = 60;
  c.on_failure_destination = "dlq";
  Put(1);
  std::string uuid = Map(c);
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) { return m.invocations == 1; }));
  clock_.AdvanceMillis(61'000);
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) {
    return m.on_failure_destination_delivered_event_count == 1;
  }));
  std::vector<FailedBatch> failed = Failed("dlq");
  ASSERT_EQ(failed.size(), 1u);
  nlohmann::json j = nlohmann::json::parse(failed[0].json);
  EXPECT_EQ(j["requestContext"]["condition"], "RecordAgeExceeded");
}

TEST_F(TriggerFailureTest, WithoutDestinationRecordsAreDroppedAndCounted) {
  Recorder* rec = NewRecorder([](const FunctionEvent& e, int) {
    return e.records()[0].keys.at("Id").n() == "1"
               ? FunctionResult::Error("Error", "no")
               : FunctionResult::Success();
  });
  Register(rec);
  EventSourceMappingConfig c;
  c.maximum_retry_attempts = 0;
  c.batch_size = 1;
  Put(1);
  Put(2);
  std::string uuid = Map(c);
  ASSERT_TRUE(WaitFor(uuid, [](auto& m) {
    return m.dropped_event_count == 1 && m.invocations == 2;
  }));
  EXPECT_EQ(rec->ids(), (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace eddy::testing

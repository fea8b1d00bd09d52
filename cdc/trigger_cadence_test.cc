// Copyright (c) Eddy authors.
//
// The poll cadence (DatabaseOptions::trigger_poll_interval_ms): a lane that
// has caught up with its shard reads again at the earlier of one interval
// after its read began and three times the read-and-invoke time after it
// ended; a full batch is followed by the next read at once; an idle lane is
// woken by a commit at once. The cadence runs on the fixture's ManualClock:
// handlers move the clock to stand for slow invocations, and the test moves
// it to end the wait, so what is read when does not depend on timing.

#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cdc/trigger_test_util.h"
#include "gtest/gtest.h"

namespace eddy::testing {
namespace {

class TriggerCadenceTest : public TriggerTestBase {
 protected:
  TriggerCadenceTest() { options_.trigger_poll_interval_ms = 60'000; }

  // A handler whose every call takes `ms` of the manual clock.
  Recorder* Slow(int64_t ms) {
    return NewRecorder([this, ms](const FunctionEvent&, int) {
      clock_.AdvanceMillis(ms);
      return FunctionResult::Success();
    });
  }

  // Registers a handler taking `ms` per call, maps the stream and delivers
  // record 1 (the lane starts idle: the commit wakes it). Returns once the
  // lane has finished that invocation, with the mapping in *uuid.
  Recorder* DeliverFirst(int64_t ms, std::string* uuid) {
    Recorder* rec = Slow(ms);
    Register(rec);
    *uuid = Map();
    Put(1);
    WaitInvocations(*uuid, 1);
    return rec;
  }

  // Waits until the lane has finished `n` invocations (so a clock move by
  // the test comes after the lane noted when the last one ended).
  void WaitInvocations(const std::string& uuid, uint64_t n) {
    ASSERT_TRUE(WaitFor(uuid, [n](auto& m) { return m.invocations >= n; }));
  }

  // Gives a lane that reads too early ample time to do so (it would within
  // milliseconds), then expects it not to have. This cannot fail a correct
  // lane, which waits for the manual clock.
  void ExpectPolled(const std::string& uuid, uint64_t polled) {
    absl::Time until = absl::Now() + absl::Milliseconds(300);
    while (absl::Now() < until && Metrics(uuid).polled_event_count == polled) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    EXPECT_EQ(Metrics(uuid).polled_event_count, polled);
  }
};

TEST_F(TriggerCadenceTest, WaitsThreeTimesTheInvocationThenReadsAllThatCame) {
  std::string uuid;
  Recorder* rec = DeliverFirst(1000, &uuid);
  // The invocation took 1 s of the clock and reached the end of the shard,
  // so the next read is 3 s after it ended: these wait until then.
  Put(2);
  Put(3);
  Put(4);
  ExpectPolled(uuid, 1);
  clock_.AdvanceMillis(2999);
  ExpectPolled(uuid, 1);
  clock_.AdvanceMillis(1);
  ASSERT_TRUE(rec->WaitCalls(2));
  EXPECT_EQ(rec->calls()[1].ids, (std::vector<int>{2, 3, 4}));
}

TEST_F(TriggerCadenceTest, WaitsAtMostTheIntervalAfterTheReadBegan) {
  options_.trigger_poll_interval_ms = 1000;
  Reopen();
  std::string uuid;
  Recorder* rec = DeliverFirst(500, &uuid);
  // Read at t, ended at t + 500: three times that would be t + 2000, the
  // interval ends first, at t + 1000.
  Put(2);
  ExpectPolled(uuid, 1);
  clock_.AdvanceMillis(499);
  ExpectPolled(uuid, 1);
  clock_.AdvanceMillis(1);
  ASSERT_TRUE(rec->WaitCalls(2));
  EXPECT_EQ(rec->calls()[1].ids, std::vector<int>{2});
}

TEST_F(TriggerCadenceTest, AFullBatchIsFollowedByTheNextReadAtOnce) {
  Recorder* rec = Slow(1000);
  Register(rec);
  for (int id = 1; id <= 5; ++id) Put(id);
  EventSourceMappingConfig c;
  c.batch_size = 2;
  Map(c);
  // Two full batches and the rest, with no move of the clock by the test.
  ASSERT_TRUE(rec->WaitCalls(3));
  std::vector<Call> calls = rec->calls();
  EXPECT_EQ(calls[0].ids, (std::vector<int>{1, 2}));
  EXPECT_EQ(calls[1].ids, (std::vector<int>{3, 4}));
  EXPECT_EQ(calls[2].ids, std::vector<int>{5});
}

TEST_F(TriggerCadenceTest, AnIdleLaneIsWokenByTheNextCommit) {
  std::string uuid;
  Recorder* rec = DeliverFirst(1000, &uuid);
  // After the wait the lane reads, finds nothing and waits for a commit.
  const uint64_t reads = Metrics(uuid).stream_reads;
  clock_.AdvanceMillis(3000);
  ASSERT_TRUE(WaitFor(uuid, [&](auto& m) { return m.stream_reads > reads; }));
  Put(2);
  ASSERT_TRUE(rec->WaitCalls(2));
  EXPECT_EQ(rec->calls()[1].ids, std::vector<int>{2});
}

TEST_F(TriggerCadenceTest, ZeroReadsAgainAsSoonAsTheInvocationEnds) {
  options_.trigger_poll_interval_ms = 0;
  Reopen();
  std::string uuid;
  Recorder* rec = DeliverFirst(1000, &uuid);
  Put(2);
  ASSERT_TRUE(rec->WaitCalls(2));
  EXPECT_EQ(rec->calls()[1].ids, std::vector<int>{2});
}

}  // namespace
}  // namespace eddy::testing

// Copyright (c) Eddy authors.
//
// Helpers for trigger tests: a database with a ManualClock and a streamed
// table, and a recording in-process handler. Tests wait on conditions
// (with a generous real-time safety net), never on sleeps.

#ifndef EDDY_CDC_TRIGGER_TEST_UTIL_H_
#define EDDY_CDC_TRIGGER_TEST_UTIL_H_

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "eddy/database.h"
#include "gtest/gtest.h"
#include "tests/testing_util.h"

namespace eddy::testing {

constexpr int64_t kTriggerStartMs = 1'790'000'000'000;
constexpr absl::Duration kSafetyNet = absl::Seconds(20);

// One handler call as the handler saw it.
struct Call {
  std::vector<std::string> seqs;
  std::vector<int> ids;  // the "Id" key of each record
  std::string json;
  std::optional<TumblingWindow> window;
};

// A thread-safe recording handler. `behavior` (optional) decides the
// result from the event and the 0-based call number.
class Recorder {
 public:
  using Behavior = std::function<FunctionResult(const FunctionEvent&, int)>;

  explicit Recorder(Behavior behavior = nullptr, bool keep_json = false)
      : behavior_(std::move(behavior)), keep_json_(keep_json) {}

  FunctionHandler Handler() {
    return [this](const FunctionEvent& e, const InvokeContext&) {
      Call c;
      c.seqs = e.sequence_numbers();
      for (const StreamRecord& r : e.records()) {
        c.ids.push_back(std::stoi(r.keys.at("Id").n()));
      }
      if (keep_json_) c.json = e.json();
      c.window = e.window();
      int n;
      {
        absl::MutexLock lock(&mu_);
        n = static_cast<int>(calls_.size());
        calls_.push_back(std::move(c));
      }
      return behavior_ ? behavior_(e, n) : FunctionResult::Success();
    };
  }

  std::vector<Call> calls() const {
    absl::MutexLock lock(&mu_);
    return calls_;
  }
  size_t size() const {
    absl::MutexLock lock(&mu_);
    return calls_.size();
  }
  // Every record id delivered, in delivery order.
  std::vector<int> ids() const {
    std::vector<int> out;
    for (const Call& c : calls())
      out.insert(out.end(), c.ids.begin(), c.ids.end());
    return out;
  }
  // Waits until some call has carried record `id` but not record `without`.
  bool WaitId(int id, int without = -1) const {
    absl::MutexLock lock(&mu_);
    auto seen = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      for (const Call& c : calls_) {
        auto has = [&c](int x) {
          return std::find(c.ids.begin(), c.ids.end(), x) != c.ids.end();
        };
        if (has(id) && !has(without)) return true;
      }
      return false;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&seen), kSafetyNet);
  }
  bool WaitCalls(size_t n) const {
    absl::MutexLock lock(&mu_);
    auto enough = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return calls_.size() >= n;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), kSafetyNet);
  }

 private:
  const Behavior behavior_;
  const bool keep_json_;
  mutable absl::Mutex mu_;
  std::vector<Call> calls_ ABSL_GUARDED_BY(mu_);
};

// Waits until pred(metrics) holds; false after the safety net.
inline bool WaitMetrics(
    Database* db, const std::string& uuid,
    const std::function<bool(const MappingMetrics&)>& pred) {
  absl::Time give_up = absl::Now() + kSafetyNet;
  while (absl::Now() < give_up) {
    absl::StatusOr<MappingMetrics> m = db->GetEventSourceMappingMetrics(uuid);
    if (m.ok() && pred(*m)) return true;
    absl::SleepFor(absl::Milliseconds(1));  // polling the condition
  }
  return false;
}

class TriggerTestBase : public ::testing::Test {
 protected:
  TriggerTestBase() : clock_(kTriggerStartMs) {
    options_.clock = &clock_;
    options_.stream_retention_ms = int64_t{24} * 3600 * 1000;
  }
  void SetUp() override {
    Open();
    auto t = db_->CreateTable(
        {"Tab", HashKey("Id", KeyType::kN), false,
         StreamSpecification{true, StreamViewType::kNewAndOldImages}});
    ASSERT_TRUE(t.ok()) << t.status();
    arn_ = t->latest_stream_arn;
  }
  void Open() { db_ = OpenOrDie(dir_.path(), options_); }
  void Reopen() {
    ASSERT_TRUE(db_->Close().ok());
    db_.reset();
    Open();
  }
  void Put(int id, const std::string& v = "x") {
    auto r = db_->PutItem(
        {"Tab", {{"Id", AttributeValue::N(id)}, {"V", AttributeValue::S(v)}}});
    ASSERT_TRUE(r.ok()) << r.status();
  }
  void Register(Recorder* rec, const std::string& name = "f",
                int64_t timeout_ms = 3000) {
    ASSERT_TRUE(
        db_->RegisterFunction(name, rec->Handler(), {.timeout_ms = timeout_ms})
            .ok());
  }
  std::string Map(EventSourceMappingConfig config = {},
                  StartingPosition pos = StartingPosition::kTrimHorizon,
                  const std::string& function = "f") {
    auto m = db_->CreateEventSourceMapping({arn_, function, pos, 0, config});
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? m->uuid : "";
  }
  MappingMetrics Metrics(const std::string& uuid) {
    auto m = db_->GetEventSourceMappingMetrics(uuid);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *m : MappingMetrics{};
  }
  bool WaitFor(const std::string& uuid,
               const std::function<bool(const MappingMetrics&)>& pred) {
    return WaitMetrics(db_.get(), uuid, pred);
  }
  // Waits until the mapping's LastProcessingResult contains `text`. (The
  // lane counts an invocation just before it records the result, so wait
  // on the result itself rather than on a count.)
  bool WaitResult(const std::string& uuid, const std::string& text) {
    return WaitFor(uuid, [&](auto&) {
      auto m = db_->GetEventSourceMapping(uuid);
      return m.ok() &&
             m->last_processing_result.find(text) != std::string::npos;
    });
  }

  // Recorders outlive the database (declared before db_), so a handler
  // never runs after its recorder is gone.
  Recorder* NewRecorder(Recorder::Behavior behavior = nullptr,
                        bool keep_json = false) {
    recorders_.push_back(
        std::make_unique<Recorder>(std::move(behavior), keep_json));
    return recorders_.back().get();
  }

  ManualClock clock_;
  DatabaseOptions options_;
  TempDir dir_;
  std::vector<std::unique_ptr<Recorder>> recorders_;
  std::unique_ptr<Database> db_;
  std::string arn_;
};

}  // namespace eddy::testing

#endif  // EDDY_CDC_TRIGGER_TEST_UTIL_H_

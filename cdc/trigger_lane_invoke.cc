// Copyright (c) Eddy authors.
//
// Lane: invoking the function, interpreting its result, retries,
// bisection, the on-failure destination and tumbling windows.

#include <algorithm>
#include <deque>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cdc/change_record.h"
#include "cdc/trigger_lane.h"
#include "cdc/trigger_lane_internal.h"
#include "eddy/streams.h"

namespace eddy::cdc {
namespace {

using Json = nlohmann::json;

// Lambda's reading of {"batchItemFailures":[{"itemIdentifier":..}]}:
// returns the lowest failed index in [lo, hi), hi for none (success), or
// nullopt for a malformed response (the whole batch failed).
std::optional<size_t> FailedIndex(const Json& body, const RawRecords& recs,
                                  size_t lo, size_t hi) {
  if (!body.is_object() || !body.contains("batchItemFailures")) return hi;
  const Json& list = body["batchItemFailures"];
  if (list.is_null()) return hi;
  if (!list.is_array()) return std::nullopt;
  size_t lowest = hi;
  for (const Json& entry : list) {
    if (!entry.is_object()) return std::nullopt;
    auto it = entry.find("itemIdentifier");
    if (it == entry.end() || !it->is_string()) return std::nullopt;
    uint64_t seq;
    if (!ParseSequence(it->get<std::string>(), &seq)) return std::nullopt;
    auto pos = std::lower_bound(
        recs.begin() + lo, recs.begin() + hi, seq,
        [](const RawRecord& r, uint64_t s) { return r.seq < s; });
    if (pos == recs.begin() + hi || pos->seq != seq) return std::nullopt;
    lowest = std::min(lowest, static_cast<size_t>(pos - recs.begin()));
  }
  return lowest;
}

int64_t BackoffMs(int attempts) {
  int64_t b = Lane::kBackoffBaseMs;
  for (int i = 1; i < attempts && b < Lane::kBackoffMaxMs; ++i) b *= 2;
  return std::min(b, Lane::kBackoffMaxMs);
}

}  // namespace

const std::string*& CurrentMappingUuid() {
  thread_local const std::string* uuid = nullptr;
  return uuid;
}

Json LambdaRecordJson(const LaneEnv& env, uint64_t seq,
                      std::string_view value) {
  absl::StatusOr<StreamRecord> r =
      DecodeChangeRecord(value, env.mapping.stream_id, seq);
  if (!r.ok()) return Json::object();
  r->aws_region = env.region;
  return Json::parse(
      StreamRecordToJson(*r, env.mapping.mapping.event_source_arn), nullptr,
      /*allow_exceptions=*/false);
}

std::optional<TumblingWindow> Lane::WindowFor(int64_t created_ms,
                                              bool final_invoke) const {
  int window_s = env_->mapping.mapping.config.tumbling_window_in_seconds;
  if (window_s <= 0) return std::nullopt;
  LaneCheckpoint s = Snapshot();
  TumblingWindow w;
  if (final_invoke) {
    w.start_ms = s.window_start_ms;
    w.end_ms = s.window_end_ms;
    w.state_json = s.window_state;
    w.is_final_invoke_for_window = true;
  } else {
    w.start_ms = WindowStart(window_s, created_ms);
    w.end_ms = w.start_ms + int64_t{window_s} * 1000;
    bool same = s.window_end_ms != 0 && s.window_start_ms == w.start_ms;
    w.state_json = same ? s.window_state : "{}";
  }
  w.shard_id = ShardIdOf(s.next_seq);
  return w;
}

Lane::Outcome Lane::InvokeRange(const std::shared_ptr<Function>& fn,
                                const Batch& b, size_t lo, size_t hi,
                                bool final_window) {
  const EventSourceMapping& m = env_->mapping.mapping;
  Outcome o;
  o.request_id = NewUuid();
  int64_t now = env_->clock->NowMillis();
  InvokeContext ctx{o.request_id, m.function_name, now + fn->timeout_ms()};
  BatchSourceSpec spec{
      m.event_source_arn,
      env_->region,
      env_->mapping.stream_id,
      b.recs,
      lo,
      hi,
      WindowFor(hi > lo ? (*b.recs)[lo].created_ms : 0, final_window)};
  if (hi > lo) {
    absl::MutexLock lock(&mu_);
    iterator_age_ms_ = std::max<int64_t>(0, now - (*b.recs)[hi - 1].created_ms);
  }
  FunctionEvent event =
      FunctionEventInternal::FromSource(StreamBatchSource(std::move(spec)));
  CurrentMappingUuid() = &m.uuid;
  o.result = fn->Invoke(event, ctx, nullptr);
  CurrentMappingUuid() = nullptr;
  o.finished_ms = env_->clock->NowMillis();
  last_finished_ms_ = o.finished_ms;
  if (o.finished_ms > ctx.deadline_ms) {
    o.result = FunctionResult::Error(
        "Sandbox.Timedout",
        absl::StrFormat("Task timed out after %.2f seconds",
                        static_cast<double>(fn->timeout_ms()) / 1000.0));
  }
  Json body;
  if (!o.result.function_error && !o.result.payload.empty()) {
    body = Json::parse(o.result.payload, nullptr, /*allow_exceptions=*/false);
    if (body.is_object() && body.contains("state")) {
      o.state_json = body["state"].dump();
    }
  }
  if (o.result.function_error) {
    o.kind = Outcome::kFailure;
  } else if (m.config.report_batch_item_failures && hi > lo) {
    std::optional<size_t> f = FailedIndex(body, *b.recs, lo, hi);
    if (!f.has_value()) {
      o.kind = Outcome::kFailure;
    } else if (*f < hi) {
      o.kind = Outcome::kPartial;
      o.failed_index = *f;
    }
  }
  absl::MutexLock lock(&mu_);
  MappingMetrics& c = state_.counts;
  ++c.invocations;
  c.invoked_event_count += hi - lo;
  if (o.kind != Outcome::kSuccess) c.failed_invoke_event_count += hi - lo;
  return o;
}

void Lane::ProcessBatch(const std::shared_ptr<Function>& fn, Batch& b) {
  const EventSourceMappingConfig& c = env_->mapping.mapping.config;
  {
    absl::MutexLock lock(&mu_);
    state_.counts.polled_event_count += b.polled;
    state_.counts.filtered_out_event_count += b.filtered;
  }
  std::deque<std::pair<size_t, size_t>> ranges = {{0, b.recs->size()}};
  int attempts = 0;  // failures of the front range that use up retries
  int invokes = 0;   // invocations of the front range
  while (!ranges.empty() && !stopping()) {
    auto [lo, hi] = ranges.front();
    Outcome o = InvokeRange(fn, b, lo, hi, /*final_window=*/false);
    ++invokes;
    if (o.kind == Outcome::kSuccess) {
      SetResult("OK");
      ranges.pop_front();
      if (c.tumbling_window_in_seconds > 0) {
        std::optional<TumblingWindow> w =
            WindowFor((*b.recs)[lo].created_ms, false);
        absl::MutexLock lock(&mu_);
        state_.window_start_ms = w->start_ms;
        state_.window_end_ms = w->end_ms;
        state_.window_state = o.state_json.value_or("{}");
      }
      Checkpoint(ranges.empty() ? b.end : b.NextAfter(ranges.front().first));
      attempts = invokes = 0;
      continue;
    }
    SetResult(absl::StrCat("PROBLEM: Function call failed: ",
                           o.result.error_type.empty() ? "batchItemFailures"
                                                       : o.result.error_type));
    bool use_retry = true;
    if (o.kind == Outcome::kPartial && o.failed_index > lo) {
      ranges.front().first = o.failed_index;
      Checkpoint(b.NextAfter(o.failed_index));
      use_retry = !c.bisect_batch_on_function_error;
    } else if (o.kind == Outcome::kFailure &&
               c.bisect_batch_on_function_error && hi - lo > 1) {
      size_t mid = lo + (hi - lo) / 2;
      ranges.pop_front();
      ranges.push_front({mid, hi});
      ranges.push_front({lo, mid});
      use_retry = false;
    }
    if (!use_retry) continue;
    ++attempts;
    auto [flo, fhi] = ranges.front();
    const char* condition = nullptr;
    int64_t age_limit = AgeLimitMs();
    if (c.maximum_retry_attempts >= 0 && attempts > c.maximum_retry_attempts) {
      condition = "RetryAttemptsExhausted";
    } else if (age_limit >= 0 &&
               o.finished_ms - (*b.recs)[flo].created_ms > age_limit) {
      condition = "RecordAgeExceeded";
    }
    if (condition != nullptr) {
      while (!GiveUp(b, flo, fhi, o, invokes, condition) && !stopping()) {
        WaitUntil(env_->clock->NowMillis() + kBackoffBaseMs, pokes());
      }
      if (stopping()) return;
      ranges.pop_front();
      Checkpoint(ranges.empty() ? b.end : b.NextAfter(ranges.front().first));
      attempts = invokes = 0;
      continue;
    }
    int64_t deadline = o.finished_ms + BackoffMs(attempts);
    while (!stopping() && env_->clock->NowMillis() < deadline) {
      WaitUntil(deadline, pokes());
    }
  }
}

bool Lane::GiveUp(const Batch& b, size_t lo, size_t hi, const Outcome& o,
                  int invokes, const char* condition) {
  const EventSourceMapping& m = env_->mapping.mapping;
  const std::string& dest = m.config.on_failure_destination;
  uint64_t n = hi - lo;
  if (!dest.empty()) {
    const RawRecords& recs = *b.recs;
    Json records = Json::array();
    std::vector<std::pair<uint64_t, std::string_view>> raw;
    for (size_t i = lo; i < hi; ++i) {
      records.push_back(LambdaRecordJson(*env_, recs[i].seq, recs[i].value));
      raw.emplace_back(recs[i].seq, recs[i].value);
    }
    Json response = {{"statusCode", 200}, {"executedVersion", "$LATEST"}};
    if (o.result.function_error) response["functionError"] = "Unhandled";
    Json failure = {
        {"requestContext",
         {{"requestId", o.request_id},
          {"functionArn", env_->functions->FunctionArn(m.function_name)},
          {"condition", condition},
          {"approximateInvokeCount", invokes}}},
        {"responseContext", std::move(response)},
        {"version", "1.0"},
        {"timestamp", IsoTime(env_->clock->NowMillis())},
        {"DDBStreamBatchInfo",
         {{"shardId", ShardIdOf(recs[lo].seq)},
          {"startSequenceNumber", SequenceToString(recs[lo].seq)},
          {"endSequenceNumber", SequenceToString(recs[hi - 1].seq)},
          {"approximateArrivalOfFirstRecord", IsoTime(recs[lo].created_ms)},
          {"approximateArrivalOfLastRecord", IsoTime(recs[hi - 1].created_ms)},
          {"batchSize", n},
          {"streamArn", m.event_source_arn}}},
        {"Records", std::move(records)}};
    absl::StatusOr<std::string> id = env_->failures->Put(
        dest, m.uuid, m.function_name, env_->mapping.stream_id,
        m.event_source_arn, failure.dump(), raw);
    if (!id.ok()) {
      SetResult(absl::StrCat("PROBLEM: on-failure destination write failed: ",
                             id.status().ToString()));
      return false;
    }
  }
  absl::MutexLock lock(&mu_);
  if (dest.empty()) {
    state_.counts.dropped_event_count += n;
  } else {
    state_.counts.on_failure_destination_delivered_event_count += n;
  }
  return true;
}

bool Lane::FinalWindowInvoke(const std::shared_ptr<Function>& fn) {
  Batch empty;
  empty.recs = std::make_shared<RawRecords>();
  int attempts = 0;
  const int max_retries = env_->mapping.mapping.config.maximum_retry_attempts;
  while (!stopping()) {
    Outcome o = InvokeRange(fn, empty, 0, 0, /*final_window=*/true);
    bool ok = o.kind == Outcome::kSuccess;
    ++attempts;
    if (ok || (max_retries >= 0 && attempts > max_retries)) {
      SetResult(ok ? "OK" : "PROBLEM: final window invocation failed");
      uint64_t next;
      {
        absl::MutexLock lock(&mu_);
        state_.window_start_ms = state_.window_end_ms = 0;
        state_.window_state = "{}";
        next = state_.next_seq;
      }
      Checkpoint(next);
      return ok;
    }
    int64_t deadline = o.finished_ms + BackoffMs(attempts);
    while (!stopping() && env_->clock->NowMillis() < deadline) {
      WaitUntil(deadline, pokes());
    }
  }
  return false;
}

}  // namespace eddy::cdc

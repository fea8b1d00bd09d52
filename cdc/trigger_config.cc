// Copyright (c) Eddy authors.

#include "cdc/trigger_config.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "cdc/event_filter.h"
#include "engine/errors.h"
#include "engine/strings.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc {
namespace {

using Json = nlohmann::json;

absl::Status Range(std::string_view field, int value, int lo, int hi) {
  if (value >= lo && value <= hi) return absl::OkStatus();
  return engine::ValidationError(
      absl::StrCat("1 validation error detected: Value '", value, "' at '",
                   engine::Sv(field), "' failed to satisfy constraint: ",
                   "Member must have value between ", lo, " and ", hi));
}

}  // namespace

std::string MappingKey(std::string_view uuid) {
  return absl::StrCat(engine::Sv(kMappingKeyPrefix), engine::Sv(uuid));
}

absl::Status ValidateConfig(const EventSourceMappingConfig& c) {
  absl::Status s = Range("BatchSize", c.batch_size, 1, 10000);
  if (s.ok()) {
    s = Range("MaximumBatchingWindowInSeconds",
              c.maximum_batching_window_in_seconds, 0, 300);
  }
  if (s.ok()) {
    s = Range("MaximumRetryAttempts", c.maximum_retry_attempts, -1, 10000);
  }
  if (s.ok() && c.maximum_record_age_in_seconds != -1) {
    s = Range("MaximumRecordAgeInSeconds", c.maximum_record_age_in_seconds, 60,
              604800);
  }
  if (s.ok()) {
    s = Range("ParallelizationFactor", c.parallelization_factor, 1, 10);
  }
  if (s.ok()) {
    s = Range("TumblingWindowInSeconds", c.tumbling_window_in_seconds, 0, 900);
  }
  if (s.ok() && c.filters.size() > 10) {
    s = engine::ValidationError(
        "FilterCriteria.Filters: at most 10 filters are allowed");
  }
  if (s.ok()) s = EventFilter::Compile(c.filters).status();
  return s;
}

void ApplyUpdate(const UpdateEventSourceMappingRequest& u,
                 EventSourceMappingConfig* c) {
  if (u.batch_size) c->batch_size = *u.batch_size;
  if (u.maximum_batching_window_in_seconds) {
    c->maximum_batching_window_in_seconds =
        *u.maximum_batching_window_in_seconds;
  }
  if (u.maximum_retry_attempts) {
    c->maximum_retry_attempts = *u.maximum_retry_attempts;
  }
  if (u.maximum_record_age_in_seconds) {
    c->maximum_record_age_in_seconds = *u.maximum_record_age_in_seconds;
  }
  if (u.bisect_batch_on_function_error) {
    c->bisect_batch_on_function_error = *u.bisect_batch_on_function_error;
  }
  if (u.parallelization_factor) {
    c->parallelization_factor = *u.parallelization_factor;
  }
  if (u.report_batch_item_failures) {
    c->report_batch_item_failures = *u.report_batch_item_failures;
  }
  if (u.filters) c->filters = *u.filters;
  if (u.on_failure_destination) {
    c->on_failure_destination = *u.on_failure_destination;
  }
  if (u.tumbling_window_in_seconds) {
    c->tumbling_window_in_seconds = *u.tumbling_window_in_seconds;
  }
  if (u.enabled) c->enabled = *u.enabled;
}

std::string EncodeMapping(const StoredMapping& stored) {
  const EventSourceMapping& m = stored.mapping;
  const EventSourceMappingConfig& c = m.config;
  Json filters = Json::array();
  for (const Filter& f : c.filters) filters.push_back(f.pattern);
  Json j = {
      {"uuid", m.uuid},
      {"event_source_arn", m.event_source_arn},
      {"stream_id", stored.stream_id},
      {"function_name", m.function_name},
      {"starting_position", static_cast<int>(m.starting_position)},
      {"starting_position_timestamp_ms", m.starting_position_timestamp_ms},
      {"batch_size", c.batch_size},
      {"maximum_batching_window_in_seconds",
       c.maximum_batching_window_in_seconds},
      {"maximum_retry_attempts", c.maximum_retry_attempts},
      {"maximum_record_age_in_seconds", c.maximum_record_age_in_seconds},
      {"bisect_batch_on_function_error", c.bisect_batch_on_function_error},
      {"parallelization_factor", c.parallelization_factor},
      {"report_batch_item_failures", c.report_batch_item_failures},
      {"filters", std::move(filters)},
      {"on_failure_destination", c.on_failure_destination},
      {"tumbling_window_in_seconds", c.tumbling_window_in_seconds},
      {"enabled", c.enabled},
      {"state_transition_reason", m.state_transition_reason},
      {"last_modified_ms", m.last_modified_ms},
  };
  return j.dump();
}

absl::StatusOr<StoredMapping> DecodeMapping(std::string_view text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("uuid")) {
    return absl::DataLossError("corrupt event source mapping entry");
  }
  try {
    StoredMapping out;
    EventSourceMapping& m = out.mapping;
    EventSourceMappingConfig& c = m.config;
    EventSourceMappingConfig d;  // defaults
    m.uuid = j.at("uuid").get<std::string>();
    m.event_source_arn = j.value("event_source_arn", "");
    out.stream_id = j.value("stream_id", 0u);
    m.function_name = j.value("function_name", "");
    m.starting_position =
        static_cast<StartingPosition>(j.value("starting_position", 1));
    m.starting_position_timestamp_ms =
        j.value("starting_position_timestamp_ms", int64_t{0});
    c.batch_size = j.value("batch_size", d.batch_size);
    c.maximum_batching_window_in_seconds =
        j.value("maximum_batching_window_in_seconds",
                d.maximum_batching_window_in_seconds);
    c.maximum_retry_attempts =
        j.value("maximum_retry_attempts", d.maximum_retry_attempts);
    c.maximum_record_age_in_seconds = j.value("maximum_record_age_in_seconds",
                                              d.maximum_record_age_in_seconds);
    c.bisect_batch_on_function_error =
        j.value("bisect_batch_on_function_error", false);
    c.parallelization_factor = j.value("parallelization_factor", 1);
    c.report_batch_item_failures = j.value("report_batch_item_failures", false);
    for (const Json& f : j.value("filters", Json::array())) {
      c.filters.push_back(Filter{f.get<std::string>()});
    }
    c.on_failure_destination = j.value("on_failure_destination", "");
    c.tumbling_window_in_seconds = j.value("tumbling_window_in_seconds", 0);
    c.enabled = j.value("enabled", true);
    m.state_transition_reason = j.value("state_transition_reason", "");
    m.last_modified_ms = j.value("last_modified_ms", int64_t{0});
    m.state = c.enabled ? MappingState::kEnabled : MappingState::kDisabled;
    return out;
  } catch (const Json::exception& e) {
    return absl::DataLossError(
        absl::StrCat("corrupt event source mapping entry: ", e.what()));
  }
}

std::string NewUuid() {
  static absl::Mutex mu(absl::kConstInit);
  static std::mt19937_64* gen = nullptr;
  uint64_t hi, lo;
  {
    absl::MutexLock lock(&mu);
    if (gen == nullptr) gen = new std::mt19937_64(std::random_device{}());
    hi = (*gen)();
    lo = (*gen)();
  }
  hi = (hi & ~uint64_t{0xF000}) | 0x4000;                      // version 4
  lo = (lo & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);  // variant
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", hi >> 32,
                         (hi >> 16) & 0xFFFF, hi & 0xFFFF, lo >> 48,
                         lo & 0xFFFFFFFFFFFFull);
}

std::string_view MappingStateNameImpl(MappingState state) {
  switch (state) {
    case MappingState::kCreating:
      return "Creating";
    case MappingState::kEnabled:
      return "Enabled";
    case MappingState::kDisabled:
      return "Disabled";
    case MappingState::kUpdating:
      return "Updating";
    case MappingState::kDeleting:
      return "Deleting";
  }
  return "Unknown";
}

}  // namespace eddy::cdc

namespace eddy {
std::string_view MappingStateName(MappingState state) {
  return cdc::MappingStateNameImpl(state);
}
}  // namespace eddy

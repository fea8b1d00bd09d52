// Copyright (c) Eddy authors.
//
// Lambda's event source mapping operations: Create, Get, List, Update,
// Delete.

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/server/errors.h"
#include "api/server/lambda_protocol.h"
#include "nlohmann/json.hpp"

namespace eddy::server {
namespace {

using Json = nlohmann::json;

HttpResponse Ok(const Json& body, int status) {
  return JsonResponse("application/json",
                      body.dump(-1, ' ', false, Json::error_handler_t::replace),
                      status);
}

HttpResponse Invalid(const std::string& message) {
  return LambdaError("InvalidParameterValueException", message, 400);
}

std::string StartingPositionName(StartingPosition position) {
  switch (position) {
    case StartingPosition::kTrimHorizon:
      return "TRIM_HORIZON";
    case StartingPosition::kLatest:
      return "LATEST";
    case StartingPosition::kAtTimestamp:
      return "AT_TIMESTAMP";
  }
  return "LATEST";
}

Json MappingToWire(const EventSourceMapping& m) {
  const EventSourceMappingConfig& c = m.config;
  Json filters = Json::array();
  for (const Filter& filter : c.filters) {
    filters.push_back({{"Pattern", filter.pattern}});
  }
  Json out = {
      {"UUID", m.uuid},
      {"StartingPosition", StartingPositionName(m.starting_position)},
      {"BatchSize", c.batch_size},
      {"MaximumBatchingWindowInSeconds", c.maximum_batching_window_in_seconds},
      {"ParallelizationFactor", c.parallelization_factor},
      {"EventSourceArn", m.event_source_arn},
      {"FunctionArn", m.function_arn},
      {"LastModified", static_cast<double>(m.last_modified_ms) / 1000},
      {"LastProcessingResult", m.last_processing_result},
      {"State", std::string(MappingStateName(m.state))},
      {"StateTransitionReason", m.state_transition_reason},
      {"DestinationConfig", {{"OnFailure", Json::object()}}},
      {"MaximumRecordAgeInSeconds", c.maximum_record_age_in_seconds},
      {"BisectBatchOnFunctionError", c.bisect_batch_on_function_error},
      {"MaximumRetryAttempts", c.maximum_retry_attempts},
      {"TumblingWindowInSeconds", c.tumbling_window_in_seconds},
      {"FunctionResponseTypes", Json::array()}};
  if (!c.on_failure_destination.empty()) {
    out["DestinationConfig"]["OnFailure"]["Destination"] =
        c.on_failure_destination;
  }
  if (c.report_batch_item_failures) {
    out["FunctionResponseTypes"].push_back("ReportBatchItemFailures");
  }
  if (!filters.empty()) out["FilterCriteria"] = {{"Filters", filters}};
  if (m.starting_position == StartingPosition::kAtTimestamp) {
    out["StartingPositionTimestamp"] =
        static_cast<double>(m.starting_position_timestamp_ms) / 1000;
  }
  return out;
}

HttpResponse MappingResponse(const absl::StatusOr<EventSourceMapping>& m,
                             int status) {
  if (!m.ok()) return LambdaError(m.status());
  return Ok(MappingToWire(*m), status);
}

template <typename T>
void Optional(const Json& body, const char* field, std::optional<T>* out) {
  if (body.contains(field)) *out = body[field].get<T>();
}

// The optional fields shared by Create and Update.
struct ConfigFields {
  std::optional<int> batch_size, window_s, retries, record_age_s,
      parallelization, tumbling_s;
  std::optional<bool> bisect, report_failures, enabled;
  std::optional<std::vector<Filter>> filters;
  std::optional<std::string> destination;
};

ConfigFields ParseConfig(const Json& body) {
  ConfigFields f;
  Optional(body, "BatchSize", &f.batch_size);
  Optional(body, "MaximumBatchingWindowInSeconds", &f.window_s);
  Optional(body, "MaximumRetryAttempts", &f.retries);
  Optional(body, "MaximumRecordAgeInSeconds", &f.record_age_s);
  Optional(body, "ParallelizationFactor", &f.parallelization);
  Optional(body, "TumblingWindowInSeconds", &f.tumbling_s);
  Optional(body, "BisectBatchOnFunctionError", &f.bisect);
  Optional(body, "Enabled", &f.enabled);
  if (body.contains("FunctionResponseTypes")) {
    f.report_failures = false;
    for (const Json& type : body["FunctionResponseTypes"]) {
      if (type.get<std::string>() == "ReportBatchItemFailures") {
        f.report_failures = true;
      }
    }
  }
  if (body.contains("FilterCriteria")) {
    f.filters.emplace();
    for (const Json& filter :
         body["FilterCriteria"].value("Filters", Json::array())) {
      f.filters->push_back(Filter{filter.at("Pattern").get<std::string>()});
    }
  }
  if (body.contains("DestinationConfig")) {
    f.destination = body["DestinationConfig"]
                        .value("OnFailure", Json::object())
                        .value("Destination", "");
  }
  return f;
}

HttpResponse Create(Database& db, const Json& body) {
  CreateEventSourceMappingRequest create;
  create.event_source_arn = body.at("EventSourceArn").get<std::string>();
  create.function_name = body.at("FunctionName").get<std::string>();
  const size_t at = create.function_name.rfind(":function:");
  if (at != std::string::npos) {
    create.function_name = create.function_name.substr(at + 10);
  }
  const std::string position = body.value("StartingPosition", "");
  if (position == "TRIM_HORIZON") {
    create.starting_position = StartingPosition::kTrimHorizon;
  } else if (position == "LATEST") {
    create.starting_position = StartingPosition::kLatest;
  } else if (position == "AT_TIMESTAMP") {
    create.starting_position = StartingPosition::kAtTimestamp;
    create.starting_position_timestamp_ms = static_cast<int64_t>(
        body.value("StartingPositionTimestamp", 0.0) * 1000);
  } else {
    return Invalid(
        "1 validation error detected: Value at 'startingPosition' failed to "
        "satisfy constraint: Member must satisfy enum value set: "
        "[TRIM_HORIZON, LATEST, AT_TIMESTAMP]");
  }
  ConfigFields f = ParseConfig(body);
  EventSourceMappingConfig& c = create.config;
  c.batch_size = f.batch_size.value_or(c.batch_size);
  c.maximum_batching_window_in_seconds =
      f.window_s.value_or(c.maximum_batching_window_in_seconds);
  c.maximum_retry_attempts = f.retries.value_or(c.maximum_retry_attempts);
  c.maximum_record_age_in_seconds =
      f.record_age_s.value_or(c.maximum_record_age_in_seconds);
  c.parallelization_factor =
      f.parallelization.value_or(c.parallelization_factor);
  c.tumbling_window_in_seconds =
      f.tumbling_s.value_or(c.tumbling_window_in_seconds);
  c.bisect_batch_on_function_error =
      f.bisect.value_or(c.bisect_batch_on_function_error);
  c.report_batch_item_failures =
      f.report_failures.value_or(c.report_batch_item_failures);
  c.enabled = f.enabled.value_or(true);
  if (f.filters) c.filters = *f.filters;
  if (f.destination) c.on_failure_destination = *f.destination;
  return MappingResponse(db.CreateEventSourceMapping(create), 202);
}

HttpResponse Update(Database& db, const std::string& uuid, const Json& body) {
  UpdateEventSourceMappingRequest update{.uuid = uuid};
  Optional(body, "FunctionName", &update.function_name);
  ConfigFields f = ParseConfig(body);
  update.batch_size = f.batch_size;
  update.maximum_batching_window_in_seconds = f.window_s;
  update.maximum_retry_attempts = f.retries;
  update.maximum_record_age_in_seconds = f.record_age_s;
  update.parallelization_factor = f.parallelization;
  update.tumbling_window_in_seconds = f.tumbling_s;
  update.bisect_batch_on_function_error = f.bisect;
  update.report_batch_item_failures = f.report_failures;
  update.enabled = f.enabled;
  update.filters = f.filters;
  update.on_failure_destination = f.destination;
  return MappingResponse(db.UpdateEventSourceMapping(update), 202);
}

HttpResponse List(Database& db, const LambdaCall& call) {
  ListEventSourceMappingsRequest list;
  auto param = [&](const char* key) {
    auto it = call.query.find(key);
    return it == call.query.end() ? std::string() : it->second;
  };
  list.event_source_arn = param("EventSourceArn");
  list.function_name = param("FunctionName");
  list.marker = param("Marker");
  if (!param("MaxItems").empty()) {
    try {
      list.max_items = std::stoi(param("MaxItems"));
    } catch (const std::exception&) {
      return Invalid("MaxItems must be a number");
    }
  }
  absl::StatusOr<ListEventSourceMappingsResult> result =
      db.ListEventSourceMappings(list);
  if (!result.ok()) return LambdaError(result.status());
  Json mappings = Json::array();
  for (const EventSourceMapping& m : result->mappings) {
    mappings.push_back(MappingToWire(m));
  }
  Json out = {{"EventSourceMappings", std::move(mappings)}};
  if (result->next_marker) out["NextMarker"] = *result->next_marker;
  return Ok(out, 200);
}

}  // namespace

HttpResponse LambdaMappings(Database& db, const LambdaCall& call) {
  const std::string& method = call.request->method;
  const std::vector<std::string>& s = call.segments;
  auto body = [&] {
    return call.request->body.empty() ? Json::object()
                                      : Json::parse(call.request->body);
  };
  if (s.size() == 1) {
    if (method == "POST") return Create(db, body());
    if (method == "GET") return List(db, call);
  } else if (s.size() == 2) {
    if (method == "GET") {
      return MappingResponse(db.GetEventSourceMapping(s[1]), 200);
    }
    if (method == "PUT") return Update(db, s[1], body());
    if (method == "DELETE") {
      return MappingResponse(db.DeleteEventSourceMapping(s[1]), 202);
    }
  }
  return LambdaError("UnknownOperationException", "Unknown operation", 404);
}

}  // namespace eddy::server

// Copyright (c) Eddy authors.

#include "api/server/logs_protocol.h"

#include <string>
#include <utility>

namespace eddy::server {
namespace {

std::optional<int64_t> OptionalTime(const Json& request, const char* field) {
  if (!request.contains(field) || request[field].is_null()) return std::nullopt;
  return request[field].get<int64_t>();
}

absl::StatusOr<Json> DescribeLogGroups(Database& db, const Json& request) {
  DescribeLogGroupsRequest describe;
  describe.log_group_name_prefix = StringField(request, "logGroupNamePrefix");
  describe.next_token = StringField(request, "nextToken");
  describe.limit = request.value("limit", 50);
  absl::StatusOr<DescribeLogGroupsResult> result =
      db.DescribeLogGroups(describe);
  if (!result.ok()) return result.status();
  Json groups = Json::array();
  for (const LogGroup& group : result->log_groups) {
    Json out = {{"logGroupName", group.log_group_name},
                {"creationTime", group.creation_time_ms},
                {"metricFilterCount", 0},
                {"arn", group.arn},
                {"storedBytes", group.stored_bytes}};
    if (group.retention_in_days) {
      out["retentionInDays"] = *group.retention_in_days;
    }
    groups.push_back(std::move(out));
  }
  Json out = {{"logGroups", std::move(groups)}};
  if (result->next_token) out["nextToken"] = *result->next_token;
  return out;
}

absl::StatusOr<Json> DescribeLogStreams(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "logGroupName"); !s.ok()) return s;
  DescribeLogStreamsRequest describe;
  describe.log_group_name = StringField(request, "logGroupName");
  describe.log_stream_name_prefix = StringField(request, "logStreamNamePrefix");
  describe.order_by_last_event_time =
      StringField(request, "orderBy") == "LastEventTime";
  describe.descending = request.value("descending", false);
  describe.next_token = StringField(request, "nextToken");
  describe.limit = request.value("limit", 50);
  absl::StatusOr<DescribeLogStreamsResult> result =
      db.DescribeLogStreams(describe);
  if (!result.ok()) return result.status();
  Json streams = Json::array();
  for (const LogStream& s : result->log_streams) {
    streams.push_back({{"logStreamName", s.log_stream_name},
                       {"creationTime", s.creation_time_ms},
                       {"firstEventTimestamp", s.first_event_timestamp_ms},
                       {"lastEventTimestamp", s.last_event_timestamp_ms},
                       {"lastIngestionTime", s.last_ingestion_time_ms},
                       {"arn", s.arn},
                       {"storedBytes", s.stored_bytes}});
  }
  Json out = {{"logStreams", std::move(streams)}};
  if (result->next_token) out["nextToken"] = *result->next_token;
  return out;
}

absl::StatusOr<Json> GetLogEvents(Database& db, const Json& request) {
  for (const char* field : {"logGroupName", "logStreamName"}) {
    if (absl::Status s = RequireField(request, field); !s.ok()) return s;
  }
  GetLogEventsRequest get;
  get.log_group_name = StringField(request, "logGroupName");
  get.log_stream_name = StringField(request, "logStreamName");
  get.start_time_ms = OptionalTime(request, "startTime");
  get.end_time_ms = OptionalTime(request, "endTime");
  get.next_token = StringField(request, "nextToken");
  get.limit = request.value("limit", 10000);
  get.start_from_head = request.value("startFromHead", false);
  absl::StatusOr<GetLogEventsResult> result = db.GetLogEvents(get);
  if (!result.ok()) return result.status();
  Json events = Json::array();
  for (const LogEvent& e : result->events) {
    events.push_back({{"timestamp", e.timestamp_ms},
                      {"message", e.message},
                      {"ingestionTime", e.ingestion_time_ms}});
  }
  return Json{{"events", std::move(events)},
              {"nextForwardToken", result->next_forward_token},
              {"nextBackwardToken", result->next_backward_token}};
}

absl::StatusOr<Json> FilterLogEvents(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "logGroupName"); !s.ok()) return s;
  FilterLogEventsRequest filter;
  filter.log_group_name = StringField(request, "logGroupName");
  if (request.contains("logStreamNames")) {
    filter.log_stream_names =
        request["logStreamNames"].get<std::vector<std::string>>();
  }
  filter.log_stream_name_prefix = StringField(request, "logStreamNamePrefix");
  filter.start_time_ms = OptionalTime(request, "startTime");
  filter.end_time_ms = OptionalTime(request, "endTime");
  filter.filter_pattern = StringField(request, "filterPattern");
  filter.next_token = StringField(request, "nextToken");
  filter.limit = request.value("limit", 10000);
  absl::StatusOr<FilterLogEventsResult> result = db.FilterLogEvents(filter);
  if (!result.ok()) return result.status();
  Json events = Json::array();
  for (const LogEvent& e : result->events) {
    events.push_back({{"logStreamName", e.log_stream_name},
                      {"timestamp", e.timestamp_ms},
                      {"message", e.message},
                      {"ingestionTime", e.ingestion_time_ms},
                      {"eventId", e.event_id}});
  }
  Json out = {{"events", std::move(events)},
              {"searchedLogStreams", Json::array()}};
  if (result->next_token) out["nextToken"] = *result->next_token;
  return out;
}

absl::StatusOr<Json> PutRetentionPolicy(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "logGroupName"); !s.ok()) return s;
  if (absl::Status s = RequireField(request, "retentionInDays"); !s.ok()) {
    return s;
  }
  if (!request["retentionInDays"].is_number_integer()) {
    return absl::InvalidArgumentError("retentionInDays must be an integer");
  }
  absl::Status s = db.PutRetentionPolicy(StringField(request, "logGroupName"),
                                         request["retentionInDays"].get<int>());
  if (!s.ok()) return s;
  return Json::object();
}

absl::StatusOr<Json> DeleteRetentionPolicy(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "logGroupName"); !s.ok()) return s;
  absl::Status s =
      db.DeleteRetentionPolicy(StringField(request, "logGroupName"));
  if (!s.ok()) return s;
  return Json::object();
}

}  // namespace

JsonOperation FindLogsOperation(std::string_view name) {
  if (name == "DescribeLogGroups") return &DescribeLogGroups;
  if (name == "DescribeLogStreams") return &DescribeLogStreams;
  if (name == "GetLogEvents") return &GetLogEvents;
  if (name == "FilterLogEvents") return &FilterLogEvents;
  if (name == "PutRetentionPolicy") return &PutRetentionPolicy;
  if (name == "DeleteRetentionPolicy") return &DeleteRetentionPolicy;
  return nullptr;
}

}  // namespace eddy::server

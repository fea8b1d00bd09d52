// Copyright (c) Eddy authors.
//
// Function logs, in the shape of CloudWatch Logs: each out-of-process
// function has a log group "/aws/lambda/<function name>" with one log stream
// per worker process ("YYYY/MM/DD/[$LATEST]<32 hex>"). Every line a handler
// prints to stdout or stderr is an event, framed per invocation by
// "START RequestId: <id> Version: $LATEST", "END RequestId: <id>" and
// "REPORT RequestId: <id>\tDuration: … ms\tBilled Duration: … ms\t"
// "Memory Size: … MB\tMax Memory Used: … MB" (plus "Init Duration" on a cold
// start). Events are stored durably in the Database and removed after the
// group's retention.

#ifndef EDDY_LOGS_H_
#define EDDY_LOGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eddy {

struct LogEvent {
  std::string log_stream_name;
  int64_t timestamp_ms = 0;  // when the line was printed
  int64_t ingestion_time_ms = 0;
  std::string message;  // one line, without its newline
  std::string event_id;
};

struct LogGroup {
  std::string log_group_name;
  std::string arn;
  int64_t creation_time_ms = 0;
  std::optional<int> retention_in_days;  // unset = never expire
  int64_t stored_bytes = 0;
};

struct LogStream {
  std::string log_stream_name;
  std::string arn;
  int64_t creation_time_ms = 0;
  int64_t first_event_timestamp_ms = 0;
  int64_t last_event_timestamp_ms = 0;
  int64_t last_ingestion_time_ms = 0;
  int64_t stored_bytes = 0;
};

struct DescribeLogGroupsRequest {
  std::string log_group_name_prefix;
  std::string next_token;
  int limit = 50;  // 1..50
};
struct DescribeLogGroupsResult {
  std::vector<LogGroup> log_groups;  // by name
  std::optional<std::string> next_token;
};

struct DescribeLogStreamsRequest {
  std::string log_group_name;
  std::string log_stream_name_prefix;
  bool order_by_last_event_time = false;  // else by name
  bool descending = false;
  std::string next_token;
  int limit = 50;  // 1..50
};
struct DescribeLogStreamsResult {
  std::vector<LogStream> log_streams;
  std::optional<std::string> next_token;
};

struct GetLogEventsRequest {
  std::string log_group_name;
  std::string log_stream_name;
  std::optional<int64_t> start_time_ms;  // inclusive
  std::optional<int64_t> end_time_ms;    // exclusive
  std::string next_token;                // a forward or backward token
  int limit = 10000;                     // 1..10000
  bool start_from_head = false;
};
struct GetLogEventsResult {
  std::vector<LogEvent> events;  // oldest first
  std::string next_forward_token;
  std::string next_backward_token;
};

struct FilterLogEventsRequest {
  std::string log_group_name;
  std::vector<std::string> log_stream_names;  // empty = all
  std::string log_stream_name_prefix;
  std::optional<int64_t> start_time_ms;
  std::optional<int64_t> end_time_ms;
  // CloudWatch filter pattern: "" (all), terms (all must appear),
  // "quoted phrase", ?term alternatives, -term exclusion.
  std::string filter_pattern;
  std::string next_token;
  int limit = 10000;  // 1..10000
};
struct FilterLogEventsResult {
  std::vector<LogEvent> events;  // by time, then stream
  std::optional<std::string> next_token;
};

}  // namespace eddy

#endif  // EDDY_LOGS_H_

// Copyright (c) Eddy authors.
//
// Triggers: event source mappings from a table's stream to a function
// (eddy/functions.h), with the semantics of AWS Lambda's DynamoDB event
// source mappings. Field names, defaults and ranges are Lambda's.
//
// Delivery guarantees:
//   - At least once. A mapping's checkpoint (every record before it is done)
//     is persisted only after its batch succeeded, was filtered out, or
//     reached the on-failure destination; after a crash the mapping resumes
//     from its checkpoint: records may be delivered again, never skipped.
//   - Order. A record of an item is delivered only after every earlier
//     record of that item succeeded (or was given up on). With
//     ParallelizationFactor > 1, records are spread over lanes by partition
//     key, so order holds per partition key.
//   - A failing batch holds back the later records of its lane until it
//     succeeds, its retries or record age run out (then it goes to the
//     on-failure destination, or is dropped and counted), or the mapping is
//     disabled.
//   - Latency: with MaximumBatchingWindowInSeconds 0 a commit wakes an idle
//     dispatcher directly. While records keep coming it polls at the cadence
//     of DatabaseOptions::trigger_poll_interval_ms (at most 4 reads a second
//     by default, as Lambda; sooner after a quick invocation), so a record
//     may wait up to one interval; 0 makes it read again as soon as each
//     invocation ends.
//   - Retention: records still undelivered to an existing mapping are kept
//     past stream_retention_ms; "until the record expires" below still means
//     a record age of stream_retention_ms, as in AWS (24 hours).

#ifndef EDDY_TRIGGERS_H_
#define EDDY_TRIGGERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eddy/streams.h"

namespace eddy {

enum class StartingPosition : uint8_t {
  kTrimHorizon,  // the oldest record in the stream
  kLatest,       // records committed after the mapping is created
  kAtTimestamp,  // beyond AWS for DynamoDB: records at or after a time
};

// One filter: an AWS event pattern (JSON), matched against each record in
// its Lambda event shape, e.g. {"eventName":["INSERT"],"dynamodb":
// {"NewImage":{"Breed":{"S":[{"prefix":"Bea"}]}}}}.
struct Filter {
  std::string pattern;
};

struct EventSourceMappingConfig {
  // Each field is Lambda's; comments give the range (kInvalidArgument naming
  // the field outside it) and the default.
  int batch_size = 100;                        // 1..10000
  int maximum_batching_window_in_seconds = 0;  // 0..300
  // -1 = retry until the record expires; 0..10000.
  int maximum_retry_attempts = -1;
  // -1 = no limit (until the record expires); 60..604800.
  int maximum_record_age_in_seconds = -1;
  bool bisect_batch_on_function_error = false;  // splits use up no retries
  int parallelization_factor = 1;               // 1..10
  // FunctionResponseTypes = ["ReportBatchItemFailures"].
  bool report_batch_item_failures = false;
  std::vector<Filter> filters;  // up to 10, ORed; none = every record
  // DestinationConfig.OnFailure.Destination: the name (any ARN-like string)
  // of a durable failure queue in this Database; "" = none.
  std::string on_failure_destination;
  int tumbling_window_in_seconds = 0;  // 0..900
  bool enabled = true;
};

struct CreateEventSourceMappingRequest {
  std::string event_source_arn;  // a stream ARN of this Database
  std::string function_name;     // need not be registered yet
  StartingPosition starting_position = StartingPosition::kLatest;
  int64_t starting_position_timestamp_ms = 0;  // kAtTimestamp
  EventSourceMappingConfig config;
};

// Lambda's states. Eddy moves through Creating/Updating/Deleting
// synchronously, so a returned mapping is Enabled or Disabled except for
// the result of Delete (Deleting).
enum class MappingState : uint8_t {
  kCreating,
  kEnabled,
  kDisabled,
  kUpdating,
  kDeleting,
};
std::string_view MappingStateName(MappingState state);  // "Enabled", ...

struct EventSourceMapping {
  std::string uuid;
  std::string event_source_arn;
  std::string function_name;
  std::string function_arn;
  StartingPosition starting_position = StartingPosition::kLatest;
  int64_t starting_position_timestamp_ms = 0;
  EventSourceMappingConfig config;
  MappingState state = MappingState::kEnabled;
  std::string state_transition_reason;  // "User action", ...
  int64_t last_modified_ms = 0;
  // "OK", "No records processed", or "PROBLEM: <reason>".
  std::string last_processing_result = "No records processed";
};

struct UpdateEventSourceMappingRequest {
  std::string uuid;
  std::optional<std::string> function_name;
  // Unset fields keep their values; `filters` replaces the list when set.
  std::optional<int> batch_size;
  std::optional<int> maximum_batching_window_in_seconds;
  std::optional<int> maximum_retry_attempts;
  std::optional<int> maximum_record_age_in_seconds;
  std::optional<bool> bisect_batch_on_function_error;
  std::optional<int> parallelization_factor;
  std::optional<bool> report_batch_item_failures;
  std::optional<std::vector<Filter>> filters;
  std::optional<std::string> on_failure_destination;
  std::optional<int> tumbling_window_in_seconds;
  std::optional<bool> enabled;
};

struct ListEventSourceMappingsRequest {
  std::string event_source_arn;  // "" = any
  std::string function_name;     // "" = any
  std::string marker;
  int max_items = 100;  // 1..10000
};
struct ListEventSourceMappingsResult {
  std::vector<EventSourceMapping> mappings;  // by uuid
  std::optional<std::string> next_marker;
};

// Counts since the mapping was created (persisted with its checkpoint, so
// they survive reopen up to the last checkpoint), AWS's names.
struct MappingMetrics {
  // Age (ms) of the newest record the mapping has handed to its function;
  // 0 when caught up.
  int64_t iterator_age_ms = 0;
  uint64_t polled_event_count = 0;        // records read from the stream
  uint64_t filtered_out_event_count = 0;  // matched no filter
  uint64_t invoked_event_count = 0;       // records in invocations
  uint64_t invocations = 0;
  uint64_t failed_invoke_event_count = 0;  // records in failed invocations
  uint64_t dropped_event_count = 0;        // given up on, no destination
  uint64_t on_failure_destination_delivered_event_count = 0;
  std::string checkpoint_sequence_number;  // first record not yet done
  // Reads of the stream by the mapping's poller since the Database opened
  // (not persisted; AWS has no such metric). A batching window gathers
  // records with a few reads, not one per commit.
  uint64_t stream_reads = 0;
};

// A batch that exhausted its retries or record age, in AWS's failure-record
// shape plus the records themselves (AWS keeps only pointers).
struct FailedBatch {
  std::string id;  // unique within its destination, in arrival order
  std::string destination;
  std::string mapping_uuid;
  // AWS's JSON: {"requestContext":{...},"responseContext":{...},
  // "version":"1.0","timestamp":..,"DDBStreamBatchInfo":{...},
  // "Records":[...]}.
  std::string json;
  std::vector<StreamRecord> records;
};

struct ListFailedBatchesRequest {
  std::string destination;
  std::string exclusive_start_id;
  int limit = 100;  // 1..1000
};
struct ListFailedBatchesResult {
  std::vector<FailedBatch> batches;  // oldest first
  std::optional<std::string> last_evaluated_id;
};

}  // namespace eddy

#endif  // EDDY_TRIGGERS_H_

// Copyright (c) Eddy authors.
//
// Event source mapping configuration: validation against Lambda's ranges,
// updates, and the persistent JSON form of a mapping.
//
// Persistent format, in the "catalog" column family (key and JSON field
// names never change):
//
//   "mapping/" <uuid> -> JSON {"uuid","event_source_arn","stream_id",
//       "function_name","starting_position" (0 TRIM_HORIZON, 1 LATEST,
//       2 AT_TIMESTAMP: eddy::StartingPosition values),
//       "starting_position_timestamp_ms","batch_size",
//       "maximum_batching_window_in_seconds","maximum_retry_attempts",
//       "maximum_record_age_in_seconds","bisect_batch_on_function_error",
//       "parallelization_factor","report_batch_item_failures",
//       "filters" ([pattern strings]),"on_failure_destination",
//       "tumbling_window_in_seconds","enabled","state_transition_reason",
//       "last_modified_ms"}
//
// Unknown fields are ignored on load, missing ones take their defaults, so
// fields may be added but never renamed or re-typed.

#ifndef EDDY_CDC_TRIGGER_CONFIG_H_
#define EDDY_CDC_TRIGGER_CONFIG_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eddy/triggers.h"

namespace eddy::cdc {

// Catalog key prefix of mappings.
inline constexpr std::string_view kMappingKeyPrefix = "mapping/";
std::string MappingKey(std::string_view uuid);

// A mapping as stored: the public description plus the stream's id.
struct StoredMapping {
  EventSourceMapping mapping;
  uint32_t stream_id = 0;
};

// OK if every field of `config` is within Lambda's range; otherwise
// kInvalidArgument (ValidationException) naming the first bad field with
// Lambda's parameter name (e.g. "BatchSize"). Filters are checked by
// compiling them (kInvalidArgument naming FilterCriteria.Filters[i]).
absl::Status ValidateConfig(const EventSourceMappingConfig& config);

// Applies the set fields of `update` to *config (not validated).
void ApplyUpdate(const UpdateEventSourceMappingRequest& update,
                 EventSourceMappingConfig* config);

// JSON text of a stored mapping, and back. kDataLoss if malformed.
std::string EncodeMapping(const StoredMapping& stored);
absl::StatusOr<StoredMapping> DecodeMapping(std::string_view json);

// A random (version 4) UUID, lowercase, 8-4-4-4-12. Thread-safe.
std::string NewUuid();

}  // namespace eddy::cdc

#endif  // EDDY_CDC_TRIGGER_CONFIG_H_

// Copyright (c) Eddy authors.
//
// FunctionRecord: an out-of-process function as the catalog stores it, its
// validation, and the Lambda environment its workers get.
//
// Catalog entry (catalog column family), one per function:
//   key   "function/<name>"
//   value JSON {"name", "runtime", "handler", "role", "description",
//               "timeout_ms", "memory_size_mb", "reserved_concurrency",
//               "environment": {name: value}, "code_size", "code_sha256",
//               "last_modified_ms", "code_revision"}
// Field names never change; readers ignore unknown fields and default
// missing ones. code_revision names the task root
// <db>/functions/code/<name>/<code_revision>/ (cdc/code_store.h).

#ifndef EDDY_CDC_FUNCTION_CONFIG_H_
#define EDDY_CDC_FUNCTION_CONFIG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "eddy/functions.h"

namespace eddy::cdc {

inline constexpr std::string_view kFunctionKeyPrefix = "function/";

// Which program runs a function's workers.
enum class RuntimeKind { kNode, kPython, kProvided };

struct FunctionRecord {
  FunctionConfiguration config;  // function_arn is filled in by the service
  int64_t code_revision = 0;
};

std::string EncodeFunctionRecord(const FunctionRecord& record);
// kDataLoss if the JSON is not a function record.
absl::StatusOr<FunctionRecord> DecodeFunctionRecord(std::string_view json);

// The runtime kind of a Runtime identifier; kInvalidArgument
// (InvalidParameterValueException) naming Runtime if unsupported.
absl::StatusOr<RuntimeKind> ParseRuntime(const std::string& runtime);

// Validates a configuration as CreateFunction would (name, runtime, handler,
// timeout, memory, reserved concurrency, environment). kInvalidArgument with
// a message naming the field.
absl::Status ValidateConfiguration(const FunctionConfiguration& config);

// Applies the set fields of an update to a configuration (no validation).
void ApplyUpdate(const UpdateFunctionConfigurationRequest& r,
                 FunctionConfiguration* config);

// The worker environment ("NAME=value"), as Lambda sets it: the user's
// variables, then _HANDLER, LAMBDA_TASK_ROOT, LAMBDA_RUNTIME_DIR, TZ=:UTC,
// AWS_REGION, AWS_DEFAULT_REGION, AWS_EXECUTION_ENV,
// AWS_LAMBDA_FUNCTION_NAME, _MEMORY_SIZE, _VERSION=$LATEST,
// AWS_LAMBDA_LOG_GROUP_NAME, PATH and LANG. (The worker adds
// AWS_LAMBDA_RUNTIME_API and AWS_LAMBDA_LOG_STREAM_NAME.)
std::vector<std::string> WorkerEnvironment(const FunctionConfiguration& config,
                                           const std::string& task_root,
                                           const std::string& runtime_dir,
                                           const std::string& region);

// "/aws/lambda/<name>".
std::string LogGroupName(const std::string& function_name);

}  // namespace eddy::cdc

#endif  // EDDY_CDC_FUNCTION_CONFIG_H_

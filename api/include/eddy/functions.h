// Copyright (c) Eddy authors.
//
// Functions: what triggers (eddy/triggers.h) deliver change records to, and
// what Database::Invoke calls directly. Two kinds share one namespace of
// names:
//
//   - in-process: a C++ callable registered on an open Database
//     (Database::RegisterFunction). Not persisted: register it again after
//     each Open. Mappings to a name that is not registered wait (nothing is
//     skipped) until it is.
//   - out-of-process: a Lambda-style handler (Node.js, Python, or any
//     executable speaking the AWS Lambda Runtime API) created with
//     Database::CreateFunction, persisted with its code in the Database
//     directory, run in warm worker processes.
//
// Callback contract for in-process handlers (FunctionHandler):
//   - Thread: called on a trigger dispatcher thread (one per mapping lane;
//     see ParallelizationFactor in eddy/triggers.h) or, for Invoke, on the
//     caller's thread. Never on a thread that holds an engine lock.
//   - Locks: none of Eddy's are held. The handler may call any Database
//     method, including writes to a streamed table (whose records it may
//     then receive: take care not to loop forever).
//   - Concurrency: calls for one mapping lane never overlap; different
//     lanes and mappings call concurrently. A handler used by several
//     mappings must be thread-safe.
//   - Slow handlers: a call that returns after its deadline
//     (InvokeContext::deadline_ms) counts as a timeout failure (its result
//     is discarded and the batch is retried as Lambda would); Eddy cannot
//     pre-empt a C++ call, so while it runs, its lane delivers nothing.
//   - Exceptions: one escaping the handler is a function error (errorType
//     "Exception" or the std::exception's what()), never a crash.
//   - Close: Database::Close waits for running handlers to return.

#ifndef EDDY_FUNCTIONS_H_
#define EDDY_FUNCTIONS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/streams.h"

namespace eddy {

namespace cdc {
class EventSource;  // internal: where a FunctionEvent's data comes from
}

// Per-invocation facts, as Lambda's context object carries them.
struct InvokeContext {
  std::string request_id;     // a UUID (awsRequestId)
  std::string function_name;  //
  int64_t deadline_ms = 0;    // clock time (Unix ms) at which it times out
};

// A tumbling window's facts (mappings with TumblingWindowInSeconds > 0).
struct TumblingWindow {
  int64_t start_ms = 0;           // window start, inclusive (Unix ms)
  int64_t end_ms = 0;             // window end, exclusive
  std::string state_json = "{}";  // state the previous invocation returned
  std::string shard_id;
  bool is_final_invoke_for_window = false;
  bool is_window_terminated_early = false;
};

// What a function receives. For a stream trigger: the Lambda DynamoDB event
// {"Records":[...]} whose records carry eventSourceARN. For a direct
// Invoke: the caller's JSON payload (no records).
//
// Records are decoded, and the JSON rendered, only when first asked for, so
// a handler that needs neither pays for neither. Thread-compatible: one
// handler call uses it at a time. Cheap to copy (shared, immutable data).
class FunctionEvent {
 public:
  // An event holding a direct-invoke payload (any JSON text; "" = null).
  explicit FunctionEvent(std::string payload_json = "");

  // Stream events: the stream ARN; "" for a direct invoke.
  const std::string& event_source_arn() const;
  // Number of records (0 for a direct invoke or a final window invoke).
  size_t record_count() const;
  // The records, oldest first, decoded on the first call.
  const std::vector<StreamRecord>& records() const;
  // Sequence number of each record, oldest first, without decoding.
  std::vector<std::string> sequence_numbers() const;
  // The whole event as JSON (the payload, for a direct invoke). Rendered on
  // the first call.
  const std::string& json() const;
  // Set for mappings with a tumbling window.
  const std::optional<TumblingWindow>& window() const;

 private:
  friend class FunctionEventInternal;
  explicit FunctionEvent(std::shared_ptr<cdc::EventSource> source);
  std::shared_ptr<cdc::EventSource> source_;
};

// What a function returns.
struct FunctionResult {
  // A function error (Lambda's X-Amz-Function-Error: Unhandled).
  bool function_error = false;
  std::string error_type;     // e.g. "Error", "Runtime.ExitError"
  std::string error_message;  //
  // The JSON the function returned ("" = null). For stream events Eddy
  // reads {"batchItemFailures":[{"itemIdentifier":"<seq>"}...]} when the
  // mapping reports batch item failures, and {"state":{...}} for tumbling
  // windows, exactly as Lambda does. For an error: Lambda's error JSON
  // {"errorType":..,"errorMessage":..,"trace":[..]} if the runtime sent one.
  std::string payload;

  static FunctionResult Success(std::string payload_json = "");
  static FunctionResult Error(std::string error_type,
                              std::string error_message);
  // {"batchItemFailures":[{"itemIdentifier":<each>}]} (and "state" if set).
  static FunctionResult BatchItemFailures(
      const std::vector<std::string>& failed_sequence_numbers,
      std::optional<std::string> state_json = std::nullopt);
};

using FunctionHandler =
    std::function<FunctionResult(const FunctionEvent&, const InvokeContext&)>;

struct InProcessFunctionOptions {
  // A call that returns after this long is a timeout failure. 1..900000.
  int64_t timeout_ms = 3000;
};

// --- Out-of-process functions (Lambda's CreateFunction and friends) ---

struct FunctionCode {
  // Exactly one of: a directory to copy, a .zip file path, zip bytes.
  std::string directory;
  std::string zip_file;
  std::string zip_bytes;
};

struct FunctionConfiguration {
  std::string function_name;  // 1..64 of [A-Za-z0-9_-]
  std::string function_arn;   // arn:aws:lambda:<region>:<account>:function:<n>
  // "nodejs*" (system node), "python3*" (system python3), "provided*"
  // (the code's own `bootstrap`).
  std::string runtime;
  std::string handler;  // "index.handler", "lambda_function.lambda_handler"
  std::string role;     // recorded, not enforced
  std::string description;
  int64_t timeout_ms = 3000;  // 1 s..900 s, whole seconds
  int memory_size_mb = 128;   // 128..10240
  // Maximum concurrent workers; -1 = unreserved (DatabaseOptions limit).
  int reserved_concurrency = -1;
  std::map<std::string, std::string> environment;
  int64_t code_size = 0;    // bytes of the deployed code
  std::string code_sha256;  // base64, as Lambda reports it
  int64_t last_modified_ms = 0;
  std::string state = "Active";
};

struct CreateFunctionRequest {
  FunctionConfiguration configuration;  // arn, code_*, last_modified ignored
  FunctionCode code;
};

struct UpdateFunctionConfigurationRequest {
  std::string function_name;
  std::optional<std::string> runtime;
  std::optional<std::string> handler;
  std::optional<std::string> role;
  std::optional<std::string> description;
  std::optional<int64_t> timeout_ms;
  std::optional<int> memory_size_mb;
  std::optional<int> reserved_concurrency;
  std::optional<std::map<std::string, std::string>> environment;
};

struct ListFunctionsRequest {
  std::string marker;  // from a previous result's next_marker
  int max_items = 50;  // 1..10000
};
struct ListFunctionsResult {
  std::vector<FunctionConfiguration> functions;  // by name
  std::optional<std::string> next_marker;
};

enum class InvocationType : uint8_t {
  kRequestResponse,  // run now, return the result
  kEvent,            // queue, run asynchronously, retry twice on error
  kDryRun,           // check the function exists and may be invoked
};

struct InvokeRequest {
  std::string function_name;
  std::string payload_json;  // "" = null
  InvocationType invocation_type = InvocationType::kRequestResponse;
  // Return the last 4 KB of the invocation's log (LogType: Tail).
  bool tail_log = false;
};
struct InvokeResult {
  int status_code = 200;  // 200 RequestResponse, 202 Event, 204 DryRun
  FunctionResult result;  // RequestResponse only
  std::string log_tail;   // tail_log: the log lines, plain text
  std::string request_id;
};

}  // namespace eddy

#endif  // EDDY_FUNCTIONS_H_

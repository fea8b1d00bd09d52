// Copyright (c) Eddy authors.
//
// RuntimeApi: the AWS Lambda Runtime API one worker process talks to.
//
// Design: one HTTP server per worker, on 127.0.0.1 and an ephemeral port
// (AWS_LAMBDA_RUNTIME_API=127.0.0.1:<port>), so a worker is identified by
// the port it connects to and an existing custom runtime works unmodified
// (the Runtime API has no worker identity of its own). Endpoints:
//
//   GET  /2018-06-01/runtime/invocation/next          long-poll: the event
//        (body) and Lambda-Runtime-Aws-Request-Id, -Deadline-Ms,
//        -Invoked-Function-Arn, -Trace-Id, -Client-Context (if any),
//        -Cognito-Identity (if any)
//   POST /2018-06-01/runtime/invocation/{id}/response -> 202
//   POST /2018-06-01/runtime/invocation/{id}/error    -> 202 (body: Lambda's
//        error JSON; header Lambda-Runtime-Function-Error-Type)
//   POST /2018-06-01/runtime/init/error               -> 202
// An unknown or stale request id is 400 InvalidRequestID; a response body
// over kResponseBytesMax is 413 and fails the invocation
// (Function.ResponseSizeTooLarge).
//
// Mailbox: the state the server threads, the worker's I/O thread and the
// invoking thread share; all fields are guarded by mu.

#ifndef EDDY_CDC_RUNTIME_API_H_
#define EDDY_CDC_RUNTIME_API_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

struct MHD_Connection;
struct MHD_Daemon;

namespace eddy::cdc {

// Lambda's synchronous response payload limit.
constexpr size_t kResponseBytesMax = 6 * 1024 * 1024;

struct Invocation {
  std::string request_id;
  std::string payload;
  std::string function_arn;
  std::string trace_id;
  int64_t deadline_ms = 0;  // Unix ms (real time: the runtime reads it)
};

// What the runtime said about an invocation (or about its init).
struct RuntimeReply {
  enum class Kind { kResponse, kError, kInitError };
  Kind kind = Kind::kResponse;
  std::string body;        // payload or error JSON
  std::string error_type;  // Lambda-Runtime-Function-Error-Type, if sent
};

struct Mailbox {
  absl::Mutex mu;
  // A GET /next is waiting (the runtime finished init or the last event).
  bool runtime_waiting ABSL_GUARDED_BY(mu) = false;
  // Posted by Invoke, not yet handed to the runtime.
  std::optional<Invocation> pending ABSL_GUARDED_BY(mu);
  // Handed to the runtime, awaiting its reply ("" = none).
  std::string current_id ABSL_GUARDED_BY(mu);
  std::optional<RuntimeReply> reply ABSL_GUARDED_BY(mu);
  std::optional<RuntimeReply> init_error ABSL_GUARDED_BY(mu);
  // Set by the I/O thread when the process has exited and been reaped.
  bool exited ABSL_GUARDED_BY(mu) = false;
  int wait_status ABSL_GUARDED_BY(mu) = 0;
  // Set at shutdown: blocked GET /next calls return 500.
  bool stopping ABSL_GUARDED_BY(mu) = false;
};

class RuntimeApi {
 public:
  // Binds 127.0.0.1:<ephemeral> and starts serving. kUnavailable if no
  // port can be bound. `mailbox` must outlive the RuntimeApi.
  static absl::StatusOr<std::unique_ptr<RuntimeApi>> Start(Mailbox* mailbox);
  // Stops serving and joins the server thread. REQUIRES: the worker
  // process is dead (its connections closed), else Stop may wait for the
  // server's keep-alive timeout.
  ~RuntimeApi();

  int port() const { return port_; }

 private:
  explicit RuntimeApi(Mailbox* mailbox);

  Mailbox* const mailbox_;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_RUNTIME_API_H_

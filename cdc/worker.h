// Copyright (c) Eddy authors.
//
// Worker: one warm process running a function's runtime, with its own
// RuntimeApi server (cdc/runtime_api.h) and log stream.
//
// Process: spawned with posix_spawn in a new process group, cwd = the task
// root, stdin /dev/null, stdout and stderr on pipes, every other descriptor
// closed (closefrom), environment as Lambda's (WorkerSpec::env plus
// AWS_LAMBDA_RUNTIME_API and AWS_LAMBDA_LOG_STREAM_NAME). An I/O thread
// reads both pipes line by line into the LogStore, and reaps the process
// when both pipes close. Killing is SIGKILL to the whole process group.
//
// Logs: the worker's stream gets the runtime's lines, and per invocation
// "START RequestId: <id> Version: $LATEST", "END RequestId: <id>" and
// "REPORT RequestId: <id>\tDuration: <d> ms\tBilled Duration: <b> ms\t"
// "Memory Size: <m> MB\tMax Memory Used: <u> MB[\tInit Duration: <i> ms]".
// Lines written before START (init output) precede it, lines the handler
// printed before replying precede END: the invoking thread drains the pipes
// under the same lock as the I/O thread before writing END.
//
// Time: the timeout and the durations in REPORT are measured in real
// (monotonic) time, even under a ManualClock, since the process runs in real
// time; log timestamps come from the Database clock.
//
// Thread-safety: Invoke is called by one thread at a time (the pool hands a
// worker to one caller); the destructor may run on any thread once no
// Invoke is running.

#ifndef EDDY_CDC_WORKER_H_
#define EDDY_CDC_WORKER_H_

#include <sys/types.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "cdc/log_store.h"
#include "cdc/runtime_api.h"
#include "eddy/clock.h"
#include "eddy/functions.h"

namespace eddy::cdc {

struct WorkerSpec {
  std::vector<std::string> argv;  // argv[0] is the executable path
  std::vector<std::string> env;   // "NAME=value"
  std::string task_root;          // cwd
  std::string function_arn;
  std::string log_group;
  int memory_size_mb = 128;
};

class Worker {
 public:
  // Bytes of log returned by LogType Tail.
  static constexpr size_t kTailBytesMax = 4096;
  // Longest line kept from a pipe; longer lines are split.
  static constexpr size_t kLineBytesMax = LogStore::kMessageBytesMax;

  // Starts the runtime API server and the process. kUnavailable if no port
  // can be bound; a process that cannot be spawned is reported by the first
  // Invoke (Runtime.InvalidEntrypoint), as Lambda does. `logs` and `clock`
  // must outlive the worker.
  static absl::StatusOr<std::unique_ptr<Worker>> Start(WorkerSpec spec,
                                                       LogStore* logs,
                                                       Clock* clock);
  // Kills the process group, joins the I/O thread, stops the server.
  ~Worker();

  // Runs one invocation, waiting at most timeout_ms for the
  // runtime's init and reply. Returns the result; a runtime error, init
  // error, crash (Runtime.ExitError) or timeout (Sandbox.Timedout) is a
  // function error, after which healthy() is false and the worker must be
  // discarded. Sets *log_tail (if non-null) to the last kTailBytesMax bytes
  // of the invocation's log lines.
  FunctionResult Invoke(const Invocation& invocation, int64_t timeout_ms,
                        std::string* log_tail);

  // SIGKILLs the process group (any thread; the running Invoke, if any,
  // then fails with Runtime.ExitError).
  void Kill() { KillGroup(); }

  bool healthy() const { return healthy_; }
  const std::string& log_stream() const { return log_stream_; }
  pid_t pid() const { return pid_; }

 private:
  Worker(WorkerSpec spec, LogStore* logs, Clock* clock);
  absl::Status Spawn();
  void IoLoop();
  // Reads what is available on both pipes and appends complete lines.
  // Returns false once both pipes are at EOF.
  bool DrainLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(io_mu_);
  void SplitLines(std::string* buf, bool eof, std::vector<LogLine>* out);
  void AppendLocked(std::vector<LogLine> lines)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(io_mu_);
  void Log(std::string line);
  void KillGroup();
  // Waits for the runtime to poll /next (init done). Returns a function
  // error if it failed instead.
  std::optional<FunctionResult> AwaitInit(const Invocation& inv,
                                          absl::Time deadline,
                                          int64_t timeout_ms);
  // Kills the process and logs "Task timed out after N.NN seconds".
  FunctionResult TimedOut(const Invocation& inv, int64_t timeout_ms);
  FunctionResult AwaitReply(const Invocation& inv, absl::Time deadline,
                            int64_t timeout_ms);
  FunctionResult ExitError(const Invocation& inv);
  int64_t MaxMemoryUsedMb() const;

  const WorkerSpec spec_;
  LogStore* const logs_;
  Clock* const clock_;
  std::string log_stream_;
  Mailbox mailbox_;
  std::unique_ptr<RuntimeApi> api_;
  pid_t pid_ = -1;
  std::string spawn_error_;  // set if posix_spawn failed
  int out_fd_ = -1, err_fd_ = -1;
  bool initialized_ = false;
  bool healthy_ = true;
  absl::Time spawned_at_;
  std::thread io_thread_;

  absl::Mutex io_mu_;
  std::string out_buf_ ABSL_GUARDED_BY(io_mu_), err_buf_
      ABSL_GUARDED_BY(io_mu_);
  bool out_eof_ ABSL_GUARDED_BY(io_mu_) = false;
  bool err_eof_ ABSL_GUARDED_BY(io_mu_) = false;
  // Lines of the running invocation, for LogType Tail (bounded).
  bool collecting_tail_ ABSL_GUARDED_BY(io_mu_) = false;
  std::deque<std::string> tail_ ABSL_GUARDED_BY(io_mu_);
  size_t tail_bytes_ ABSL_GUARDED_BY(io_mu_) = 0;
};

// A UUID v4 string (request ids).
std::string NewRequestId();

}  // namespace eddy::cdc

#endif  // EDDY_CDC_WORKER_H_

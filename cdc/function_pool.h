// Copyright (c) Eddy authors.
//
// OutOfProcessFunction: one out-of-process function as the registry hands it
// out (cdc/function.h), owning its pool of warm workers (cdc/worker.h).
//
// Pool: at most `limit` workers exist at once (the reserved concurrency, or
// the service's default when unreserved; 0 = every invocation throttled).
// An idle worker is reused (warm); with none idle and fewer than `limit`,
// a new one is started (cold: "Init Duration" in REPORT). A worker that
// failed (crash, timeout, init error) is discarded, never reused.
// Reconfigure (new code or configuration) retires every worker: idle ones
// at once, busy ones when their invocation ends.
//
// Thread-safety: thread-safe. Invoke may be called from any number of
// threads; Stop may be called once, from any thread.

#ifndef EDDY_CDC_FUNCTION_POOL_H_
#define EDDY_CDC_FUNCTION_POOL_H_

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "cdc/function.h"
#include "cdc/function_config.h"
#include "cdc/log_store.h"
#include "cdc/worker.h"

namespace eddy::cdc {

// What a pool needs to start workers.
struct WorkerFactory {
  std::string node_path;    // "" if no node on PATH
  std::string python_path;  // "" if no python3 on PATH
  std::string node_bootstrap;
  std::string python_bootstrap;
  std::string region;
  int concurrency_max = 10;  // limit for unreserved functions
  LogStore* logs = nullptr;
  Clock* clock = nullptr;
};

class OutOfProcessFunction final : public Function {
 public:
  // `task_root`: the deployed code. `factory` must outlive the function.
  OutOfProcessFunction(FunctionRecord record, std::string task_root,
                       std::string arn, const WorkerFactory* factory);
  ~OutOfProcessFunction() override;

  // Trigger path: waits (up to the function timeout) for a worker, so
  // mapping lanes share the concurrency; TooManyRequestsException (a
  // function error) if none frees up in time.
  FunctionResult Invoke(const FunctionEvent& event,
                        const InvokeContext& context,
                        std::string* log_tail) override;
  int64_t timeout_ms() const override;
  const std::string& arn() const override { return arn_; }

  // Database::Invoke path: kResourceExhausted (TooManyRequestsException) at
  // once if every worker the limit allows is busy, as Lambda throttles;
  // kNotFound if the function was deleted. Else the function's result.
  absl::StatusOr<FunctionResult> InvokeNow(const std::string& payload,
                                           const std::string& request_id,
                                           std::string* log_tail);

  FunctionRecord record() const;
  // Replaces the configuration/code; retires current workers.
  void Reconfigure(FunctionRecord record, std::string task_root);
  // Deleted or closing: kills every worker (busy ones' invocations fail
  // with Runtime.ExitError) and waits until none is left. Later invocations
  // fail with kNotFound / ResourceNotFoundException.
  void Stop();

 private:
  struct Lease {
    std::unique_ptr<Worker> worker;  // null: start one
    int64_t generation = 0;
    FunctionRecord record;
    std::string task_root;
  };
  absl::StatusOr<Lease> Acquire(bool wait, absl::Time deadline);
  void Release(Lease lease);
  FunctionResult Run(Lease* lease, const std::string& payload,
                     const std::string& request_id, std::string* log_tail);
  absl::StatusOr<WorkerSpec> Spec(const FunctionRecord& record,
                                  const std::string& task_root) const;
  int LimitLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string arn_;
  const WorkerFactory* const factory_;
  mutable absl::Mutex mu_;
  FunctionRecord record_ ABSL_GUARDED_BY(mu_);
  std::string task_root_ ABSL_GUARDED_BY(mu_);
  int64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::unique_ptr<Worker>> idle_ ABSL_GUARDED_BY(mu_);
  std::set<Worker*> busy_ ABSL_GUARDED_BY(mu_);
  int live_ ABSL_GUARDED_BY(mu_) = 0;  // idle + busy + starting
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_FUNCTION_POOL_H_

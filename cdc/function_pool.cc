// Copyright (c) Eddy authors.
//
// OutOfProcessFunction: the worker pool and invocation.

#include "cdc/function_pool.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "engine/errors.h"

namespace eddy::cdc {

OutOfProcessFunction::OutOfProcessFunction(FunctionRecord record,
                                           std::string task_root,
                                           std::string arn,
                                           const WorkerFactory* factory)
    : arn_(std::move(arn)),
      factory_(factory),
      record_(std::move(record)),
      task_root_(std::move(task_root)) {}

OutOfProcessFunction::~OutOfProcessFunction() { Stop(); }

int64_t OutOfProcessFunction::timeout_ms() const {
  absl::MutexLock lock(&mu_);
  return record_.config.timeout_ms;
}

FunctionRecord OutOfProcessFunction::record() const {
  absl::MutexLock lock(&mu_);
  return record_;
}

int OutOfProcessFunction::LimitLocked() const {
  int reserved = record_.config.reserved_concurrency;
  return reserved >= 0 ? reserved : factory_->concurrency_max;
}

absl::StatusOr<OutOfProcessFunction::Lease> OutOfProcessFunction::Acquire(
    bool wait, absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  auto available = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return stopped_ || !idle_.empty() || live_ < LimitLocked();
  };
  if (wait) mu_.AwaitWithDeadline(absl::Condition(&available), deadline);
  if (stopped_) {
    return engine::ResourceNotFound(absl::StrCat("Function not found: ", arn_));
  }
  Lease lease;
  lease.generation = generation_;
  lease.record = record_;
  lease.task_root = task_root_;
  if (!idle_.empty()) {
    lease.worker = std::move(idle_.back());
    idle_.pop_back();
  } else if (live_ < LimitLocked()) {
    ++live_;
  } else {
    return absl::ResourceExhaustedError(
        "TooManyRequestsException: Rate Exceeded.");
  }
  if (lease.worker) busy_.insert(lease.worker.get());
  return lease;
}

void OutOfProcessFunction::Release(Lease lease) {
  std::unique_ptr<Worker> retired;
  {
    absl::MutexLock lock(&mu_);
    if (lease.worker) busy_.erase(lease.worker.get());
    if (lease.worker && lease.worker->healthy() && !stopped_ &&
        lease.generation == generation_) {
      idle_.push_back(std::move(lease.worker));
      return;
    }
    --live_;
    retired = std::move(lease.worker);
  }
  retired.reset();  // kills and joins outside the lock
}

absl::StatusOr<WorkerSpec> OutOfProcessFunction::Spec(
    const FunctionRecord& record, const std::string& task_root) const {
  absl::StatusOr<RuntimeKind> kind = ParseRuntime(record.config.runtime);
  if (!kind.ok()) return kind.status();
  WorkerSpec spec;
  std::string runtime_dir;
  switch (*kind) {
    case RuntimeKind::kNode:
      spec.argv = {factory_->node_path, factory_->node_bootstrap};
      runtime_dir = factory_->node_bootstrap;
      break;
    case RuntimeKind::kPython:
      spec.argv = {factory_->python_path, "-u", factory_->python_bootstrap};
      runtime_dir = factory_->python_bootstrap;
      break;
    case RuntimeKind::kProvided:
      spec.argv = {task_root + "/bootstrap"};
      runtime_dir = task_root + "/bootstrap";
      break;
  }
  runtime_dir = runtime_dir.substr(0, runtime_dir.rfind('/'));
  spec.env = WorkerEnvironment(record.config, task_root, runtime_dir,
                               factory_->region);
  spec.task_root = task_root;
  spec.function_arn = arn_;
  spec.log_group = LogGroupName(record.config.function_name);
  spec.memory_size_mb = record.config.memory_size_mb;
  return spec;
}

FunctionResult OutOfProcessFunction::Run(Lease* lease,
                                         const std::string& payload,
                                         const std::string& request_id,
                                         std::string* log_tail) {
  if (!lease->worker) {
    absl::StatusOr<WorkerSpec> spec = Spec(lease->record, lease->task_root);
    absl::StatusOr<std::unique_ptr<Worker>> worker =
        spec.ok()
            ? Worker::Start(*std::move(spec), factory_->logs, factory_->clock)
            : spec.status();
    if (!worker.ok()) {
      return FunctionResult::Error("ServiceException",
                                   std::string(worker.status().message()));
    }
    lease->worker = *std::move(worker);
    absl::MutexLock lock(&mu_);
    busy_.insert(lease->worker.get());
    if (stopped_) lease->worker->Kill();
  }
  Invocation inv;
  inv.request_id = request_id.empty() ? NewRequestId() : request_id;
  inv.payload = payload;
  inv.function_arn = arn_;
  inv.trace_id = absl::StrCat("Root=1-", inv.request_id.substr(0, 8), "-",
                              inv.request_id.substr(9, 4), ";Sampled=0");
  int64_t timeout = lease->record.config.timeout_ms;
  inv.deadline_ms = absl::ToUnixMillis(absl::Now()) + timeout;
  return lease->worker->Invoke(inv, timeout, log_tail);
}

FunctionResult OutOfProcessFunction::Invoke(const FunctionEvent& event,
                                            const InvokeContext& context,
                                            std::string* log_tail) {
  if (log_tail != nullptr) log_tail->clear();
  absl::StatusOr<Lease> lease =
      Acquire(true, absl::Now() + absl::Milliseconds(timeout_ms()));
  if (!lease.ok()) {
    bool throttled = absl::IsResourceExhausted(lease.status());
    return FunctionResult::Error(
        throttled ? "TooManyRequestsException" : "ResourceNotFoundException",
        std::string(lease.status().message()));
  }
  FunctionResult r = Run(&*lease, event.json(), context.request_id, log_tail);
  Release(*std::move(lease));
  return r;
}

absl::StatusOr<FunctionResult> OutOfProcessFunction::InvokeNow(
    const std::string& payload, const std::string& request_id,
    std::string* log_tail) {
  absl::StatusOr<Lease> lease = Acquire(false, absl::Now());
  if (!lease.ok()) return lease.status();
  FunctionResult r = Run(&*lease, payload, request_id, log_tail);
  Release(*std::move(lease));
  return r;
}

void OutOfProcessFunction::Reconfigure(FunctionRecord record,
                                       std::string task_root) {
  std::vector<std::unique_ptr<Worker>> retired;
  {
    absl::MutexLock lock(&mu_);
    record_ = std::move(record);
    task_root_ = std::move(task_root);
    ++generation_;
    live_ -= idle_.size();
    retired = std::move(idle_);
    idle_.clear();
  }
  retired.clear();
}

void OutOfProcessFunction::Stop() {
  std::vector<std::unique_ptr<Worker>> retired;
  {
    absl::MutexLock lock(&mu_);
    stopped_ = true;
    for (Worker* w : busy_) w->Kill();
    live_ -= idle_.size();
    retired = std::move(idle_);
    idle_.clear();
  }
  retired.clear();
  absl::MutexLock lock(&mu_);
  auto none = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS { return live_ == 0; };
  mu_.Await(absl::Condition(&none));
}

}  // namespace eddy::cdc

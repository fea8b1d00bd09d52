// Copyright (c) Eddy authors.

#include "cdc/function.h"

#include <exception>
#include <mutex>
#include <shared_mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/errors.h"
#include "engine/strings.h"

namespace eddy::cdc {
namespace {

constexpr int64_t kMaxTimeoutMs = 900'000;

// A registered C++ callable. Calls hold `running_` shared; removal takes it
// exclusively, so RemoveInProcess waits for calls in flight.
class InProcessFunction final : public Function {
 public:
  InProcessFunction(FunctionHandler handler, int64_t timeout_ms,
                    std::string arn)
      : handler_(std::move(handler)),
        timeout_ms_(timeout_ms),
        arn_(std::move(arn)) {}

  FunctionResult Invoke(const FunctionEvent& event,
                        const InvokeContext& context,
                        std::string* log_tail) override {
    if (log_tail != nullptr) log_tail->clear();
    std::shared_lock<std::shared_mutex> lock(running_);
    if (removed_) {
      return FunctionResult::Error("ResourceNotFoundException",
                                   absl::StrCat("Function not found: ", arn_));
    }
    try {
      return handler_(event, context);
    } catch (const std::exception& e) {
      return FunctionResult::Error("Exception", e.what());
    } catch (...) {
      return FunctionResult::Error("Exception", "unknown exception");
    }
  }
  int64_t timeout_ms() const override { return timeout_ms_; }
  const std::string& arn() const override { return arn_; }

  void MarkRemoved() {
    std::unique_lock<std::shared_mutex> lock(running_);
    removed_ = true;
  }

 private:
  const FunctionHandler handler_;
  const int64_t timeout_ms_;
  const std::string arn_;
  std::shared_mutex running_;
  bool removed_ = false;  // guarded by running_
};

}  // namespace

FunctionRegistry::FunctionRegistry(std::string region, std::string account_id)
    : region_(std::move(region)), account_id_(std::move(account_id)) {}

std::string FunctionRegistry::FunctionArn(std::string_view name) const {
  return absl::StrCat("arn:aws:lambda:", region_, ":", account_id_,
                      ":function:", engine::Sv(name));
}

absl::Status FunctionRegistry::AddInProcess(
    std::string_view name, FunctionHandler handler,
    const InProcessFunctionOptions& options) {
  if (name.empty()) return engine::ValidationError("FunctionName is empty");
  if (!handler) return engine::ValidationError("handler is empty");
  if (options.timeout_ms < 1 || options.timeout_ms > kMaxTimeoutMs) {
    return engine::ValidationError(
        absl::StrCat("timeout_ms must be in 1..", kMaxTimeoutMs));
  }
  if (resolver_ && resolver_(name) != nullptr) {
    return absl::AlreadyExistsError(
        absl::StrCat("Function already exist: ", engine::Sv(name)));
  }
  {
    absl::MutexLock lock(&mu_);
    auto [it, inserted] = in_process_.try_emplace(std::string(name));
    if (!inserted) {
      return absl::AlreadyExistsError(
          absl::StrCat("Function already exist: ", engine::Sv(name)));
    }
    it->second = std::make_shared<InProcessFunction>(
        std::move(handler), options.timeout_ms, FunctionArn(name));
  }
  NotifyAdded();
  return absl::OkStatus();
}

absl::Status FunctionRegistry::RemoveInProcess(std::string_view name) {
  std::shared_ptr<Function> function;
  {
    absl::MutexLock lock(&mu_);
    auto it = in_process_.find(name);
    if (it == in_process_.end()) {
      return engine::ResourceNotFound(
          absl::StrCat("Function not found: ", engine::Sv(name)));
    }
    function = std::move(it->second);
    in_process_.erase(it);
  }
  static_cast<InProcessFunction*>(function.get())->MarkRemoved();
  return absl::OkStatus();
}

bool FunctionRegistry::HasInProcess(std::string_view name) const {
  absl::MutexLock lock(&mu_);
  return in_process_.find(name) != in_process_.end();
}

void FunctionRegistry::SetResolver(Resolver resolver) {
  resolver_ = std::move(resolver);
}

std::shared_ptr<Function> FunctionRegistry::Find(std::string_view name) const {
  {
    absl::MutexLock lock(&mu_);
    auto it = in_process_.find(name);
    if (it != in_process_.end()) return it->second;
  }
  return resolver_ ? resolver_(name) : nullptr;
}

void FunctionRegistry::AddListener(std::function<void()> on_added) {
  absl::MutexLock lock(&mu_);
  listeners_.push_back(std::move(on_added));
}

void FunctionRegistry::NotifyAdded() const {
  std::vector<std::function<void()>> listeners;
  {
    absl::MutexLock lock(&mu_);
    listeners = listeners_;
  }
  for (const auto& listener : listeners) listener();
}

}  // namespace eddy::cdc

// Copyright (c) Eddy authors.
//
// Function and FunctionRegistry: the one way the trigger dispatcher and
// Database::Invoke reach a function, in-process or out-of-process
// (contracts of both kinds in eddy/functions.h).
//
// The registry maps names to functions. In-process functions are added and
// removed by Database::RegisterFunction / UnregisterFunction; out-of-process
// ones are found through a resolver installed by the out-of-process
// function service. Names are one namespace: a name is in-process or
// out-of-process, never both.
//
// Thread-safety: FunctionRegistry is thread-safe. A Function returned by
// Find stays usable while the caller holds the shared_ptr, even if it is
// unregistered meanwhile (Invoke on a removed out-of-process function
// returns a function error).

#ifndef EDDY_CDC_FUNCTION_H_
#define EDDY_CDC_FUNCTION_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "eddy/functions.h"

namespace eddy::cdc {

// One invocable function.
class Function {
 public:
  virtual ~Function() = default;
  // Runs the function once and returns its result: a function error for a
  // handler error, exception, crash or timeout (errorType as Lambda names
  // it). If log_tail is non-null, sets it to the invocation's last 4 KB of
  // log (empty for in-process functions). Never throws.
  virtual FunctionResult Invoke(const FunctionEvent& event,
                                const InvokeContext& context,
                                std::string* log_tail) = 0;
  // The invocation timeout.
  virtual int64_t timeout_ms() const = 0;
  // "arn:aws:lambda:<region>:<account>:function:<name>".
  virtual const std::string& arn() const = 0;
};

class FunctionRegistry {
 public:
  // Finds an out-of-process function by name (nullptr: none).
  using Resolver =
      std::function<std::shared_ptr<Function>(std::string_view name)>;

  FunctionRegistry(std::string region, std::string account_id);

  // kAlreadyExists if the name is taken (either kind); kInvalidArgument
  // for an empty name, a null handler or a timeout outside 1..900000 ms.
  absl::Status AddInProcess(std::string_view name, FunctionHandler handler,
                            const InProcessFunctionOptions& options);
  // kNotFound if no in-process function has that name. Returns once no
  // call to it through this registry is running.
  absl::Status RemoveInProcess(std::string_view name);
  bool HasInProcess(std::string_view name) const;

  // Installs the out-of-process resolver. REQUIRES: called once, before
  // any Find from another thread.
  void SetResolver(Resolver resolver);

  // The function called `name` (in-process first), or nullptr.
  std::shared_ptr<Function> Find(std::string_view name) const;

  // Called (with no lock held) after a function is added, so waiting
  // mappings can retry. Several listeners may be added; never removed.
  // REQUIRES: added before other threads use the registry.
  void AddListener(std::function<void()> on_added);
  // Calls the listeners. The out-of-process service calls it after
  // creating a function; AddInProcess calls it itself.
  void NotifyAdded() const;

  // "arn:aws:lambda:<region>:<account>:function:<name>".
  std::string FunctionArn(std::string_view name) const;

 private:
  const std::string region_;
  const std::string account_id_;
  mutable absl::Mutex mu_;
  std::map<std::string, std::shared_ptr<Function>, std::less<>> in_process_
      ABSL_GUARDED_BY(mu_);
  Resolver resolver_;
  std::vector<std::function<void()>> listeners_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_FUNCTION_H_

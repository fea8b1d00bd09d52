// Copyright (c) Eddy authors.
//
// FunctionService: out-of-process functions (eddy/functions.h): the
// catalog of functions (cdc/function_config.h), their code
// (cdc/code_store.h), their worker pools (cdc/function_pool.h), Event
// invocations (cdc/invoke_queue.h) and their logs (cdc/log_store.h).
//
// Functions are persisted in the catalog column family and their code under
// <db>/functions/; Open loads them and installs the registry's resolver, so
// mappings and Invoke find them by name. Workers start lazily, on a
// function's first invocation after Open.
//
// Thread-safety: thread-safe. Create/Update/Delete are serialized among
// themselves; Find and invocations never wait for them (a deployment's
// file copying runs without the lookup lock).

#ifndef EDDY_CDC_FUNCTION_SERVICE_H_
#define EDDY_CDC_FUNCTION_SERVICE_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "cdc/code_store.h"
#include "cdc/function.h"
#include "cdc/function_pool.h"
#include "cdc/invoke_queue.h"
#include "cdc/log_store.h"
#include "eddy/functions.h"
#include "eddy/logs.h"
#include "rocksdb/db.h"

namespace eddy::cdc {

struct FunctionServiceOptions {
  std::string root;  // <db>/functions
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Workers per function without reserved concurrency.
  int concurrency_max = 10;
  CodeLimits code_limits;
  InvokeQueueOptions event_queue;
};

class FunctionService {
 public:
  // Loads the functions and logs, writes the runtime bootstraps and
  // installs the registry resolver. `db`, the column families, `clock` and
  // `registry` must outlive the service. kDataLoss for a corrupt catalog
  // entry; kInternal for file system errors.
  static absl::StatusOr<std::unique_ptr<FunctionService>> Open(
      rocksdb::DB* db, rocksdb::ColumnFamilyHandle* catalog_cf,
      rocksdb::ColumnFamilyHandle* logs_cf, Clock* clock,
      FunctionRegistry* registry, FunctionServiceOptions options);
  // Stop() if not yet called.
  ~FunctionService();
  // Drops queued Event invocations and kills every worker (running
  // invocations fail). Later calls fail with kNotFound. Idempotent.
  void Stop();

  // CreateFunction: kAlreadyExists (ResourceConflictException) if any
  // function has the name; kInvalidArgument naming the field for a bad
  // configuration or code (including a malicious zip); kFailedPrecondition
  // if the runtime's interpreter is not installed.
  absl::StatusOr<FunctionConfiguration> Create(const CreateFunctionRequest& r);
  // kNotFound (ResourceNotFoundException) for an unknown name.
  absl::StatusOr<FunctionConfiguration> Get(std::string_view name);
  // kInvalidArgument for max_items outside 1..10000.
  absl::StatusOr<ListFunctionsResult> List(const ListFunctionsRequest& r);
  // kNotFound, or Create's code errors. New invocations use the new code;
  // running ones finish on the old.
  absl::StatusOr<FunctionConfiguration> UpdateCode(std::string_view name,
                                                   const FunctionCode& code);
  absl::StatusOr<FunctionConfiguration> UpdateConfiguration(
      const UpdateFunctionConfigurationRequest& r);
  // Deletes the function, its code and its workers (logs stay). kNotFound.
  absl::Status Delete(std::string_view name);

  // The function, or nullptr (the registry's resolver).
  std::shared_ptr<OutOfProcessFunction> Find(std::string_view name) const;

  // Queues an Event invocation of any function by name (see InvokeQueue);
  // each attempt goes through the registry.
  absl::Status InvokeAsync(const std::string& name, std::string payload,
                           std::string request_id);
  LogStore* logs() { return logs_.get(); }
  // Event attempts made so far (tests).
  int64_t event_attempts() const { return queue_->attempts(); }

 private:
  FunctionService(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* catalog_cf,
                  Clock* clock, FunctionRegistry* registry,
                  FunctionServiceOptions options);
  absl::Status Load();
  absl::Status Persist(const FunctionRecord& record);
  FunctionConfiguration Describe(const FunctionRecord& record) const;
  absl::Status CheckInterpreter(const std::string& runtime) const;
  std::shared_ptr<OutOfProcessFunction> NewFunction(FunctionRecord record);

  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const catalog_cf_;
  Clock* const clock_;
  FunctionRegistry* const registry_;
  const FunctionServiceOptions options_;
  CodeStore code_;
  std::unique_ptr<LogStore> logs_;
  WorkerFactory factory_;
  std::unique_ptr<InvokeQueue> queue_;

  absl::Mutex admin_mu_;  // serializes Create/Update/Delete (held first)
  mutable absl::Mutex mu_;
  std::map<std::string, std::shared_ptr<OutOfProcessFunction>, std::less<>>
      functions_ ABSL_GUARDED_BY(mu_);
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_FUNCTION_SERVICE_H_

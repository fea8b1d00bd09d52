// Copyright (c) Eddy authors.
//
// Functions on DBImpl: the registry of in-process functions, the
// out-of-process function service (cdc/function_service.h), Invoke, and
// the function logs.

#include <utility>

#include "absl/strings/str_cat.h"
#include "cdc/event_source.h"
#include "cdc/function.h"
#include "cdc/function_service.h"
#include "cdc/trigger_service.h"
#include "cdc/worker.h"
#include "engine/db_impl.h"
#include "engine/errors.h"
#include "engine/strings.h"

namespace eddy::engine {

absl::Status DBImpl::StartFunctions() {
  function_registry_ = std::make_unique<cdc::FunctionRegistry>(
      options_.region, options_.account_id);
  cdc::FunctionServiceOptions options;
  options.root = path_ + "/functions";
  options.region = options_.region;
  options.account_id = options_.account_id;
  absl::StatusOr<std::unique_ptr<cdc::FunctionService>> service =
      cdc::FunctionService::Open(db_.get(), catalog_cf_, logs_cf_, clock_,
                                 function_registry_.get(), options);
  if (!service.ok()) return service.status();
  function_service_ = *std::move(service);
  return absl::OkStatus();
}

void DBImpl::StopFunctions() {
  if (function_service_) function_service_->Stop();
}

absl::Status DBImpl::RegisterFunction(std::string_view name,
                                      FunctionHandler handler,
                                      const InProcessFunctionOptions& options) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_registry_->AddInProcess(name, std::move(handler), options);
}

absl::Status DBImpl::UnregisterFunction(std::string_view name) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_registry_->RemoveInProcess(name);
}

// Lambda's Invoke: RequestResponse runs now (an out-of-process function at
// its concurrency limit is throttled: kResourceExhausted), Event queues
// (202), DryRun checks (204).
absl::StatusOr<InvokeResult> DBImpl::Invoke(const InvokeRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  std::shared_ptr<cdc::Function> function =
      function_registry_->Find(r.function_name);
  if (function == nullptr) {
    return ResourceNotFound(
        absl::StrCat("Function not found: ",
                     function_registry_->FunctionArn(r.function_name)));
  }
  InvokeResult result;
  result.request_id = cdc::NewRequestId();
  if (r.invocation_type == InvocationType::kDryRun) {
    result.status_code = 204;
    return result;
  }
  if (r.invocation_type == InvocationType::kEvent) {
    absl::Status s = function_service_->InvokeAsync(
        r.function_name, r.payload_json, result.request_id);
    if (!s.ok()) return s;
    result.status_code = 202;
    return result;
  }
  std::string* tail = r.tail_log ? &result.log_tail : nullptr;
  if (auto* oop = dynamic_cast<cdc::OutOfProcessFunction*>(function.get())) {
    absl::StatusOr<FunctionResult> out =
        oop->InvokeNow(r.payload_json, result.request_id, tail);
    if (!out.ok()) return out.status();
    result.result = *std::move(out);
    return result;
  }
  InvokeContext context;
  context.request_id = result.request_id;
  context.function_name = r.function_name;
  context.deadline_ms = clock_->NowMillis() + function->timeout_ms();
  FunctionEvent event(r.payload_json);
  result.result = function->Invoke(event, context, tail);
  return result;
}

absl::StatusOr<FunctionConfiguration> DBImpl::CreateFunction(
    const CreateFunctionRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_service_->Create(r);
}
absl::StatusOr<FunctionConfiguration> DBImpl::GetFunction(
    std::string_view name) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_service_->Get(name);
}
absl::StatusOr<ListFunctionsResult> DBImpl::ListFunctions(
    const ListFunctionsRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_service_->List(r);
}
absl::StatusOr<FunctionConfiguration> DBImpl::UpdateFunctionCode(
    std::string_view name, const FunctionCode& code) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_service_->UpdateCode(name, code);
}
absl::StatusOr<FunctionConfiguration> DBImpl::UpdateFunctionConfiguration(
    const UpdateFunctionConfigurationRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_service_->UpdateConfiguration(r);
}
absl::Status DBImpl::DeleteFunction(std::string_view name) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_service_->Delete(name);
}
absl::StatusOr<DescribeLogGroupsResult> DBImpl::DescribeLogGroups(
    const DescribeLogGroupsRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_service_->logs()->DescribeLogGroups(r);
}
absl::StatusOr<DescribeLogStreamsResult> DBImpl::DescribeLogStreams(
    const DescribeLogStreamsRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_service_->logs()->DescribeLogStreams(r);
}
absl::StatusOr<GetLogEventsResult> DBImpl::GetLogEvents(
    const GetLogEventsRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_service_->logs()->GetLogEvents(r);
}
absl::StatusOr<FilterLogEventsResult> DBImpl::FilterLogEvents(
    const FilterLogEventsRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_service_->logs()->FilterLogEvents(r);
}
absl::Status DBImpl::PutRetentionPolicy(std::string_view log_group_name,
                                        int retention_in_days) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_service_->logs()->SetRetention(std::string(log_group_name),
                                                 retention_in_days);
}
absl::Status DBImpl::DeleteRetentionPolicy(std::string_view log_group_name) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return function_service_->logs()->SetRetention(std::string(log_group_name),
                                                 std::nullopt);
}

}  // namespace eddy::engine

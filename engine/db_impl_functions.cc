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
#include "engine/db_impl.h"
#include "engine/errors.h"
#include "engine/strings.h"

namespace eddy::engine {
namespace {

absl::Status NotYet(std::string_view what) {
  return absl::UnimplementedError(
      absl::StrCat(Sv(what), " is not implemented yet"));
}

}  // namespace

absl::Status DBImpl::StartFunctions() {
  function_registry_ = std::make_unique<cdc::FunctionRegistry>(
      options_.region, options_.account_id);
  return absl::OkStatus();
}

void DBImpl::StopFunctions() {}

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
  if (r.invocation_type == InvocationType::kDryRun) {
    result.status_code = 204;
    return result;
  }
  if (r.invocation_type == InvocationType::kEvent) {
    return NotYet("InvocationType Event");
  }
  InvokeContext context;
  context.function_name = r.function_name;
  context.deadline_ms = clock_->NowMillis() + function->timeout_ms();
  FunctionEvent event(r.payload_json);
  result.result =
      function->Invoke(event, context, r.tail_log ? &result.log_tail : nullptr);
  return result;
}

absl::StatusOr<FunctionConfiguration> DBImpl::CreateFunction(
    const CreateFunctionRequest& r) {
  return NotYet("CreateFunction");
}
absl::StatusOr<FunctionConfiguration> DBImpl::GetFunction(
    std::string_view name) {
  return NotYet("GetFunction");
}
absl::StatusOr<ListFunctionsResult> DBImpl::ListFunctions(
    const ListFunctionsRequest& r) {
  return NotYet("ListFunctions");
}
absl::StatusOr<FunctionConfiguration> DBImpl::UpdateFunctionCode(
    std::string_view name, const FunctionCode& code) {
  return NotYet("UpdateFunctionCode");
}
absl::StatusOr<FunctionConfiguration> DBImpl::UpdateFunctionConfiguration(
    const UpdateFunctionConfigurationRequest& r) {
  return NotYet("UpdateFunctionConfiguration");
}
absl::Status DBImpl::DeleteFunction(std::string_view name) {
  return NotYet("DeleteFunction");
}
absl::StatusOr<DescribeLogGroupsResult> DBImpl::DescribeLogGroups(
    const DescribeLogGroupsRequest& r) {
  return NotYet("DescribeLogGroups");
}
absl::StatusOr<DescribeLogStreamsResult> DBImpl::DescribeLogStreams(
    const DescribeLogStreamsRequest& r) {
  return NotYet("DescribeLogStreams");
}
absl::StatusOr<GetLogEventsResult> DBImpl::GetLogEvents(
    const GetLogEventsRequest& r) {
  return NotYet("GetLogEvents");
}
absl::StatusOr<FilterLogEventsResult> DBImpl::FilterLogEvents(
    const FilterLogEventsRequest& r) {
  return NotYet("FilterLogEvents");
}

}  // namespace eddy::engine

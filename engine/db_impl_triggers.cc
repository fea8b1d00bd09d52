// Copyright (c) Eddy authors.
//
// Event source mappings on DBImpl, forwarded to cdc::TriggerService.

#include "absl/strings/str_cat.h"
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

absl::Status DBImpl::StartTriggers() { return absl::OkStatus(); }
void DBImpl::StopTriggers() {}

absl::StatusOr<EventSourceMapping> DBImpl::CreateEventSourceMapping(
    const CreateEventSourceMappingRequest& r) {
  return NotYet("CreateEventSourceMapping");
}
absl::StatusOr<EventSourceMapping> DBImpl::GetEventSourceMapping(
    std::string_view uuid) {
  return NotYet("GetEventSourceMapping");
}
absl::StatusOr<ListEventSourceMappingsResult> DBImpl::ListEventSourceMappings(
    const ListEventSourceMappingsRequest& r) {
  return NotYet("ListEventSourceMappings");
}
absl::StatusOr<EventSourceMapping> DBImpl::UpdateEventSourceMapping(
    const UpdateEventSourceMappingRequest& r) {
  return NotYet("UpdateEventSourceMapping");
}
absl::StatusOr<EventSourceMapping> DBImpl::DeleteEventSourceMapping(
    std::string_view uuid) {
  return NotYet("DeleteEventSourceMapping");
}
absl::StatusOr<MappingMetrics> DBImpl::GetEventSourceMappingMetrics(
    std::string_view uuid) {
  return NotYet("GetEventSourceMappingMetrics");
}
absl::StatusOr<ListFailedBatchesResult> DBImpl::ListFailedBatches(
    const ListFailedBatchesRequest& r) {
  return NotYet("ListFailedBatches");
}
absl::StatusOr<FunctionResult> DBImpl::ReplayFailedBatch(
    std::string_view destination, std::string_view id) {
  return NotYet("ReplayFailedBatch");
}
absl::Status DBImpl::DeleteFailedBatch(std::string_view destination,
                                       std::string_view id) {
  return NotYet("DeleteFailedBatch");
}

}  // namespace eddy::engine

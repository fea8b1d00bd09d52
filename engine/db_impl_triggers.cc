// Copyright (c) Eddy authors.
//
// Event source mappings on DBImpl, forwarded to cdc::TriggerService
// (contracts in eddy/database.h and cdc/trigger_service.h).
//
// Wake-up on commit: dispatchers wait on StreamLog::WaitForCommitAfter,
// which every commit signals, so the write path needs no hook of its own.

#include "cdc/function.h"
#include "cdc/retention.h"
#include "cdc/stream_log.h"
#include "cdc/trigger_service.h"
#include "engine/db_impl.h"
#include "engine/errors.h"

namespace eddy::engine {

absl::Status DBImpl::StartTriggers() {
  cdc::TriggerDeps deps;
  deps.db = db_.get();
  deps.catalog_cf = catalog_cf_;
  deps.changes_cf = changes_cf_;
  deps.triggers_cf = triggers_cf_;
  deps.log = stream_log_.get();
  deps.functions = function_registry_.get();
  deps.clock = clock_;
  deps.region = options_.region;
  deps.stream_retention_ms = options_.stream_retention_ms;
  deps.poll_interval_ms = options_.trigger_poll_interval_ms;
  triggers_ = std::make_unique<cdc::TriggerService>(deps);
  if (absl::Status s = triggers_->Start(); !s.ok()) {
    triggers_->Stop();
    return s;
  }
  if (retention_) {
    cdc::TriggerService* triggers = triggers_.get();
    retention_->SetHold(
        [triggers](int64_t now_ms) { return triggers->TrimTimeLimit(now_ms); });
  }
  return absl::OkStatus();
}

void DBImpl::StopTriggers() {
  if (!triggers_) return;
  triggers_->Stop();
  // The hold stays: TrimTimeLimit works on a stopped service, and keeps
  // protecting unfinished records until the retention thread stops.
}

absl::StatusOr<EventSourceMapping> DBImpl::CreateEventSourceMapping(
    const CreateEventSourceMappingRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return triggers_->Create(r);
}
absl::StatusOr<EventSourceMapping> DBImpl::GetEventSourceMapping(
    std::string_view uuid) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return triggers_->Get(uuid);
}
absl::StatusOr<ListEventSourceMappingsResult> DBImpl::ListEventSourceMappings(
    const ListEventSourceMappingsRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return triggers_->List(r);
}
absl::StatusOr<EventSourceMapping> DBImpl::UpdateEventSourceMapping(
    const UpdateEventSourceMappingRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return triggers_->Update(r);
}
absl::StatusOr<EventSourceMapping> DBImpl::DeleteEventSourceMapping(
    std::string_view uuid) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return triggers_->Delete(uuid);
}
absl::StatusOr<MappingMetrics> DBImpl::GetEventSourceMappingMetrics(
    std::string_view uuid) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return triggers_->Metrics(uuid);
}
absl::StatusOr<ListFailedBatchesResult> DBImpl::ListFailedBatches(
    const ListFailedBatchesRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return triggers_->ListFailedBatches(r);
}
absl::StatusOr<FunctionResult> DBImpl::ReplayFailedBatch(
    std::string_view destination, std::string_view id) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return triggers_->ReplayFailedBatch(destination, id);
}
absl::Status DBImpl::DeleteFailedBatch(std::string_view destination,
                                       std::string_view id) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return triggers_->DeleteFailedBatch(destination, id);
}

}  // namespace eddy::engine

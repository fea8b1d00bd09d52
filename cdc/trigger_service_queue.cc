// Copyright (c) Eddy authors.
//
// TriggerService: metrics, the on-failure destination queues and the
// retention hold.

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cdc/change_record.h"
#include "cdc/trigger_service.h"
#include "engine/errors.h"
#include "engine/strings.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc {

absl::StatusOr<MappingMetrics> TriggerService::Metrics(
    std::string_view uuid) const {
  {
    absl::MutexLock lock(&mu_);
    auto it = mappings_.find(uuid);
    if (it == mappings_.end()) {
      return engine::ResourceNotFound(
          absl::StrCat("The resource you requested does not exist. (uuid ",
                       engine::Sv(uuid), ")"));
    }
    if (it->second.dispatcher) return it->second.dispatcher->Metrics();
  }
  return StoredMetrics(deps_, uuid);
}

absl::StatusOr<ListFailedBatchesResult> TriggerService::ListFailedBatches(
    const ListFailedBatchesRequest& r) const {
  return failures_.List(r);
}

absl::Status TriggerService::DeleteFailedBatch(std::string_view destination,
                                               std::string_view id) {
  return failures_.Delete(destination, id);
}

absl::StatusOr<FunctionResult> TriggerService::ReplayFailedBatch(
    std::string_view destination, std::string_view id) {
  absl::StatusOr<StoredFailedBatch> b = failures_.Get(destination, id);
  if (!b.ok()) return b.status();
  std::shared_ptr<Function> fn = deps_.functions->Find(b->function_name);
  if (fn == nullptr) {
    return engine::ResourceNotFound(
        absl::StrCat("Function not found: ",
                     deps_.functions->FunctionArn(b->function_name)));
  }
  auto recs = std::make_shared<RawRecords>();
  for (auto& [seq, bytes] : b->raw) {
    recs->push_back(RawRecord{seq, RecordCreatedMs(bytes), std::move(bytes)});
  }
  BatchSourceSpec spec{b->stream_arn, deps_.region, b->stream_id, recs, 0,
                       recs->size(),  std::nullopt};
  FunctionEvent event =
      FunctionEventInternal::FromSource(StreamBatchSource(std::move(spec)));
  InvokeContext ctx{NewUuid(), b->function_name,
                    deps_.clock->NowMillis() + fn->timeout_ms()};
  FunctionResult result = fn->Invoke(event, ctx, nullptr);
  if (deps_.clock->NowMillis() > ctx.deadline_ms) {
    result = FunctionResult::Error(
        "Sandbox.Timedout",
        absl::StrCat("Task timed out after ", fn->timeout_ms() / 1000.0,
                     " seconds"));
  }
  bool failed = result.function_error;
  if (!failed && !result.payload.empty()) {
    nlohmann::json body = nlohmann::json::parse(result.payload, nullptr, false);
    if (body.is_object() && body.contains("batchItemFailures")) {
      const nlohmann::json& list = body["batchItemFailures"];
      failed = !list.is_null() && !(list.is_array() && list.empty());
    }
  }
  if (!failed) {
    if (absl::Status s = failures_.Delete(destination, id); !s.ok()) return s;
  }
  return result;
}

int64_t TriggerService::TrimTimeLimit(int64_t now_ms) const {
  if (deps_.stream_retention_ms < 0) return now_ms;
  int64_t limit = now_ms;
  absl::MutexLock lock(&mu_);
  for (const auto& [uuid, e] : mappings_) {
    uint64_t seq = e.dispatcher ? e.dispatcher->LowestCheckpoint() : e.hold_seq;
    for (const ShardMeta& s : deps_.log->Shards(e.stored.stream_id)) {
      if (!s.closed || seq > s.end_seq) continue;
      // The shard holding the first unfinished record (or a later one):
      // Trim removes it only once closed_ms <= time - retention.
      limit = std::min(limit, s.closed_ms + deps_.stream_retention_ms - 1);
      break;
    }
  }
  return limit;
}

}  // namespace eddy::cdc

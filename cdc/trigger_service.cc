// Copyright (c) Eddy authors.
//
// TriggerService: lifecycle and mapping CRUD. Metrics, failure queues and
// the retention hold are in trigger_service_queue.cc.

#include "cdc/trigger_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "cdc/change_record.h"
#include "cdc/trigger_lane_internal.h"
#include "engine/errors.h"
#include "engine/strings.h"

namespace eddy::cdc {

using engine::Sv;

// Lets the registry listener (never removed) outlive the service.
class TriggerService::Hook {
 public:
  explicit Hook(TriggerService* s) : service_(s) {}
  void Fire() {
    absl::MutexLock lock(&mu_);
    if (service_ != nullptr) service_->PokeAll();
  }
  void Detach() {
    absl::MutexLock lock(&mu_);
    service_ = nullptr;
  }

 private:
  absl::Mutex mu_;
  TriggerService* service_ ABSL_GUARDED_BY(mu_);
};

TriggerService::TriggerService(const TriggerDeps& deps)
    : deps_(deps), failures_(deps.db, deps.triggers_cf, deps.region) {}

TriggerService::~TriggerService() { Stop(); }

absl::Status TriggerService::Start() {
  if (absl::Status s = failures_.Load(); !s.ok()) return s;
  std::unique_ptr<rocksdb::Iterator> it(
      deps_.db->NewIterator(rocksdb::ReadOptions(), deps_.catalog_cf));
  std::string prefix(kMappingKeyPrefix);
  absl::MutexLock lock(&mu_);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    absl::StatusOr<StoredMapping> m =
        DecodeMapping(std::string_view(it->value().data(), it->value().size()));
    if (!m.ok()) return m.status();
    Entry& e = mappings_[m->mapping.uuid];
    e.stored = *std::move(m);
    absl::StatusOr<MappingMetrics> stored =
        StoredMetrics(deps_, e.stored.mapping.uuid);
    if (!stored.ok()) return stored.status();
    ParseSequence(stored->checkpoint_sequence_number, &e.hold_seq);
    if (e.stored.mapping.config.enabled) {
      auto d = Dispatcher::Start(deps_, &failures_, e.stored);
      if (!d.ok()) return d.status();
      e.dispatcher = *std::move(d);
    }
  }
  if (!it->status().ok()) return engine::FromRocks(it->status());
  hook_ = std::make_shared<Hook>(this);
  deps_.functions->AddListener([hook = hook_] { hook->Fire(); });
  return absl::OkStatus();
}

void TriggerService::Stop() {
  if (hook_) hook_->Detach();
  std::vector<std::unique_ptr<Dispatcher>> running;
  {
    absl::MutexLock lock(&mu_);
    stopped_ = true;
    for (auto& [uuid, e] : mappings_) {
      if (e.dispatcher) running.push_back(std::move(e.dispatcher));
    }
  }
  for (auto& d : running) d->Stop();
}

void TriggerService::PokeAll() {
  absl::MutexLock lock(&mu_);
  for (auto& [uuid, e] : mappings_) {
    if (e.dispatcher) e.dispatcher->Poke();
  }
}

absl::Status TriggerService::CheckRunning() const {
  if (stopped_) return absl::FailedPreconditionError("triggers are stopped");
  return absl::OkStatus();
}

EventSourceMapping TriggerService::Describe(const Entry& e) const {
  EventSourceMapping m = e.stored.mapping;
  m.function_arn = deps_.functions->FunctionArn(m.function_name);
  m.state = m.config.enabled ? MappingState::kEnabled : MappingState::kDisabled;
  m.last_processing_result =
      e.dispatcher ? e.dispatcher->LastResult() : e.last_result;
  return m;
}

absl::StatusOr<uint64_t> TriggerService::InitialPosition(
    const StreamMeta& stream, const CreateEventSourceMappingRequest& r) const {
  uint64_t last = deps_.log->last_committed();
  switch (r.starting_position) {
    case StartingPosition::kTrimHorizon:
      return std::max<uint64_t>(1, deps_.log->TrimmedBefore(stream.id));
    case StartingPosition::kLatest:
      return last + 1;
    case StartingPosition::kAtTimestamp:
      break;
  }
  std::string upper = ChangeKey(stream.id, last + 1);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      deps_.db->NewIterator(ro, deps_.changes_cf));
  for (it->Seek(ChangeKey(stream.id, deps_.log->TrimmedBefore(stream.id)));
       it->Valid(); it->Next()) {
    std::string_view v(it->value().data(), it->value().size());
    if (RecordCreatedMs(v) >= r.starting_position_timestamp_ms) {
      uint32_t id;
      uint64_t seq;
      std::string_view k(it->key().data(), it->key().size());
      if (ParseChangeKey(k, &id, &seq)) return seq;
    }
  }
  if (!it->status().ok()) return engine::FromRocks(it->status());
  return last + 1;
}

absl::Status TriggerService::Persist(const StoredMapping& m,
                                     rocksdb::WriteBatch* batch) {
  batch->Put(deps_.catalog_cf, MappingKey(m.mapping.uuid), EncodeMapping(m))
      .PermitUncheckedError();
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return engine::FromRocks(deps_.db->Write(wo, batch));
}

absl::StatusOr<EventSourceMapping> TriggerService::Create(
    const CreateEventSourceMappingRequest& r) {
  if (absl::Status s = ValidateConfig(r.config); !s.ok()) return s;
  if (r.function_name.empty()) {
    return engine::ValidationError("FunctionName must not be empty");
  }
  std::optional<StreamMeta> stream = deps_.log->FindStream(r.event_source_arn);
  if (!stream) {
    return engine::ResourceNotFound(absl::StrCat(
        "Stream not found: EventSourceArn ", Sv(r.event_source_arn)));
  }
  absl::StatusOr<uint64_t> start = InitialPosition(*stream, r);
  if (!start.ok()) return start.status();
  StoredMapping sm;
  EventSourceMapping& m = sm.mapping;
  sm.stream_id = stream->id;
  m.uuid = NewUuid();
  m.event_source_arn = r.event_source_arn;
  m.function_name = r.function_name;
  m.starting_position = r.starting_position;
  m.starting_position_timestamp_ms = r.starting_position_timestamp_ms;
  m.config = r.config;
  m.state_transition_reason = "User action";
  m.last_modified_ms = deps_.clock->NowMillis();
  absl::MutexLock lock(&mu_);
  if (absl::Status s = CheckRunning(); !s.ok()) return s;
  LaneCheckpoint first;
  first.next_seq = *start;
  rocksdb::WriteBatch batch;
  batch
      .Put(deps_.triggers_cf, CheckpointKey(m.uuid, 0), EncodeCheckpoint(first))
      .PermitUncheckedError();
  if (absl::Status s = Persist(sm, &batch); !s.ok()) return s;
  Entry& e = mappings_[m.uuid];
  e.stored = sm;
  e.hold_seq = *start;
  if (m.config.enabled) {
    auto d = Dispatcher::Start(deps_, &failures_, sm);
    if (!d.ok()) return d.status();
    e.dispatcher = *std::move(d);
  }
  return Describe(e);
}

absl::StatusOr<EventSourceMapping> TriggerService::Get(
    std::string_view uuid) const {
  absl::MutexLock lock(&mu_);
  auto it = mappings_.find(uuid);
  if (it == mappings_.end()) {
    return engine::ResourceNotFound(absl::StrCat(
        "The resource you requested does not exist. (uuid ", Sv(uuid), ")"));
  }
  return Describe(it->second);
}

absl::StatusOr<ListEventSourceMappingsResult> TriggerService::List(
    const ListEventSourceMappingsRequest& r) const {
  if (r.max_items < 1 || r.max_items > 10000) {
    return engine::ValidationError("MaxItems must be between 1 and 10000");
  }
  ListEventSourceMappingsResult out;
  absl::MutexLock lock(&mu_);
  for (auto it = mappings_.upper_bound(r.marker); it != mappings_.end(); ++it) {
    const EventSourceMapping& m = it->second.stored.mapping;
    if (!r.event_source_arn.empty() && m.event_source_arn != r.event_source_arn)
      continue;
    if (!r.function_name.empty() && m.function_name != r.function_name &&
        deps_.functions->FunctionArn(m.function_name) != r.function_name)
      continue;
    if (static_cast<int>(out.mappings.size()) == r.max_items) {
      out.next_marker = out.mappings.back().uuid;
      break;
    }
    out.mappings.push_back(Describe(it->second));
  }
  return out;
}

absl::StatusOr<std::unique_ptr<Dispatcher>> TriggerService::Acquire(
    std::string_view uuid, StoredMapping* out) {
  if (CurrentMappingUuid() != nullptr) {
    return absl::FailedPreconditionError(
        "event source mappings cannot be updated or deleted from a trigger "
        "handler");
  }
  absl::MutexLock lock(&mu_);
  if (absl::Status s = CheckRunning(); !s.ok()) return s;
  auto it = mappings_.find(uuid);
  if (it == mappings_.end()) {
    return engine::ResourceNotFound(absl::StrCat(
        "The resource you requested does not exist. (uuid ", Sv(uuid), ")"));
  }
  Entry& e = it->second;
  if (e.busy) {
    return absl::FailedPreconditionError(absl::StrCat(
        "ResourceInUseException: mapping ", Sv(uuid), " is being updated"));
  }
  e.busy = true;
  *out = e.stored;
  if (e.dispatcher) e.last_result = e.dispatcher->LastResult();
  return std::move(e.dispatcher);
}

absl::StatusOr<EventSourceMapping> TriggerService::Update(
    const UpdateEventSourceMappingRequest& r) {
  StoredMapping sm;
  {
    absl::MutexLock lock(&mu_);  // validate before stopping anything
    auto it = mappings_.find(r.uuid);
    if (it != mappings_.end()) {
      EventSourceMappingConfig c = it->second.stored.mapping.config;
      ApplyUpdate(r, &c);
      if (absl::Status s = ValidateConfig(c); !s.ok()) return s;
      if (r.function_name && r.function_name->empty()) {
        return engine::ValidationError("FunctionName must not be empty");
      }
    }
  }
  absl::StatusOr<std::unique_ptr<Dispatcher>> old = Acquire(r.uuid, &sm);
  if (!old.ok()) return old.status();
  if (*old) (*old)->Stop();
  uint64_t hold = old->get() ? (*old)->LowestCheckpoint() : 0;
  ApplyUpdate(r, &sm.mapping.config);
  if (r.function_name) sm.mapping.function_name = *r.function_name;
  sm.mapping.last_modified_ms = deps_.clock->NowMillis();
  sm.mapping.state_transition_reason = "User action";
  rocksdb::WriteBatch batch;
  absl::Status s = Persist(sm, &batch);
  std::unique_ptr<Dispatcher> next;
  if (s.ok() && sm.mapping.config.enabled) {
    auto d = Dispatcher::Start(deps_, &failures_, sm);
    if (d.ok()) next = *std::move(d);
    s = d.status();
  }
  absl::MutexLock lock(&mu_);
  Entry& e = mappings_[r.uuid];
  e.busy = false;
  if (hold != 0) e.hold_seq = hold;
  if (!s.ok()) {
    // Keep the old configuration, stopped: the caller may retry.
    return s;
  }
  e.stored = sm;
  e.dispatcher = std::move(next);
  return Describe(e);
}

absl::StatusOr<EventSourceMapping> TriggerService::Delete(
    std::string_view uuid) {
  StoredMapping sm;
  absl::StatusOr<std::unique_ptr<Dispatcher>> old = Acquire(uuid, &sm);
  if (!old.ok()) return old.status();
  if (*old) (*old)->Stop();
  rocksdb::WriteBatch batch;
  absl::Status s = DeleteCheckpoints(deps_.db, deps_.triggers_cf, uuid, &batch);
  batch.Delete(deps_.catalog_cf, MappingKey(uuid)).PermitUncheckedError();
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (s.ok()) s = engine::FromRocks(deps_.db->Write(wo, &batch));
  absl::MutexLock lock(&mu_);
  auto it = mappings_.find(uuid);
  if (!s.ok()) {
    it->second.busy = false;
    return s;
  }
  EventSourceMapping m = Describe(it->second);
  m.state = MappingState::kDeleting;
  mappings_.erase(it);
  return m;
}

}  // namespace eddy::cdc

// Copyright (c) Eddy authors.

#include "cdc/trigger_dispatcher.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cdc/change_record.h"
#include "engine/errors.h"

namespace eddy::cdc {
namespace {

// The lanes' starting checkpoints: as stored if the lane count matches,
// otherwise all at the lowest stored position with the counters merged
// into lane 0 (written back at once).
absl::StatusOr<std::vector<LaneCheckpoint>> LaneStarts(const TriggerDeps& deps,
                                                       const std::string& uuid,
                                                       int lanes) {
  absl::StatusOr<std::vector<LaneCheckpoint>> stored =
      LoadCheckpoints(deps.db, deps.triggers_cf, uuid);
  if (!stored.ok()) return stored.status();
  if (static_cast<int>(stored->size()) == lanes) return stored;
  if (stored->empty()) {
    return absl::DataLossError(
        absl::StrCat("event source mapping ", uuid, " has no checkpoint"));
  }
  LaneCheckpoint merged;
  merged.next_seq = std::numeric_limits<uint64_t>::max();
  for (const LaneCheckpoint& c : *stored) {
    merged.next_seq = std::min(merged.next_seq, c.next_seq);
    AddCounts(c.counts, &merged.counts);
  }
  std::vector<LaneCheckpoint> out(lanes);
  rocksdb::WriteBatch batch;
  absl::Status s = DeleteCheckpoints(deps.db, deps.triggers_cf, uuid, &batch);
  if (!s.ok()) return s;
  for (int i = 0; i < lanes; ++i) {
    out[i].next_seq = merged.next_seq;
    if (i == 0) out[i].counts = merged.counts;
    batch
        .Put(deps.triggers_cf, CheckpointKey(uuid, i), EncodeCheckpoint(out[i]))
        .PermitUncheckedError();
  }
  s = engine::FromRocks(deps.db->Write(rocksdb::WriteOptions(), &batch));
  if (!s.ok()) return s;
  return out;
}

}  // namespace

absl::StatusOr<MappingMetrics> StoredMetrics(const TriggerDeps& deps,
                                             std::string_view uuid) {
  absl::StatusOr<std::vector<LaneCheckpoint>> stored =
      LoadCheckpoints(deps.db, deps.triggers_cf, uuid);
  if (!stored.ok()) return stored.status();
  MappingMetrics out;
  uint64_t lowest = std::numeric_limits<uint64_t>::max();
  for (const LaneCheckpoint& c : *stored) {
    AddCounts(c.counts, &out);
    lowest = std::min(lowest, c.next_seq);
  }
  if (!stored->empty())
    out.checkpoint_sequence_number = SequenceToString(lowest);
  return out;
}

absl::StatusOr<std::unique_ptr<Dispatcher>> Dispatcher::Start(
    const TriggerDeps& deps, FailureQueue* failures,
    const StoredMapping& mapping) {
  const EventSourceMappingConfig& c = mapping.mapping.config;
  auto env = std::make_shared<LaneEnv>();
  env->db = deps.db;
  env->changes_cf = deps.changes_cf;
  env->triggers_cf = deps.triggers_cf;
  env->log = deps.log;
  env->functions = deps.functions;
  env->failures = failures;
  env->clock = deps.clock;
  env->region = deps.region;
  env->stream_retention_ms = deps.stream_retention_ms;
  env->poll_interval_ms = deps.poll_interval_ms;
  env->mapping = mapping;
  if (std::optional<StreamMeta> stream =
          deps.log->FindStreamById(mapping.stream_id)) {
    env->partition_key = stream->key_schema.partition_key.name;
  }
  if (!c.filters.empty()) {
    absl::StatusOr<EventFilter> filter = EventFilter::Compile(c.filters);
    if (!filter.ok()) return filter.status();
    env->filter.emplace(*std::move(filter));
  }
  absl::StatusOr<std::vector<LaneCheckpoint>> starts =
      LaneStarts(deps, mapping.mapping.uuid, c.parallelization_factor);
  if (!starts.ok()) return starts.status();
  std::unique_ptr<Dispatcher> d(new Dispatcher());
  d->env_ = env;
  for (int i = 0; i < c.parallelization_factor; ++i) {
    d->lanes_.push_back(std::make_unique<Lane>(env, i, (*starts)[i]));
  }
  for (auto& lane : d->lanes_) lane->Start();
  return d;
}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Stop() {
  for (auto& lane : lanes_) lane->Stop();
}

void Dispatcher::Poke() {
  for (auto& lane : lanes_) lane->Poke();
}

MappingMetrics Dispatcher::Metrics() const {
  MappingMetrics out;
  for (const auto& lane : lanes_) {
    AddCounts(lane->Snapshot().counts, &out);
    out.iterator_age_ms =
        std::max(out.iterator_age_ms, lane->iterator_age_ms());
    out.stream_reads += lane->stream_reads();
  }
  out.checkpoint_sequence_number = SequenceToString(LowestCheckpoint());
  return out;
}

std::string Dispatcher::LastResult() const {
  absl::MutexLock lock(&env_->result_mu);
  return env_->last_result;
}

uint64_t Dispatcher::LowestCheckpoint() const {
  uint64_t lowest = std::numeric_limits<uint64_t>::max();
  for (const auto& lane : lanes_) {
    lowest = std::min(lowest, lane->Snapshot().next_seq);
  }
  return lowest;
}

}  // namespace eddy::cdc

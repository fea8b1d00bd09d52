// Copyright (c) Eddy authors.
//
// Lane: thread, waits, reading batches and checkpoints. Invocation,
// retries and failure handling are in trigger_lane_invoke.cc.

#include "cdc/trigger_lane.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cdc/change_record.h"
#include "cdc/trigger_lane_internal.h"
#include "eddy/json.h"
#include "engine/errors.h"
#include "engine/strings.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc {

Lane::Lane(std::shared_ptr<const LaneEnv> env, int index, LaneCheckpoint start)
    : env_(std::move(env)), index_(index), state_(std::move(start)) {}

Lane::~Lane() { Stop(); }

void Lane::Start() {
  started_.store(true);
  env_->clock->AddListener(this);
  thread_ = std::thread([this] { Run(); });
}

void Lane::Stop() {
  stop_.store(true, std::memory_order_release);
  Poke();
  if (thread_.joinable()) thread_.join();
  if (started_.exchange(false)) env_->clock->RemoveListener(this);
}

void Lane::Poke() {
  absl::MutexLock lock(&mu_);
  ++pokes_;
  cv_.SignalAll();
}

uint64_t Lane::pokes() const {
  absl::MutexLock lock(&mu_);
  return pokes_;
}

LaneCheckpoint Lane::Snapshot() const {
  absl::MutexLock lock(&mu_);
  return state_;
}

int64_t Lane::iterator_age_ms() const {
  absl::MutexLock lock(&mu_);
  return iterator_age_ms_;
}

void Lane::SetResult(std::string result) const {
  absl::MutexLock lock(&env_->result_mu);
  env_->last_result = std::move(result);
}

void Lane::WaitUntil(int64_t deadline_ms, uint64_t since) {
  absl::MutexLock lock(&mu_);
  while (!stopping() && pokes_ == since) {
    int64_t now = env_->clock->NowMillis();
    if (deadline_ms >= 0 && now >= deadline_ms) return;
    if (deadline_ms >= 0 && env_->clock->FollowsRealTime()) {
      cv_.WaitWithTimeout(&mu_, absl::Milliseconds(deadline_ms - now));
    } else {
      // Woken by ClockMoved / Poke / Stop; the timeout is a safety net.
      cv_.WaitWithTimeout(&mu_, absl::Seconds(1));
    }
  }
}

void Lane::WaitForCommit(uint64_t seen, int64_t deadline_ms, uint64_t since) {
  while (!stopping() && pokes() == since) {
    int64_t wait_ms = kPollMs;
    if (deadline_ms >= 0) {
      int64_t now = env_->clock->NowMillis();
      if (now >= deadline_ms) return;
      if (env_->clock->FollowsRealTime()) {
        wait_ms = std::min(wait_ms, deadline_ms - now);
      }
    }
    if (env_->log->WaitForCommitAfter(seen, wait_ms)) return;
  }
}

void Lane::PaceAfter(int64_t read_ms, int64_t end_ms) {
  if (env_->poll_interval_ms <= 0) return;
  next_read_ms_ = std::min(read_ms + env_->poll_interval_ms,
                           end_ms + kPollBackoff * (end_ms - read_ms));
}

void Lane::Run() {
  while (!stopping()) Step();
}

void Lane::Step() {
  const uint64_t since = pokes();
  const EventSourceMapping& m = env_->mapping.mapping;
  std::shared_ptr<Function> fn = env_->functions->Find(m.function_name);
  if (fn == nullptr) {
    SetResult(absl::StrCat("PROBLEM: Function not found: ",
                           env_->functions->FunctionArn(m.function_name)));
    WaitUntil(-1, since);
    return;
  }
  // The time is read before the batch: a clock that moves while the batch
  // is read must not make a batch read before later commits look complete
  // (the next step sees both the commits and the new time).
  const int64_t now = env_->clock->NowMillis();
  if (now < next_read_ms_) {
    WaitUntil(next_read_ms_, since);
    return;
  }
  Batch b;
  if (absl::Status s = ReadBatch(&b); !s.ok()) {
    SetResult(absl::StrCat("PROBLEM: ", s.ToString()));
    WaitUntil(now + kBackoffBaseMs, since);
    return;
  }
  int64_t window_end = Snapshot().window_end_ms;
  bool window_open = window_end != 0;
  if (window_open &&
      (now >= window_end ||
       (!b.recs->empty() && b.recs->front().created_ms >= window_end))) {
    FinalWindowInvoke(fn);
    return;
  }
  if (b.recs->empty()) {
    if (b.end > Snapshot().next_seq) {
      {
        absl::MutexLock lock(&mu_);
        state_.counts.polled_event_count += b.polled;
        state_.counts.filtered_out_event_count += b.filtered;
      }
      Checkpoint(b.end);
      PaceAfter(now, env_->clock->NowMillis());
      return;
    }
    {
      absl::MutexLock lock(&mu_);
      iterator_age_ms_ = 0;
    }
    WaitForCommit(b.upto, window_open ? window_end : -1, since);
    return;
  }
  // The batching window runs from the first record's commit time, so a
  // backlog older than the window is invoked at once.
  int window_s = m.config.maximum_batching_window_in_seconds;
  if (window_s > 0 && !b.full) {
    int64_t deadline = b.recs->front().created_ms + int64_t{window_s} * 1000;
    if (now < deadline) {
      // Each read starts over at the checkpoint, so waking on every commit
      // would read n records n times. Wait instead until enough sequence
      // numbers have been committed to fill the batch by count, or to
      // double what this read found (sequence numbers are database-wide,
      // so this is an upper bound on new records; the 6 MB limit is seen
      // at most one doubling late). Reads per window: O(log n).
      const uint64_t n = b.recs->size();
      const uint64_t missing = static_cast<uint64_t>(m.config.batch_size) - n;
      WaitForCommit(b.upto + std::min(missing, n) - 1, deadline, since);
      return;
    }
  }
  ProcessBatch(fn, b);
  if (!b.full) PaceAfter(now, last_finished_ms_);
}

bool Lane::OwnsRecord(std::string_view value) const {
  int lanes = env_->mapping.mapping.config.parallelization_factor;
  if (lanes <= 1) return true;
  absl::StatusOr<StreamRecord> r = DecodeChangeRecord(value, 0, 0);
  if (!r.ok()) return index_ == 0;
  Item pk;
  auto it = r->keys.find(env_->partition_key);
  if (it != r->keys.end()) pk.emplace(it->first, it->second);
  size_t h = std::hash<std::string>()(ItemToJson(pk));
  return static_cast<int>(h % static_cast<size_t>(lanes)) == index_;
}

absl::Status Lane::ReadBatch(Batch* b) const {
  const StoredMapping& sm = env_->mapping;
  const EventSourceMappingConfig& c = sm.mapping.config;
  stream_reads_.fetch_add(1, std::memory_order_relaxed);
  b->recs = std::make_shared<RawRecords>();
  b->upto = env_->log->last_committed();
  uint64_t from = Snapshot().next_seq;
  uint64_t trimmed = env_->log->TrimmedBefore(sm.stream_id);
  if (from < trimmed) {
    // Retention removed records this lane had not finished (only if the
    // hold on retention was bypassed). Say so; never pretend otherwise.
    SetResult(absl::StrCat("PROBLEM: records before sequence number ",
                           SequenceToString(trimmed),
                           " were trimmed before delivery"));
    from = trimmed;
  }
  b->end = std::max(from, b->upto + 1);
  if (from > b->upto) return absl::OkStatus();
  std::string upper = ChangeKey(sm.stream_id, b->upto + 1);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      env_->db->NewIterator(ro, env_->changes_cf));
  size_t bytes = 0;
  int64_t window_start = -1;
  for (it->Seek(ChangeKey(sm.stream_id, from)); it->Valid(); it->Next()) {
    uint32_t stream_id;
    uint64_t seq;
    std::string_view key(it->key().data(), it->key().size());
    if (!ParseChangeKey(key, &stream_id, &seq) || stream_id != sm.stream_id) {
      return absl::DataLossError("malformed change record key");
    }
    std::string_view value(it->value().data(), it->value().size());
    if (!OwnsRecord(value)) continue;
    if (env_->filter && !env_->filter->empty() &&
        !env_->filter->Matches(LambdaRecordJson(*env_, seq, value))) {
      ++b->polled;
      ++b->filtered;
      continue;
    }
    int64_t created = RecordCreatedMs(value);
    int64_t w = WindowStart(c.tumbling_window_in_seconds, created);
    bool boundary = !b->recs->empty() && w != window_start;
    if (boundary ||
        (!b->recs->empty() && bytes + value.size() > kBatchBytesMax)) {
      b->end = seq;
      b->full = true;
      return absl::OkStatus();
    }
    window_start = w;
    ++b->polled;
    bytes += value.size();
    b->recs->push_back(RawRecord{seq, created, std::string(value)});
    if (static_cast<int>(b->recs->size()) >= c.batch_size) {
      b->end = seq + 1;
      b->full = true;
      return absl::OkStatus();
    }
  }
  if (!it->status().ok()) return engine::FromRocks(it->status());
  return absl::OkStatus();
}

void Lane::Checkpoint(uint64_t next_seq) {
  std::string value;
  {
    absl::MutexLock lock(&mu_);
    state_.next_seq = next_seq;
    value = EncodeCheckpoint(state_);
  }
  rocksdb::Status rs =
      env_->db->Put(rocksdb::WriteOptions(), env_->triggers_cf,
                    CheckpointKey(env_->mapping.mapping.uuid, index_), value);
  if (!rs.ok()) {
    // Losing a checkpoint only causes redelivery.
    SetResult(
        absl::StrCat("PROBLEM: checkpoint write failed: ", rs.ToString()));
  }
}

int64_t Lane::AgeLimitMs() const {
  int age_s = env_->mapping.mapping.config.maximum_record_age_in_seconds;
  if (age_s >= 0) return int64_t{age_s} * 1000;
  return env_->stream_retention_ms;  // -1: none
}

std::string Lane::ShardIdOf(uint64_t seq) const {
  std::vector<ShardMeta> shards = env_->log->Shards(env_->mapping.stream_id);
  for (auto it = shards.rbegin(); it != shards.rend(); ++it) {
    if (it->start_seq <= seq) return it->shard_id;
  }
  return shards.empty() ? "" : shards.front().shard_id;
}

}  // namespace eddy::cdc

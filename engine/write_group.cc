// Copyright (c) Eddy authors.

#include "engine/write_group.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cdc/change_record.h"
#include "cdc/change_record_generated.h"
#include "engine/errors.h"
#include "rocksdb/write_batch.h"

namespace eddy::engine {
namespace {

// A pause hint for spin loops.
inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace

WriteGroup::WriteGroup(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* items_cf,
                       rocksdb::ColumnFamilyHandle* changes_cf,
                       cdc::StreamLog* log, Clock* clock)
    : db_(db),
      items_cf_(items_cf),
      changes_cf_(changes_cf),
      log_(log),
      clock_(clock),
      spinners_max_(std::max(
          1, static_cast<int>(std::thread::hardware_concurrency()) - 1)) {}

bool WriteGroup::BuildGroup(const std::vector<Writer*>& group,
                            rocksdb::WriteBatch* batch, uint64_t* last_seq) {
  bool sync = false;
  int64_t now_ms = clock_->NowMillis();
  for (Writer* w : group) {
    PreparedWrite& pw = *w->write;
    sync = sync || pw.sync;
    for (const PreparedWrite::ItemOp& op : pw.items) {
      if (op.value) {
        batch->Put(items_cf_, op.key, *op.value).PermitUncheckedError();
      } else {
        batch->Delete(items_cf_, op.key).PermitUncheckedError();
      }
    }
    for (PreparedWrite::RecordOp& rec : pw.records) {
      uint64_t seq = log_->AssignSequence(rec.stream_id, now_ms, batch);
      assert(seq > *last_seq);
      *last_seq = seq;
      // Stamp the commit time in place: records in sequence order then
      // carry non-decreasing times (AT_TIMESTAMP relies on it).
      fb::GetMutableChangeRecord(rec.value.data())->mutate_created_ms(now_ms);
      batch->Put(changes_cf_, cdc::ChangeKey(rec.stream_id, seq), rec.value)
          .PermitUncheckedError();
    }
  }
  return sync;
}

uint8_t WriteGroup::SpinForTurn(Writer* self) {
  for (int i = 0; i < kSpinsMax; ++i) {
    uint8_t state = self->state.load(std::memory_order_acquire);
    if (state != kWaiting) return state;
    CpuRelax();
  }
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::microseconds(kYieldUsecMax);
  do {
    uint8_t state = self->state.load(std::memory_order_acquire);
    if (state != kWaiting) return state;
    std::this_thread::yield();
  } while (std::chrono::steady_clock::now() < deadline);
  return kWaiting;
}

uint8_t WriteGroup::AwaitTurn(Writer* self) {
  if (spinners_.fetch_add(1, std::memory_order_relaxed) < spinners_max_) {
    uint8_t state = SpinForTurn(self);
    spinners_.fetch_sub(1, std::memory_order_relaxed);
    if (state != kWaiting) return state;
  } else {
    spinners_.fetch_sub(1, std::memory_order_relaxed);
  }
  absl::MutexLock lock(&mu_);
  uint8_t state;
  while ((state = self->state.load(std::memory_order_acquire)) == kWaiting) {
    self->blocked = true;
    self->cv.Wait(&mu_);
  }
  self->blocked = false;
  return state;
}

void WriteGroup::Release(Writer* w, uint8_t state) {
  const bool blocked = w->blocked;
  w->state.store(state, std::memory_order_release);
  // A blocked writer cannot return before we release mu_.
  if (blocked) w->cv.Signal();
}

absl::Status WriteGroup::CommitGroup(const std::vector<Writer*>& group,
                                     size_t bytes) {
  rocksdb::WriteBatch batch(bytes + 1024);
  uint64_t last_seq = 0;
  rocksdb::WriteOptions wo;
  wo.sync = BuildGroup(group, &batch, &last_seq);
  absl::Status status = FromRocks(db_->Write(wo, &batch));
  if (status.ok() && last_seq > 0) log_->Committed(last_seq);
  return status;
}

void WriteGroup::AwaitSyncPartner(Writer* self) {
  if (!self->write->sync) return;
  {
    absl::MutexLock lock(&mu_);
    const std::thread::id me = std::this_thread::get_id();
    const bool alternating = last_leader_ != me;
    last_leader_ = me;
    // Wait only on evidence of another synced writer: the previous group
    // had another leader or another member.
    if (queue_.size() > 1 || (!alternating && last_group_size_ < 2)) return;
  }
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::microseconds(kSyncJoinUsecMax);
  do {
    std::this_thread::yield();
    absl::MutexLock lock(&mu_);
    if (queue_.size() > 1) return;
  } while (std::chrono::steady_clock::now() < deadline);
}

absl::Status WriteGroup::Write(PreparedWrite* write) {
  Writer self(write);
  {
    absl::MutexLock lock(&mu_);
    if (!failed_.ok()) return failed_;
    queue_.push_back(&self);
    if (queue_.size() == 1)
      self.state.store(kLeader, std::memory_order_relaxed);
  }
  if (AwaitTurn(&self) == kDone) return self.status;
  AwaitSyncPartner(&self);

  // Leader: take a group from the front of the queue. Only the leader pops
  // the queue, so the group stays its prefix while mu_ is released.
  std::vector<Writer*> group;
  size_t bytes = 0;
  absl::Status status;
  {
    absl::MutexLock lock(&mu_);
    status = failed_;  // a failure while this writer waited
    for (Writer* w : queue_) {
      size_t size = 0;
      for (const auto& op : w->write->items)
        size += op.key.size() + (op.value ? op.value->size() : 0);
      for (const auto& rec : w->write->records) size += rec.value.size() + 12;
      if (status.ok() && !group.empty() && bytes + size > kGroupBytesMax) break;
      bytes += size;
      group.push_back(w);
    }
    last_group_size_ = group.size();
  }
  if (status.ok()) status = CommitGroup(group, bytes);

  absl::MutexLock lock(&mu_);
  if (!status.ok() && failed_.ok()) {
    failed_ = absl::UnavailableError(absl::StrCat(
        "writes refused after a failed commit; reopen the database: ",
        status.message()));
  }
  for (Writer* w : group) {
    queue_.pop_front();
    if (w == &self) continue;
    w->status = status;
    Release(w, kDone);
  }
  // Hand leadership to the next waiting writer.
  if (!queue_.empty()) Release(queue_.front(), kLeader);
  return status;
}

}  // namespace eddy::engine

// Copyright (c) Eddy authors.

#include "engine/write_group.h"

#include "absl/strings/str_cat.h"
#include "cdc/change_record.h"
#include "cdc/change_record_generated.h"
#include "engine/errors.h"
#include "rocksdb/write_batch.h"

namespace eddy::engine {

WriteGroup::WriteGroup(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* items_cf,
                       rocksdb::ColumnFamilyHandle* changes_cf,
                       cdc::StreamLog* log, Clock* clock)
    : db_(db),
      items_cf_(items_cf),
      changes_cf_(changes_cf),
      log_(log),
      clock_(clock) {}

bool WriteGroup::BuildGroup(const std::vector<Writer*>& group,
                            rocksdb::WriteBatch* batch, uint64_t* last_seq) {
  bool sync = false;
  int64_t now_ms = clock_->NowMillis();
  for (Writer* w : group) {
    const PreparedWrite& pw = *w->write;
    sync = sync || pw.sync;
    for (const PreparedWrite::ItemOp& op : pw.items) {
      if (op.value) {
        batch->Put(items_cf_, op.key, *op.value).PermitUncheckedError();
      } else {
        batch->Delete(items_cf_, op.key).PermitUncheckedError();
      }
    }
    for (const PreparedWrite::RecordOp& rec : pw.records) {
      uint64_t seq = log_->AssignSequence(rec.stream_id, now_ms, batch);
      assert(seq > *last_seq);
      *last_seq = seq;
      // Stamp the commit time in place: records in sequence order then
      // carry non-decreasing times (AT_TIMESTAMP relies on it).
      std::string value = rec.value;
      fb::GetMutableChangeRecord(value.data())->mutate_created_ms(now_ms);
      batch->Put(changes_cf_, cdc::ChangeKey(rec.stream_id, seq), value)
          .PermitUncheckedError();
    }
  }
  log_->FinishBatch(batch);
  return sync;
}

absl::Status WriteGroup::Write(const PreparedWrite& write) {
  Writer self(&write);
  absl::MutexLock lock(&mu_);
  if (!failed_.ok()) return failed_;
  queue_.push_back(&self);
  while (!self.done && queue_.front() != &self) self.cv.Wait(&mu_);
  if (self.done) return self.status;

  // Leader: take a group from the front of the queue.
  std::vector<Writer*> group;
  size_t bytes = 0;
  for (Writer* w : queue_) {
    size_t size = 0;
    for (const auto& op : w->write->items)
      size += op.key.size() + (op.value ? op.value->size() : 0);
    for (const auto& rec : w->write->records) size += rec.value.size() + 12;
    if (!group.empty() && bytes + size > kGroupBytesMax) break;
    bytes += size;
    group.push_back(w);
  }
  rocksdb::WriteBatch batch(bytes + 1024);
  uint64_t last_seq = 0;
  bool sync = BuildGroup(group, &batch, &last_seq);

  mu_.Unlock();
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  absl::Status status = FromRocks(db_->Write(wo, &batch));
  mu_.Lock();

  if (status.ok()) {
    if (last_seq > 0) log_->Committed(last_seq);
  } else {
    failed_ = absl::UnavailableError(absl::StrCat(
        "writes refused after a failed commit; reopen the database: ",
        status.message()));
  }
  for (Writer* w : group) {
    queue_.pop_front();
    w->status = status;
    w->done = true;
    if (w != &self) w->cv.Signal();
  }
  // Hand leadership to the next waiting writer.
  if (!queue_.empty()) queue_.front()->cv.Signal();
  return status;
}

}  // namespace eddy::engine

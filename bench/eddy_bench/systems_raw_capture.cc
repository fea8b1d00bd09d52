// Copyright (c) Eddy authors.
//
// Raw RocksDB doing by hand the least that change capture needs, to show
// what capture costs in RocksDB itself, apart from Eddy:
//
//   raw-record      every write also puts a change record under an
//                   increasing 12-byte key (as Eddy's) in a "changes" column
//                   family, in the same WriteBatch: the atomicity rule alone,
//                   with no old-item read
//   raw-get-record  the same, after a Get of the old item, which a record
//                   needs (INSERT or MODIFY, the old image, and no record
//                   when a write changes nothing) and which raw's blind
//                   Put/Delete skips: the "naive Get + WriteBatch"
//
// The records are NEW_AND_OLD_IMAGES records, the largest view type and the
// one the targets' "worst view type" is in practice: a MODIFY carries the
// item as both images, an INSERT the new one, a REMOVE the old one. They
// are encoded once, at Open, with the material's item as every image (the
// same size as Eddy's); raw-record, which does not read, writes the MODIFY
// shape for puts and updates. Same keys, item bytes, options and
// operations as `raw`; a get is the same Get. No sequence bookkeeping beyond
// an atomic counter and no encoding per write: whatever Eddy spends above
// raw-get-record is Eddy's own.

#include <atomic>

#include "bench/eddy_bench/raw_system.h"
#include "cdc/change_record.h"
#include "rocksdb/write_batch.h"

namespace eddy::bench {
namespace {

class RawCaptureSystem : public RawSystemBase {
 public:
  RawCaptureSystem(const Material& m, bool read_old)
      : RawSystemBase(m, /*with_changes=*/true), read_old_(read_old) {}
  std::string name() const override {
    return read_old_ ? "raw-get-record" : "raw-record";
  }
  void Open(const std::string& dir, bool sync) override {
    RawSystemBase::Open(dir, sync);
    Item keys{{kPk, AttributeValue::N(m_.ids[0])}};
    std::string encoded_keys;
    engine::EncodeItem(keys, &encoded_keys);
    cdc::RecordInput in{.view_type = StreamViewType::kNewAndOldImages,
                        .created_ms = WallNowNs() / 1000000,
                        .keys = encoded_keys};
    in.event_name = EventName::kInsert;
    in.new_image = m_.raw_value;
    cdc::EncodeChangeRecord(in, &insert_);
    in.event_name = EventName::kModify;
    in.old_image = m_.raw_value;
    cdc::EncodeChangeRecord(in, &modify_);
    in.event_name = EventName::kRemove;
    in.new_image.reset();
    cdc::EncodeChangeRecord(in, &remove_);
  }
  bool Do(const Op& op, int) override {
    const std::string& key = m_.encoded[op.key];
    bool found = true;
    if (op.kind == OpKind::kGet) return Read(key, &found);
    if ((read_old_ || op.kind == OpKind::kUpdate) && !Read(key, &found)) {
      return false;
    }
    rocksdb::WriteBatch batch;
    if (op.kind == OpKind::kDelete) {
      batch.Delete(db_->cf(), key);
    } else {
      batch.Put(db_->cf(), key, m_.raw_value);
    }
    // As Eddy: a delete of a missing item makes no record (known only
    // after the read; raw-record, which does not read, always writes one).
    const std::string* record = &modify_;
    if (op.kind == OpKind::kDelete) {
      record = found ? &remove_ : nullptr;
    } else if (!found) {
      record = &insert_;
    }
    if (record != nullptr) {
      batch.Put(db_->changes_cf(), cdc::ChangeKey(1, ++sequence_), *record);
    }
    return db_->db()->Write(wo_, &batch).ok();
  }

 private:
  const bool read_old_;
  std::string insert_, modify_, remove_;  // NEW_AND_OLD_IMAGES records
  std::atomic<uint64_t> sequence_{0};
};

}  // namespace

std::unique_ptr<System> MakeRawCaptureSystem(const Material& m, bool read_old) {
  return std::make_unique<RawCaptureSystem>(m, read_old);
}

}  // namespace eddy::bench

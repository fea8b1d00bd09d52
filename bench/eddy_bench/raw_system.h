// Copyright (c) Eddy authors.
//
// What the raw RocksDB systems (raw, raw-record, raw-get-record) share: a
// RawDb with Eddy's options, preloaded with Eddy's item bytes under Eddy's
// keys, settled by flush + reopen, reads into a PinnableSlice, and a Close
// that flushes every column family (so bytes written count the same way as
// Eddy's Close, which flushes all of its column families).

#ifndef EDDY_BENCH_EDDY_BENCH_RAW_SYSTEM_H_
#define EDDY_BENCH_EDDY_BENCH_RAW_SYSTEM_H_

#include <memory>
#include <string>

#include "bench/eddy_bench/system.h"
#include "bench/engine_bench_env.h"

namespace eddy::bench {

class RawSystemBase : public System {
 public:
  void Open(const std::string& dir, bool sync) override {
    db_ = RawDb::Open(dir, with_changes_);
    wo_.sync = sync;
  }
  void Preload() override {
    for (const std::string& key : m_.encoded) {
      Check(
          db_->db()->Put(rocksdb::WriteOptions(), db_->cf(), key, m_.raw_value),
          name() + " preload");
    }
  }
  void Settle() override { db_->FlushAndReopen(); }
  void Close() override {
    db_->FlushAll();
    db_.reset();
  }

 protected:
  // with_changes: the RawDb also has the "changes" column family.
  RawSystemBase(const Material& m, bool with_changes)
      : m_(m), with_changes_(with_changes) {}

  // Reads key's value into a PinnableSlice, as a get does. Returns false on
  // an error; *found says whether the key exists.
  bool Read(const std::string& key, bool* found) const {
    rocksdb::PinnableSlice value;
    rocksdb::Status s =
        db_->db()->Get(rocksdb::ReadOptions(), db_->cf(), key, &value);
    *found = s.ok();
    return s.ok() || s.IsNotFound();
  }

  const Material& m_;
  const bool with_changes_;
  std::unique_ptr<RawDb> db_;
  rocksdb::WriteOptions wo_;
};

}  // namespace eddy::bench

#endif  // EDDY_BENCH_EDDY_BENCH_RAW_SYSTEM_H_

// Copyright (c) Eddy authors.
//
// Fixtures for bench/engine_bench.cc: the raw RocksDB baseline opened with
// the same options Eddy gives its items column family, the Eddy database
// under test, and the shared key and item material, so that both sides of
// every ratio write and read exactly the same bytes.
//
// Benchmark-only code: a setup failure prints a message and exits the
// process (there is no caller to hand a Status to).

#ifndef EDDY_BENCH_ENGINE_BENCH_ENV_H_
#define EDDY_BENCH_ENGINE_BENCH_ENV_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "eddy/database.h"
#include "engine/item_codec.h"
#include "engine/item_validation.h"
#include "engine/key_codec.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"

namespace eddy::bench {

inline constexpr char kTable[] = "bench";
inline constexpr char kPk[] = "Id";
// The first table created in a fresh Database gets id 1 (engine/catalog.h);
// its item keys are AppendTableId(1) + the N encoding of the partition key.
inline constexpr uint32_t kTableId = 1;

// Exits with `what` and the status message unless ok.
inline void Check(bool ok, const std::string& what) {
  if (ok) return;
  std::fprintf(stderr, "engine_bench: %s\n", what.c_str());
  std::exit(1);
}
inline void Check(const absl::Status& s, const std::string& what) {
  Check(s.ok(), what + ": " + s.ToString());
}
inline void Check(const rocksdb::Status& s, const std::string& what) {
  Check(s.ok(), what + ": " + s.ToString());
}

inline KeySchema BenchSchema() { return {.partition_key = {kPk, KeyType::kN}}; }

// Opens (creating if asked) an Eddy database at `path` with default options:
// 64 MiB block cache, 64 MiB write buffer, kNoSync (WAL on, no fsync).
inline std::unique_ptr<Database> OpenEddy(const std::string& path,
                                          bool create_table) {
  DatabaseOptions options;
  auto db = Database::Open(path, options);
  Check(db.status(), "open eddy " + path);
  if (create_table) {
    auto t =
        (*db)->CreateTable({.table_name = kTable, .key_schema = BenchSchema()});
    Check(t.status(), "create table");
  }
  return *std::move(db);
}

// A plain rocksdb::DB shaped like Eddy's: the same DBOptions and, in an
// "items" column family, the same table options (engine/db_impl_open.cc:
// LRU block cache 64 MiB, bloom 10 bits, whole-key filtering, index and
// filter blocks in cache, write_buffer_size 64 MiB, dynamic level bytes).
class RawDb {
 public:
  // with_changes: also a "changes" column family with Eddy's (default)
  // options, for change records (bench/eddy_bench's raw-record systems).
  static std::unique_ptr<RawDb> Open(const std::string& path,
                                     bool with_changes = false) {
    std::unique_ptr<RawDb> raw(new RawDb(path, with_changes));
    raw->OpenRocks();
    return raw;
  }
  ~RawDb() { CloseRocks(); }

  rocksdb::DB* db() const { return db_; }
  rocksdb::ColumnFamilyHandle* cf() const { return handles_[1]; }
  // REQUIRES: opened with_changes.
  rocksdb::ColumnFamilyHandle* changes_cf() const { return handles_.at(2); }

  // Flushes the memtable to an SST and reopens, so reads come from SST
  // files through a cold block cache (as Eddy after Close + Open).
  void FlushAndReopen() {
    Check(db_->Flush(rocksdb::FlushOptions(), cf()), "raw flush");
    CloseRocks();
    OpenRocks();
  }

  // Flushes every column family's memtable (what Eddy's Close does).
  void FlushAll() {
    Check(db_->Flush(rocksdb::FlushOptions(), handles_), "raw flush");
  }

  // A numeric RocksDB property of the items column family ("" if unknown).
  std::string Property(const std::string& name) const {
    std::string v;
    db_->GetProperty(cf(), name, &v);
    return v;
  }

 private:
  RawDb(std::string path, bool with_changes)
      : path_(std::move(path)), with_changes_(with_changes) {}

  void OpenRocks() {
    rocksdb::DBOptions o;
    o.create_if_missing = true;
    o.create_missing_column_families = true;
    o.max_background_jobs = 2;
    o.bytes_per_sync = 1 << 20;
    o.keep_log_file_num = 4;
    o.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
    rocksdb::ColumnFamilyOptions items;
    items.write_buffer_size = size_t{64} << 20;
    rocksdb::BlockBasedTableOptions t;
    t.block_cache = rocksdb::NewLRUCache(size_t{64} << 20);
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    t.whole_key_filtering = true;
    t.cache_index_and_filter_blocks = true;
    t.pin_l0_filter_and_index_blocks_in_cache = true;
    items.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
    items.level_compaction_dynamic_level_bytes = true;
    // As Eddy's items column family (engine/db_impl_open.cc).
    items.memtable_whole_key_filtering = true;
    items.memtable_prefix_bloom_size_ratio = 0.02;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
        {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
        {"items", items}};
    if (with_changes_)
      cfs.push_back({"changes", rocksdb::ColumnFamilyOptions()});
    Check(rocksdb::DB::Open(o, path_, cfs, &handles_, &db_), "open raw");
  }

  void CloseRocks() {
    if (db_ == nullptr) return;
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    handles_.clear();
    db_->Close().PermitUncheckedError();
    delete db_;
    db_ = nullptr;
  }

  std::string path_;
  bool with_changes_ = false;
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

// The key space shared by both sides: key i has partition key N = ids[i]
// and RocksDB key encoded[i] (the exact bytes Eddy writes for it).
struct KeySet {
  std::vector<std::string> ids;
  std::vector<std::string> encoded;
  std::vector<uint32_t> random;  // fixed-seed draws, indexes the key space
};

inline KeySet MakeKeys(uint32_t count, uint64_t seed) {
  KeySet keys;
  keys.ids.reserve(count);
  keys.encoded.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    AttributeValue v = AttributeValue::N(int64_t{1000000} + i);
    Check(engine::NormalizeValue(kPk, 0, &v), "normalize id");
    std::string key;
    engine::AppendTableId(kTableId, &key);
    engine::AppendKeyValue(KeyType::kN, v, &key);
    keys.ids.push_back(v.n());
    keys.encoded.push_back(std::move(key));
  }
  std::mt19937_64 rng(seed);
  keys.random.resize(count);
  for (uint32_t& r : keys.random) r = static_cast<uint32_t>(rng() % count);
  return keys;
}

// A workload: one item shape, its stored bytes and its iteration budgets.
struct Workload {
  std::string name;            // "100B" or "1KB"
  Item item;                   // normalized, Id = ids[0]
  std::string value;           // EncodeItem(item): the raw side's value
  uint32_t read_keys = 0;      // keys preloaded for Get (fit a memtable)
  int64_t put_iterations = 0;  // per thread, per run
  int64_t get_iterations = 0;  // per thread, per run
};

// ~100 B item (DynamoDB size): Id N, name S, owner S, age N, weight N,
// tags SS of 3, active BOOL.
inline Item SmallItem(const std::string& id) {
  return Item{
      {kPk, AttributeValue::N(id)},
      {"name", AttributeValue::S("Rex the very good dog")},
      {"owner", AttributeValue::S("alice@example.com")},
      {"age", AttributeValue::N("7")},
      {"weight", AttributeValue::N("31.25")},
      {"tags", AttributeValue::SS({"friendly", "brown", "large"})},
      {"active", AttributeValue::Bool(true)},
  };
}

// ~1 KB item: the small item plus a 700-byte S, an NS of 10 and a map.
inline Item LargeItem(const std::string& id) {
  Item item = SmallItem(id);
  std::string bio;
  const char* words[] = {"loyal ", "playful ", "curious ", "gentle ", "fast "};
  for (int i = 0; bio.size() < 700; ++i) bio += words[i % 5];
  bio.resize(700);
  item["bio"] = AttributeValue::S(bio);
  item["scores"] = AttributeValue::NS(
      {"1", "2.5", "3", "44", "55.5", "66", "707", "8080", "9.75", "100"});
  item["address"] = AttributeValue::M({
      {"street", AttributeValue::S("1234 Long Meadow Road, Apartment 56")},
      {"city", AttributeValue::S("Springfield")},
      {"zip", AttributeValue::S("12345-6789")},
      {"country", AttributeValue::S("Freedonia")},
  });
  return item;
}

inline Workload MakeWorkload(std::string name, Item item) {
  Workload w;
  w.name = std::move(name);
  Check(engine::NormalizeItem(BenchSchema(), &item), "normalize item");
  engine::EncodeItem(item, &w.value);
  w.item = std::move(item);
  return w;
}

// Preloaded databases for the Get benchmarks: phase 0 reads memtable-only
// data, phase 1 reads SST files (flushed, reopened, block cache warmed).
struct ReadFixture {
  std::unique_ptr<Database> eddy;
  std::unique_ptr<RawDb> raw;
};

// Writes keys [0, w.read_keys) of `keys` with w's item into both sides:
// PutItem into Eddy, Put of the same key and stored bytes into raw.
inline void Preload(const KeySet& keys, const Workload& w, ReadFixture* f) {
  PutItemRequest r;
  r.table_name = kTable;
  r.item = w.item;
  AttributeValue* id = &r.item.find(kPk)->second;
  std::string value;
  for (uint32_t i = 0; i < w.read_keys; ++i) {
    *id = AttributeValue::N(keys.ids[i]);
    Check(f->eddy->PutItem(r).status(), "preload eddy");
    engine::EncodeItem(r.item, &value);
    Check(f->raw->db()->Put(rocksdb::WriteOptions(), f->raw->cf(),
                            keys.encoded[i], value),
          "preload raw");
  }
}

// Reads every key once on both sides so the SST phase starts warm.
inline void Warm(const KeySet& keys, const Workload& w, ReadFixture* f) {
  GetItemRequest r;
  r.table_name = kTable;
  rocksdb::PinnableSlice value;
  for (uint32_t i = 0; i < w.read_keys; ++i) {
    r.key[kPk] = AttributeValue::N(keys.ids[i]);
    auto got = f->eddy->GetItem(r);
    Check(got.ok() && got->item.has_value(), "warm eddy");
    value.Reset();
    Check(f->raw->db()->Get(rocksdb::ReadOptions(), f->raw->cf(),
                            keys.encoded[i], &value),
          "warm raw");
  }
}

// A fresh directory `base`/`tag`-<n>.
inline std::string NewDir(const std::string& base, const std::string& tag) {
  static int counter = 0;
  std::string dir = base + "/" + tag + "-" + std::to_string(counter++);
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace eddy::bench

#endif  // EDDY_BENCH_ENGINE_BENCH_ENV_H_

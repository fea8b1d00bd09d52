// Copyright (c) Eddy authors.
//
// The RocksDB-based systems: raw RocksDB (Eddy's options and bytes, no
// capture) and Eddy with the stream off or on with each view type.

#include <chrono>

#include "bench/eddy_bench/raw_system.h"
#include "bench/eddy_bench/system.h"
#include "bench/engine_bench_env.h"
#include "rocksdb/write_batch.h"

namespace eddy::bench {
namespace {

Item MakeItem(const Material& m, uint32_t key, int64_t ts) {
  return Item{{kPk, AttributeValue::N(m.ids[key])},
              {"data", AttributeValue::S(m.payload)},
              {"n", AttributeValue::N("0")},
              {"ts", AttributeValue::N(std::to_string(ts))}};
}

// Raw RocksDB: put = Put of Eddy's encoded item; update = Get + Put (an
// update is a read-modify-write on every system); delete = Delete;
// get = Get into a PinnableSlice.
class RawSystem : public RawSystemBase {
 public:
  explicit RawSystem(const Material& m) : RawSystemBase(m, false) {}
  std::string name() const override { return "raw"; }
  bool Do(const Op& op, int) override {
    const std::string& key = m_.encoded[op.key];
    rocksdb::DB* db = db_->db();
    bool found;
    switch (op.kind) {
      case OpKind::kPut:
        return db->Put(wo_, db_->cf(), key, m_.raw_value).ok();
      case OpKind::kUpdate:
        return Read(key, &found) &&
               db->Put(wo_, db_->cf(), key, m_.raw_value).ok();
      case OpKind::kDelete:
        return db->Delete(wo_, db_->cf(), key).ok();
      case OpKind::kGet:
        return Read(key, &found);
    }
    return false;
  }
};

// Eddy: put = PutItem of the whole item; update = UpdateItem ADD n 1,
// SET ts; delete = DeleteItem; get = GetItem.
class EddySystem : public System {
 public:
  EddySystem(const Material& m, std::string view) : m_(m), view_(view) {}
  std::string name() const override {
    return view_.empty() ? "eddy-off" : "eddy-" + view_;
  }
  void Open(const std::string& dir, bool sync) override {
    dir_ = dir;
    wo_.durability = sync ? Durability::kSync : Durability::kNoSync;
    Reopen();
    CreateTableRequest create{.table_name = kTable,
                              .key_schema = BenchSchema()};
    if (!view_.empty()) {
      StreamViewType type;
      Check(ParseStreamViewType(view_, &type), "view type " + view_);
      create.stream_specification = StreamSpecification{true, type};
    }
    Check(db_->CreateTable(create).status(), "eddy create table");
  }
  void Preload() override {
    for (uint32_t k = 0; k < m_.ids.size(); ++k) {
      Check(db_->PutItem({.table_name = kTable, .item = MakeItem(m_, k, 0)})
                .status(),
            "eddy preload");
    }
  }
  void Settle() override {
    Check(db_->Close(), "eddy close");
    Reopen();
  }
  bool Do(const Op& op, int) override;
  void Close() override {
    Check(db_->Close(), "eddy close");
    db_.reset();
  }

 private:
  void Reopen() {
    auto db = Database::Open(dir_, {});
    Check(db.status(), "open eddy " + dir_);
    db_ = *std::move(db);
  }

  const Material& m_;
  std::string view_;
  std::string dir_;
  std::unique_ptr<Database> db_;
  WriteOptions wo_;
};

bool EddySystem::Do(const Op& op, int) {
  Item key{{kPk, AttributeValue::N(m_.ids[op.key])}};
  switch (op.kind) {
    case OpKind::kPut:
      return db_
          ->PutItem({.table_name = kTable,
                     .item = MakeItem(m_, op.key, WallNowNs()),
                     .write_options = wo_})
          .ok();
    case OpKind::kUpdate:
      return db_
          ->UpdateItem({.table_name = kTable,
                        .key = std::move(key),
                        .actions = {UpdateAction::Add(Path::Attr("n"),
                                                      AttributeValue::N(1)),
                                    UpdateAction::Set(
                                        Path::Attr("ts"),
                                        Operand::Value(AttributeValue::N(
                                            std::to_string(WallNowNs()))))},
                        .write_options = wo_})
          .ok();
    case OpKind::kDelete:
      return db_
          ->DeleteItem({.table_name = kTable,
                        .key = std::move(key),
                        .write_options = wo_})
          .ok();
    case OpKind::kGet:
      return db_->GetItem({.table_name = kTable, .key = std::move(key)}).ok();
  }
  return false;
}

}  // namespace

int64_t WallNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Material MakeMaterial(const WorkloadConfig& c) {
  KeySet keys = MakeKeys(c.key_count, c.seed);
  Material m;
  m.ids = std::move(keys.ids);
  m.encoded = std::move(keys.encoded);
  m.payload.assign(c.item_bytes, 'x');
  for (size_t i = 0; i < m.payload.size(); ++i) {
    m.payload[i] = static_cast<char>('a' + (i * 7) % 26);
  }
  Item item = MakeItem(m, 0, WallNowNs());
  Check(engine::NormalizeItem(BenchSchema(), &item), "normalize item");
  engine::EncodeItem(item, &m.raw_value);
  return m;
}

std::unique_ptr<System> MakeRawSystem(const Material& m) {
  return std::make_unique<RawSystem>(m);
}

std::unique_ptr<System> MakeEddySystem(const Material& m,
                                       const std::string& view) {
  return std::make_unique<EddySystem>(m, view);
}

std::vector<std::string> AllSystemNames() {
  return {"raw",
          "raw-record",
          "raw-get-record",
          "eddy-off",
          "eddy-KEYS_ONLY",
          "eddy-NEW_IMAGE",
          "eddy-OLD_IMAGE",
          "eddy-NEW_AND_OLD_IMAGES",
          "sqlite"};
}

std::unique_ptr<System> MakeSystem(const std::string& name, const Material& m) {
  if (name == "raw") return MakeRawSystem(m);
  if (name == "raw-record") return MakeRawCaptureSystem(m, false);
  if (name == "raw-get-record") return MakeRawCaptureSystem(m, true);
  if (name == "sqlite") return MakeSqliteSystem(m);
  if (name == "eddy-off") return MakeEddySystem(m, "");
  const std::string prefix = "eddy-";
  if (name.rfind(prefix, 0) == 0) {
    StreamViewType type;
    if (ParseStreamViewType(name.substr(prefix.size()), &type)) {
      return MakeEddySystem(m, name.substr(prefix.size()));
    }
  }
  return nullptr;
}

}  // namespace eddy::bench

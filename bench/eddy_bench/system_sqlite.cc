// Copyright (c) Eddy authors.
//
// SQLite with triggers: what many applications do for change capture
// today. One table `items`, WAL mode, and AFTER INSERT / UPDATE / DELETE
// triggers that append each change, with its new and old row as JSON, to a
// `changes` table (the equivalent of Eddy's NEW_AND_OLD_IMAGES).
//
// Durability: synchronous=NORMAL when sync is off (in WAL mode a commit is
// written to the WAL, not fsynced: like Eddy's kNoSync) and FULL when on
// (the WAL is fsynced at each commit). Each operation is its own
// transaction (autocommit).
//
// Threads share one connection behind a mutex: SQLite allows one writer at
// a time, and a mutex is cheaper and fairer than the busy handler's sleeps
// between several connections.

#include <sqlite3.h>

#include <mutex>

#include "bench/eddy_bench/system.h"
#include "bench/engine_bench_env.h"

namespace eddy::bench {
namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE items (id INTEGER PRIMARY KEY, data TEXT NOT NULL,
                    n INTEGER NOT NULL, ts INTEGER NOT NULL);
CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT,
                      event TEXT NOT NULL, id INTEGER NOT NULL,
                      created_ns INTEGER NOT NULL, new_image TEXT,
                      old_image TEXT);
CREATE TRIGGER items_insert AFTER INSERT ON items BEGIN
  INSERT INTO changes (event, id, created_ns, new_image) VALUES ('INSERT',
    NEW.id, NEW.ts, json_object('id', NEW.id, 'data', NEW.data, 'n', NEW.n,
                                'ts', NEW.ts));
END;
CREATE TRIGGER items_update AFTER UPDATE ON items BEGIN
  INSERT INTO changes (event, id, created_ns, new_image, old_image) VALUES
    ('MODIFY', NEW.id, NEW.ts,
     json_object('id', NEW.id, 'data', NEW.data, 'n', NEW.n, 'ts', NEW.ts),
     json_object('id', OLD.id, 'data', OLD.data, 'n', OLD.n, 'ts', OLD.ts));
END;
CREATE TRIGGER items_delete AFTER DELETE ON items BEGIN
  INSERT INTO changes (event, id, created_ns, old_image) VALUES ('REMOVE',
    OLD.id, OLD.ts, json_object('id', OLD.id, 'data', OLD.data, 'n', OLD.n,
                                'ts', OLD.ts));
END;
)sql";

// Statements: put and update are upserts (DynamoDB's PutItem and
// UpdateItem create a missing item).
constexpr char kPut[] =
    "INSERT INTO items (id, data, n, ts) VALUES (?1, ?2, 0, ?3) "
    "ON CONFLICT(id) DO UPDATE SET data = excluded.data, n = 0, "
    "ts = excluded.ts";
constexpr char kUpdate[] =
    "INSERT INTO items (id, data, n, ts) VALUES (?1, ?2, 1, ?3) "
    "ON CONFLICT(id) DO UPDATE SET n = n + 1, ts = excluded.ts";
constexpr char kDelete[] = "DELETE FROM items WHERE id = ?1";
constexpr char kGet[] = "SELECT data, n, ts FROM items WHERE id = ?1";

class SqliteSystem : public System {
 public:
  explicit SqliteSystem(const Material& m) : m_(m) {}
  ~SqliteSystem() override {
    if (db_ != nullptr) Close();
  }
  std::string name() const override { return "sqlite"; }
  void Open(const std::string& dir, bool sync) override;
  void Preload() override;
  void Settle() override { Exec("PRAGMA wal_checkpoint(TRUNCATE)"); }
  bool Do(const Op& op, int) override;
  void Close() override;

 private:
  void Exec(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    Check(rc == SQLITE_OK,
          std::string("sqlite: ") + (err ? err : sqlite3_errstr(rc)));
    sqlite3_free(err);
  }
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    Check(sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s,
                             nullptr) == SQLITE_OK,
          std::string("sqlite prepare: ") + sqlite3_errmsg(db_));
    return s;
  }
  // Binds id (and data, ts for writes), steps to completion, resets.
  bool Run(sqlite3_stmt* s, uint32_t key, bool with_data);

  const Material& m_;
  std::mutex mu_;  // serializes every use of db_ and the statements
  sqlite3* db_ = nullptr;
  sqlite3_stmt* put_ = nullptr;
  sqlite3_stmt* update_ = nullptr;
  sqlite3_stmt* delete_ = nullptr;
  sqlite3_stmt* get_ = nullptr;
};

void SqliteSystem::Open(const std::string& dir, bool sync) {
  std::filesystem::create_directories(dir);
  std::string path = dir + "/bench.sqlite";
  Check(sqlite3_open_v2(
            path.c_str(), &db_,
            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
            nullptr) == SQLITE_OK,
        "sqlite open " + path);
  Exec("PRAGMA journal_mode=WAL");
  Exec(sync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  Exec(kSchema);
  put_ = Prepare(kPut);
  update_ = Prepare(kUpdate);
  delete_ = Prepare(kDelete);
  get_ = Prepare(kGet);
}

void SqliteSystem::Preload() {
  std::lock_guard<std::mutex> lock(mu_);
  Exec("BEGIN");
  for (uint32_t k = 0; k < m_.ids.size(); ++k) {
    Check(Run(put_, k, true), "sqlite preload");
  }
  Exec("COMMIT");
}

bool SqliteSystem::Run(sqlite3_stmt* s, uint32_t key, bool with_data) {
  sqlite3_bind_int64(s, 1, 1000000 + static_cast<int64_t>(key));
  if (with_data) {
    sqlite3_bind_text(s, 2, m_.payload.data(),
                      static_cast<int>(m_.payload.size()), SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, WallNowNs());
  }
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
  }
  sqlite3_reset(s);
  return rc == SQLITE_DONE;
}

bool SqliteSystem::Do(const Op& op, int) {
  std::lock_guard<std::mutex> lock(mu_);
  switch (op.kind) {
    case OpKind::kPut:
      return Run(put_, op.key, true);
    case OpKind::kUpdate:
      return Run(update_, op.key, true);
    case OpKind::kDelete:
      return Run(delete_, op.key, false);
    case OpKind::kGet:
      return Run(get_, op.key, false);
  }
  return false;
}

void SqliteSystem::Close() {
  for (sqlite3_stmt* s : {put_, update_, delete_, get_}) sqlite3_finalize(s);
  put_ = update_ = delete_ = get_ = nullptr;
  // Closing the last connection checkpoints the WAL into the database file.
  Check(sqlite3_close(db_) == SQLITE_OK, "sqlite close");
  db_ = nullptr;
}

}  // namespace

std::unique_ptr<System> MakeSqliteSystem(const Material& m) {
  return std::make_unique<SqliteSystem>(m);
}

}  // namespace eddy::bench

// Copyright (c) Eddy authors.
//
// Opening and closing a Database.
//
// Column families (persistent; names never change):
//   default   unused
//   catalog   table definitions (engine/catalog.h)
//   items     every table's items, keyed per engine/key_codec.h
//   changes   change records (cdc/change_record.h)

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "cdc/function.h"
#include "cdc/function_service.h"
#include "cdc/retention.h"
#include "cdc/stream_log.h"
#include "cdc/stream_reader.h"
#include "cdc/trigger_service.h"
#include "engine/db_impl.h"
#include "engine/errors.h"
#include "engine/key_codec.h"
#include "engine/strings.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"

namespace eddy {

absl::StatusOr<std::unique_ptr<Database>> Database::Open(
    const std::string& path, const DatabaseOptions& options) {
  return engine::DBImpl::OpenImpl(path, options);
}

namespace engine {
namespace {

constexpr char kCatalogCf[] = "catalog";
constexpr char kItemsCf[] = "items";
constexpr char kChangesCf[] = "changes";
constexpr char kTriggersCf[] = "triggers";
constexpr char kLogsCf[] = "logs";

absl::Status ValidateOptions(const DatabaseOptions& o) {
  if (o.durability == Durability::kDatabaseDefault) {
    return absl::InvalidArgumentError(
        "DatabaseOptions.durability must be kNoSync or kSync");
  }
  if (o.region.empty()) {
    return absl::InvalidArgumentError("DatabaseOptions.region is empty");
  }
  bool digits = o.account_id.size() == 12;
  for (char c : o.account_id) digits = digits && c >= '0' && c <= '9';
  if (!digits) {
    return absl::InvalidArgumentError(
        "DatabaseOptions.account_id must be exactly 12 decimal digits");
  }
  if (o.block_cache_bytes < (1u << 20)) {
    return absl::InvalidArgumentError(
        "DatabaseOptions.block_cache_bytes must be at least 1 MiB");
  }
  if (o.write_buffer_bytes < (1u << 20)) {
    return absl::InvalidArgumentError(
        "DatabaseOptions.write_buffer_bytes must be at least 1 MiB");
  }
  if (o.stream_retention_ms != -1 && o.stream_retention_ms < 1000) {
    return absl::InvalidArgumentError(
        "DatabaseOptions.stream_retention_ms must be -1 or >= 1000");
  }
  if (o.shard_rollover_ms < 1000) {
    return absl::InvalidArgumentError(
        "DatabaseOptions.shard_rollover_ms must be >= 1000");
  }
  if (o.shard_iterator_ttl_ms < 1) {
    return absl::InvalidArgumentError(
        "DatabaseOptions.shard_iterator_ttl_ms must be >= 1");
  }
  if (o.retention_check_interval_ms < 10) {
    return absl::InvalidArgumentError(
        "DatabaseOptions.retention_check_interval_ms must be >= 10");
  }
  if (o.trigger_poll_interval_ms < 0 || o.trigger_poll_interval_ms > 60000) {
    return absl::InvalidArgumentError(
        "DatabaseOptions.trigger_poll_interval_ms must be in [0, 60000]");
  }
  uint32_t n = o.lock_stripes;
  if (n == 0 || n > 65536 || (n & (n - 1)) != 0) {
    return absl::InvalidArgumentError(
        "DatabaseOptions.lock_stripes must be a power of two in [1, 65536]");
  }
  return absl::OkStatus();
}

rocksdb::ColumnFamilyOptions ItemsCfOptions(const DatabaseOptions& o,
                                            std::shared_ptr<rocksdb::Cache> c) {
  rocksdb::ColumnFamilyOptions cf;
  cf.write_buffer_size = o.write_buffer_bytes;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = std::move(c);
  t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  t.whole_key_filtering = true;
  t.cache_index_and_filter_blocks = true;
  t.pin_l0_filter_and_index_blocks_in_cache = true;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  cf.level_compaction_dynamic_level_bytes = true;
  // A bloom filter over the memtable's keys: a streamed or conditional
  // write reads the old item first, and for a new key that read is then a
  // filter probe instead of a skiplist search (bench/README.md).
  cf.memtable_whole_key_filtering = true;
  cf.memtable_prefix_bloom_size_ratio = 0.02;
  return cf;
}

}  // namespace

DBImpl::~DBImpl() { Close().IgnoreError(); }

DBImpl::DBImpl(std::string path, DatabaseOptions options)
    : path_(std::move(path)),
      options_(std::move(options)),
      clock_(options_.clock != nullptr ? options_.clock : SystemClock()),
      locks_(options_.lock_stripes) {}

absl::StatusOr<std::unique_ptr<Database>> DBImpl::OpenImpl(
    const std::string& path, const DatabaseOptions& options) {
  return OpenImpl(path, options, nullptr);
}

absl::StatusOr<std::unique_ptr<Database>> DBImpl::OpenImpl(
    const std::string& path, const DatabaseOptions& options,
    rocksdb::Env* env) {
  absl::Status s = ValidateOptions(options);
  if (!s.ok()) return s;
  if (path.empty()) return absl::InvalidArgumentError("path is empty");
  std::error_code ec;
  bool exists = std::filesystem::exists(path, ec);
  if (!exists && options.open_mode == OpenMode::kMustExist) {
    return absl::NotFoundError(
        absl::StrCat("database directory does not exist: ", path));
  }
  if (!exists && !std::filesystem::create_directories(path, ec)) {
    return absl::InternalError(absl::StrCat("cannot create database directory ",
                                            path, ": ", ec.message()));
  }
  std::unique_ptr<DBImpl> impl(new DBImpl(path, options));
  impl->env_ = env;
  s = impl->OpenRocks();
  if (!s.ok()) return s;
  s = impl->LoadCatalog();
  if (!s.ok()) return s;
  s = impl->StartStreams();
  if (!s.ok()) return s;
  s = impl->StartFunctions();
  if (!s.ok()) return s;
  s = impl->StartTriggers();
  if (!s.ok()) return s;
  return std::unique_ptr<Database>(std::move(impl));
}

absl::Status DBImpl::OpenRocks() {
#ifdef NDEBUG
  // Release builds: Debian's abseil is built with absl::Mutex deadlock
  // detection on, which cost 5-6% of a PutItem (bench/README.md). This is
  // process-wide; debug builds keep the detection.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
#endif
  auto cache = rocksdb::NewLRUCache(options_.block_cache_bytes);
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1 << 20;
  db_options.keep_log_file_num = 4;
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  if (env_ != nullptr) db_options.env = env_;

  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {kCatalogCf, rocksdb::ColumnFamilyOptions()},
      {kItemsCf, ItemsCfOptions(options_, cache)},
      {kChangesCf, rocksdb::ColumnFamilyOptions()},
      {kTriggersCf, rocksdb::ColumnFamilyOptions()},
      {kLogsCf, rocksdb::ColumnFamilyOptions()},
  };
  rocksdb::DB* raw = nullptr;
  rocksdb::Status rs =
      rocksdb::DB::Open(db_options, path_, cfs, &handles_, &raw);
  if (!rs.ok()) {
    if (rs.IsIOError() && (rs.ToString().find("lock") != std::string::npos ||
                           rs.ToString().find("LOCK") != std::string::npos)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "database directory ", path_,
          " is already open (by this or another process): ", rs.ToString()));
    }
    return FromRocks(rs);
  }
  db_.reset(raw);
  catalog_cf_ = handles_[1];
  items_cf_ = handles_[2];
  changes_cf_ = handles_[3];
  triggers_cf_ = handles_[4];
  logs_cf_ = handles_[5];
  return absl::OkStatus();
}

absl::Status DBImpl::LoadCatalog() {
  absl::MutexLock lock(&catalog_mu_);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), catalog_cf_));
  for (it->Seek(rocksdb::Slice(kTableKeyPrefix.data(), kTableKeyPrefix.size()));
       it->Valid(); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    if (key.substr(0, kTableKeyPrefix.size()) != kTableKeyPrefix) break;
    absl::StatusOr<TableInfo> info = DecodeTableInfo(
        std::string_view(it->value().data(), it->value().size()),
        options_.region, options_.account_id);
    if (!info.ok()) return info.status();
    std::string name = info->name();
    tables_[name] = std::make_unique<const TableInfo>(*std::move(info));
  }
  if (!it->status().ok()) return FromRocks(it->status());
  std::string next;
  rocksdb::Status rs = db_->Get(rocksdb::ReadOptions(), catalog_cf_,
                                std::string(kNextTableIdKey), &next);
  if (rs.ok()) {
    if (next.size() != 4) {
      return absl::DataLossError("corrupt catalog entry next_table_id");
    }
    next_table_id_ = (uint32_t{uint8_t(next[0])} << 24) |
                     (uint32_t{uint8_t(next[1])} << 16) |
                     (uint32_t{uint8_t(next[2])} << 8) | uint8_t(next[3]);
  } else if (!rs.IsNotFound()) {
    return FromRocks(rs);
  }
  return absl::OkStatus();
}

absl::Status DBImpl::CheckOpen() const {
  return closed_.load(std::memory_order_acquire) ? DatabaseClosed()
                                                 : absl::OkStatus();
}

absl::Status DBImpl::Close() {
  if (close_started_.exchange(true)) return absl::OkStatus();
  // Handlers may call the Database until their dispatchers are joined.
  StopTriggers();
  StopFunctions();
  closed_.store(true, std::memory_order_release);
  if (!db_) return absl::OkStatus();
  StopStreams();
  rocksdb::FlushOptions flush;
  flush.wait = true;
  rocksdb::Status rs = db_->Flush(flush, handles_);
  absl::Status result = FromRocks(rs);
  for (rocksdb::ColumnFamilyHandle* h : handles_) {
    rocksdb::Status ds = db_->DestroyColumnFamilyHandle(h);
    if (result.ok()) result = FromRocks(ds);
  }
  handles_.clear();
  rocksdb::Status cs = db_->Close();
  if (result.ok()) result = FromRocks(cs);
  db_.reset();
  return result;
}

}  // namespace engine
}  // namespace eddy

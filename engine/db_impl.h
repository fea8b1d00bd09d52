// Copyright (c) Eddy authors.
//
// DBImpl: the Database implementation. Split by concern:
//   db_impl_open.cc    Open, Close, options, catalog load
//   db_impl_tables.cc  CreateTable ... DeleteTable
//   db_impl_write.cc   PutItem, DeleteItem, UpdateItem and the commit path
//   db_impl_batch.cc   BatchGetItem, BatchWriteItem, TransactWriteItems
//   db_impl_read.cc    GetItem, Query, Scan
//
// Locking (acquire in this order, never the reverse):
//   1. catalog_mu_: shared by every item operation for its whole duration,
//      exclusive for table create/update/delete. So a table cannot be deleted
//      under an in-flight write (which would leave orphan items).
//   2. item stripes (ItemLocks), ascending.
// No lock is held while calling out of the engine.

#ifndef EDDY_ENGINE_DB_IMPL_H_
#define EDDY_ENGINE_DB_IMPL_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "eddy/database.h"
#include "engine/catalog.h"
#include "engine/item_locks.h"
#include "rocksdb/db.h"

namespace eddy::engine {

// One item change, ready to commit. The old item is what the writer read
// under the item's stripe lock (nullopt: the item did not exist).
struct RangeScan;  // db_impl_read.cc

struct Mutation {
  const TableInfo* table = nullptr;
  std::string key;                  // encoded RocksDB key
  std::optional<Item> new_item;     // nullopt: delete
};

class DBImpl final : public Database {
 public:
  static absl::StatusOr<std::unique_ptr<Database>> OpenImpl(
      const std::string& path, const DatabaseOptions& options);
  ~DBImpl() override;

  absl::Status Close() override;

  absl::StatusOr<TableDescription> CreateTable(
      const CreateTableRequest& request) override;
  absl::StatusOr<TableDescription> DescribeTable(
      std::string_view table_name) override;
  absl::StatusOr<ListTablesResult> ListTables(
      const ListTablesRequest& request) override;
  absl::StatusOr<TableDescription> UpdateTable(
      const UpdateTableRequest& request) override;
  absl::StatusOr<TableDescription> DeleteTable(
      std::string_view table_name) override;

  absl::StatusOr<ItemResult> PutItem(const PutItemRequest& r) override;
  absl::StatusOr<ItemResult> GetItem(const GetItemRequest& r) override;
  absl::StatusOr<ItemResult> DeleteItem(const DeleteItemRequest& r) override;
  absl::StatusOr<ItemResult> UpdateItem(const UpdateItemRequest& r) override;
  absl::StatusOr<QueryResult> Query(const QueryRequest& r) override;
  absl::StatusOr<QueryResult> Scan(const ScanRequest& r) override;
  absl::StatusOr<BatchGetItemResult> BatchGetItem(
      const BatchGetItemRequest& r) override;
  absl::StatusOr<BatchWriteItemResult> BatchWriteItem(
      const BatchWriteItemRequest& r) override;
  absl::Status TransactWriteItems(const TransactWriteItemsRequest& r) override;

 private:
  DBImpl(std::string path, DatabaseOptions options);

  // --- open (db_impl_open.cc) ---
  absl::Status OpenRocks();
  absl::Status LoadCatalog();
  absl::Status CheckOpen() const;

  // --- tables (db_impl_tables.cc) ---
  // kNotFound (ResourceNotFoundException) if absent.
  absl::StatusOr<const TableInfo*> FindTable(std::string_view name) const
      ABSL_SHARED_LOCKS_REQUIRED(catalog_mu_);

  // --- reads (db_impl_read.cc) ---
  absl::StatusOr<QueryResult> RunScan(const TableInfo& table,
                                      const RangeScan& scan) const;

  // --- shared item helpers (db_impl_write.cc) ---
  // Normalizes a key per the table's schema and encodes it.
  absl::StatusOr<std::string> EncodeKey(const TableInfo& table, Item* key) const;
  std::string EncodeItemKey(const TableInfo& table, const Item& item) const;
  // Reads and decodes the item at an encoded key.
  absl::StatusOr<std::optional<Item>> ReadItem(const std::string& key) const;
  // Writes the mutations in one atomic RocksDB write.
  // REQUIRES: the stripes of every mutation's key are held.
  absl::Status Commit(const std::vector<Mutation>& mutations,
                      const WriteOptions& write_options);
  bool SyncFor(const WriteOptions& write_options) const;
  // The UpdateItem core, shared with TransactWriteItems: applies actions to
  // the old item (or a new one holding just the key).
  absl::StatusOr<Item> ApplyActions(const TableInfo& table, const Item& key,
                                    const std::optional<Item>& old_item,
                                    const std::vector<UpdateAction>& actions,
                                    std::vector<Path>* updated_paths) const;

  const std::string path_;
  const DatabaseOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* catalog_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* items_cf_ = nullptr;
  std::atomic<bool> closed_{false};

  mutable absl::Mutex catalog_mu_;
  // Published tables by name. TableInfo objects are never mutated; replaced
  // or erased only under the exclusive lock.
  absl::flat_hash_map<std::string, std::unique_ptr<const TableInfo>> tables_
      ABSL_GUARDED_BY(catalog_mu_);
  uint32_t next_table_id_ ABSL_GUARDED_BY(catalog_mu_) = 1;

  mutable ItemLocks locks_;
};

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_DB_IMPL_H_

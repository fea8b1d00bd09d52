// Copyright (c) Eddy authors.
//
// DBImpl: the Database implementation. Split by concern:
//   db_impl_open.cc    Open, Close, options, catalog load
//   db_impl_tables.cc  CreateTable ... DeleteTable
//   db_impl_write.cc   PutItem, DeleteItem, UpdateItem and the commit path
//   db_impl_batch.cc   BatchGetItem, BatchWriteItem, TransactWriteItems
//   db_impl_read.cc    GetItem, Query, Scan
//   db_impl_streams.cc the DynamoDB Streams calls
//   db_impl_functions.cc  functions (both kinds), Invoke, function logs
//   db_impl_triggers.cc   event source mappings and failure destinations
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
#include "engine/write_group.h"
#include "rocksdb/db.h"

namespace eddy::cdc {
class StreamLog;
class StreamReader;
class RetentionThread;
class FunctionRegistry;
class FunctionService;
class TriggerService;
}  // namespace eddy::cdc

namespace eddy::engine {

struct RangeScan;  // db_impl_read.cc

// One item change, ready to commit.
struct Mutation {
  const TableInfo* table = nullptr;
  std::string key;               // encoded RocksDB key
  std::optional<Item> new_item;  // nullopt: delete
  // Tables with a stream only: the stored bytes the writer read under the
  // item's stripe lock (nullopt: no item), and the item's key attributes.
  std::optional<std::string> old_value;
  Item key_item;
  // If set, the new item instead of new_item (not owned: the caller's
  // canonical item, alive until Commit returns; saves a copy).
  const Item* new_item_view = nullptr;
};

// An item as a writer read it under its stripe lock: the stored bytes and
// their decoding (both nullopt: no item).
struct StoredItem {
  std::optional<std::string> bytes;
  std::optional<Item> item;
};

// Decodes stored item bytes (nullopt stays nullopt). kDataLoss if corrupt.
absl::StatusOr<std::optional<Item>> DecodeStored(std::string_view bytes);
absl::StatusOr<std::optional<Item>> DecodeStored(
    const std::optional<std::string>& bytes);

class DBImpl final : public Database {
 public:
  static absl::StatusOr<std::unique_ptr<Database>> OpenImpl(
      const std::string& path, const DatabaseOptions& options);
  // Test-only (engine/db_testing.h): as above, with RocksDB doing all its
  // file I/O through `env` (nullptr: rocksdb::Env::Default()). Not owned;
  // must outlive the Database.
  static absl::StatusOr<std::unique_ptr<Database>> OpenImpl(
      const std::string& path, const DatabaseOptions& options,
      rocksdb::Env* env);
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
  absl::StatusOr<std::optional<ItemView>> GetItemView(
      const GetItemRequest& r) override;
  absl::StatusOr<ItemResult> DeleteItem(const DeleteItemRequest& r) override;
  absl::StatusOr<ItemResult> UpdateItem(const UpdateItemRequest& r) override;
  absl::StatusOr<QueryResult> Query(const QueryRequest& r) override;
  absl::StatusOr<QueryResult> Scan(const ScanRequest& r) override;
  absl::StatusOr<BatchGetItemResult> BatchGetItem(
      const BatchGetItemRequest& r) override;
  absl::StatusOr<BatchWriteItemResult> BatchWriteItem(
      const BatchWriteItemRequest& r) override;
  absl::Status TransactWriteItems(const TransactWriteItemsRequest& r) override;

  absl::StatusOr<ListStreamsResult> ListStreams(
      const ListStreamsRequest& r) override;
  absl::StatusOr<StreamDescription> DescribeStream(
      const DescribeStreamRequest& r) override;
  absl::StatusOr<std::string> GetShardIterator(
      const GetShardIteratorRequest& r) override;
  absl::StatusOr<GetRecordsResult> GetRecords(
      const GetRecordsRequest& r) override;

  absl::Status RegisterFunction(
      std::string_view name, FunctionHandler handler,
      const InProcessFunctionOptions& options) override;
  absl::Status UnregisterFunction(std::string_view name) override;
  absl::StatusOr<FunctionConfiguration> CreateFunction(
      const CreateFunctionRequest& r) override;
  absl::StatusOr<FunctionConfiguration> GetFunction(
      std::string_view name) override;
  absl::StatusOr<ListFunctionsResult> ListFunctions(
      const ListFunctionsRequest& r) override;
  absl::StatusOr<FunctionConfiguration> UpdateFunctionCode(
      std::string_view name, const FunctionCode& code) override;
  absl::StatusOr<FunctionConfiguration> UpdateFunctionConfiguration(
      const UpdateFunctionConfigurationRequest& r) override;
  absl::Status DeleteFunction(std::string_view name) override;
  absl::StatusOr<InvokeResult> Invoke(const InvokeRequest& r) override;

  absl::StatusOr<DescribeLogGroupsResult> DescribeLogGroups(
      const DescribeLogGroupsRequest& r) override;
  absl::StatusOr<DescribeLogStreamsResult> DescribeLogStreams(
      const DescribeLogStreamsRequest& r) override;
  absl::StatusOr<GetLogEventsResult> GetLogEvents(
      const GetLogEventsRequest& r) override;
  absl::StatusOr<FilterLogEventsResult> FilterLogEvents(
      const FilterLogEventsRequest& r) override;
  absl::Status PutRetentionPolicy(std::string_view log_group_name,
                                  int retention_in_days) override;
  absl::Status DeleteRetentionPolicy(std::string_view log_group_name) override;

  absl::StatusOr<EventSourceMapping> CreateEventSourceMapping(
      const CreateEventSourceMappingRequest& r) override;
  absl::StatusOr<EventSourceMapping> GetEventSourceMapping(
      std::string_view uuid) override;
  absl::StatusOr<ListEventSourceMappingsResult> ListEventSourceMappings(
      const ListEventSourceMappingsRequest& r) override;
  absl::StatusOr<EventSourceMapping> UpdateEventSourceMapping(
      const UpdateEventSourceMappingRequest& r) override;
  absl::StatusOr<EventSourceMapping> DeleteEventSourceMapping(
      std::string_view uuid) override;
  absl::StatusOr<MappingMetrics> GetEventSourceMappingMetrics(
      std::string_view uuid) override;
  absl::StatusOr<ListFailedBatchesResult> ListFailedBatches(
      const ListFailedBatchesRequest& r) override;
  absl::StatusOr<FunctionResult> ReplayFailedBatch(
      std::string_view destination, std::string_view id) override;
  absl::Status DeleteFailedBatch(std::string_view destination,
                                 std::string_view id) override;

 private:
  DBImpl(std::string path, DatabaseOptions options);

  // --- open (db_impl_open.cc) ---
  absl::Status OpenRocks();
  absl::Status LoadCatalog();
  absl::Status CheckOpen() const;
  // Loads the stream log and starts the stream reader and retention thread
  // (db_impl_streams.cc). StopStreams joins the thread.
  absl::Status StartStreams();
  void StopStreams();
  // The function registry and the out-of-process function service (code
  // store, workers, logs) (db_impl_functions.cc). StopFunctions stops
  // every worker.
  absl::Status StartFunctions();
  void StopFunctions();
  // Loads the event source mappings and starts their dispatchers
  // (db_impl_triggers.cc). StopTriggers joins them, waiting for handlers in
  // flight; it runs before anything else in Close, while the Database still
  // accepts the calls handlers make.
  absl::Status StartTriggers();
  void StopTriggers();

  // --- tables (db_impl_tables.cc) ---
  // kNotFound (ResourceNotFoundException) if absent.
  absl::StatusOr<const TableInfo*> FindTable(std::string_view name) const
      ABSL_SHARED_LOCKS_REQUIRED(catalog_mu_);
  // Applies a StreamSpecification to *info (enable: a new stream; disable:
  // close it), writing the stream metadata into *batch. The caller commits
  // the batch, then calls stream_log_->Publish() (or Abandon()).
  absl::Status ApplyStreamSpec(const std::optional<StreamSpecification>& spec,
                               TableInfo* info, rocksdb::WriteBatch* batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(catalog_mu_);
  // Commits a catalog batch durably and publishes or abandons the stream
  // changes it carries.
  absl::Status CommitCatalog(rocksdb::WriteBatch* batch);

  // --- reads (db_impl_read.cc) ---
  // GetItem's and GetItemView's read: the stored bytes at the request's key
  // (nullopt: no item), under the shared catalog lock. kNotFound for an
  // unknown table, kInvalidArgument for a bad key.
  absl::StatusOr<std::optional<std::string>> ReadRequested(
      const GetItemRequest& r) const;
  absl::StatusOr<QueryResult> RunScan(const TableInfo& table,
                                      const RangeScan& scan) const;

  // --- shared item helpers (db_impl_write.cc) ---
  // Normalizes a key per the table's schema and encodes it.
  absl::StatusOr<std::string> EncodeKey(const TableInfo& table,
                                        Item* key) const;
  std::string EncodeItemKey(const TableInfo& table, const Item& item) const;
  // Validates a request's key and encodes it, copying the key only when it
  // is not canonical already (EncodeKey normalizes in place).
  absl::StatusOr<std::string> EncodeRequestKey(const TableInfo& table,
                                               const Item& key) const;
  // Reads and decodes the item at an encoded key.
  absl::StatusOr<std::optional<Item>> ReadItem(const std::string& key) const;
  // Reads the stored bytes at an encoded key (nullopt: no item).
  absl::StatusOr<std::optional<std::string>> ReadRaw(
      const std::string& key) const;
  // ReadRaw and decode. kDataLoss if the stored bytes are corrupt.
  absl::StatusOr<StoredItem> ReadStored(const std::string& key) const;
  // Writes the mutations in one atomic RocksDB write.
  // REQUIRES: the stripes of every mutation's key are held.
  absl::Status Commit(const std::vector<Mutation>& mutations,
                      const WriteOptions& write_options);
  // Commit when no mutation's table has a stream: one RocksDB write built
  // in per-thread buffers, without the write group. Same REQUIRES.
  absl::Status CommitUnstreamed(const std::vector<Mutation>& mutations,
                                const WriteOptions& write_options);
  // CommitUnstreamed keeps per-thread buffers up to this size.
  static constexpr size_t kRetainedBatchBytesMax = size_t{1} << 20;
  bool SyncFor(const WriteOptions& write_options) const;
  // Encodes the change record of a mutation to a streamed table, given its
  // encoded new value (nullopt: delete).
  std::string EncodeRecord(const Mutation& m,
                           const std::optional<std::string>& new_value) const;
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
  rocksdb::ColumnFamilyHandle* changes_cf_ = nullptr;
  // Mapping checkpoints and failure queues (cdc/trigger_*.h).
  rocksdb::ColumnFamilyHandle* triggers_cf_ = nullptr;
  // Function logs (cdc/log_store.h).
  rocksdb::ColumnFamilyHandle* logs_cf_ = nullptr;
  std::atomic<bool> close_started_{false};
  std::atomic<bool> closed_{false};
  Clock* const clock_;
  rocksdb::Env* env_ = nullptr;  // test hook; nullptr: the default Env

  std::unique_ptr<cdc::StreamLog> stream_log_;
  std::unique_ptr<WriteGroup> write_group_;
  std::unique_ptr<cdc::StreamReader> stream_reader_;
  std::unique_ptr<cdc::RetentionThread> retention_;
  std::unique_ptr<cdc::FunctionRegistry> function_registry_;
  std::unique_ptr<cdc::FunctionService> function_service_;
  std::unique_ptr<cdc::TriggerService> triggers_;

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

// Copyright (c) Eddy authors.
//
// Database: DynamoDB-style tables in one RocksDB directory.
//
//   auto db = eddy::Database::Open("/var/lib/app/eddy", {});
//   if (!db.ok()) return db.status();
//   (*db)->CreateTable({.table_name = "Dogs",
//                       .key_schema = {.partition_key = {"Id", KeyType::kN}}});
//
// Thread-safety: all methods may be called concurrently from any thread.
// Writes to one item are serialized: each write's read-modify-write
// (condition, update, return values) sees the previous write's result.
//
// Every failed call changes nothing. Status codes are described in
// eddy/status.h; each method below lists the ones it returns beyond
// kInvalidArgument (bad input, message names the field), kNotFound (no such
// table), kUnavailable (database closed) and kInternal/kDataLoss (storage).

#ifndef EDDY_DATABASE_H_
#define EDDY_DATABASE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eddy/functions.h"
#include "eddy/item_view.h"
#include "eddy/logs.h"
#include "eddy/options.h"
#include "eddy/requests.h"
#include "eddy/streams.h"
#include "eddy/table.h"
#include "eddy/triggers.h"

namespace eddy {

class Database {
 public:
  // Opens (or, with OpenMode::kCreateIfMissing, creates) the database in the
  // directory `path`. Errors: kInvalidArgument for bad options (naming the
  // field); kNotFound if missing under kMustExist; kFailedPrecondition if the
  // directory is already open, in this process or another.
  static absl::StatusOr<std::unique_ptr<Database>> Open(
      const std::string& path, const DatabaseOptions& options);

  // Closes the database if Close() was not called: flushes and joins every
  // background thread.
  virtual ~Database() = default;

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Flushes memtables, stops background work and releases the directory
  // lock. Idempotent. After Close every other call returns kUnavailable.
  // REQUIRES: no call on this Database is in flight.
  virtual absl::Status Close() = 0;

  // --- Tables ---
  // kAlreadyExists if a table of that name exists.
  virtual absl::StatusOr<TableDescription> CreateTable(
      const CreateTableRequest& request) = 0;
  virtual absl::StatusOr<TableDescription> DescribeTable(
      std::string_view table_name) = 0;
  virtual absl::StatusOr<ListTablesResult> ListTables(
      const ListTablesRequest& request) = 0;
  virtual absl::StatusOr<TableDescription> UpdateTable(
      const UpdateTableRequest& request) = 0;
  // Deletes the table and all its items (one range delete). Returns the
  // description with status kDeleting. kFailedPrecondition if deletion
  // protection is enabled.
  virtual absl::StatusOr<TableDescription> DeleteTable(
      std::string_view table_name) = 0;

  // --- Items ---
  // Writes return kFailedPrecondition (IsConditionalCheckFailed) when their
  // condition is false; nothing is written then.
  virtual absl::StatusOr<ItemResult> PutItem(const PutItemRequest& r) = 0;
  virtual absl::StatusOr<ItemResult> GetItem(const GetItemRequest& r) = 0;
  // GetItem without decoding: the stored item as a zero-copy, read-only
  // view (eddy/item_view.h), or nullopt if there is no such item. The
  // stored bytes are verified as GetItem verifies them (kDataLoss if
  // corrupt). kInvalidArgument if r.projection is not empty (a view is the
  // whole stored item; GetItem projects).
  virtual absl::StatusOr<std::optional<ItemView>> GetItemView(
      const GetItemRequest& r) = 0;
  virtual absl::StatusOr<ItemResult> DeleteItem(const DeleteItemRequest& r) = 0;
  virtual absl::StatusOr<ItemResult> UpdateItem(const UpdateItemRequest& r) = 0;
  virtual absl::StatusOr<QueryResult> Query(const QueryRequest& r) = 0;
  virtual absl::StatusOr<QueryResult> Scan(const ScanRequest& r) = 0;
  virtual absl::StatusOr<BatchGetItemResult> BatchGetItem(
      const BatchGetItemRequest& r) = 0;
  virtual absl::StatusOr<BatchWriteItemResult> BatchWriteItem(
      const BatchWriteItemRequest& r) = 0;
  // kAborted (TransactionCanceledException) when a condition fails.
  virtual absl::Status TransactWriteItems(
      const TransactWriteItemsRequest& r) = 0;

  // --- Streams (eddy/streams.h) ---
  // Streams of one table (or all), newest label last; includes disabled
  // streams still within retention.
  virtual absl::StatusOr<ListStreamsResult> ListStreams(
      const ListStreamsRequest& r) = 0;
  // kNotFound if the stream does not exist (or was removed by retention).
  virtual absl::StatusOr<StreamDescription> DescribeStream(
      const DescribeStreamRequest& r) = 0;
  // kNotFound for an unknown stream or shard. kOutOfRange
  // (TrimmedDataAccessException) if the position was removed by retention.
  // kInvalidArgument if the sequence number is not within the shard.
  virtual absl::StatusOr<std::string> GetShardIterator(
      const GetShardIteratorRequest& r) = 0;
  // kFailedPrecondition (ExpiredIteratorException) for an iterator older
  // than shard_iterator_ttl_ms; kOutOfRange (TrimmedDataAccessException) if
  // its position was removed by retention since; kInvalidArgument for a
  // malformed iterator. Never skips a record silently.
  virtual absl::StatusOr<GetRecordsResult> GetRecords(
      const GetRecordsRequest& r) = 0;

  // --- Functions (eddy/functions.h) ---
  // Registers an in-process function (not persisted). kAlreadyExists if a
  // function (of either kind) has that name.
  virtual absl::Status RegisterFunction(
      std::string_view name, FunctionHandler handler,
      const InProcessFunctionOptions& options) = 0;
  // Removes an in-process function; its mappings wait until a function of
  // that name exists again. Waits for running calls to return.
  virtual absl::Status UnregisterFunction(std::string_view name) = 0;
  // Out-of-process functions. kAlreadyExists (ResourceConflictException) if
  // the name is taken; kInvalidArgument for a bad runtime, handler, limit
  // or unsafe zip (naming it).
  virtual absl::StatusOr<FunctionConfiguration> CreateFunction(
      const CreateFunctionRequest& r) = 0;
  virtual absl::StatusOr<FunctionConfiguration> GetFunction(
      std::string_view name) = 0;
  virtual absl::StatusOr<ListFunctionsResult> ListFunctions(
      const ListFunctionsRequest& r) = 0;
  // Replaces the code; warm workers finish their invocation and are retired.
  virtual absl::StatusOr<FunctionConfiguration> UpdateFunctionCode(
      std::string_view name, const FunctionCode& code) = 0;
  virtual absl::StatusOr<FunctionConfiguration> UpdateFunctionConfiguration(
      const UpdateFunctionConfigurationRequest& r) = 0;
  // Deletes an out-of-process function, its code and workers (its logs
  // stay until their retention). Mappings to it wait, as for a missing
  // function.
  virtual absl::Status DeleteFunction(std::string_view name) = 0;
  // Invokes a function of either kind. A function error is an OK status
  // with result.function_error set; kNotFound if there is no such function;
  // kResourceExhausted (TooManyRequestsException) when its concurrency is
  // used up.
  virtual absl::StatusOr<InvokeResult> Invoke(const InvokeRequest& r) = 0;

  // --- Function logs (eddy/logs.h) ---
  virtual absl::StatusOr<DescribeLogGroupsResult> DescribeLogGroups(
      const DescribeLogGroupsRequest& r) = 0;
  virtual absl::StatusOr<DescribeLogStreamsResult> DescribeLogStreams(
      const DescribeLogStreamsRequest& r) = 0;
  virtual absl::StatusOr<GetLogEventsResult> GetLogEvents(
      const GetLogEventsRequest& r) = 0;
  virtual absl::StatusOr<FilterLogEventsResult> FilterLogEvents(
      const FilterLogEventsRequest& r) = 0;
  // Sets how long a log group keeps its events (CloudWatch's
  // PutRetentionPolicy): events older than `retention_in_days` are deleted.
  // kNotFound for an unknown group; kInvalidArgument unless the value is one
  // CloudWatch allows (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
  // 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).
  virtual absl::Status PutRetentionPolicy(std::string_view log_group_name,
                                          int retention_in_days) = 0;
  // Keeps the group's events forever again. kNotFound for an unknown group.
  virtual absl::Status DeleteRetentionPolicy(
      std::string_view log_group_name) = 0;

  // --- Event source mappings (eddy/triggers.h) ---
  // kNotFound if the stream does not exist; kInvalidArgument naming a
  // parameter out of range.
  virtual absl::StatusOr<EventSourceMapping> CreateEventSourceMapping(
      const CreateEventSourceMappingRequest& r) = 0;
  virtual absl::StatusOr<EventSourceMapping> GetEventSourceMapping(
      std::string_view uuid) = 0;
  virtual absl::StatusOr<ListEventSourceMappingsResult> ListEventSourceMappings(
      const ListEventSourceMappingsRequest& r) = 0;
  virtual absl::StatusOr<EventSourceMapping> UpdateEventSourceMapping(
      const UpdateEventSourceMappingRequest& r) = 0;
  // Stops the mapping (waiting for an invocation in flight) and removes it
  // with its checkpoint. Returns it in state Deleting.
  virtual absl::StatusOr<EventSourceMapping> DeleteEventSourceMapping(
      std::string_view uuid) = 0;
  virtual absl::StatusOr<MappingMetrics> GetEventSourceMappingMetrics(
      std::string_view uuid) = 0;
  // The on-failure destination queues.
  virtual absl::StatusOr<ListFailedBatchesResult> ListFailedBatches(
      const ListFailedBatchesRequest& r) = 0;
  // Invokes the batch's mapping function again with its records; on
  // success removes the batch. Returns the function's result.
  virtual absl::StatusOr<FunctionResult> ReplayFailedBatch(
      std::string_view destination, std::string_view id) = 0;
  virtual absl::Status DeleteFailedBatch(std::string_view destination,
                                         std::string_view id) = 0;

 protected:
  Database() = default;
};

}  // namespace eddy

#endif  // EDDY_DATABASE_H_

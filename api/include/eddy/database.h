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
#include "eddy/options.h"
#include "eddy/requests.h"
#include "eddy/streams.h"
#include "eddy/table.h"

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

 protected:
  Database() = default;
};

}  // namespace eddy

#endif  // EDDY_DATABASE_H_

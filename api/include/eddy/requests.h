// Copyright (c) Eddy authors.
//
// Item operations: requests and results, mirroring DynamoDB's PutItem,
// GetItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchWriteItem
// and TransactWriteItems. Conditions and updates come in typed form
// (expression.h). Limits are DynamoDB's; a request over a limit is
// kInvalidArgument and changes nothing.

#ifndef EDDY_REQUESTS_H_
#define EDDY_REQUESTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "eddy/expression.h"
#include "eddy/options.h"
#include "eddy/value.h"

namespace eddy {

// What a write returns of the item. PutItem and DeleteItem accept kNone and
// kAllOld only.
enum class ReturnValues : uint8_t {
  kNone,
  kAllOld,      // the whole item before the write
  kUpdatedOld,  // the updated attributes, before the write
  kAllNew,      // the whole item after the write
  kUpdatedNew,  // the updated attributes, after the write
};

struct PutItemRequest {
  std::string table_name;
  Item item;  // must contain the key attributes with their schema types
  std::optional<Condition> condition;  // evaluated against the old item
  ReturnValues return_values = ReturnValues::kNone;
  WriteOptions write_options;
};

struct GetItemRequest {
  std::string table_name;
  Item key;                      // exactly the key attributes
  std::vector<Path> projection;  // empty = every attribute
};

struct DeleteItemRequest {
  std::string table_name;
  Item key;
  std::optional<Condition> condition;
  ReturnValues return_values = ReturnValues::kNone;
  WriteOptions write_options;
};

struct UpdateItemRequest {
  std::string table_name;
  Item key;  // the item is created if missing (as DynamoDB's UpdateItem)
  std::vector<UpdateAction> actions;  // key attributes may not be targets
  std::optional<Condition> condition;
  ReturnValues return_values = ReturnValues::kNone;
  WriteOptions write_options;
};

// The result of a single-item write or read.
struct ItemResult {
  // GetItem: the item, if found. Writes: what return_values asked for, if
  // anything exists to return.
  std::optional<Item> item;
};

// Sort-key condition of a Query.
struct SortKeyCondition {
  enum class Op : uint8_t { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  Op op = Op::kEq;
  AttributeValue value;
  AttributeValue high;  // kBetween only: value <= sk <= high
};

// Paging: `limit` caps the items *evaluated* (before any filter), as in
// DynamoDB; results also stop at 1 MB of item data. When a page ends early
// last_evaluated_key is set; pass it as exclusive_start_key.
struct QueryRequest {
  std::string table_name;
  AttributeValue partition_key;
  std::optional<SortKeyCondition> sort_key_condition;
  bool scan_index_forward = true;
  int32_t limit = 0;  // 0 = no limit; else >= 1
  std::optional<Item> exclusive_start_key;
  std::optional<Condition> filter;
  std::vector<Path> projection;
};

struct ScanRequest {
  std::string table_name;
  int32_t limit = 0;
  std::optional<Item> exclusive_start_key;
  std::optional<Condition> filter;
  std::vector<Path> projection;
  // Parallel scan: this worker's segment of total_segments (1..1000000).
  int32_t segment = 0;
  int32_t total_segments = 1;
};

struct QueryResult {
  std::vector<Item> items;
  int64_t scanned_count = 0;  // items evaluated before the filter
  std::optional<Item> last_evaluated_key;
};

// BatchGetItem: up to 100 keys over all tables, no duplicates.
struct KeysAndProjection {
  std::vector<Item> keys;
  std::vector<Path> projection;
};
struct BatchGetItemRequest {
  std::map<std::string, KeysAndProjection> request_items;  // by table name
};
struct BatchGetItemResult {
  std::map<std::string, std::vector<Item>> responses;  // found items only
  // Keys not processed; always empty today (no throughput limits).
  std::map<std::string, KeysAndProjection> unprocessed_keys;
};

// BatchWriteItem: up to 25 puts and deletes over all tables, no two on the
// same item, no conditions. Eddy applies the whole batch atomically.
struct WriteRequest {
  enum class Kind : uint8_t { kPut, kDelete };
  Kind kind = Kind::kPut;
  Item item;  // kPut: the item; kDelete: the key
};
struct BatchWriteItemRequest {
  std::map<std::string, std::vector<WriteRequest>> request_items;
  WriteOptions write_options;
};
struct BatchWriteItemResult {
  std::map<std::string, std::vector<WriteRequest>> unprocessed_items;  // empty
};

// TransactWriteItems: up to 100 actions, on distinct items, all or nothing.
// If any condition fails, nothing is written and the status is kAborted
// (TransactionCanceledException) with one reason per action
// (eddy::CancellationReasons).
struct TransactWriteItem {
  enum class Kind : uint8_t { kPut, kUpdate, kDelete, kConditionCheck };
  Kind kind = Kind::kPut;
  std::string table_name;
  Item item;                           // kPut: the item; otherwise the key
  std::vector<UpdateAction> actions;   // kUpdate only
  std::optional<Condition> condition;  // required for kConditionCheck
};
struct TransactWriteItemsRequest {
  std::vector<TransactWriteItem> items;
  WriteOptions write_options;
};

}  // namespace eddy

#endif  // EDDY_REQUESTS_H_

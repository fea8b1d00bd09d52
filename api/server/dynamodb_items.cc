// Copyright (c) Eddy authors.
//
// PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan.

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/server/dynamodb_protocol.h"

namespace eddy::server {
namespace {

// {"Attributes": item} when the write returned something, else {}.
absl::StatusOr<Json> AttributesResponse(absl::StatusOr<ItemResult> result) {
  if (!result.ok()) return result.status();
  Json out = Json::object();
  if (result->item) out["Attributes"] = ItemToWire(*result->item);
  return out;
}

absl::StatusOr<Item> RequiredItem(const Json& request, const char* field) {
  if (absl::Status s = RequireField(request, field); !s.ok()) return s;
  return ItemFromWire(request[field]);
}

absl::Status RequireTable(const Json& request) {
  return RequireField(request, "TableName");
}

// What every single-item call reads first: the table, the item or key in
// `field`, the expressions and ReturnValues.
struct ItemCall {
  std::string table_name;
  Item item;
  CompiledExpressions compiled;
  ReturnValues return_values = ReturnValues::kNone;
};

absl::StatusOr<ItemCall> ParseItemCall(const Json& request, const char* field) {
  if (absl::Status s = RequireTable(request); !s.ok()) return s;
  absl::StatusOr<Item> item = RequiredItem(request, field);
  if (!item.ok()) return item.status();
  absl::StatusOr<CompiledExpressions> compiled =
      CompileWireExpressions(request);
  if (!compiled.ok()) return compiled.status();
  absl::StatusOr<ReturnValues> return_values = ParseReturnValues(request);
  if (!return_values.ok()) return return_values.status();
  return ItemCall{StringField(request, "TableName"), *std::move(item),
                  *std::move(compiled), *return_values};
}

// Limit, ExclusiveStartKey, Select shared by Query and Scan.
struct Paging {
  int32_t limit = 0;
  std::optional<Item> exclusive_start_key;
  bool count_only = false;
};

absl::StatusOr<Paging> ParsePaging(const Json& request) {
  Paging paging;
  if (request.contains("Limit")) {
    const int64_t limit = request["Limit"].get<int64_t>();
    if (limit < 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "1 validation error detected: Value '", limit,
          "' at 'limit' failed to satisfy constraint: Member must have value "
          "greater than or equal to 1"));
    }
    paging.limit = static_cast<int32_t>(std::min<int64_t>(limit, INT32_MAX));
  }
  if (request.contains("ExclusiveStartKey")) {
    absl::StatusOr<Item> key = ItemFromWire(request["ExclusiveStartKey"]);
    if (!key.ok()) return key.status();
    paging.exclusive_start_key = *std::move(key);
  }
  const std::string select = StringField(request, "Select");
  paging.count_only = select == "COUNT";
  return paging;
}

Json QueryResponse(const QueryResult& result, bool count_only) {
  Json out = {{"Count", result.items.size()},
              {"ScannedCount", result.scanned_count}};
  if (!count_only) {
    Json items = Json::array();
    for (const Item& item : result.items) items.push_back(ItemToWire(item));
    out["Items"] = std::move(items);
  }
  if (result.last_evaluated_key) {
    out["LastEvaluatedKey"] = ItemToWire(*result.last_evaluated_key);
  }
  return out;
}

}  // namespace

absl::StatusOr<Json> PutItem(Database& db, const Json& request) {
  absl::StatusOr<ItemCall> call = ParseItemCall(request, "Item");
  if (!call.ok()) return call.status();
  PutItemRequest put{.table_name = std::move(call->table_name),
                     .item = std::move(call->item),
                     .condition = std::move(call->compiled.condition),
                     .return_values = call->return_values};
  return AttributesResponse(db.PutItem(put));
}

absl::StatusOr<Json> GetItem(Database& db, const Json& request) {
  absl::StatusOr<ItemCall> call = ParseItemCall(request, "Key");
  if (!call.ok()) return call.status();
  GetItemRequest get{.table_name = std::move(call->table_name),
                     .key = std::move(call->item),
                     .projection = std::move(call->compiled.projection)};
  absl::StatusOr<ItemResult> result = db.GetItem(get);
  if (!result.ok()) return result.status();
  Json out = Json::object();
  if (result->item) out["Item"] = ItemToWire(*result->item);
  return out;
}

absl::StatusOr<Json> UpdateItem(Database& db, const Json& request) {
  absl::StatusOr<ItemCall> call = ParseItemCall(request, "Key");
  if (!call.ok()) return call.status();
  UpdateItemRequest update{.table_name = std::move(call->table_name),
                           .key = std::move(call->item),
                           .actions = std::move(call->compiled.update),
                           .condition = std::move(call->compiled.condition),
                           .return_values = call->return_values};
  return AttributesResponse(db.UpdateItem(update));
}

absl::StatusOr<Json> DeleteItem(Database& db, const Json& request) {
  absl::StatusOr<ItemCall> call = ParseItemCall(request, "Key");
  if (!call.ok()) return call.status();
  DeleteItemRequest del{.table_name = std::move(call->table_name),
                        .key = std::move(call->item),
                        .condition = std::move(call->compiled.condition),
                        .return_values = call->return_values};
  return AttributesResponse(db.DeleteItem(del));
}

absl::StatusOr<Json> Query(Database& db, const Json& request) {
  if (absl::Status s = RequireTable(request); !s.ok()) return s;
  const std::string table_name = StringField(request, "TableName");
  absl::StatusOr<CompiledExpressions> compiled =
      CompileWireExpressions(request);
  if (!compiled.ok()) return compiled.status();
  if (compiled->key_conditions.empty()) {
    return absl::InvalidArgumentError(
        "Either the KeyConditions or KeyConditionExpression parameter must be "
        "specified in the request.");
  }
  absl::StatusOr<TableDescription> table = db.DescribeTable(table_name);
  if (!table.ok()) return table.status();
  absl::StatusOr<QueryKey> key =
      BindKeyConditions(compiled->key_conditions, table->key_schema);
  if (!key.ok()) return key.status();
  absl::StatusOr<Paging> paging = ParsePaging(request);
  if (!paging.ok()) return paging.status();
  QueryRequest query{
      .table_name = table_name,
      .partition_key = std::move(key->partition_key),
      .sort_key_condition = std::move(key->sort_key_condition),
      .scan_index_forward = request.value("ScanIndexForward", true),
      .limit = paging->limit,
      .exclusive_start_key = paging->exclusive_start_key,
      .filter = std::move(compiled->filter),
      .projection = std::move(compiled->projection)};
  absl::StatusOr<QueryResult> result = db.Query(query);
  if (!result.ok()) return result.status();
  return QueryResponse(*result, paging->count_only);
}

absl::StatusOr<Json> Scan(Database& db, const Json& request) {
  if (absl::Status s = RequireTable(request); !s.ok()) return s;
  absl::StatusOr<CompiledExpressions> compiled =
      CompileWireExpressions(request);
  if (!compiled.ok()) return compiled.status();
  absl::StatusOr<Paging> paging = ParsePaging(request);
  if (!paging.ok()) return paging.status();
  ScanRequest scan{.table_name = StringField(request, "TableName"),
                   .limit = paging->limit,
                   .exclusive_start_key = paging->exclusive_start_key,
                   .filter = std::move(compiled->filter),
                   .projection = std::move(compiled->projection),
                   .segment = request.value("Segment", 0),
                   .total_segments = request.value("TotalSegments", 1)};
  absl::StatusOr<QueryResult> result = db.Scan(scan);
  if (!result.ok()) return result.status();
  return QueryResponse(*result, paging->count_only);
}

}  // namespace eddy::server

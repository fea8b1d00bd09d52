// Copyright (c) Eddy authors.
//
// BatchGetItem, BatchWriteItem, TransactWriteItems.

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/server/dynamodb_protocol.h"

namespace eddy::server {
namespace {

absl::StatusOr<KeysAndProjection> ParseKeysAndProjection(const Json& json) {
  KeysAndProjection out;
  if (absl::Status s = RequireField(json, "Keys"); !s.ok()) return s;
  for (const Json& key : json["Keys"]) {
    absl::StatusOr<Item> item = ItemFromWire(key);
    if (!item.ok()) return item.status();
    out.keys.push_back(*std::move(item));
  }
  absl::StatusOr<CompiledExpressions> compiled = CompileWireExpressions(json);
  if (!compiled.ok()) return compiled.status();
  out.projection = std::move(compiled->projection);
  return out;
}

absl::StatusOr<WriteRequest> ParseWriteRequest(const Json& json) {
  WriteRequest write;
  const Json* body = nullptr;
  if (json.contains("PutRequest")) {
    write.kind = WriteRequest::Kind::kPut;
    body = &json["PutRequest"].at("Item");
  } else if (json.contains("DeleteRequest")) {
    write.kind = WriteRequest::Kind::kDelete;
    body = &json["DeleteRequest"].at("Key");
  } else {
    return absl::InvalidArgumentError(
        "Supplied AttributeValue has more than one datatypes set, must "
        "contain exactly one of the supported datatypes");
  }
  absl::StatusOr<Item> item = ItemFromWire(*body);
  if (!item.ok()) return item.status();
  write.item = *std::move(item);
  return write;
}

// One TransactItems entry: {"Put"|"Update"|"Delete"|"ConditionCheck": {..}}.
absl::StatusOr<TransactWriteItem> ParseTransactItem(const Json& json) {
  static constexpr std::pair<const char*, TransactWriteItem::Kind> kKinds[] = {
      {"Put", TransactWriteItem::Kind::kPut},
      {"Update", TransactWriteItem::Kind::kUpdate},
      {"Delete", TransactWriteItem::Kind::kDelete},
      {"ConditionCheck", TransactWriteItem::Kind::kConditionCheck}};
  for (const auto& [name, kind] : kKinds) {
    if (!json.contains(name)) continue;
    const Json& body = json[name];
    if (absl::Status s = RequireField(body, "TableName"); !s.ok()) return s;
    const char* item_field =
        kind == TransactWriteItem::Kind::kPut ? "Item" : "Key";
    if (absl::Status s = RequireField(body, item_field); !s.ok()) return s;
    absl::StatusOr<Item> item = ItemFromWire(body[item_field]);
    if (!item.ok()) return item.status();
    absl::StatusOr<CompiledExpressions> compiled = CompileWireExpressions(body);
    if (!compiled.ok()) return compiled.status();
    return TransactWriteItem{.kind = kind,
                             .table_name = StringField(body, "TableName"),
                             .item = *std::move(item),
                             .actions = std::move(compiled->update),
                             .condition = std::move(compiled->condition)};
  }
  return absl::InvalidArgumentError(
      "TransactItems can only contain one of Check, Put, Update or Delete");
}

}  // namespace

absl::StatusOr<Json> BatchGetItem(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "RequestItems"); !s.ok()) return s;
  BatchGetItemRequest batch;
  for (const auto& [table, json] : request["RequestItems"].items()) {
    absl::StatusOr<KeysAndProjection> keys = ParseKeysAndProjection(json);
    if (!keys.ok()) return keys.status();
    batch.request_items[table] = *std::move(keys);
  }
  absl::StatusOr<BatchGetItemResult> result = db.BatchGetItem(batch);
  if (!result.ok()) return result.status();
  Json responses = Json::object();
  for (const auto& [table, items] : result->responses) {
    Json list = Json::array();
    for (const Item& item : items) list.push_back(ItemToWire(item));
    responses[table] = std::move(list);
  }
  Json unprocessed = Json::object();
  for (const auto& [table, keys] : result->unprocessed_keys) {
    Json list = Json::array();
    for (const Item& key : keys.keys) list.push_back(ItemToWire(key));
    unprocessed[table] = {{"Keys", std::move(list)}};
  }
  return Json{{"Responses", std::move(responses)},
              {"UnprocessedKeys", std::move(unprocessed)}};
}

absl::StatusOr<Json> BatchWriteItem(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "RequestItems"); !s.ok()) return s;
  BatchWriteItemRequest batch;
  for (const auto& [table, json] : request["RequestItems"].items()) {
    std::vector<WriteRequest>& writes = batch.request_items[table];
    for (const Json& each : json) {
      absl::StatusOr<WriteRequest> write = ParseWriteRequest(each);
      if (!write.ok()) return write.status();
      writes.push_back(*std::move(write));
    }
  }
  absl::StatusOr<BatchWriteItemResult> result = db.BatchWriteItem(batch);
  if (!result.ok()) return result.status();
  Json unprocessed = Json::object();
  for (const auto& [table, writes] : result->unprocessed_items) {
    Json list = Json::array();
    for (const WriteRequest& write : writes) {
      if (write.kind == WriteRequest::Kind::kPut) {
        list.push_back({{"PutRequest", {{"Item", ItemToWire(write.item)}}}});
      } else {
        list.push_back({{"DeleteRequest", {{"Key", ItemToWire(write.item)}}}});
      }
    }
    unprocessed[table] = std::move(list);
  }
  return Json{{"UnprocessedItems", std::move(unprocessed)}};
}

absl::StatusOr<Json> TransactWriteItems(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "TransactItems"); !s.ok()) {
    return s;
  }
  TransactWriteItemsRequest transaction;
  for (const Json& each : request["TransactItems"]) {
    absl::StatusOr<TransactWriteItem> item = ParseTransactItem(each);
    if (!item.ok()) return item.status();
    transaction.items.push_back(*std::move(item));
  }
  if (absl::Status s = db.TransactWriteItems(transaction); !s.ok()) return s;
  return Json::object();
}

}  // namespace eddy::server

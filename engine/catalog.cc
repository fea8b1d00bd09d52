// Copyright (c) Eddy authors.

#include "engine/catalog.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "engine/errors.h"
#include "engine/key_codec.h"
#include "engine/strings.h"

namespace eddy::engine {
namespace {

using nlohmann::json;

bool ParseKeyType(const std::string& s, KeyType* type) {
  if (s == "S")
    *type = KeyType::kS;
  else if (s == "N")
    *type = KeyType::kN;
  else if (s == "B")
    *type = KeyType::kB;
  else
    return false;
  return true;
}

json KeyToJson(const KeyAttribute& key) {
  return json{{"name", key.name}, {"type", KeyTypeName(key.type)}};
}

bool KeyFromJson(const json& j, KeyAttribute* key) {
  if (!j.is_object() || !j.contains("name") || !j.contains("type")) {
    return false;
  }
  if (!j["name"].is_string() || !j["type"].is_string()) return false;
  key->name = j["name"].get<std::string>();
  return ParseKeyType(j["type"].get<std::string>(), &key->type);
}

absl::Status ValidateKeyAttribute(const KeyAttribute& key,
                                  std::string_view role) {
  if (key.name.empty() || key.name.size() > 255) {
    return ValidationError(absl::StrCat(
        "KeySchema ", Sv(role),
        " attribute name must be 1 to 255 bytes long, got ", key.name.size()));
  }
  return absl::OkStatus();
}

}  // namespace

std::string TableCatalogKey(std::string_view table_name) {
  return absl::StrCat(Sv(kTableKeyPrefix), Sv(table_name));
}

std::string EncodeTableInfo(const TableInfo& info) {
  const TableDescription& d = info.description;
  json j = {{"id", info.id},
            {"name", d.table_name},
            {"pk", KeyToJson(d.key_schema.partition_key)},
            {"created_ms", d.creation_time_ms},
            {"deletion_protection", d.deletion_protection_enabled}};
  if (d.key_schema.sort_key) j["sk"] = KeyToJson(*d.key_schema.sort_key);
  if (d.stream_specification) {
    j["stream_id"] = info.stream_id;
    j["view_type"] = static_cast<int>(d.stream_specification->view_type);
    j["latest_stream_label"] = d.latest_stream_label;
  }
  return j.dump();
}

absl::StatusOr<TableInfo> DecodeTableInfo(std::string_view bytes,
                                          std::string_view region,
                                          std::string_view account_id) {
  json j = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  auto corrupt = [&](std::string_view what) {
    return absl::DataLossError(
        absl::StrCat("corrupt catalog entry (", Sv(what), "): ", Sv(bytes)));
  };
  if (!j.is_object()) return corrupt("not a JSON object");
  TableInfo info;
  TableDescription& d = info.description;
  if (!j.contains("id") || !j["id"].is_number_unsigned()) return corrupt("id");
  info.id = j["id"].get<uint32_t>();
  if (!j.contains("name") || !j["name"].is_string()) return corrupt("name");
  d.table_name = j["name"].get<std::string>();
  if (!j.contains("pk") || !KeyFromJson(j["pk"], &d.key_schema.partition_key)) {
    return corrupt("pk");
  }
  if (j.contains("sk")) {
    KeyAttribute sk;
    if (!KeyFromJson(j["sk"], &sk)) return corrupt("sk");
    d.key_schema.sort_key = sk;
  }
  if (!j.contains("created_ms") || !j["created_ms"].is_number_integer()) {
    return corrupt("created_ms");
  }
  d.creation_time_ms = j["created_ms"].get<int64_t>();
  d.deletion_protection_enabled = j.value("deletion_protection", false);
  d.table_arn = TableArn(region, account_id, d.table_name);
  AppendTableId(info.id, &info.key_prefix);
  if (j.contains("latest_stream_label")) {
    if (!j["latest_stream_label"].is_string() ||
        !j.value("view_type", json()).is_number_unsigned() ||
        !j.value("stream_id", json()).is_number_unsigned()) {
      return corrupt("stream");
    }
    SetTableStream(region, account_id, j["stream_id"].get<uint32_t>(),
                   static_cast<StreamViewType>(j["view_type"].get<int>()),
                   j["latest_stream_label"].get<std::string>(), &info);
  }
  return info;
}

void SetTableStream(std::string_view region, std::string_view account_id,
                    uint32_t stream_id, StreamViewType view_type,
                    std::string_view label, TableInfo* info) {
  // `label` may point into *info (re-setting the current label): copy first.
  std::string label_copy(label);
  TableDescription& d = info->description;
  info->stream_id = stream_id;
  d.stream_specification = StreamSpecification{.stream_enabled = stream_id != 0,
                                               .view_type = view_type};
  d.latest_stream_arn = absl::StrCat(TableArn(region, account_id, d.table_name),
                                     "/stream/", label_copy);
  d.latest_stream_label = std::move(label_copy);
}

std::string TableArn(std::string_view region, std::string_view account_id,
                     std::string_view table_name) {
  return absl::StrCat("arn:aws:dynamodb:", Sv(region), ":", Sv(account_id),
                      ":table/", Sv(table_name));
}

absl::Status ValidateTableName(std::string_view name) {
  if (name.size() < 3 || name.size() > 255) {
    return ValidationError(absl::StrCat(
        "TableName must be at least 3 characters long and at most 255 "
        "characters long, got ",
        name.size(), " characters"));
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    if (!ok) {
      return ValidationError(absl::StrCat(
          "TableName '", Sv(name),
          "' failed to satisfy constraint: Member must satisfy regular "
          "expression pattern: [a-zA-Z0-9_.-]+"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateCreateTable(const CreateTableRequest& request) {
  absl::Status s = ValidateTableName(request.table_name);
  if (!s.ok()) return s;
  const KeySchema& ks = request.key_schema;
  s = ValidateKeyAttribute(ks.partition_key, "HASH");
  if (!s.ok()) return s;
  if (ks.sort_key) {
    s = ValidateKeyAttribute(*ks.sort_key, "RANGE");
    if (!s.ok()) return s;
    if (ks.sort_key->name == ks.partition_key.name) {
      return ValidationError(
          "KeySchema: the partition key and sort key must have different "
          "attribute names (both are '" +
          ks.partition_key.name + "')");
    }
  }
  return absl::OkStatus();
}

}  // namespace eddy::engine

namespace eddy {

std::string_view KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kS:
      return "S";
    case KeyType::kN:
      return "N";
    case KeyType::kB:
      return "B";
  }
  return "?";
}

}  // namespace eddy

// Copyright (c) Eddy authors.
//
// CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable.

#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/server/dynamodb_protocol.h"

namespace eddy::server {
namespace {

absl::Status Invalid(const std::string& message) {
  return absl::InvalidArgumentError(message);
}

absl::StatusOr<KeyType> ParseKeyType(const std::string& text) {
  if (text == "S") return KeyType::kS;
  if (text == "N") return KeyType::kN;
  if (text == "B") return KeyType::kB;
  return Invalid(absl::StrCat(
      "1 validation error detected: Value '", text,
      "' at 'attributeDefinitions.1.member.attributeType' failed to satisfy "
      "constraint: Member must satisfy enum value set: [B, N, S]"));
}

// KeySchema + AttributeDefinitions -> KeySchema, with DynamoDB's checks.
absl::StatusOr<KeySchema> ParseKeySchema(const Json& request) {
  for (const char* field : {"KeySchema", "AttributeDefinitions"}) {
    if (absl::Status s = RequireField(request, field); !s.ok()) return s;
  }
  std::map<std::string, KeyType> types;
  for (const Json& def : request["AttributeDefinitions"]) {
    absl::StatusOr<KeyType> type =
        ParseKeyType(def.at("AttributeType").get<std::string>());
    if (!type.ok()) return type.status();
    types[def.at("AttributeName").get<std::string>()] = *type;
  }
  const Json& keys = request["KeySchema"];
  if (!keys.is_array() || keys.empty() || keys.size() > 2) {
    return Invalid(
        "1 validation error detected: Value at 'keySchema' failed to satisfy "
        "constraint: Member must have length less than or equal to 2");
  }
  if (keys.size() != types.size()) {
    return Invalid(
        "One or more parameter values were invalid: Number of attributes in "
        "KeySchema does not exactly match number of attributes defined in "
        "AttributeDefinitions");
  }
  KeySchema schema;
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string name = keys[i].at("AttributeName").get<std::string>();
    const std::string kind = keys[i].at("KeyType").get<std::string>();
    auto type = types.find(name);
    if (type == types.end()) {
      return Invalid(absl::StrCat(
          "One or more parameter values were invalid: Some index key "
          "attributes are not defined in AttributeDefinitions. Keys: [",
          name, "], AttributeDefinitions: []"));
    }
    if ((i == 0) != (kind == "HASH") || (i == 1 && kind != "RANGE")) {
      return Invalid(
          "Invalid KeySchema: The first KeySchema attribute must be a HASH "
          "key and the second a RANGE key");
    }
    KeyAttribute attribute{.name = name, .type = type->second};
    if (i == 0) {
      schema.partition_key = std::move(attribute);
    } else {
      schema.sort_key = std::move(attribute);
    }
  }
  return schema;
}

absl::StatusOr<std::optional<StreamSpecification>> ParseStreamSpecification(
    const Json& request) {
  auto it = request.find("StreamSpecification");
  if (it == request.end()) return std::nullopt;
  StreamSpecification spec;
  spec.stream_enabled = it->at("StreamEnabled").get<bool>();
  const std::string view = StringField(*it, "StreamViewType");
  if (!view.empty() && !ParseStreamViewType(view, &spec.view_type)) {
    return Invalid(absl::StrCat(
        "1 validation error detected: Value '", view,
        "' at 'streamSpecification.streamViewType' failed to satisfy "
        "constraint: Member must satisfy enum value set: [NEW_IMAGE, "
        "OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]"));
  }
  if (spec.stream_enabled && view.empty()) {
    return Invalid(
        "One or more parameter values were invalid: StreamViewType is "
        "required when StreamEnabled is true");
  }
  return spec;
}

absl::Status RejectIndexes(const Json& request) {
  for (const char* field : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes",
                            "GlobalSecondaryIndexUpdates", "ReplicaUpdates"}) {
    if (request.contains(field)) {
      return Invalid(absl::StrCat(field, " are not supported by Eddy"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Json> Wrap(const char* field,
                          absl::StatusOr<TableDescription> table) {
  if (!table.ok()) return table.status();
  return Json{{field, TableDescriptionToWire(*table)}};
}

}  // namespace

absl::StatusOr<Json> CreateTable(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "TableName"); !s.ok()) return s;
  if (absl::Status s = RejectIndexes(request); !s.ok()) return s;
  absl::StatusOr<KeySchema> schema = ParseKeySchema(request);
  if (!schema.ok()) return schema.status();
  absl::StatusOr<std::optional<StreamSpecification>> stream =
      ParseStreamSpecification(request);
  if (!stream.ok()) return stream.status();
  CreateTableRequest create{.table_name = StringField(request, "TableName"),
                            .key_schema = *std::move(schema),
                            .deletion_protection_enabled = request.value(
                                "DeletionProtectionEnabled", false),
                            .stream_specification = *stream};
  return Wrap("TableDescription", db.CreateTable(create));
}

absl::StatusOr<Json> DescribeTable(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "TableName"); !s.ok()) return s;
  return Wrap("Table", db.DescribeTable(StringField(request, "TableName")));
}

absl::StatusOr<Json> ListTables(Database& db, const Json& request) {
  ListTablesRequest list;
  list.exclusive_start_table_name =
      StringField(request, "ExclusiveStartTableName");
  list.limit = request.value("Limit", 100);
  absl::StatusOr<ListTablesResult> result = db.ListTables(list);
  if (!result.ok()) return result.status();
  Json out = {{"TableNames", result->table_names}};
  if (result->last_evaluated_table_name) {
    out["LastEvaluatedTableName"] = *result->last_evaluated_table_name;
  }
  return out;
}

absl::StatusOr<Json> UpdateTable(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "TableName"); !s.ok()) return s;
  if (absl::Status s = RejectIndexes(request); !s.ok()) return s;
  absl::StatusOr<std::optional<StreamSpecification>> stream =
      ParseStreamSpecification(request);
  if (!stream.ok()) return stream.status();
  UpdateTableRequest update;
  update.table_name = StringField(request, "TableName");
  update.stream_specification = *stream;
  if (request.contains("DeletionProtectionEnabled")) {
    update.deletion_protection_enabled =
        request["DeletionProtectionEnabled"].get<bool>();
  }
  return Wrap("TableDescription", db.UpdateTable(update));
}

absl::StatusOr<Json> DeleteTable(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "TableName"); !s.ok()) return s;
  return Wrap("TableDescription",
              db.DeleteTable(StringField(request, "TableName")));
}

}  // namespace eddy::server

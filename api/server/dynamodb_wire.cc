// Copyright (c) Eddy authors.

#include "api/server/dynamodb_wire.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/json_parsed.h"

namespace eddy::server {
namespace {

absl::Status Invalid(const std::string& message) {
  return absl::InvalidArgumentError(message);
}

absl::StatusOr<AttributeValue> ValueFromWire(const Json& json) {
  return ValueFromParsedJson(json);
}

absl::StatusOr<std::vector<AttributeValue>> ValueList(const Json& json) {
  std::vector<AttributeValue> values;
  for (const Json& each : json) {
    absl::StatusOr<AttributeValue> value = ValueFromWire(each);
    if (!value.ok()) return value.status();
    values.push_back(*std::move(value));
  }
  return values;
}

absl::StatusOr<LegacyCondition> LegacyConditionFromWire(const Json& json) {
  LegacyCondition condition;
  absl::StatusOr<ComparisonOperator> op =
      ParseComparisonOperator(json.at("ComparisonOperator").get<std::string>());
  if (!op.ok()) return op.status();
  condition.comparison_operator = *op;
  if (json.contains("AttributeValueList")) {
    absl::StatusOr<std::vector<AttributeValue>> values =
        ValueList(json["AttributeValueList"]);
    if (!values.ok()) return values.status();
    condition.attribute_value_list = *std::move(values);
  }
  return condition;
}

absl::Status LegacyConditions(const Json& request, std::string_view field,
                              std::map<std::string, LegacyCondition>* out) {
  auto it = request.find(std::string(field));
  if (it == request.end()) return absl::OkStatus();
  for (const auto& [name, json] : it->items()) {
    absl::StatusOr<LegacyCondition> condition = LegacyConditionFromWire(json);
    if (!condition.ok()) return condition.status();
    (*out)[name] = *std::move(condition);
  }
  return absl::OkStatus();
}

absl::Status Expected(const Json& request, LegacyParameters* legacy) {
  auto it = request.find("Expected");
  if (it == request.end()) return absl::OkStatus();
  for (const auto& [name, json] : it->items()) {
    ExpectedAttributeValue expected;
    if (json.contains("Value")) {
      absl::StatusOr<AttributeValue> value = ValueFromWire(json["Value"]);
      if (!value.ok()) return value.status();
      expected.value = *std::move(value);
    }
    if (json.contains("Exists")) expected.exists = json["Exists"].get<bool>();
    if (json.contains("ComparisonOperator")) {
      absl::StatusOr<ComparisonOperator> op = ParseComparisonOperator(
          json["ComparisonOperator"].get<std::string>());
      if (!op.ok()) return op.status();
      expected.comparison_operator = *op;
    }
    if (json.contains("AttributeValueList")) {
      absl::StatusOr<std::vector<AttributeValue>> values =
          ValueList(json["AttributeValueList"]);
      if (!values.ok()) return values.status();
      expected.attribute_value_list = *std::move(values);
    }
    legacy->expected[name] = std::move(expected);
  }
  return absl::OkStatus();
}

absl::Status AttributeUpdates(const Json& request, LegacyParameters* legacy) {
  auto it = request.find("AttributeUpdates");
  if (it == request.end()) return absl::OkStatus();
  for (const auto& [name, json] : it->items()) {
    AttributeValueUpdate update;
    const std::string action = json.value("Action", "PUT");
    if (action == "ADD") {
      update.action = AttributeValueUpdate::Action::kAdd;
    } else if (action == "DELETE") {
      update.action = AttributeValueUpdate::Action::kDelete;
    } else if (action != "PUT") {
      return Invalid(absl::StrCat(
          "1 validation error detected: Value '", action,
          "' at 'attributeUpdates' failed to satisfy constraint: Member must "
          "satisfy enum value set: [ADD, PUT, DELETE]"));
    }
    if (json.contains("Value")) {
      absl::StatusOr<AttributeValue> value = ValueFromWire(json["Value"]);
      if (!value.ok()) return value.status();
      update.value = *std::move(value);
    }
    legacy->attribute_updates[name] = std::move(update);
  }
  return absl::OkStatus();
}

absl::StatusOr<LegacyParameters> LegacyFromWire(const Json& request) {
  LegacyParameters legacy;
  if (request.contains("AttributesToGet")) {
    legacy.attributes_to_get =
        request["AttributesToGet"].get<std::vector<std::string>>();
  }
  absl::Status status = Expected(request, &legacy);
  if (status.ok()) status = AttributeUpdates(request, &legacy);
  if (status.ok()) {
    status = LegacyConditions(request, "KeyConditions", &legacy.key_conditions);
  }
  if (status.ok()) {
    status = LegacyConditions(request, "QueryFilter", &legacy.query_filter);
  }
  if (status.ok()) {
    status = LegacyConditions(request, "ScanFilter", &legacy.scan_filter);
  }
  if (!status.ok()) return status;
  if (request.contains("ConditionalOperator")) {
    const std::string op = request["ConditionalOperator"].get<std::string>();
    if (op != "AND" && op != "OR") {
      return Invalid(absl::StrCat(
          "1 validation error detected: Value '", op,
          "' at 'conditionalOperator' failed to satisfy constraint: Member "
          "must satisfy enum value set: [AND, OR]"));
    }
    legacy.conditional_operator =
        op == "OR" ? ConditionalOperator::kOr : ConditionalOperator::kAnd;
  }
  return legacy;
}

}  // namespace

absl::Status RequireField(const Json& request, std::string_view field) {
  if (request.contains(std::string(field)) &&
      !request[std::string(field)].is_null()) {
    return absl::OkStatus();
  }
  std::string member(field);
  if (!member.empty()) member[0] = static_cast<char>(std::tolower(member[0]));
  return Invalid(absl::StrCat("1 validation error detected: Value null at '",
                              member,
                              "' failed to satisfy constraint: Member must "
                              "not be null"));
}

std::string StringField(const Json& request, std::string_view field) {
  auto it = request.find(std::string(field));
  if (it == request.end() || it->is_null()) return "";
  return it->get<std::string>();
}

absl::StatusOr<Item> ItemFromWire(const Json& json) {
  if (!json.is_object()) return Invalid("Item must be a map of attributes");
  return ItemFromParsedJson(json);
}

Json ItemToWire(const Item& item) { return ItemToParsedJson(item); }

absl::StatusOr<CompiledExpressions> CompileWireExpressions(
    const Json& request) {
  // Most writes carry no expression and no legacy parameter: then there is
  // nothing to compile or cross-check (about 4% of a PutItem's time in
  // `eddy serve`).
  static constexpr std::string_view kFields[] = {"UpdateExpression",
                                                 "ConditionExpression",
                                                 "KeyConditionExpression",
                                                 "FilterExpression",
                                                 "ProjectionExpression",
                                                 "ExpressionAttributeNames",
                                                 "ExpressionAttributeValues",
                                                 "AttributesToGet",
                                                 "Expected",
                                                 "AttributeUpdates",
                                                 "KeyConditions",
                                                 "QueryFilter",
                                                 "ScanFilter",
                                                 "ConditionalOperator"};
  const bool any = std::any_of(std::begin(kFields), std::end(kFields),
                               [&request](std::string_view f) {
                                 return request.find(f) != request.end();
                               });
  if (!any) return CompiledExpressions{};
  ExpressionStrings strings;
  strings.update_expression = StringField(request, "UpdateExpression");
  strings.condition_expression = StringField(request, "ConditionExpression");
  strings.key_condition_expression =
      StringField(request, "KeyConditionExpression");
  strings.filter_expression = StringField(request, "FilterExpression");
  strings.projection_expression = StringField(request, "ProjectionExpression");
  if (request.contains("ExpressionAttributeNames")) {
    strings.expression_attribute_names =
        request["ExpressionAttributeNames"]
            .get<std::map<std::string, std::string>>();
  }
  if (request.contains("ExpressionAttributeValues")) {
    for (const auto& [name, json] :
         request["ExpressionAttributeValues"].items()) {
      absl::StatusOr<AttributeValue> value = ValueFromWire(json);
      if (!value.ok()) {
        return Invalid(absl::StrCat(
            "ExpressionAttributeValues contains invalid value: ",
            std::string(value.status().message()), " for key ", name));
      }
      strings.expression_attribute_values[name] = *std::move(value);
    }
  }
  absl::StatusOr<LegacyParameters> legacy = LegacyFromWire(request);
  if (!legacy.ok()) return legacy.status();
  return CompileRequest(strings, *legacy);
}

absl::StatusOr<ReturnValues> ParseReturnValues(const Json& request) {
  const std::string text = StringField(request, "ReturnValues");
  if (text.empty() || text == "NONE") return ReturnValues::kNone;
  if (text == "ALL_OLD") return ReturnValues::kAllOld;
  if (text == "UPDATED_OLD") return ReturnValues::kUpdatedOld;
  if (text == "ALL_NEW") return ReturnValues::kAllNew;
  if (text == "UPDATED_NEW") return ReturnValues::kUpdatedNew;
  return Invalid(absl::StrCat(
      "1 validation error detected: Value '", text,
      "' at 'returnValues' failed to satisfy constraint: Member must satisfy "
      "enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"));
}

Json KeySchemaToWire(const KeySchema& schema) {
  Json out = Json::array();
  out.push_back(
      {{"AttributeName", schema.partition_key.name}, {"KeyType", "HASH"}});
  if (schema.sort_key) {
    out.push_back(
        {{"AttributeName", schema.sort_key->name}, {"KeyType", "RANGE"}});
  }
  return out;
}

Json TableDescriptionToWire(const TableDescription& table) {
  const KeySchema& schema = table.key_schema;
  Json definitions = Json::array();
  definitions.push_back(
      {{"AttributeName", schema.partition_key.name},
       {"AttributeType", std::string(KeyTypeName(schema.partition_key.type))}});
  if (schema.sort_key) {
    definitions.push_back(
        {{"AttributeName", schema.sort_key->name},
         {"AttributeType", std::string(KeyTypeName(schema.sort_key->type))}});
  }
  const double created_s = static_cast<double>(table.creation_time_ms) / 1000;
  Json out = {{"AttributeDefinitions", std::move(definitions)},
              {"TableName", table.table_name},
              {"KeySchema", KeySchemaToWire(schema)},
              {"TableStatus",
               table.status == TableStatus::kActive ? "ACTIVE" : "DELETING"},
              {"CreationDateTime", created_s},
              {"ProvisionedThroughput",
               {{"NumberOfDecreasesToday", 0},
                {"ReadCapacityUnits", 0},
                {"WriteCapacityUnits", 0}}},
              {"TableSizeBytes", 0},
              {"ItemCount", 0},
              {"TableArn", table.table_arn},
              {"BillingModeSummary",
               {{"BillingMode", "PAY_PER_REQUEST"},
                {"LastUpdateToPayPerRequestDateTime", created_s}}},
              {"DeletionProtectionEnabled", table.deletion_protection_enabled}};
  if (table.stream_specification) {
    Json spec = {{"StreamEnabled", table.stream_specification->stream_enabled}};
    if (table.stream_specification->stream_enabled) {
      spec["StreamViewType"] = std::string(
          StreamViewTypeName(table.stream_specification->view_type));
    }
    out["StreamSpecification"] = std::move(spec);
  }
  if (!table.latest_stream_arn.empty()) {
    out["LatestStreamArn"] = table.latest_stream_arn;
    out["LatestStreamLabel"] = table.latest_stream_label;
  }
  return out;
}

std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace eddy::server

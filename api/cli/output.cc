// Copyright (c) Eddy authors.

#include "api/cli/output.h"

#include <ctime>
#include <iostream>

#include "absl/strings/str_format.h"
#include "eddy/json.h"

namespace eddy::cli {
namespace {

const char* StatusName(TableStatus status) {
  switch (status) {
    case TableStatus::kActive:
      return "ACTIVE";
    case TableStatus::kDeleting:
      return "DELETING";
  }
  return "?";
}

}  // namespace

Json ItemJson(const Item& item) { return Json::parse(ItemToJson(item)); }

Json TableJson(const TableDescription& table) {
  const KeySchema& schema = table.key_schema;
  Json key_schema = Json::array();
  Json definitions = Json::array();
  auto add_key = [&](const KeyAttribute& key, const char* role) {
    key_schema.push_back({{"AttributeName", key.name}, {"KeyType", role}});
    definitions.push_back({{"AttributeName", key.name},
                           {"AttributeType", KeyTypeName(key.type)}});
  };
  add_key(schema.partition_key, "HASH");
  if (schema.sort_key.has_value()) add_key(*schema.sort_key, "RANGE");

  Json json = Json::object();
  json["AttributeDefinitions"] = definitions;
  json["TableName"] = table.table_name;
  json["KeySchema"] = key_schema;
  json["TableStatus"] = StatusName(table.status);
  json["CreationDateTime"] = IsoTimestamp(table.creation_time_ms);
  json["TableArn"] = table.table_arn;
  json["DeletionProtectionEnabled"] = table.deletion_protection_enabled;
  return json;
}

std::string IsoTimestamp(int64_t epoch_ms) {
  int64_t seconds = epoch_ms / 1000;
  int64_t millis = epoch_ms % 1000;
  if (millis < 0) {  // floor division for times before 1970
    millis += 1000;
    seconds -= 1;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d.%03d000+00:00",
                         utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                         utc.tm_hour, utc.tm_min, utc.tm_sec,
                         static_cast<int>(millis));
}

void Print(const Json& json) {
  std::cout << json.dump(4, ' ', /*ensure_ascii=*/false,
                         Json::error_handler_t::replace)
            << "\n";
}

}  // namespace eddy::cli

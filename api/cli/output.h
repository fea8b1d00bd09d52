// Copyright (c) Eddy authors.
//
// JSON output of the `eddy` tool, shaped like the AWS CLI's: the same field
// names and nesting as DynamoDB's responses, 4-space indentation, timestamps
// in ISO 8601.

#ifndef EDDY_API_CLI_OUTPUT_H_
#define EDDY_API_CLI_OUTPUT_H_

#include <cstdint>
#include <string>

#include "eddy/table.h"
#include "eddy/value.h"
#include "nlohmann/json.hpp"

namespace eddy::cli {

// Field order is kept as inserted, as the AWS CLI keeps the response's.
using Json = nlohmann::ordered_json;

// An item in DynamoDB JSON ({"Id": {"N": "1"}, ...}), attributes in name
// order.
Json ItemJson(const Item& item);

// A TableDescription as DynamoDB describes a table: TableName, KeySchema,
// AttributeDefinitions, TableStatus, CreationDateTime, TableArn,
// DeletionProtectionEnabled.
Json TableJson(const TableDescription& table);

// Unix epoch milliseconds as the AWS CLI prints a timestamp:
// "2024-05-01T12:00:00.123000+00:00" (UTC).
std::string IsoTimestamp(int64_t epoch_ms);

// Writes `json` to stdout, indented by 4, followed by a newline.
void Print(const Json& json);

}  // namespace eddy::cli

#endif  // EDDY_API_CLI_OUTPUT_H_

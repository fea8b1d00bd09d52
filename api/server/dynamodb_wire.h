// Copyright (c) Eddy authors.
//
// DynamoDB JSON request fields <-> Eddy's typed requests: items, the
// expression parameters (ConditionExpression, ..., ExpressionAttributeNames
// / Values) and their legacy counterparts (Expected, AttributeUpdates,
// KeyConditions, QueryFilter, ScanFilter, AttributesToGet), ReturnValues,
// and table descriptions.
//
// Field type errors throw nlohmann::json::type_error; callers turn that into
// a SerializationException. Value errors are kInvalidArgument.

#ifndef EDDY_API_SERVER_DYNAMODB_WIRE_H_
#define EDDY_API_SERVER_DYNAMODB_WIRE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "eddy/database.h"
#include "eddy/expression_strings.h"
#include "nlohmann/json.hpp"

namespace eddy::server {

using Json = nlohmann::json;

// kInvalidArgument ("1 validation error detected: Value null at '<field>'
// failed to satisfy constraint: Member must not be null") if `field` is
// missing from `request`.
absl::Status RequireField(const Json& request, std::string_view field);

// The string field `field`, or "" if absent.
std::string StringField(const Json& request, std::string_view field);

// An item / key in DynamoDB JSON. kInvalidArgument if not an object or a
// value is malformed.
absl::StatusOr<Item> ItemFromWire(const Json& json);
Json ItemToWire(const Item& item);

// Compiles the expression and legacy parameters of one request (or one
// TransactItems entry).
absl::StatusOr<CompiledExpressions> CompileWireExpressions(const Json& request);

// ReturnValues: NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW.
absl::StatusOr<ReturnValues> ParseReturnValues(const Json& request);

// Table descriptions as DescribeTable returns them.
Json TableDescriptionToWire(const TableDescription& table);
// KeySchema as [{"AttributeName":..,"KeyType":"HASH"|"RANGE"}].
Json KeySchemaToWire(const KeySchema& schema);

// Renders `json` compactly; invalid UTF-8 is replaced, never thrown.
std::string Dump(const Json& json);

}  // namespace eddy::server

#endif  // EDDY_API_SERVER_DYNAMODB_WIRE_H_

// Copyright (c) Eddy authors.
//
// The DynamoDB (DynamoDB_20120810.*) and DynamoDB Streams
// (DynamoDBStreams_20120810.*) JSON 1.0 operations. Each operation takes the
// parsed request body and returns the response body, or a Status that the
// caller renders with DynamoDbError(). Field type errors throw
// nlohmann::json::exception (the caller answers SerializationException).

#ifndef EDDY_API_SERVER_DYNAMODB_PROTOCOL_H_
#define EDDY_API_SERVER_DYNAMODB_PROTOCOL_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "api/server/dynamodb_wire.h"
#include "eddy/database.h"

namespace eddy::server {

// A JSON 1.0 operation: request body -> response body.
using JsonOperation = absl::StatusOr<Json> (*)(Database& db,
                                               const Json& request);

// The operation named `name` ("PutItem"), or nullptr if unknown.
JsonOperation FindDynamoDbOperation(std::string_view name);
// The Streams operation named `name` ("GetRecords"), or nullptr.
JsonOperation FindStreamsOperation(std::string_view name);

// Tables (dynamodb_tables.cc).
absl::StatusOr<Json> CreateTable(Database& db, const Json& request);
absl::StatusOr<Json> DescribeTable(Database& db, const Json& request);
absl::StatusOr<Json> ListTables(Database& db, const Json& request);
absl::StatusOr<Json> UpdateTable(Database& db, const Json& request);
absl::StatusOr<Json> DeleteTable(Database& db, const Json& request);
// Items (dynamodb_items.cc).
absl::StatusOr<Json> PutItem(Database& db, const Json& request);
absl::StatusOr<Json> GetItem(Database& db, const Json& request);
absl::StatusOr<Json> UpdateItem(Database& db, const Json& request);
absl::StatusOr<Json> DeleteItem(Database& db, const Json& request);
absl::StatusOr<Json> Query(Database& db, const Json& request);
absl::StatusOr<Json> Scan(Database& db, const Json& request);
// Batches and transactions (dynamodb_batch.cc).
absl::StatusOr<Json> BatchGetItem(Database& db, const Json& request);
absl::StatusOr<Json> BatchWriteItem(Database& db, const Json& request);
absl::StatusOr<Json> TransactWriteItems(Database& db, const Json& request);
// Streams (streams_protocol.cc).
absl::StatusOr<Json> ListStreams(Database& db, const Json& request);
absl::StatusOr<Json> DescribeStream(Database& db, const Json& request);
absl::StatusOr<Json> GetShardIterator(Database& db, const Json& request);
absl::StatusOr<Json> GetRecords(Database& db, const Json& request);

}  // namespace eddy::server

#endif  // EDDY_API_SERVER_DYNAMODB_PROTOCOL_H_

// Copyright (c) Eddy authors.
//
// Error responses in each protocol's shape, and the mapping from an Eddy
// absl::Status to AWS's exception name and HTTP status.
//
//   JSON 1.0/1.1 (DynamoDB, Streams, Logs):
//     HTTP 400 (500 for server faults)
//     {"__type":"<prefix>#<Name>","message":"..."}
//   Lambda REST JSON:
//     HTTP 400/403/404/409/429/500, header x-amzn-ErrorType: <Name>
//     {"Type":"User"|"Service","message":"..."}

#ifndef EDDY_API_SERVER_ERRORS_H_
#define EDDY_API_SERVER_ERRORS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "api/server/endpoint.h"

namespace eddy::server {

// The __type prefixes AWS uses.
inline constexpr std::string_view kDynamoDbErrorPrefix =
    "com.amazonaws.dynamodb.v20120810#";
inline constexpr std::string_view kCoralErrorPrefix =
    "com.amazon.coral.service#";
inline constexpr std::string_view kLogsErrorPrefix = "";

// Content types of the JSON protocols.
inline constexpr std::string_view kJson10 = "application/x-amz-json-1.0";
inline constexpr std::string_view kJson11 = "application/x-amz-json-1.1";

// AWS exception name of `status`: its ErrorName() payload, else one derived
// from its code (ValidationException, ResourceNotFoundException,
// ResourceInUseException, ConditionalCheckFailedException,
// TransactionCanceledException, TrimmedDataAccessException,
// ServiceUnavailable, InternalServerError).
std::string AwsErrorName(const absl::Status& status);

// True for errors that are the server's fault (HTTP 500/503).
bool IsServerFault(const absl::Status& status);

// A JSON-protocol error response with `content_type`.
HttpResponse JsonError(std::string_view content_type, std::string_view prefix,
                       std::string_view name, std::string_view message,
                       int http_status = 400);

// The DynamoDB-shaped error for `status` (adds CancellationReasons for a
// cancelled transaction).
HttpResponse DynamoDbError(const absl::Status& status);

// A Lambda REST error: `http_status`, x-amzn-ErrorType `name`.
HttpResponse LambdaError(std::string_view name, std::string_view message,
                         int http_status);
// The Lambda error for `status` (ResourceNotFoundException 404,
// ResourceConflictException 409, InvalidParameterValueException 400,
// TooManyRequestsException 429, ServiceException 500).
HttpResponse LambdaError(const absl::Status& status);

// A JSON response (200 unless told) with `content_type`.
HttpResponse JsonResponse(std::string_view content_type, std::string body,
                          int http_status = 200);

}  // namespace eddy::server

#endif  // EDDY_API_SERVER_ERRORS_H_

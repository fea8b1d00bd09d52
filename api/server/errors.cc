// Copyright (c) Eddy authors.

#include "api/server/errors.h"

#include <string>
#include <utility>
#include <vector>

#include "eddy/status.h"
#include "nlohmann/json.hpp"

namespace eddy::server {

std::string AwsErrorName(const absl::Status& status) {
  std::string name = ErrorName(status);
  if (!name.empty()) return name;
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return "ValidationException";
    case absl::StatusCode::kNotFound:
      return "ResourceNotFoundException";
    case absl::StatusCode::kAlreadyExists:
      return "ResourceInUseException";
    case absl::StatusCode::kFailedPrecondition:
      return IsConditionalCheckFailed(status)
                 ? "ConditionalCheckFailedException"
                 : "ValidationException";
    case absl::StatusCode::kAborted:
      return "TransactionCanceledException";
    case absl::StatusCode::kOutOfRange:
      return "TrimmedDataAccessException";
    case absl::StatusCode::kResourceExhausted:
      return "LimitExceededException";
    case absl::StatusCode::kUnavailable:
      return "ServiceUnavailable";
    default:
      return "InternalServerError";
  }
}

bool IsServerFault(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kUnavailable:
      return true;
    default:
      return false;
  }
}

HttpResponse JsonResponse(std::string_view content_type, std::string body,
                          int http_status) {
  HttpResponse response;
  response.status = http_status;
  response.headers["Content-Type"] = std::string(content_type);
  response.body = std::move(body);
  return response;
}

HttpResponse JsonError(std::string_view content_type, std::string_view prefix,
                       std::string_view name, std::string_view message,
                       int http_status) {
  nlohmann::json body = {{"__type", std::string(prefix) + std::string(name)},
                         {"message", std::string(message)}};
  return JsonResponse(
      content_type,
      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
      http_status);
}

HttpResponse DynamoDbError(const absl::Status& status) {
  const std::string name = AwsErrorName(status);
  const std::string message(status.message());
  int http_status = 400;
  if (IsServerFault(status)) {
    http_status = status.code() == absl::StatusCode::kUnavailable ? 503 : 500;
  }
  nlohmann::json body = {{"__type", std::string(kDynamoDbErrorPrefix) + name},
                         {"message", message}};
  if (name == "TransactionCanceledException") {
    nlohmann::json reasons = nlohmann::json::array();
    for (const std::string& code : CancellationReasons(status)) {
      nlohmann::json reason = {{"Code", code}};
      if (code == "ConditionalCheckFailed") {
        reason["Message"] = "The conditional request failed";
      }
      reasons.push_back(std::move(reason));
    }
    body["CancellationReasons"] = std::move(reasons);
  }
  return JsonResponse(
      kJson10,
      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
      http_status);
}

HttpResponse LambdaError(std::string_view name, std::string_view message,
                         int http_status) {
  nlohmann::json body = {{"Type", http_status >= 500 ? "Service" : "User"},
                         {"message", std::string(message)}};
  HttpResponse response = JsonResponse(
      "application/json",
      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
      http_status);
  response.headers["x-amzn-ErrorType"] = std::string(name);
  return response;
}

HttpResponse LambdaError(const absl::Status& status) {
  std::string name = ErrorName(status);
  int http_status = 400;
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      http_status = 404;
      if (name.empty()) name = "ResourceNotFoundException";
      break;
    case absl::StatusCode::kAlreadyExists:
      http_status = 409;
      if (name.empty()) name = "ResourceConflictException";
      break;
    case absl::StatusCode::kResourceExhausted:
      http_status = 429;
      if (name.empty()) name = "TooManyRequestsException";
      break;
    case absl::StatusCode::kFailedPrecondition:
      http_status = 409;
      if (name.empty()) name = "ResourceConflictException";
      break;
    case absl::StatusCode::kInvalidArgument:
      name = "InvalidParameterValueException";
      break;
    default:
      if (IsServerFault(status)) {
        http_status = 500;
        name = "ServiceException";
      } else if (name.empty()) {
        name = "InvalidParameterValueException";
      }
  }
  if (name == "ResourceNotFoundException") http_status = 404;
  if (name == "ResourceConflictException") http_status = 409;
  return LambdaError(name, std::string(status.message()), http_status);
}

}  // namespace eddy::server

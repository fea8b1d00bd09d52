// Copyright (c) Eddy authors.

#include "api/server/endpoint.h"

#include <exception>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "api/server/dynamodb_protocol.h"
#include "api/server/errors.h"
#include "api/server/lambda_protocol.h"
#include "api/server/logs_protocol.h"

namespace eddy::server {
namespace {

constexpr std::string_view kDynamoDbTarget = "DynamoDB_20120810.";
constexpr std::string_view kStreamsTarget = "DynamoDBStreams_20120810.";
constexpr std::string_view kLogsTarget = "Logs_20140328.";

// One JSON protocol: its target prefix, content type, error prefix and
// operation table.
struct JsonProtocol {
  std::string_view content_type;
  std::string_view error_prefix;
  JsonOperation (*find)(std::string_view);
};

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

HttpResponse RenderError(const JsonProtocol& protocol,
                         const absl::Status& status) {
  if (protocol.error_prefix == kDynamoDbErrorPrefix) {
    return DynamoDbError(status);
  }
  return JsonError(protocol.content_type, protocol.error_prefix,
                   AwsErrorName(status), std::string(status.message()),
                   IsServerFault(status) ? 500 : 400);
}

HttpResponse ServeJson(Database& db, const JsonProtocol& protocol,
                       std::string_view operation, const std::string& body) {
  JsonOperation op = protocol.find(operation);
  if (op == nullptr) {
    return JsonError(protocol.content_type, kCoralErrorPrefix,
                     "UnknownOperationException", "", 400);
  }
  Json request = Json::parse(body.empty() ? "{}" : body, nullptr, false);
  if (request.is_discarded() || !request.is_object()) {
    return JsonError(
        protocol.content_type, kCoralErrorPrefix, "SerializationException",
        "Start of structure or map found where not expected.", 400);
  }
  try {
    absl::StatusOr<Json> response = op(db, request);
    if (!response.ok()) return RenderError(protocol, response.status());
    return JsonResponse(protocol.content_type, Dump(*response));
  } catch (const nlohmann::json::exception& e) {
    return JsonError(protocol.content_type, kCoralErrorPrefix,
                     "SerializationException", e.what(), 400);
  }
}

HttpResponse AuthError(AuthFailure failure, bool lambda) {
  std::string name;
  std::string message;
  switch (failure) {
    case AuthFailure::kMissingAuthentication:
      name = "MissingAuthenticationTokenException";
      message = "Request is missing Authentication Token";
      break;
    case AuthFailure::kUnknownAccessKey:
      name = "UnrecognizedClientException";
      message = "The security token included in the request is invalid.";
      break;
    default:
      name = "InvalidSignatureException";
      message =
          "The request signature we calculated does not match the signature "
          "you provided. Check your AWS Secret Access Key and signing method. "
          "Consult the service documentation for details.";
  }
  if (lambda) return LambdaError(name, message, 403);
  return JsonError(kJson10, kCoralErrorPrefix, name, message, 400);
}

}  // namespace

JsonOperation FindDynamoDbOperation(std::string_view name) {
  static const std::pair<std::string_view, JsonOperation> kOps[] = {
      {"PutItem", &PutItem},
      {"GetItem", &GetItem},
      {"UpdateItem", &UpdateItem},
      {"DeleteItem", &DeleteItem},
      {"Query", &Query},
      {"Scan", &Scan},
      {"BatchGetItem", &BatchGetItem},
      {"BatchWriteItem", &BatchWriteItem},
      {"TransactWriteItems", &TransactWriteItems},
      {"CreateTable", &CreateTable},
      {"DescribeTable", &DescribeTable},
      {"ListTables", &ListTables},
      {"UpdateTable", &UpdateTable},
      {"DeleteTable", &DeleteTable}};
  for (const auto& [op_name, op] : kOps) {
    if (op_name == name) return op;
  }
  return nullptr;
}

JsonOperation FindStreamsOperation(std::string_view name) {
  if (name == "ListStreams") return &ListStreams;
  if (name == "DescribeStream") return &DescribeStream;
  if (name == "GetShardIterator") return &GetShardIterator;
  if (name == "GetRecords") return &GetRecords;
  return nullptr;
}

Endpoint::Endpoint(Database* db, EndpointOptions options)
    : db_(db), options_(options) {}

HttpResponse Endpoint::Handle(const HttpRequest& request) const {
  try {
    const std::string_view path =
        std::string_view(request.target).substr(0, request.target.find('?'));
    const bool lambda = IsLambdaPath(path);
    if (options_.credentials != nullptr) {
      AuthFailure failure = options_.credentials->Verify(
          request.method, request.target, request.headers, request.body);
      if (failure != AuthFailure::kOk) return AuthError(failure, lambda);
    }
    if (lambda) return HandleLambda(*db_, request);
    auto it = request.headers.find("x-amz-target");
    const std::string target = it == request.headers.end() ? "" : it->second;
    static const JsonProtocol kDynamoDb{kJson10, kDynamoDbErrorPrefix,
                                        &FindDynamoDbOperation};
    static const JsonProtocol kStreams{kJson10, kDynamoDbErrorPrefix,
                                       &FindStreamsOperation};
    static const JsonProtocol kLogs{kJson11, kLogsErrorPrefix,
                                    &FindLogsOperation};
    if (request.method == "POST" && StartsWith(target, kDynamoDbTarget)) {
      return ServeJson(*db_, kDynamoDb, target.substr(kDynamoDbTarget.size()),
                       request.body);
    }
    if (request.method == "POST" && StartsWith(target, kStreamsTarget)) {
      return ServeJson(*db_, kStreams, target.substr(kStreamsTarget.size()),
                       request.body);
    }
    if (request.method == "POST" && StartsWith(target, kLogsTarget)) {
      return ServeJson(*db_, kLogs, target.substr(kLogsTarget.size()),
                       request.body);
    }
    return JsonError(kJson10, kCoralErrorPrefix, "UnknownOperationException",
                     "", 400);
  } catch (const std::exception& e) {
    return JsonError(kJson10, kCoralErrorPrefix, "InternalFailure", e.what(),
                     500);
  }
}

HttpResponse HandleRequest(Database* db, const std::string& method,
                           const std::string& target,
                           const std::map<std::string, std::string>& headers,
                           const std::string& body) {
  HttpRequest request{.method = method, .target = target, .body = body};
  for (const auto& [name, value] : headers) {
    request.headers[absl::AsciiStrToLower(name)] = value;
  }
  return Endpoint(db, {}).Handle(request);
}

}  // namespace eddy::server

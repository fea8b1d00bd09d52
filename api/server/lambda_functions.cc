// Copyright (c) Eddy authors.
//
// Lambda's function operations: CreateFunction, GetFunction,
// GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
// UpdateFunctionConfiguration, DeleteFunction, Invoke.

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/server/base64.h"
#include "api/server/errors.h"
#include "api/server/lambda_protocol.h"
#include "nlohmann/json.hpp"

namespace eddy::server {
namespace {

using Json = nlohmann::json;

// Lambda's X-Amz-Log-Result carries at most the last 4 KB of the log.
constexpr size_t kLogTailBytesMax = 4096;

HttpResponse Ok(const Json& body, int status = 200) {
  return JsonResponse("application/json",
                      body.dump(-1, ' ', false, Json::error_handler_t::replace),
                      status);
}

HttpResponse Invalid(const std::string& message) {
  return LambdaError("InvalidParameterValueException", message, 400);
}

Json ConfigurationToWire(const FunctionConfiguration& config) {
  return Json{{"FunctionName", config.function_name},
              {"FunctionArn", config.function_arn},
              {"Runtime", config.runtime},
              {"Role", config.role},
              {"Handler", config.handler},
              {"CodeSize", config.code_size},
              {"Description", config.description},
              {"Timeout", config.timeout_ms / 1000},
              {"MemorySize", config.memory_size_mb},
              {"LastModified", LambdaTimestamp(config.last_modified_ms)},
              {"CodeSha256", config.code_sha256},
              {"Version", "$LATEST"},
              {"Environment", {{"Variables", config.environment}}},
              {"TracingConfig", {{"Mode", "PassThrough"}}},
              {"State", config.state},
              {"LastUpdateStatus", "Successful"},
              {"PackageType", "Zip"},
              {"Architectures", {"x86_64"}},
              {"EphemeralStorage", {{"Size", 512}}}};
}

HttpResponse ConfigurationResponse(
    const absl::StatusOr<FunctionConfiguration>& config, int status = 200) {
  if (!config.ok()) return LambdaError(config.status());
  return Ok(ConfigurationToWire(*config), status);
}

// Code.ZipFile (base64) -> zip bytes; an error response on failure.
std::optional<HttpResponse> ParseCode(const Json& code, FunctionCode* out) {
  if (!code.contains("ZipFile")) {
    return Invalid("Eddy accepts function code as ZipFile only");
  }
  std::optional<std::string> zip =
      Base64Decode(code["ZipFile"].get<std::string>());
  if (!zip) return Invalid("Could not decode ZipFile: not valid base64");
  out->zip_bytes = *std::move(zip);
  return std::nullopt;
}

// The name in a path segment: a name, or an ARN ending ":function:<name>".
std::string FunctionName(const std::string& segment) {
  const size_t at = segment.rfind(":function:");
  if (at == std::string::npos) return segment;
  std::string name = segment.substr(at + 10);
  return name.substr(0, name.find(':'));  // drop a ":$LATEST" qualifier
}

HttpResponse CreateFunction(Database& db, const Json& body) {
  CreateFunctionRequest create;
  FunctionConfiguration& config = create.configuration;
  config.function_name =
      FunctionName(body.at("FunctionName").get<std::string>());
  config.runtime = body.value("Runtime", "");
  config.handler = body.value("Handler", "");
  config.role = body.value("Role", "");
  config.description = body.value("Description", "");
  config.timeout_ms = body.value("Timeout", int64_t{3}) * 1000;
  config.memory_size_mb = body.value("MemorySize", 128);
  if (body.contains("Environment") &&
      body["Environment"].contains("Variables")) {
    config.environment = body["Environment"]["Variables"]
                             .get<std::map<std::string, std::string>>();
  }
  if (!body.contains("Code")) return Invalid("Code is required");
  if (auto error = ParseCode(body["Code"], &create.code)) return *error;
  return ConfigurationResponse(db.CreateFunction(create), 201);
}

HttpResponse UpdateConfiguration(Database& db, const std::string& name,
                                 const Json& body) {
  UpdateFunctionConfigurationRequest update{.function_name = name};
  if (body.contains("Runtime")) update.runtime = body["Runtime"];
  if (body.contains("Handler")) update.handler = body["Handler"];
  if (body.contains("Role")) update.role = body["Role"];
  if (body.contains("Description")) update.description = body["Description"];
  if (body.contains("Timeout")) {
    update.timeout_ms = body["Timeout"].get<int64_t>() * 1000;
  }
  if (body.contains("MemorySize")) update.memory_size_mb = body["MemorySize"];
  if (body.contains("Environment")) {
    update.environment = body["Environment"]
                             .value("Variables", Json::object())
                             .get<std::map<std::string, std::string>>();
  }
  return ConfigurationResponse(db.UpdateFunctionConfiguration(update));
}

HttpResponse GetFunction(Database& db, const std::string& name) {
  absl::StatusOr<FunctionConfiguration> config = db.GetFunction(name);
  if (!config.ok()) return LambdaError(config.status());
  Json out = {{"Configuration", ConfigurationToWire(*config)},
              {"Code", {{"RepositoryType", "S3"}, {"Location", ""}}}};
  if (config->reserved_concurrency >= 0) {
    out["Concurrency"] = {
        {"ReservedConcurrentExecutions", config->reserved_concurrency}};
  }
  return Ok(out);
}

HttpResponse ListFunctions(Database& db, const LambdaCall& call) {
  ListFunctionsRequest list;
  if (call.query.count("Marker")) list.marker = call.query.at("Marker");
  if (call.query.count("MaxItems")) {
    try {
      list.max_items = std::stoi(call.query.at("MaxItems"));
    } catch (const std::exception&) {
      return Invalid("MaxItems must be a number");
    }
  }
  absl::StatusOr<ListFunctionsResult> result = db.ListFunctions(list);
  if (!result.ok()) return LambdaError(result.status());
  Json functions = Json::array();
  for (const FunctionConfiguration& config : result->functions) {
    functions.push_back(ConfigurationToWire(config));
  }
  Json out = {{"Functions", std::move(functions)}};
  if (result->next_marker) out["NextMarker"] = *result->next_marker;
  return Ok(out);
}

HttpResponse Invoke(Database& db, const std::string& name,
                    const HttpRequest& request) {
  InvokeRequest invoke{.function_name = name, .payload_json = request.body};
  auto header = [&](const char* key) {
    auto it = request.headers.find(key);
    return it == request.headers.end() ? std::string() : it->second;
  };
  const std::string type = header("x-amz-invocation-type");
  if (type == "Event") {
    invoke.invocation_type = InvocationType::kEvent;
  } else if (type == "DryRun") {
    invoke.invocation_type = InvocationType::kDryRun;
  } else if (!type.empty() && type != "RequestResponse") {
    return Invalid(absl::StrCat("Unsupported InvocationType: ", type));
  }
  invoke.tail_log = header("x-amz-log-type") == "Tail";
  absl::StatusOr<InvokeResult> result = db.Invoke(invoke);
  if (!result.ok()) return LambdaError(result.status());
  HttpResponse response = JsonResponse(
      "application/json", result->result.payload, result->status_code);
  if (result->status_code == 200 && response.body.empty()) {
    response.body = "null";
  }
  response.headers["X-Amz-Executed-Version"] = "$LATEST";
  if (!result->request_id.empty()) {
    response.headers["x-amzn-RequestId"] = result->request_id;
  }
  if (result->result.function_error) {
    response.headers["X-Amz-Function-Error"] = "Unhandled";
    if (result->result.payload.empty()) {
      response.body = Json{{"errorType", result->result.error_type},
                           {"errorMessage", result->result.error_message}}
                          .dump(-1, ' ', false, Json::error_handler_t::replace);
    }
  }
  if (invoke.tail_log) {
    std::string_view tail = result->log_tail;
    if (tail.size() > kLogTailBytesMax) {
      tail.remove_prefix(tail.size() - kLogTailBytesMax);
    }
    response.headers["X-Amz-Log-Result"] = Base64Encode(tail);
  }
  return response;
}

Json Body(const HttpRequest& request) {
  return request.body.empty() ? Json::object() : Json::parse(request.body);
}

}  // namespace

HttpResponse LambdaFunctions(Database& db, const LambdaCall& call) {
  const std::string& method = call.request->method;
  const std::vector<std::string>& s = call.segments;
  if (s.size() == 1) {
    if (method == "POST") return CreateFunction(db, Body(*call.request));
    if (method == "GET") return ListFunctions(db, call);
  } else if (s.size() == 2) {
    const std::string name = FunctionName(s[1]);
    if (method == "GET") return GetFunction(db, name);
    if (method == "DELETE") {
      absl::Status status = db.DeleteFunction(name);
      if (!status.ok()) return LambdaError(status);
      return HttpResponse{.status = 204};
    }
  } else if (s.size() == 3) {
    const std::string name = FunctionName(s[1]);
    if (s[2] == "invocations" && method == "POST") {
      return Invoke(db, name, *call.request);
    }
    if (s[2] == "configuration" && method == "GET") {
      return ConfigurationResponse(db.GetFunction(name));
    }
    if (s[2] == "configuration" && method == "PUT") {
      return UpdateConfiguration(db, name, Body(*call.request));
    }
    if (s[2] == "code" && method == "PUT") {
      FunctionCode code;
      if (auto error = ParseCode(Body(*call.request), &code)) return *error;
      return ConfigurationResponse(db.UpdateFunctionCode(name, code));
    }
  }
  return LambdaError("UnknownOperationException", "Unknown operation", 404);
}

}  // namespace eddy::server

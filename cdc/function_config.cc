// Copyright (c) Eddy authors.
//
// FunctionRecord encoding, validation and the worker environment.

#include "cdc/function_config.h"

#include <stdlib.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/errors.h"
#include "engine/strings.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc {
namespace {

using nlohmann::json;

// Keys Lambda reserves (CreateFunction rejects them in Environment).
constexpr std::string_view kReservedKeys[] = {"_HANDLER",
                                              "_X_AMZN_TRACE_ID",
                                              "AWS_DEFAULT_REGION",
                                              "AWS_REGION",
                                              "AWS_EXECUTION_ENV",
                                              "AWS_LAMBDA_FUNCTION_NAME",
                                              "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                                              "AWS_LAMBDA_FUNCTION_VERSION",
                                              "AWS_LAMBDA_INITIALIZATION_TYPE",
                                              "AWS_LAMBDA_LOG_GROUP_NAME",
                                              "AWS_LAMBDA_LOG_STREAM_NAME",
                                              "AWS_ACCESS_KEY",
                                              "AWS_ACCESS_KEY_ID",
                                              "AWS_SECRET_ACCESS_KEY",
                                              "AWS_SESSION_TOKEN",
                                              "AWS_LAMBDA_RUNTIME_API",
                                              "LAMBDA_TASK_ROOT",
                                              "LAMBDA_RUNTIME_DIR"};
constexpr size_t kEnvironmentBytesMax = 4096;  // Lambda's limit

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return absl::ascii_isalnum(c) || c == '-' || c == '_';
  });
}

absl::Status ValidateEnvironment(
    const std::map<std::string, std::string>& env) {
  size_t bytes = 0;
  for (const auto& [key, value] : env) {
    bool ok = !key.empty() && absl::ascii_isalpha(key[0]) &&
              std::all_of(key.begin(), key.end(), [](char c) {
                return absl::ascii_isalnum(c) || c == '_';
              });
    if (!ok) {
      return engine::ValidationError(
          absl::StrCat("Environment.Variables: invalid key '", key,
                       "' (must match [a-zA-Z]([a-zA-Z0-9_])+)"));
    }
    if (std::find(std::begin(kReservedKeys), std::end(kReservedKeys), key) !=
        std::end(kReservedKeys)) {
      return engine::ValidationError(absl::StrCat(
          "Environment.Variables: Lambda was unable to configure your "
          "environment variables because the environment variables you have "
          "provided contains reserved keys that are currently not supported "
          "for modification. Reserved keys used in this request: ",
          key));
    }
    bytes += key.size() + value.size();
  }
  if (bytes > kEnvironmentBytesMax) {
    return engine::ValidationError(
        absl::StrCat("Environment.Variables: total size exceeds ",
                     kEnvironmentBytesMax, " bytes"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string LogGroupName(const std::string& function_name) {
  return absl::StrCat("/aws/lambda/", function_name);
}

std::string EncodeFunctionRecord(const FunctionRecord& r) {
  const FunctionConfiguration& c = r.config;
  json j = {{"name", c.function_name},
            {"runtime", c.runtime},
            {"handler", c.handler},
            {"role", c.role},
            {"description", c.description},
            {"timeout_ms", c.timeout_ms},
            {"memory_size_mb", c.memory_size_mb},
            {"reserved_concurrency", c.reserved_concurrency},
            {"environment", c.environment},
            {"code_size", c.code_size},
            {"code_sha256", c.code_sha256},
            {"last_modified_ms", c.last_modified_ms},
            {"code_revision", r.code_revision}};
  return j.dump();
}

absl::StatusOr<FunctionRecord> DecodeFunctionRecord(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("name")) {
    return absl::DataLossError("corrupt function catalog entry");
  }
  try {
    FunctionRecord r;
    FunctionConfiguration& c = r.config;
    c.function_name = j.at("name").get<std::string>();
    c.runtime = j.value("runtime", "");
    c.handler = j.value("handler", "");
    c.role = j.value("role", "");
    c.description = j.value("description", "");
    c.timeout_ms = j.value("timeout_ms", int64_t{3000});
    c.memory_size_mb = j.value("memory_size_mb", 128);
    c.reserved_concurrency = j.value("reserved_concurrency", -1);
    c.environment =
        j.value("environment", std::map<std::string, std::string>{});
    c.code_size = j.value("code_size", int64_t{0});
    c.code_sha256 = j.value("code_sha256", "");
    c.last_modified_ms = j.value("last_modified_ms", int64_t{0});
    r.code_revision = j.value("code_revision", int64_t{0});
    return r;
  } catch (const json::exception& e) {
    return absl::DataLossError(
        absl::StrCat("corrupt function catalog entry: ", e.what()));
  }
}

absl::StatusOr<RuntimeKind> ParseRuntime(const std::string& runtime) {
  if (absl::StartsWith(runtime, "nodejs")) return RuntimeKind::kNode;
  if (absl::StartsWith(runtime, "python3")) return RuntimeKind::kPython;
  if (absl::StartsWith(runtime, "provided")) return RuntimeKind::kProvided;
  return engine::ValidationError(absl::StrCat(
      "Runtime: value '", runtime,
      "' failed to satisfy constraint: Member must be a nodejs*, python3* or "
      "provided* runtime"));
}

absl::Status ValidateConfiguration(const FunctionConfiguration& c) {
  if (!ValidName(c.function_name)) {
    return engine::ValidationError(absl::StrCat(
        "FunctionName: value '", c.function_name,
        "' failed to satisfy constraint: 1..64 characters of [a-zA-Z0-9-_]"));
  }
  absl::StatusOr<RuntimeKind> kind = ParseRuntime(c.runtime);
  if (!kind.ok()) return kind.status();
  if (*kind != RuntimeKind::kProvided &&
      (c.handler.empty() || c.handler.size() > 128 ||
       c.handler.find_first_of(" \t\n") != std::string::npos)) {
    return engine::ValidationError(
        "Handler: must be 1..128 characters without whitespace, e.g. "
        "index.handler");
  }
  if (c.timeout_ms < 1000 || c.timeout_ms > 900'000 || c.timeout_ms % 1000) {
    return engine::ValidationError(
        "Timeout: must be a whole number of seconds in 1..900");
  }
  if (c.memory_size_mb < 128 || c.memory_size_mb > 10240) {
    return engine::ValidationError("MemorySize: must be in 128..10240 MB");
  }
  if (c.reserved_concurrency < -1 || c.reserved_concurrency > 1000) {
    return engine::ValidationError(
        "ReservedConcurrentExecutions: must be -1 (unreserved) or 0..1000");
  }
  return ValidateEnvironment(c.environment);
}

void ApplyUpdate(const UpdateFunctionConfigurationRequest& r,
                 FunctionConfiguration* c) {
  if (r.runtime) c->runtime = *r.runtime;
  if (r.handler) c->handler = *r.handler;
  if (r.role) c->role = *r.role;
  if (r.description) c->description = *r.description;
  if (r.timeout_ms) c->timeout_ms = *r.timeout_ms;
  if (r.memory_size_mb) c->memory_size_mb = *r.memory_size_mb;
  if (r.reserved_concurrency) c->reserved_concurrency = *r.reserved_concurrency;
  if (r.environment) c->environment = *r.environment;
}

std::vector<std::string> WorkerEnvironment(const FunctionConfiguration& c,
                                           const std::string& task_root,
                                           const std::string& runtime_dir,
                                           const std::string& region) {
  std::vector<std::string> env;
  for (const auto& [key, value] : c.environment) {
    env.push_back(absl::StrCat(key, "=", value));
  }
  const char* path = getenv("PATH");
  bool user_path = c.environment.count("PATH") != 0;
  if (!user_path) {
    env.push_back(absl::StrCat("PATH=", path ? path : "/usr/bin:/bin"));
  }
  if (c.environment.count("LANG") == 0) env.push_back("LANG=en_US.UTF-8");
  if (c.environment.count("TZ") == 0) env.push_back("TZ=:UTC");
  env.push_back(absl::StrCat("_HANDLER=", c.handler));
  env.push_back(absl::StrCat("LAMBDA_TASK_ROOT=", task_root));
  env.push_back(absl::StrCat("LAMBDA_RUNTIME_DIR=", runtime_dir));
  env.push_back(absl::StrCat("AWS_REGION=", region));
  env.push_back(absl::StrCat("AWS_DEFAULT_REGION=", region));
  env.push_back(absl::StrCat("AWS_EXECUTION_ENV=AWS_Lambda_", c.runtime));
  env.push_back(absl::StrCat("AWS_LAMBDA_FUNCTION_NAME=", c.function_name));
  env.push_back(
      absl::StrCat("AWS_LAMBDA_FUNCTION_MEMORY_SIZE=", c.memory_size_mb));
  env.push_back("AWS_LAMBDA_FUNCTION_VERSION=$LATEST");
  env.push_back("AWS_LAMBDA_INITIALIZATION_TYPE=on-demand");
  env.push_back(absl::StrCat("AWS_LAMBDA_LOG_GROUP_NAME=",
                             LogGroupName(c.function_name)));
  return env;
}

}  // namespace eddy::cdc

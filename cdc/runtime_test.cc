// Copyright (c) Eddy authors.
//
// The python3* runtime and provided* runtimes (the code's own bootstrap
// speaking the Runtime API over curl), and what a worker process inherits.

#include <gtest/gtest.h>

#include "cdc/function_test_util.h"
#include "eddy/database.h"
#include "nlohmann/json.hpp"

namespace eddy {
namespace {

using ::eddy::testing::AllLogEvents;
using ::eddy::testing::CodeDir;
using ::eddy::testing::InvokeOrDie;
using ::eddy::testing::JoinMessages;
using ::eddy::testing::MakeZip;
using ::eddy::testing::TempDir;
using nlohmann::json;

constexpr char kPython[] = R"(import os

def lambda_handler(event, context):
    print("python got", event)
    if event.get("fail"):
        raise ValueError("no good")
    return {
        "id": context.aws_request_id,
        "name": context.function_name,
        "remaining": context.get_remaining_time_in_millis(),
        "handler": os.environ["_HANDLER"],
        "event": event,
    }
)";

class RuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::OpenOrDie(tmp_.Sub("db")); }
  TempDir tmp_;
  std::unique_ptr<Database> db_;
};

TEST_F(RuntimeTest, PythonHandlerAndErrors) {
  CreateFunctionRequest r;
  r.configuration.function_name = "py";
  r.configuration.runtime = "python3.11";
  r.configuration.handler = "lambda_function.lambda_handler";
  r.code.zip_bytes = MakeZip({{"lambda_function.py", kPython}});
  ASSERT_TRUE(db_->CreateFunction(r).ok());
  InvokeResult out = InvokeOrDie(db_.get(), "py", R"({"a":1})");
  ASSERT_FALSE(out.result.function_error) << out.result.payload;
  json j = json::parse(out.result.payload);
  EXPECT_EQ(j["id"], out.request_id);
  EXPECT_EQ(j["name"], "py");
  EXPECT_GT(j["remaining"].get<int>(), 0);
  EXPECT_EQ(j["handler"], "lambda_function.lambda_handler");
  EXPECT_EQ(j["event"], json::parse(R"({"a":1})"));
  EXPECT_NE(JoinMessages(AllLogEvents(db_.get(), "/aws/lambda/py"))
                .find("python got {'a': 1}"),
            std::string::npos);

  out = InvokeOrDie(db_.get(), "py", R"({"fail":true})");
  EXPECT_TRUE(out.result.function_error);
  EXPECT_EQ(out.result.error_type, "ValueError");
  EXPECT_EQ(out.result.error_message, "no good");
  json e = json::parse(out.result.payload);
  ASSERT_TRUE(e["stackTrace"].is_array());
  EXPECT_FALSE(e["stackTrace"].empty());
  EXPECT_EQ(e["requestId"], out.request_id);
}

TEST_F(RuntimeTest, PythonBadHandlerNames) {
  CreateFunctionRequest r;
  r.configuration.function_name = "pymod";
  r.configuration.runtime = "python3.12";
  r.configuration.handler = "nope.lambda_handler";
  r.code.directory = CodeDir(tmp_, "pymod", {{"lambda_function.py", kPython}});
  ASSERT_TRUE(db_->CreateFunction(r).ok());
  EXPECT_EQ(InvokeOrDie(db_.get(), "pymod", "{}").result.error_type,
            "Runtime.ImportModuleError");
  r.configuration.function_name = "pyfn";
  r.configuration.handler = "lambda_function.other";
  ASSERT_TRUE(db_->CreateFunction(r).ok());
  EXPECT_EQ(InvokeOrDie(db_.get(), "pyfn", "{}").result.error_type,
            "Runtime.HandlerNotFound");
}

// A custom runtime in sh + curl, as the Lambda docs' tutorial writes one. It
// also reports the descriptors it inherited.
constexpr char kBootstrap[] = R"sh(#!/bin/sh
set -eu
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
HEADERS="$(mktemp)"
trap 'rm -f "$HEADERS"' EXIT
while true; do
  EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
  ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  echo "custom runtime got $EVENT"
  if [ "$EVENT" = '"fail"' ]; then
    curl -sS -X POST -H 'Lambda-Runtime-Function-Error-Type: Custom.Failure' \
      "$API/invocation/$ID/error" -d '{"errorType":"Custom.Failure","errorMessage":"asked to"}' >/dev/null
    continue
  fi
  DB="${LAMBDA_TASK_ROOT%/functions/code/*}"
  FDS=$(for f in /proc/$$/fd/*; do readlink "$f" || true; done | grep -v "/functions/code/" | grep -c -e socket -e "^$DB/" || true)
  curl -sS -X POST "$API/invocation/$ID/response" \
    -d "{\"echo\":$EVENT,\"id\":\"$ID\",\"leaked\":$FDS,\"handler\":\"$_HANDLER\"}" >/dev/null
done
)sh";

TEST_F(RuntimeTest, ProvidedRuntimeRunsTheCodesBootstrap) {
  CreateFunctionRequest r;
  r.configuration.function_name = "custom";
  r.configuration.runtime = "provided.al2";
  r.configuration.handler = "function.handler";
  r.code.zip_bytes = MakeZip({{"bootstrap", kBootstrap, false, false, 0755}});
  ASSERT_TRUE(db_->CreateFunction(r).ok());
  InvokeResult out = InvokeOrDie(db_.get(), "custom", R"({"x":1})");
  ASSERT_FALSE(out.result.function_error) << out.result.payload;
  json j = json::parse(out.result.payload);
  EXPECT_EQ(j["echo"], json::parse(R"({"x":1})"));
  EXPECT_EQ(j["id"], out.request_id);
  EXPECT_EQ(j["handler"], "function.handler");
  // No socket and nothing of the Database directory leaked into the child.
  EXPECT_EQ(j["leaked"], 0) << out.result.payload;
  out = InvokeOrDie(db_.get(), "custom", R"("fail")");
  EXPECT_EQ(out.result.error_type, "Custom.Failure");
  EXPECT_EQ(out.result.error_message, "asked to");
  EXPECT_NE(JoinMessages(AllLogEvents(db_.get(), "/aws/lambda/custom"))
                .find("custom runtime got {\"x\":1}"),
            std::string::npos);
}

TEST_F(RuntimeTest, ProvidedWithoutBootstrapFailsAtInvoke) {
  CreateFunctionRequest r;
  r.configuration.function_name = "nobootstrap";
  r.configuration.runtime = "provided";
  r.code.zip_bytes = MakeZip({{"readme.txt", "nothing to run"}});
  ASSERT_TRUE(db_->CreateFunction(r).ok());
  InvokeResult out = InvokeOrDie(db_.get(), "nobootstrap", "{}");
  EXPECT_TRUE(out.result.function_error);
  EXPECT_EQ(out.result.error_type, "Runtime.InvalidEntrypoint");
}

}  // namespace
}  // namespace eddy

// Copyright (c) Eddy authors.
//
// CreateFunction ... DeleteFunction through the public Database API, and
// functions surviving a reopen.

#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>

#include "cdc/function_test_util.h"
#include "eddy/database.h"
#include "eddy/status.h"

namespace eddy {
namespace {

using ::eddy::testing::CodeDir;
using ::eddy::testing::InvokeOrDie;
using ::eddy::testing::NodeFunction;
using ::eddy::testing::TempDir;

constexpr char kEcho[] =
    "exports.handler = async (event) => ({echo: event});\n";

class FunctionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenOrDie(tmp_.Sub("db"));
    code_ = CodeDir(tmp_, "code", {{"index.js", kEcho}});
  }
  TempDir tmp_;
  std::unique_ptr<Database> db_;
  std::string code_;
};

TEST_F(FunctionTest, CreateGetListUpdateDelete) {
  auto created = db_->CreateFunction(NodeFunction("echo", code_));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->function_arn,
            "arn:aws:lambda:us-east-1:000000000000:function:echo");
  EXPECT_EQ(created->timeout_ms, 3000);
  EXPECT_EQ(created->memory_size_mb, 128);
  EXPECT_EQ(created->state, "Active");
  EXPECT_GT(created->code_size, 0);
  EXPECT_FALSE(created->code_sha256.empty());

  auto got = db_->GetFunction("echo");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->handler, "index.handler");
  ASSERT_TRUE(db_->CreateFunction(NodeFunction("b-fn", code_)).ok());
  ListFunctionsRequest list;
  list.max_items = 1;
  auto page = db_->ListFunctions(list);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->functions.size(), 1u);
  EXPECT_EQ(page->functions[0].function_name, "b-fn");
  list.marker = *page->next_marker;
  page = db_->ListFunctions(list);
  EXPECT_EQ(page->functions[0].function_name, "echo");
  EXPECT_FALSE(page->next_marker.has_value());

  UpdateFunctionConfigurationRequest u;
  u.function_name = "echo";
  u.timeout_ms = 10000;
  u.environment = std::map<std::string, std::string>{{"GREETING", "hi"}};
  auto updated = db_->UpdateFunctionConfiguration(u);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->timeout_ms, 10000);
  EXPECT_EQ(updated->environment.at("GREETING"), "hi");

  std::string v2 =
      CodeDir(tmp_, "v2", {{"index.js", "exports.handler = async () => 2;"}});
  FunctionCode code;
  code.directory = v2;
  auto recoded = db_->UpdateFunctionCode("echo", code);
  ASSERT_TRUE(recoded.ok()) << recoded.status();
  EXPECT_NE(recoded->code_sha256, created->code_sha256);
  EXPECT_EQ(InvokeOrDie(db_.get(), "echo", "{}").result.payload, "2");

  ASSERT_TRUE(db_->DeleteFunction("echo").ok());
  EXPECT_EQ(db_->GetFunction("echo").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(db_->DeleteFunction("echo").code(), absl::StatusCode::kNotFound);
  InvokeRequest r;
  r.function_name = "echo";
  EXPECT_EQ(db_->Invoke(r).status().code(), absl::StatusCode::kNotFound);
  // Its logs stay, as Lambda's do.
  DescribeLogGroupsRequest groups;
  groups.log_group_name_prefix = "/aws/lambda/echo";
  EXPECT_EQ(db_->DescribeLogGroups(groups)->log_groups.size(), 1u);
}

TEST_F(FunctionTest, ValidationErrorsNameTheField) {
  auto expect_invalid = [&](CreateFunctionRequest r, const std::string& field) {
    auto s = db_->CreateFunction(r).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << field;
    EXPECT_NE(std::string(s.message()).find(field), std::string::npos)
        << s.message();
  };
  auto r = NodeFunction("bad name!", code_);
  expect_invalid(r, "FunctionName");
  r = NodeFunction(std::string(65, 'a'), code_);
  expect_invalid(r, "FunctionName");
  r = NodeFunction("f", code_);
  r.configuration.runtime = "cobol1.0";
  expect_invalid(r, "Runtime");
  r = NodeFunction("f", code_, "");
  expect_invalid(r, "Handler");
  r = NodeFunction("f", code_);
  r.configuration.timeout_ms = 0;
  expect_invalid(r, "Timeout");
  r.configuration.timeout_ms = 1500;
  expect_invalid(r, "Timeout");
  r = NodeFunction("f", code_);
  r.configuration.memory_size_mb = 64;
  expect_invalid(r, "MemorySize");
  r = NodeFunction("f", code_);
  r.configuration.reserved_concurrency = -2;
  expect_invalid(r, "ReservedConcurrentExecutions");
  r = NodeFunction("f", code_);
  r.configuration.environment = {{"AWS_REGION", "x"}};
  expect_invalid(r, "Environment");
  r = NodeFunction("f", code_);
  r.code.zip_bytes = "zip";
  expect_invalid(r, "Code");
  r = NodeFunction("f", code_);
  r.code.directory.clear();
  r.code.zip_bytes = "not a zip";
  expect_invalid(r, "unzip");

  UpdateFunctionConfigurationRequest u;
  u.function_name = "missing";
  EXPECT_EQ(db_->UpdateFunctionConfiguration(u).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(db_->CreateFunction(NodeFunction("f", code_)).ok());
  u.function_name = "f";
  u.memory_size_mb = 1;
  EXPECT_EQ(db_->UpdateFunctionConfiguration(u).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(FunctionTest, NamesAreOneNamespaceWithInProcessFunctions) {
  ASSERT_TRUE(db_->CreateFunction(NodeFunction("f", code_)).ok());
  EXPECT_EQ(db_->CreateFunction(NodeFunction("f", code_)).status().code(),
            absl::StatusCode::kAlreadyExists);
  auto handler = [](const FunctionEvent&, const InvokeContext&) {
    return FunctionResult::Success();
  };
  EXPECT_EQ(db_->RegisterFunction("f", handler, {}).code(),
            absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE(db_->RegisterFunction("g", handler, {}).ok());
  EXPECT_EQ(db_->CreateFunction(NodeFunction("g", code_)).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(FunctionTest, FunctionsAndLogsSurviveReopen) {
  auto created = db_->CreateFunction(NodeFunction("echo", code_));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(InvokeOrDie(db_.get(), "echo", "1").result.payload,
            R"({"echo":1})");
  ASSERT_TRUE(db_->Close().ok());
  db_.reset();
  std::filesystem::remove_all(code_);  // the Database keeps its own copy
  db_ = testing::OpenOrDie(tmp_.Sub("db"));
  auto got = db_->GetFunction("echo");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->code_sha256, created->code_sha256);
  InvokeResult again = InvokeOrDie(db_.get(), "echo", "2", true);
  EXPECT_EQ(again.result.payload, R"({"echo":2})");
  EXPECT_NE(again.log_tail.find("Init Duration"), std::string::npos);
  DescribeLogStreamsRequest ds;
  ds.log_group_name = "/aws/lambda/echo";
  EXPECT_EQ(db_->DescribeLogStreams(ds)->log_streams.size(), 2u);
}

TEST_F(FunctionTest, CloseKillsAndReapsWorkers) {
  auto r = NodeFunction(
      "pid",
      CodeDir(tmp_, "pid",
              {{"index.js", "exports.handler = async () => process.pid;"}}));
  ASSERT_TRUE(db_->CreateFunction(r).ok());
  int pid = std::stoi(InvokeOrDie(db_.get(), "pid", "{}").result.payload);
  EXPECT_EQ(kill(pid, 0), 0);  // warm, alive
  ASSERT_TRUE(db_->Close().ok());
  EXPECT_NE(kill(pid, 0), 0);  // killed and reaped: no zombie left
  EXPECT_EQ(errno, ESRCH);
}

TEST_F(FunctionTest, DryRunChecksExistence) {
  ASSERT_TRUE(db_->CreateFunction(NodeFunction("f", code_)).ok());
  InvokeRequest r;
  r.function_name = "f";
  r.invocation_type = InvocationType::kDryRun;
  auto result = db_->Invoke(r);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status_code, 204);
  // A dry run starts no worker, so no log stream exists yet.
  DescribeLogStreamsRequest ds;
  ds.log_group_name = "/aws/lambda/f";
  EXPECT_TRUE(db_->DescribeLogStreams(ds)->log_streams.empty());
  r.function_name = "g";
  EXPECT_EQ(db_->Invoke(r).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace eddy

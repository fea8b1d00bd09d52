// Copyright (c) Eddy authors.
//
// Failing Node.js functions: errors, exceptions, crashes, timeouts, huge
// outputs and handlers that cannot be loaded.

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
using ::eddy::testing::NodeFunction;
using ::eddy::testing::TempDir;
using nlohmann::json;

class InvokeErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::OpenOrDie(tmp_.Sub("db")); }
  void Create(const std::string& name, const std::string& source,
              const std::string& handler = "index.handler",
              int64_t timeout_ms = 3000) {
    auto r = NodeFunction(name, CodeDir(tmp_, name, {{"index.js", source}}),
                          handler);
    r.configuration.timeout_ms = timeout_ms;
    auto created = db_->CreateFunction(r);
    ASSERT_TRUE(created.ok()) << created.status();
  }
  std::string Log(const std::string& name) {
    return JoinMessages(AllLogEvents(db_.get(), "/aws/lambda/" + name));
  }
  TempDir tmp_;
  std::unique_ptr<Database> db_;
};

TEST_F(InvokeErrorsTest, HandlerErrorsComeBackInLambdasShape) {
  Create("thrower",
         "exports.handler = async (e) => { if (e.cb) return; "
         "throw new TypeError('bad input'); };");
  InvokeResult out = InvokeOrDie(db_.get(), "thrower", "{}");
  EXPECT_TRUE(out.result.function_error);
  EXPECT_EQ(out.result.error_type, "TypeError");
  EXPECT_EQ(out.result.error_message, "bad input");
  json j = json::parse(out.result.payload);
  EXPECT_EQ(j["errorType"], "TypeError");
  EXPECT_EQ(j["errorMessage"], "bad input");
  EXPECT_TRUE(j["trace"].is_array());
  EXPECT_NE(Log("thrower").find("ERROR\tInvoke Error"), std::string::npos);
  // The worker survives a handled error.
  EXPECT_FALSE(
      InvokeOrDie(db_.get(), "thrower", R"({"cb":1})").result.function_error);

  Create("cberr",
         "exports.handler = (e, c, cb) => cb(new RangeError('too far'));");
  out = InvokeOrDie(db_.get(), "cberr", "{}");
  EXPECT_EQ(out.result.error_type, "RangeError");
  EXPECT_EQ(out.result.error_message, "too far");
}

TEST_F(InvokeErrorsTest, CrashMidInvokeFailsAndTheWorkerIsReplaced) {
  Create("crash",
         "exports.handler = async (e) => { if (e.exit) { console.log('bye'); "
         "process.exit(3); } if (e.kill) process.kill(process.pid, 'SIGKILL');"
         " return process.pid; };");
  InvokeResult before = InvokeOrDie(db_.get(), "crash", "{}");
  InvokeResult out = InvokeOrDie(db_.get(), "crash", R"({"exit":1})");
  EXPECT_TRUE(out.result.function_error);
  EXPECT_EQ(out.result.error_type, "Runtime.ExitError");
  EXPECT_NE(out.result.error_message.find("Runtime exited with error: exit "
                                          "status 3"),
            std::string::npos)
      << out.result.error_message;
  out = InvokeOrDie(db_.get(), "crash", R"({"kill":1})");
  EXPECT_EQ(out.result.error_type, "Runtime.ExitError");
  EXPECT_NE(out.result.error_message.find("signal: killed"), std::string::npos)
      << out.result.error_message;
  InvokeResult after = InvokeOrDie(db_.get(), "crash", "{}");
  EXPECT_FALSE(after.result.function_error);
  EXPECT_NE(before.result.payload, after.result.payload);  // a new process
  std::string log = Log("crash");
  EXPECT_NE(log.find("INFO\tbye"), std::string::npos);
  EXPECT_NE(log.find("Runtime.ExitError"), std::string::npos);
}

TEST_F(InvokeErrorsTest, UncaughtExceptionsCrashTheWorker) {
  Create("uncaught",
         "exports.handler = (e, c, cb) => { setImmediate(() => { throw new "
         "Error('async boom'); }); };");
  InvokeResult out = InvokeOrDie(db_.get(), "uncaught", "{}");
  EXPECT_EQ(out.result.error_type, "Runtime.ExitError");
  EXPECT_NE(Log("uncaught").find("async boom"), std::string::npos);
}

TEST_F(InvokeErrorsTest, HangingHandlerTimesOutAndIsKilled) {
  Create("hang",
         "exports.handler = async (e) => e.hang ? new Promise(() => {}) : "
         "process.pid;",
         "index.handler", 1000);
  InvokeResult first = InvokeOrDie(db_.get(), "hang", "{}");
  int pid = std::stoi(first.result.payload);
  InvokeResult out = InvokeOrDie(db_.get(), "hang", R"({"hang":true})");
  EXPECT_TRUE(out.result.function_error);
  EXPECT_EQ(out.result.error_type, "Sandbox.Timedout");
  EXPECT_NE(out.result.error_message.find("Task timed out after 1.00 seconds"),
            std::string::npos);
  EXPECT_NE(Log("hang").find("Task timed out after 1.00 seconds"),
            std::string::npos);
  // The process was killed and reaped (no zombie: kill(pid, 0) fails).
  EXPECT_NE(kill(pid, 0), 0);
  InvokeResult again = InvokeOrDie(db_.get(), "hang", "{}");
  EXPECT_FALSE(again.result.function_error);
  EXPECT_NE(again.result.payload, first.result.payload);
}

TEST_F(InvokeErrorsTest, HugeOutputsAreLoggedAndLargeResponsesReturned) {
  Create("huge",
         "exports.handler = async (e) => { const line = 'x'.repeat(100);"
         " for (let i = 0; i < e.lines; i++) console.log(i, line);"
         " return 'y'.repeat(e.bytes); };");
  InvokeResult out = InvokeOrDie(db_.get(), "huge",
                                 R"({"lines":40000,"bytes":5000000})", true);
  ASSERT_FALSE(out.result.function_error) << out.result.error_message;
  EXPECT_EQ(out.result.payload.size(), 5000002u);  // a JSON string
  EXPECT_LE(out.log_tail.size(), 4096u);
  EXPECT_NE(out.log_tail.find("REPORT RequestId"), std::string::npos);
  auto events = AllLogEvents(db_.get(), "/aws/lambda/huge", "xxxxxxxxxx");
  EXPECT_EQ(events.size(), 40000u);
  EXPECT_NE(events.back().message.find("\t39999 xxx"), std::string::npos);
  // Over Lambda's 6 MB response limit: a function error, worker kept.
  out = InvokeOrDie(db_.get(), "huge", R"({"lines":0,"bytes":7000000})");
  EXPECT_TRUE(out.result.function_error);
  EXPECT_EQ(out.result.error_type, "Function.ResponseSizeTooLarge");
  EXPECT_FALSE(InvokeOrDie(db_.get(), "huge", R"({"lines":0,"bytes":1})")
                   .result.function_error);
}

TEST_F(InvokeErrorsTest, BadHandlerNamesFailAtFirstInvoke) {
  Create("nomod", "exports.handler = async () => 1;", "missing.handler");
  InvokeResult out = InvokeOrDie(db_.get(), "nomod", "{}");
  EXPECT_TRUE(out.result.function_error);
  EXPECT_EQ(out.result.error_type, "Runtime.ImportModuleError");
  EXPECT_NE(out.result.error_message.find("Cannot find module 'missing'"),
            std::string::npos)
      << out.result.error_message;

  Create("nofn", "exports.handler = async () => 1;", "index.nothere");
  out = InvokeOrDie(db_.get(), "nofn", "{}");
  EXPECT_EQ(out.result.error_type, "Runtime.HandlerNotFound");
  EXPECT_NE(out.result.error_message.find("index.nothere is undefined"),
            std::string::npos);

  Create("syntax", "exports.handler = async () => {{{;");
  out = InvokeOrDie(db_.get(), "syntax", "{}");
  EXPECT_EQ(out.result.error_type, "Runtime.ImportModuleError");
  EXPECT_NE(out.result.error_message.find("SyntaxError"), std::string::npos);
  // Still failing the next time (each invoke retries the init).
  EXPECT_EQ(InvokeOrDie(db_.get(), "nofn", "{}").result.error_type,
            "Runtime.HandlerNotFound");
}

}  // namespace
}  // namespace eddy

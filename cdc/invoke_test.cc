// Copyright (c) Eddy authors.
//
// Invoking Node.js functions in real worker processes: the lab's index.js,
// both handler forms, the context and environment, logs, warm reuse,
// concurrency and Event invocations.

#include <gtest/gtest.h>

#include <regex>
#include <thread>

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
using ::eddy::testing::ReadAll;
using ::eddy::testing::TempDir;
using ::eddy::testing::WaitFor;
using nlohmann::json;

class InvokeTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = testing::OpenOrDie(tmp_.Sub("db")); }
  void Create(const std::string& name, const std::string& source,
              int reserved = -1) {
    auto r = NodeFunction(name, CodeDir(tmp_, name, {{"index.js", source}}));
    r.configuration.reserved_concurrency = reserved;
    r.configuration.environment = {{"GREETING", "hello"}};
    auto created = db_->CreateFunction(r);
    ASSERT_TRUE(created.ok()) << created.status();
  }
  TempDir tmp_;
  std::unique_ptr<Database> db_;
};

TEST_F(InvokeTest, LabIndexJsFromAZipReturnsTheMessageAndLogsTheRecords) {
  std::string lab = testing::SourceDir() + "/scripts/lab";
  std::string zip = tmp_.Sub("function.zip");
  ASSERT_EQ(
      std::system(("cd " + lab + " && zip -q " + zip + " index.js").c_str()),
      0);
  CreateFunctionRequest r = NodeFunction("ddbStreamsFunction", "");
  r.code.directory.clear();
  r.code.zip_file = zip;
  auto created = db_->CreateFunction(r);
  ASSERT_TRUE(created.ok()) << created.status();
  InvokeResult out =
      InvokeOrDie(db_.get(), "ddbStreamsFunction", ReadAll(lab + "/input.txt"));
  EXPECT_EQ(out.status_code, 200);
  EXPECT_FALSE(out.result.function_error) << out.result.payload;
  EXPECT_EQ(out.result.payload, "\"This is a message from Lambda\"");
  std::string log =
      JoinMessages(AllLogEvents(db_.get(), "/aws/lambda/ddbStreamsFunction"));
  EXPECT_NE(log.find("INFO\tLoading function"), std::string::npos) << log;
  for (const char* s : {"INSERT", "MODIFY", "REMOVE", "DynamoDB Record: {"}) {
    EXPECT_NE(log.find(s), std::string::npos) << s << "\n" << log;
  }
  // Lambda's framing and console format.
  std::regex start("START RequestId: [0-9a-f-]{36} Version: \\$LATEST");
  EXPECT_TRUE(std::regex_search(log, start)) << log;
  std::regex line(
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\t[0-9a-f-]{36}\t"
      "INFO\tINSERT");
  EXPECT_TRUE(std::regex_search(log, line)) << log;
  std::regex report(
      "REPORT RequestId: [0-9a-f-]{36}\tDuration: [0-9.]+ ms\tBilled "
      "Duration: \\d+ ms\tMemory Size: 128 MB\tMax Memory Used: \\d+ MB\t"
      "Init Duration: [0-9.]+ ms");
  EXPECT_TRUE(std::regex_search(log, report)) << log;
  // Init output precedes START; the handler's lines precede END.
  EXPECT_LT(log.find("Loading function"), log.find("START RequestId"));
  EXPECT_LT(log.find("REMOVE"), log.find("END RequestId"));
}

TEST_F(InvokeTest, CallbackAndAsyncHandlersSeeTheContextAndEnvironment) {
  const char* body = R"(
    const facts = (event, context) => ({
      event, id: context.awsRequestId, name: context.functionName,
      version: context.functionVersion, arn: context.invokedFunctionArn,
      memory: context.memoryLimitInMB, group: context.logGroupName,
      stream: context.logStreamName, waits: context.callbackWaitsForEmptyEventLoop,
      remaining: context.getRemainingTimeInMillis(),
      env: ['AWS_LAMBDA_FUNCTION_NAME', '_HANDLER', 'LAMBDA_TASK_ROOT', 'TZ',
            'AWS_REGION', 'AWS_LAMBDA_FUNCTION_VERSION', 'GREETING',
            'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE']
           .map((k) => process.env[k]),
    });)";
  Create("cb", std::string(body) +
                   "exports.handler = function (e, c, cb) { "
                   "setImmediate(() => cb(null, facts(e, c))); };");
  Create("as",
         std::string(body) + "exports.handler = async (e, c) => facts(e, c);");
  Create("pr", std::string(body) +
                   "exports.handler = (e, c) => Promise.resolve(facts(e, c));");
  for (const char* name : {"cb", "as", "pr"}) {
    InvokeResult out = InvokeOrDie(db_.get(), name, R"({"k":[1,2]})");
    ASSERT_FALSE(out.result.function_error) << out.result.payload;
    json j = json::parse(out.result.payload);
    EXPECT_EQ(j["event"], json::parse(R"({"k":[1,2]})"));
    EXPECT_EQ(j["id"], out.request_id);
    EXPECT_EQ(j["name"], name);
    EXPECT_EQ(j["version"], "$LATEST");
    EXPECT_EQ(j["arn"], std::string("arn:aws:lambda:us-east-1:000000000000:"
                                    "function:") +
                            name);
    EXPECT_EQ(j["memory"], "128");
    EXPECT_EQ(j["group"], std::string("/aws/lambda/") + name);
    EXPECT_NE(j["stream"].get<std::string>().find("[$LATEST]"),
              std::string::npos);
    EXPECT_EQ(j["waits"], true);
    EXPECT_GT(j["remaining"].get<int>(), 0);
    EXPECT_LE(j["remaining"].get<int>(), 3000);
    json env = j["env"];
    EXPECT_EQ(env[0], name);
    EXPECT_EQ(env[1], "index.handler");
    EXPECT_NE(env[2].get<std::string>().find("/functions/code/"),
              std::string::npos);
    EXPECT_EQ(env[3], ":UTC");
    EXPECT_EQ(env[4], "us-east-1");
    EXPECT_EQ(env[5], "$LATEST");
    EXPECT_EQ(env[6], "hello");
    EXPECT_EQ(env[7], std::string("/aws/lambda/") + name);
    EXPECT_EQ(env[8], "128");
  }
}

TEST_F(InvokeTest, WarmWorkersAreReusedAndTailHasTheInvocationLog) {
  Create("warm",
         "let n = 0; exports.handler = async () => { console.log('call', ++n);"
         " return {n, pid: process.pid}; };");
  InvokeResult a = InvokeOrDie(db_.get(), "warm", "{}", true);
  InvokeResult b = InvokeOrDie(db_.get(), "warm", "{}", true);
  json ja = json::parse(a.result.payload), jb = json::parse(b.result.payload);
  EXPECT_EQ(ja["n"], 1);
  EXPECT_EQ(jb["n"], 2);
  EXPECT_EQ(ja["pid"], jb["pid"]);
  EXPECT_NE(a.log_tail.find("Init Duration"), std::string::npos);
  EXPECT_EQ(b.log_tail.find("Init Duration"), std::string::npos);
  EXPECT_EQ(b.log_tail.rfind("START RequestId: " + b.request_id, 0), 0u)
      << b.log_tail;
  EXPECT_NE(b.log_tail.find("INFO\tcall 2"), std::string::npos);
  EXPECT_NE(b.log_tail.find("END RequestId: " + b.request_id),
            std::string::npos);
  EXPECT_NE(b.log_tail.find("REPORT RequestId: " + b.request_id),
            std::string::npos);
  DescribeLogStreamsRequest ds;
  ds.log_group_name = "/aws/lambda/warm";
  EXPECT_EQ(db_->DescribeLogStreams(ds)->log_streams.size(), 1u);
}

TEST_F(InvokeTest, MultiLineConsoleMessagesStayOneEvent) {
  Create("multi",
         "exports.handler = async () => { console.log(JSON.stringify({a: 1}, "
         "null, 2)); return 1; };");
  InvokeOrDie(db_.get(), "multi", "{}");
  auto events = AllLogEvents(db_.get(), "/aws/lambda/multi", "INFO");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].message.find("{\r  \"a\": 1\r}"), std::string::npos);
}

TEST_F(InvokeTest, ReservedConcurrencyThrottlesAtTheLimit) {
  std::string started = tmp_.Sub("started"), release = tmp_.Sub("release");
  Create("one",
         "const fs = require('fs');\n"
         "exports.handler = async (e) => { fs.writeFileSync(e.started, '');"
         "  while (!fs.existsSync(e.release)) await new Promise(r => "
         "setTimeout(r, 2)); return 'done'; };",
         1);
  std::string payload = json{{"started", started}, {"release", release}}.dump();
  InvokeResult first;
  std::thread t([&] { first = InvokeOrDie(db_.get(), "one", payload); });
  ASSERT_TRUE(WaitFor([&] { return std::filesystem::exists(started); }));
  InvokeRequest r;
  r.function_name = "one";
  r.payload_json = payload;
  auto throttled = db_->Invoke(r);
  EXPECT_EQ(throttled.status().code(), absl::StatusCode::kResourceExhausted);
  testing::WriteAll(release, "");
  t.join();
  EXPECT_EQ(first.result.payload, "\"done\"");
  EXPECT_EQ(InvokeOrDie(db_.get(), "one", payload).result.payload, "\"done\"");

  Create("zero", "exports.handler = async () => 1;", 0);
  r.function_name = "zero";
  EXPECT_EQ(db_->Invoke(r).status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST_F(InvokeTest, ConcurrentInvocationsUseSeveralWorkers) {
  Create("par",
         "exports.handler = async (e) => { await new Promise(r => "
         "setTimeout(r, 20)); return e; };");
  std::vector<std::thread> threads;
  std::vector<std::string> payloads(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      payloads[i] =
          InvokeOrDie(db_.get(), "par", std::to_string(i)).result.payload;
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(payloads[i], std::to_string(i));
}

TEST(InvokeEventTest, EventInvocationsAreRetriedTwiceOnTheClock) {
  TempDir tmp;
  ManualClock clock(1'700'000'000'000);
  DatabaseOptions options;
  options.clock = &clock;
  auto db = testing::OpenOrDie(tmp.Sub("db"), options);
  std::string dir = CodeDir(tmp, "code",
                            {{"index.js",
                              "exports.handler = async (e) => { "
                              "console.log('attempt', e.n); "
                              "throw new Error('always'); };"}});
  ASSERT_TRUE(db->CreateFunction(NodeFunction("fails", dir)).ok());
  InvokeRequest r;
  r.function_name = "fails";
  r.payload_json = R"({"n":7})";
  r.invocation_type = InvocationType::kEvent;
  auto queued = db->Invoke(r);
  ASSERT_TRUE(queued.ok()) << queued.status();
  EXPECT_EQ(queued->status_code, 202);
  EXPECT_FALSE(queued->request_id.empty());
  auto attempts = [&] {
    return AllLogEvents(db.get(), "/aws/lambda/fails", "REPORT").size();
  };
  ASSERT_TRUE(WaitFor([&] { return attempts() == 1; }));
  clock.AdvanceMillis(60'000);
  ASSERT_TRUE(WaitFor([&] { return attempts() == 2; }));
  clock.AdvanceMillis(120'000);
  ASSERT_TRUE(WaitFor([&] { return attempts() == 3; }));
  std::string log = JoinMessages(AllLogEvents(db.get(), "/aws/lambda/fails"));
  EXPECT_NE(log.find("INFO\tattempt 7"), std::string::npos);
  EXPECT_NE(log.find("Invoke Error"), std::string::npos);
  // The same request id on every attempt, as Lambda's retries.
  EXPECT_EQ(AllLogEvents(db.get(), "/aws/lambda/fails",
                         "\"START RequestId: " + queued->request_id + "\"")
                .size(),
            3u);
}

TEST(InvokeEventTest, EventInvocationsOfInProcessFunctionsRun) {
  TempDir tmp;
  auto db = testing::OpenOrDie(tmp.Sub("db"));
  std::atomic<int> calls{0};
  ASSERT_TRUE(
      db->RegisterFunction("cpp",
                           [&](const FunctionEvent& e, const InvokeContext&) {
                             ++calls;
                             return FunctionResult::Success(e.json());
                           },
                           {})
          .ok());
  InvokeRequest r;
  r.function_name = "cpp";
  r.payload_json = "1";
  r.invocation_type = InvocationType::kEvent;
  ASSERT_EQ(db->Invoke(r)->status_code, 202);
  ASSERT_TRUE(WaitFor([&] { return calls.load() == 1; }));
}

}  // namespace
}  // namespace eddy

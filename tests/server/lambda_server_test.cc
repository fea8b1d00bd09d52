// Copyright (c) Eddy authors.
//
// Lambda's REST protocol and CloudWatch Logs over HTTP. These need the
// out-of-process function service (Database::CreateFunction...) and the
// event source mappings; they run a real node process.

#include <gtest/gtest.h>

#include "api/server/base64.h"
#include "tests/server/server_test_util.h"

namespace eddy::server::testing {
namespace {

Reply Send(ServerFixture& server, const std::string& method,
           const std::string& path, const std::string& body = "",
           const httplib::Headers& headers = {}) {
  httplib::Client& c = server.client();
  if (method == "POST") {
    return ServerFixture::ToReply(
        c.Post(path.c_str(), headers, body, "application/json"));
  }
  if (method == "PUT") {
    return ServerFixture::ToReply(
        c.Put(path.c_str(), headers, body, "application/json"));
  }
  if (method == "DELETE") return ServerFixture::ToReply(c.Delete(path.c_str()));
  return ServerFixture::ToReply(c.Get(path.c_str(), headers));
}

TEST(LambdaServerTest, UnknownFunctionIs404WithErrorTypeHeader) {
  ServerFixture server;
  Reply reply = Send(server, "GET", "/2015-03-31/functions/nope");
  EXPECT_EQ(reply.status, 404) << reply.raw;
  EXPECT_EQ(reply.Header("x-amzn-ErrorType"), "ResourceNotFoundException");
  EXPECT_EQ(reply.body["Type"], "User");
  Reply unknown = Send(server, "PATCH", "/2015-03-31/nothing");
  EXPECT_GE(unknown.status, 400);
}

TEST(LambdaServerTest, CreateInvokeTailLogsAndDelete) {
  ServerFixture server;
  const std::string zip = ZipOf(server.dir(),
                                "exports.handler = async (event) => {\n"
                                "  console.log('got', JSON.stringify(event));\n"
                                "  if (event.fail) throw new Error('boom');\n"
                                "  return {doubled: event.n * 2};\n"
                                "};\n");
  Reply created = Send(server, "POST", "/2015-03-31/functions",
                       CreateBody("doubler", zip).dump());
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.body["FunctionName"], "doubler");
  EXPECT_EQ(created.body["Role"], "arn:aws:iam::000000000000:role/lambda-role");
  EXPECT_EQ(created.body["Version"], "$LATEST");
  Reply conflict = Send(server, "POST", "/2015-03-31/functions",
                        CreateBody("doubler", zip).dump());
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.Header("x-amzn-ErrorType"), "ResourceConflictException");

  Reply invoked =
      Send(server, "POST", "/2015-03-31/functions/doubler/invocations",
           R"({"n":21})", {{"X-Amz-Log-Type", "Tail"}});
  ASSERT_EQ(invoked.status, 200) << invoked.raw;
  EXPECT_EQ(invoked.body, Json({{"doubled", 42}}));
  std::optional<std::string> log =
      Base64Decode(invoked.Header("X-Amz-Log-Result"));
  ASSERT_TRUE(log.has_value());
  EXPECT_NE(log->find("got {\"n\":21}"), std::string::npos) << *log;

  Reply failed =
      Send(server, "POST", "/2015-03-31/functions/doubler/invocations",
           R"({"fail":true})");
  EXPECT_EQ(failed.status, 200);
  EXPECT_EQ(failed.Header("X-Amz-Function-Error"), "Unhandled");
  EXPECT_EQ(failed.body["errorMessage"], "boom");

  Reply event =
      Send(server, "POST", "/2015-03-31/functions/doubler/invocations",
           R"({"n":1})", {{"X-Amz-Invocation-Type", "Event"}});
  EXPECT_EQ(event.status, 202);
  Reply dry = Send(server, "POST", "/2015-03-31/functions/doubler/invocations",
                   "", {{"X-Amz-Invocation-Type", "DryRun"}});
  EXPECT_EQ(dry.status, 204);

  Reply groups = server.Call("Logs_20140328.DescribeLogGroups",
                             R"({"logGroupNamePrefix":"/aws/lambda/"})",
                             "application/x-amz-json-1.1");
  ASSERT_EQ(groups.status, 200) << groups.raw;
  EXPECT_EQ(groups.body["logGroups"][0]["logGroupName"], "/aws/lambda/doubler");
  Reply filtered = server.Call(
      "Logs_20140328.FilterLogEvents",
      R"({"logGroupName":"/aws/lambda/doubler","filterPattern":"got"})",
      "application/x-amz-json-1.1");
  ASSERT_EQ(filtered.status, 200) << filtered.raw;
  EXPECT_FALSE(filtered.body["events"].empty());

  // Retention: set (shown by DescribeLogGroups), refused when not one of
  // CloudWatch's values or for an unknown group, then removed.
  const std::string amz11 = "application/x-amz-json-1.1";
  Reply put = server.Call(
      "Logs_20140328.PutRetentionPolicy",
      R"({"logGroupName":"/aws/lambda/doubler","retentionInDays":14})", amz11);
  ASSERT_EQ(put.status, 200) << put.raw;
  groups = server.Call("Logs_20140328.DescribeLogGroups",
                       R"({"logGroupNamePrefix":"/aws/lambda/"})", amz11);
  EXPECT_EQ(groups.body["logGroups"][0]["retentionInDays"], 14);
  Reply bad_days = server.Call(
      "Logs_20140328.PutRetentionPolicy",
      R"({"logGroupName":"/aws/lambda/doubler","retentionInDays":2})", amz11);
  EXPECT_EQ(bad_days.status, 400) << bad_days.raw;
  Reply unknown_group = server.Call(
      "Logs_20140328.PutRetentionPolicy",
      R"({"logGroupName":"/aws/lambda/nope","retentionInDays":1})", amz11);
  EXPECT_EQ(unknown_group.status, 400) << unknown_group.raw;
  EXPECT_NE(unknown_group.raw.find("ResourceNotFoundException"),
            std::string::npos);
  Reply removed =
      server.Call("Logs_20140328.DeleteRetentionPolicy",
                  R"({"logGroupName":"/aws/lambda/doubler"})", amz11);
  ASSERT_EQ(removed.status, 200) << removed.raw;
  groups = server.Call("Logs_20140328.DescribeLogGroups",
                       R"({"logGroupNamePrefix":"/aws/lambda/"})", amz11);
  EXPECT_FALSE(groups.body["logGroups"][0].contains("retentionInDays"));

  Reply listed = Send(server, "GET", "/2015-03-31/functions/");
  EXPECT_EQ(listed.body["Functions"].size(), 1u);
  Reply configured =
      Send(server, "PUT", "/2015-03-31/functions/doubler/configuration",
           R"({"Timeout":10,"Description":"d"})");
  EXPECT_EQ(configured.body["Timeout"], 10);
  EXPECT_EQ(Send(server, "DELETE", "/2015-03-31/functions/doubler").status,
            204);
  EXPECT_EQ(Send(server, "GET", "/2015-03-31/functions/doubler").status, 404);
}

TEST(LambdaServerTest, EventSourceMappingLifecycle) {
  ServerFixture server;
  Json create = {
      {"TableName", "Dogs"},
      {"AttributeDefinitions",
       {{{"AttributeName", "Id"}, {"AttributeType", "N"}}}},
      {"KeySchema", {{{"AttributeName", "Id"}, {"KeyType", "HASH"}}}},
      {"StreamSpecification",
       {{"StreamEnabled", true}, {"StreamViewType", "NEW_IMAGE"}}}};
  Reply table = server.Dynamo("CreateTable", create);
  ASSERT_EQ(table.status, 200) << table.raw;
  const std::string arn = table.body["TableDescription"]["LatestStreamArn"];
  Json mapping = {{"EventSourceArn", arn},
                  {"FunctionName", "later"},
                  {"StartingPosition", "LATEST"},
                  {"BatchSize", 10}};
  Reply created = Send(server, "POST", "/2015-03-31/event-source-mappings/",
                       mapping.dump());
  ASSERT_EQ(created.status, 202) << created.raw;
  const std::string uuid = created.body["UUID"];
  EXPECT_EQ(created.body["BatchSize"], 10);
  EXPECT_EQ(created.body["EventSourceArn"], arn);
  Reply got = Send(server, "GET", "/2015-03-31/event-source-mappings/" + uuid);
  EXPECT_EQ(got.body["UUID"], uuid);
  Reply updated =
      Send(server, "PUT", "/2015-03-31/event-source-mappings/" + uuid,
           R"({"BatchSize":5,"Enabled":false})");
  EXPECT_EQ(updated.status, 202) << updated.raw;
  EXPECT_EQ(updated.body["BatchSize"], 5);
  Reply listed = Send(server, "GET",
                      "/2015-03-31/event-source-mappings/?FunctionName=later");
  EXPECT_EQ(listed.body["EventSourceMappings"].size(), 1u);
  Reply deleted =
      Send(server, "DELETE", "/2015-03-31/event-source-mappings/" + uuid);
  EXPECT_EQ(deleted.status, 202);
  EXPECT_EQ(deleted.body["State"], "Deleting");
  EXPECT_EQ(
      Send(server, "GET", "/2015-03-31/event-source-mappings/" + uuid).status,
      404);
}

}  // namespace
}  // namespace eddy::server::testing

// Copyright (c) Eddy authors.
//
// The HTTP layer: request size limit, concurrent keep-alive connections,
// shutdown with every acknowledged write durable, and HandleRequest on
// malformed input.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "tests/server/server_test_util.h"

namespace eddy::server::testing {
namespace {

const Json kCountersTable = HashKeyTable("Counters");

TEST(HttpServerTest, RejectsBodiesOverTheLimit) {
  HttpServerOptions options;
  options.request_bytes_max = 1024;
  ServerFixture server(nullptr, options);
  Reply reply =
      server.Call("DynamoDB_20120810.ListTables", std::string(4096, ' '));
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(server.Dynamo("ListTables", Json::object()).status, 200);
}

TEST(HttpServerTest, ConcurrentKeepAliveClientsAllSucceed) {
  ServerFixture server;
  ASSERT_EQ(server.Dynamo("CreateTable", kCountersTable).status, 200);
  constexpr int kClients = 8;
  constexpr int kUpdatesPerClient = 50;
  std::vector<std::thread> clients;
  std::vector<int> failures(kClients, 0);
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", server.port());
      client.set_keep_alive(true);
      const Json update = {
          {"TableName", "Counters"},
          {"Key", {{"Id", {{"S", "shared"}}}}},
          {"UpdateExpression", "ADD N :one"},
          {"ExpressionAttributeValues", {{":one", {{"N", "1"}}}}}};
      for (int i = 0; i < kUpdatesPerClient; ++i) {
        auto result =
            client.Post("/", {{"X-Amz-Target", "DynamoDB_20120810.UpdateItem"}},
                        update.dump(), "application/x-amz-json-1.0");
        if (!result || result->status != 200) ++failures[c];
      }
    });
  }
  for (std::thread& t : clients) t.join();
  for (int c = 0; c < kClients; ++c) EXPECT_EQ(failures[c], 0);
  Reply got = server.Dynamo("GetItem", {{"TableName", "Counters"},
                                        {"Key", {{"Id", {{"S", "shared"}}}}}});
  EXPECT_EQ(got.body["Item"]["N"],
            Json({{"N", std::to_string(kClients * kUpdatesPerClient)}}));
}

TEST(HttpServerTest, AcknowledgedWritesSurviveShutdown) {
  std::string dir;
  {
    ServerFixture server;
    ASSERT_EQ(server.Dynamo("CreateTable", kCountersTable).status, 200);
    for (int i = 0; i < 20; ++i) {
      Json item = {{"Id", {{"S", "k" + std::to_string(i)}}}};
      ASSERT_EQ(
          server.Dynamo("PutItem", {{"TableName", "Counters"}, {"Item", item}})
              .status,
          200);
    }
    server.Shutdown();
    auto db = eddy::testing::OpenOrDie(server.dir() + "/db");
    ASSERT_NE(db, nullptr);
    auto scan = db->Scan({.table_name = "Counters"});
    ASSERT_TRUE(scan.ok()) << scan.status();
    EXPECT_EQ(scan->items.size(), 20u);
    EXPECT_TRUE(db->Close().ok());
  }
}

TEST(HttpServerTest, HandleRequestNeverThrowsOnGarbage) {
  eddy::testing::TempDir dir;
  auto db = eddy::testing::OpenOrDie(dir.Sub("db"));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/", ""},
      {"/", "[]"},
      {"/", "\"str\""},
      {"/", "{\"TableName\":{\"x\":1}}"},
      {"/", "{\"Item\":[1,2]}"},
      {"/", "{\"TransactItems\":[{\"Put\":{}}]}"},
      {"/2015-03-31/functions/", "{"},
      {"/2015-03-31/functions/%ZZ/invocations", "{}"},
      {"/2015-03-31/event-source-mappings/", "{\"EventSourceArn\":1}"},
      {"/2015-03-31/", ""},
      {"/?a=%", ""}};
  for (const char* target :
       {"DynamoDB_20120810.PutItem", "DynamoDB_20120810.TransactWriteItems",
        "DynamoDBStreams_20120810.GetRecords", "Logs_20140328.GetLogEvents",
        "Nope"}) {
    for (const auto& [path, body] : cases) {
      for (const char* method : {"POST", "GET", "PUT", "DELETE"}) {
        HttpResponse response = HandleRequest(db.get(), method, path,
                                              {{"X-Amz-Target", target}}, body);
        EXPECT_GE(response.status, 200) << method << " " << path << " " << body;
        EXPECT_LT(response.status, 500)
            << method << " " << path << " " << target << " " << body << " -> "
            << response.body;
      }
    }
  }
  EXPECT_TRUE(db->Close().ok());
}

}  // namespace
}  // namespace eddy::server::testing

namespace eddy::server::testing {
namespace {

// The fuzz seed corpus (tests/fuzz/corpus/http_request, format in
// tests/fuzz/http_request_fuzz.cc) is served with a 2xx-4xx status and a
// JSON body by the JSON protocols.
TEST(HttpServerTest, FuzzSeedCorpusIsServedCleanly) {
  eddy::testing::TempDir dir;
  auto db = eddy::testing::OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(db->CreateTable(
                    {.table_name = "Tab",
                     .key_schema = {.partition_key = {"Id", KeyType::kS},
                                    .sort_key = KeyAttribute{"N", KeyType::kN}},
                     .stream_specification =
                         StreamSpecification{.stream_enabled = true}})
                  .ok());
  int served = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::string(EDDY_SOURCE_DIR) + "/tests/fuzz/corpus/http_request")) {
    std::ifstream file(entry.path());
    std::string method, target, amz_target;
    std::getline(file, method);
    std::getline(file, target);
    std::getline(file, amz_target);
    std::string body(std::istreambuf_iterator<char>(file), {});
    HttpResponse response = HandleRequest(db.get(), method, target,
                                          {{"X-Amz-Target", amz_target}}, body);
    EXPECT_GE(response.status, 200) << entry.path();
    EXPECT_LT(response.status, 500) << entry.path() << ": " << response.body;
    EXPECT_TRUE(nlohmann::json::accept(response.body) || response.status == 204)
        << entry.path() << ": " << response.body;
    ++served;
  }
  EXPECT_GE(served, 10);
  EXPECT_TRUE(db->Close().ok());
}

}  // namespace
}  // namespace eddy::server::testing

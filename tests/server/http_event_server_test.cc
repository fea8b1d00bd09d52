// Copyright (c) Eddy authors.
//
// The event-driven server (libmicrohttpd): connections are not bound to
// threads, a Lambda request waiting for its function holds neither an
// event thread nor other connections, Stop() lets it finish, and
// keep_alive_requests_max closes a connection.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/server/server_test_util.h"

namespace eddy::server::testing {
namespace {

const Json kTable = HashKeyTable("Things");

Json PutBody(const std::string& id) {
  return {{"TableName", "Things"}, {"Item", {{"Id", {{"S", id}}}}}};
}

httplib::Result Put(httplib::Client& client, const std::string& id) {
  return client.Post("/", {{"X-Amz-Target", "DynamoDB_20120810.PutItem"}},
                     PutBody(id).dump(), "application/x-amz-json-1.0");
}

// Waits (bounded) until `path` exists.
bool AwaitFile(const std::string& path) {
  for (int i = 0; i < 6000; ++i) {
    if (std::filesystem::exists(path)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// 40 keep-alive connections open at once on `event_threads` event threads
// and one worker, each used twice; every request succeeds.
void ServeManyConnections(int event_threads) {
  HttpServerOptions options;
  options.event_threads = event_threads;
  options.worker_threads = 1;
  ServerFixture server(nullptr, options);
  ASSERT_EQ(server.Dynamo("CreateTable", kTable).status, 200);
  // 40 connections open at once, each used twice: with a thread per
  // connection and one thread, the second connection would wait for the
  // first to close.
  constexpr int kClients = 40;
  std::vector<std::unique_ptr<httplib::Client>> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.push_back(
        std::make_unique<httplib::Client>("127.0.0.1", server.port()));
    clients.back()->set_keep_alive(true);
  }
  for (int round = 0; round < 2; ++round) {
    std::vector<std::thread> threads;
    std::vector<int> status(kClients, 0);
    for (int c = 0; c < kClients; ++c) {
      threads.emplace_back([&, c] {
        auto result = Put(*clients[c], absl::StrCat("k", round, "-", c));
        status[c] = result ? result->status : -1;
      });
    }
    for (std::thread& t : threads) t.join();
    for (int c = 0; c < kClients; ++c) EXPECT_EQ(status[c], 200) << c;
  }
  auto scan = server.Dynamo("Scan", {{"TableName", "Things"}});
  EXPECT_EQ(scan.body["Count"], 2 * kClients);
}

TEST(HttpEventServerTest, ServesManyMoreKeepAliveConnectionsThanThreads) {
  ServeManyConnections(1);
}

TEST(HttpEventServerTest, SpreadsConnectionsOverEventThreads) {
  ServeManyConnections(4);
}

TEST(HttpEventServerTest, KeepAliveRequestsMaxClosesTheConnection) {
  HttpServerOptions options;
  options.keep_alive_requests_max = 2;
  ServerFixture server(nullptr, options);
  ASSERT_EQ(server.Dynamo("CreateTable", kTable).status, 200);  // 1st
  Reply second = server.Dynamo("ListTables", Json::object());
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.Header("Connection"), "close");
  // The client reconnects; the new connection counts from one.
  Reply third = server.Dynamo("ListTables", Json::object());
  EXPECT_EQ(third.status, 200);
  EXPECT_NE(third.Header("Connection"), "close");
}

// A function that writes `started`, then waits until `release` exists.
class BlockedInvoke {
 public:
  explicit BlockedInvoke(ServerFixture& server)
      : started_(server.dir() + "/started"),
        release_(server.dir() + "/release") {
    const std::string zip =
        ZipOf(server.dir(),
              "const fs = require('fs');\n"
              "exports.handler = async (event) => {\n"
              "  fs.writeFileSync(event.started, '');\n"
              "  while (!fs.existsSync(event.release)) {\n"
              "    await new Promise((r) => setTimeout(r, 10));\n"
              "  }\n"
              "  return {released: true};\n"
              "};\n");
    Json body = CreateBody("blocker", zip);
    body["Timeout"] = 120;
    auto created = server.client().Post("/2015-03-31/functions", body.dump(),
                                        "application/json");
    EXPECT_TRUE(created && created->status == 201);
    thread_ = std::thread([this, port = server.port()] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(120, 0);
      const Json event = {{"started", started_}, {"release", release_}};
      reply_ = ServerFixture::ToReply(
          client.Post("/2015-03-31/functions/blocker/invocations", event.dump(),
                      "application/json"));
    });
  }
  ~BlockedInvoke() {
    Release();
    Join();
  }

  // Whether the function is running (bounded wait).
  bool AwaitStarted() { return AwaitFile(started_); }
  void Release() { std::ofstream(release_) << ""; }
  const Reply& Join() {
    if (thread_.joinable()) thread_.join();
    return reply_;
  }

 private:
  const std::string started_;
  const std::string release_;
  std::thread thread_;
  Reply reply_;
};

TEST(HttpEventServerTest, WaitingLambdaRequestDoesNotHoldTheEventThread) {
  HttpServerOptions options;
  options.event_threads = 1;
  ServerFixture server(nullptr, options);
  BlockedInvoke invoke(server);
  ASSERT_TRUE(invoke.AwaitStarted());
  // The function is still waiting; the only event thread serves others.
  Reply tables = server.Dynamo("ListTables", Json::object());
  EXPECT_EQ(tables.status, 200);
  invoke.Release();
  const Reply& reply = invoke.Join();
  EXPECT_EQ(reply.status, 200) << reply.raw;
  EXPECT_EQ(reply.body, Json({{"released", true}}));
}

TEST(HttpEventServerTest, StopLetsAWaitingLambdaRequestFinish) {
  ServerFixture server;
  BlockedInvoke invoke(server);
  ASSERT_TRUE(invoke.AwaitStarted());
  const int port = server.port();
  std::thread stopper([&server] { server.Shutdown(); });
  // Release the function only once the server no longer answers new
  // connections, so the request is in flight while the server drains.
  bool draining = false;
  for (int i = 0; i < 6000 && !draining; ++i) {
    httplib::Client probe("127.0.0.1", port);
    probe.set_read_timeout(1, 0);
    draining =
        !probe.Post("/", {{"X-Amz-Target", "DynamoDB_20120810.ListTables"}},
                    "{}", "application/x-amz-json-1.0");
    if (!draining) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(draining);
  invoke.Release();
  const Reply& reply = invoke.Join();
  stopper.join();
  EXPECT_EQ(reply.status, 200) << reply.raw;
  EXPECT_EQ(reply.body, Json({{"released", true}}));
}

}  // namespace
}  // namespace eddy::server::testing

// Copyright (c) Eddy authors.
//
// A real `eddy serve` stack in-process for tests: a Database in a temp dir,
// an Endpoint and an HttpServer on an ephemeral 127.0.0.1 port, served by a
// background thread; and a keep-alive HTTP client speaking the JSON 1.0
// protocol to it. Plus helpers to build a Node.js function's zip.

#ifndef EDDY_TESTS_SERVER_SERVER_TEST_UTIL_H_
#define EDDY_TESTS_SERVER_SERVER_TEST_UTIL_H_

#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "api/server/base64.h"
#include "api/server/endpoint.h"
#include "api/server/http_server.h"
#include "nlohmann/json.hpp"
#include "tests/testing_util.h"

namespace eddy::server::testing {

using Json = nlohmann::json;

// An HTTP response with its body parsed (null if the body is not JSON).
struct Reply {
  int status = 0;
  Json body;
  httplib::Headers headers;
  std::string raw;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  // "ResourceNotFoundException" from "...#ResourceNotFoundException".
  std::string ErrorType() const {
    if (!body.is_object() || !body.contains("__type")) return "";
    const std::string type = body["__type"];
    return type.substr(type.find('#') + 1);
  }
};

class ServerFixture {
 public:
  explicit ServerFixture(const CredentialStore* credentials = nullptr,
                         HttpServerOptions http = {}) {
    db_ = eddy::testing::OpenOrDie(dir_.Sub("db"));
    endpoint_ = std::make_unique<Endpoint>(
        db_.get(), EndpointOptions{.credentials = credentials});
    http.port = 0;
    http.log_level = LogLevel::kNone;
    auto server = HttpServer::Bind(endpoint_.get(), http);
    EXPECT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    thread_ = std::thread([this] { run_status_ = server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_keep_alive(true);
  }
  ~ServerFixture() { Shutdown(); }

  // Stops the server (waiting for in-flight requests) and closes the db.
  void Shutdown() {
    if (server_ == nullptr) return;
    client_.reset();
    server_->Stop();
    thread_.join();
    EXPECT_TRUE(run_status_.ok()) << run_status_;
    server_.reset();
    EXPECT_TRUE(db_->Close().ok());
  }

  Database& db() { return *db_; }
  int port() const { return server_->port(); }
  const std::string& dir() const { return dir_.path(); }
  httplib::Client& client() { return *client_; }

  // POST / with X-Amz-Target: <prefix><operation> and a JSON body.
  Reply Call(const std::string& target, const std::string& body,
             const std::string& content_type = "application/x-amz-json-1.0") {
    httplib::Headers headers = {{"X-Amz-Target", target}};
    return ToReply(client_->Post("/", headers, body, content_type.c_str()));
  }
  Reply Dynamo(const std::string& operation, const Json& body) {
    return Call("DynamoDB_20120810." + operation, body.dump());
  }
  Reply Streams(const std::string& operation, const Json& body) {
    return Call("DynamoDBStreams_20120810." + operation, body.dump());
  }

  static Reply ToReply(const httplib::Result& result) {
    Reply reply;
    if (!result) return reply;
    reply.status = result->status;
    reply.headers = result->headers;
    reply.raw = result->body;
    reply.body = Json::parse(result->body, nullptr, false);
    if (reply.body.is_discarded()) reply.body = nullptr;
    return reply;
  }

 private:
  eddy::testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Endpoint> endpoint_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  absl::Status run_status_;
  std::unique_ptr<httplib::Client> client_;
};

// A CreateTable body: table `name`, hash key Id of type S.
inline Json HashKeyTable(const std::string& name) {
  return {{"TableName", name},
          {"AttributeDefinitions",
           {{{"AttributeName", "Id"}, {"AttributeType", "S"}}}},
          {"KeySchema", {{{"AttributeName", "Id"}, {"KeyType", "HASH"}}}}};
}

// A zip holding index.js (`source`), built in `dir` with the `zip` tool.
inline std::string ZipOf(const std::string& dir, const std::string& source) {
  std::filesystem::create_directories(dir + "/src");
  std::ofstream(dir + "/src/index.js") << source;
  const std::string command =
      "cd '" + dir + "/src' && zip -q ../function.zip index.js";
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::ifstream zip(dir + "/function.zip", std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(zip), {});
}

// A CreateFunction body for a nodejs18.x function from `zip`.
inline Json CreateBody(const std::string& name, const std::string& zip) {
  return {{"FunctionName", name},
          {"Runtime", "nodejs18.x"},
          {"Role", "arn:aws:iam::000000000000:role/lambda-role"},
          {"Handler", "index.handler"},
          {"Code", {{"ZipFile", Base64Encode(zip)}}}};
}

}  // namespace eddy::server::testing

#endif  // EDDY_TESTS_SERVER_SERVER_TEST_UTIL_H_

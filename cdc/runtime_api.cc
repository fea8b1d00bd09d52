// Copyright (c) Eddy authors.
//
// RuntimeApi: the Lambda Runtime API endpoints over cpp-httplib.

#include "cdc/runtime_api.h"

#include <httplib.h>

#include <utility>

#include "nlohmann/json.hpp"

namespace eddy::cdc {
namespace {

constexpr char kNext[] = "/2018-06-01/runtime/invocation/next";
constexpr char kResponse[] =
    R"(/2018-06-01/runtime/invocation/([^/]+)/response)";
constexpr char kError[] = R"(/2018-06-01/runtime/invocation/([^/]+)/error)";
constexpr char kInitError[] = "/2018-06-01/runtime/init/error";
// Threads per server: a long-polled GET /next plus replies on new
// connections (curl-style runtimes open one per request).
constexpr size_t kServerThreads = 3;

void SetError(httplib::Response& res, int status, const char* type,
              const char* message) {
  res.status = status;
  nlohmann::json j = {{"errorType", type}, {"errorMessage", message}};
  res.set_content(j.dump(), "application/json");
}

void Accepted(httplib::Response& res) {
  res.status = 202;
  res.set_content(R"({"status":"OK"})", "application/json");
}

}  // namespace

RuntimeApi::RuntimeApi(Mailbox* mailbox)
    : mailbox_(mailbox), server_(std::make_unique<httplib::Server>()) {}

absl::StatusOr<std::unique_ptr<RuntimeApi>> RuntimeApi::Start(
    Mailbox* mailbox) {
  std::unique_ptr<RuntimeApi> api(new RuntimeApi(mailbox));
  api->server_->new_task_queue = [] {
    return new httplib::ThreadPool(kServerThreads);
  };
  api->server_->set_tcp_nodelay(true);
  api->server_->set_keep_alive_max_count(1 << 30);
  api->server_->set_keep_alive_timeout(3600);
  api->server_->set_payload_max_length(size_t{64} << 20);
  api->Route();
  api->port_ = api->server_->bind_to_any_port("127.0.0.1");
  if (api->port_ <= 0) {
    return absl::UnavailableError("cannot bind the runtime API port");
  }
  httplib::Server* server = api->server_.get();
  api->thread_ = std::thread([server] { server->listen_after_bind(); });
  return api;
}

RuntimeApi::~RuntimeApi() {
  {
    absl::MutexLock lock(&mailbox_->mu);
    mailbox_->stopping = true;
  }
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void RuntimeApi::Route() {
  Mailbox* box = mailbox_;
  server_->Get(kNext, [box](const httplib::Request&, httplib::Response& res) {
    absl::MutexLock lock(&box->mu);
    box->runtime_waiting = true;
    box->mu.Await(absl::Condition(
        +[](Mailbox* b) ABSL_NO_THREAD_SAFETY_ANALYSIS {
          return b->pending.has_value() || b->stopping;
        },
        box));
    box->runtime_waiting = false;
    if (box->stopping) {
      SetError(res, 500, "Runtime.Stopping", "the worker is stopping");
      return;
    }
    Invocation inv = std::move(*box->pending);
    box->pending.reset();
    box->current_id = inv.request_id;
    res.set_header("Lambda-Runtime-Aws-Request-Id", inv.request_id);
    res.set_header("Lambda-Runtime-Deadline-Ms",
                   std::to_string(inv.deadline_ms));
    res.set_header("Lambda-Runtime-Invoked-Function-Arn", inv.function_arn);
    res.set_header("Lambda-Runtime-Trace-Id", inv.trace_id);
    res.set_content(inv.payload.empty() ? "null" : inv.payload,
                    "application/json");
  });
  auto reply = [box](RuntimeReply::Kind kind) {
    return [box, kind](const httplib::Request& req, httplib::Response& res) {
      absl::MutexLock lock(&box->mu);
      if (box->current_id.empty() || req.matches[1] != box->current_id) {
        SetError(res, 400, "InvalidRequestID", "Invalid request ID");
        return;
      }
      RuntimeReply r{
          kind, req.body,
          req.get_header_value("Lambda-Runtime-Function-Error-Type")};
      if (kind == RuntimeReply::Kind::kResponse &&
          req.body.size() > kResponseBytesMax) {
        r = {RuntimeReply::Kind::kError, "", "Function.ResponseSizeTooLarge"};
        SetError(res, 413, "RequestEntityTooLarge", "response too large");
      } else {
        Accepted(res);
      }
      box->current_id.clear();
      box->reply = std::move(r);
    };
  };
  server_->Post(kResponse, reply(RuntimeReply::Kind::kResponse));
  server_->Post(kError, reply(RuntimeReply::Kind::kError));
  server_->Post(
      kInitError, [box](const httplib::Request& req, httplib::Response& res) {
        absl::MutexLock lock(&box->mu);
        box->init_error = RuntimeReply{
            RuntimeReply::Kind::kInitError, req.body,
            req.get_header_value("Lambda-Runtime-Function-Error-Type")};
        Accepted(res);
      });
}

}  // namespace eddy::cdc

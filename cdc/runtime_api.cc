// Copyright (c) Eddy authors.
//
// RuntimeApi: the Lambda Runtime API endpoints over GNU libmicrohttpd, a
// thread per connection (a worker's runtime holds one keep-alive
// connection, and GET /next blocks until an invocation is posted).

#include "cdc/runtime_api.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

namespace eddy::cdc {
namespace {

constexpr std::string_view kNext = "/2018-06-01/runtime/invocation/next";
constexpr std::string_view kInvocation = "/2018-06-01/runtime/invocation/";
constexpr std::string_view kInitError = "/2018-06-01/runtime/init/error";
constexpr size_t kRequestBytesMax = size_t{64} << 20;

// A response to send: status, JSON body, extra headers.
struct Reply {
  unsigned int status = 202;
  std::string body = R"({"status":"OK"})";
  std::vector<std::pair<std::string, std::string>> headers;
};

Reply Error(unsigned int status, const char* type, const char* message) {
  return {status,
          nlohmann::json{{"errorType", type}, {"errorMessage", message}}.dump(),
          {}};
}

// One request's body, accumulated across calls.
struct Upload {
  std::string body;
  bool too_large = false;
};

std::string Header(MHD_Connection* connection, const char* name) {
  const char* value =
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, name);
  return value == nullptr ? "" : value;
}

MHD_Result Send(MHD_Connection* connection, const Reply& reply) {
  MHD_Response* response = MHD_create_response_from_buffer(
      reply.body.size(), const_cast<char*>(reply.body.data()),
      MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE,
                          "application/json");
  for (const auto& [name, value] : reply.headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  const MHD_Result queued =
      MHD_queue_response(connection, reply.status, response);
  MHD_destroy_response(response);
  return queued;
}

// GET /next: blocks until an invocation is posted or the worker stops.
Reply Next(Mailbox* box) {
  absl::MutexLock lock(&box->mu);
  box->runtime_waiting = true;
  box->mu.Await(absl::Condition(
      +[](Mailbox* b) ABSL_NO_THREAD_SAFETY_ANALYSIS {
        return b->pending.has_value() || b->stopping;
      },
      box));
  box->runtime_waiting = false;
  if (box->stopping) {
    return Error(500, "Runtime.Stopping", "the worker is stopping");
  }
  Invocation inv = std::move(*box->pending);
  box->pending.reset();
  box->current_id = inv.request_id;
  return {200,
          inv.payload.empty() ? "null" : std::move(inv.payload),
          {{"Lambda-Runtime-Aws-Request-Id", inv.request_id},
           {"Lambda-Runtime-Deadline-Ms", std::to_string(inv.deadline_ms)},
           {"Lambda-Runtime-Invoked-Function-Arn", inv.function_arn},
           {"Lambda-Runtime-Trace-Id", inv.trace_id}}};
}

// POST /invocation/{id}/response or /error.
Reply Result(Mailbox* box, std::string_view id, RuntimeReply::Kind kind,
             std::string body, std::string error_type) {
  absl::MutexLock lock(&box->mu);
  if (box->current_id.empty() || id != box->current_id) {
    return Error(400, "InvalidRequestID", "Invalid request ID");
  }
  Reply reply;
  RuntimeReply r{kind, std::move(body), std::move(error_type)};
  if (kind == RuntimeReply::Kind::kResponse &&
      r.body.size() > kResponseBytesMax) {
    r = {RuntimeReply::Kind::kError, "", "Function.ResponseSizeTooLarge"};
    reply = Error(413, "RequestEntityTooLarge", "response too large");
  }
  box->current_id.clear();
  box->reply = std::move(r);
  return reply;
}

// The reply to one complete request.
Reply Route(Mailbox* box, MHD_Connection* connection, std::string_view method,
            std::string_view path, std::string body);

// libmicrohttpd's request callback; cls is the Mailbox.
MHD_Result OnRequest(void* cls, MHD_Connection* connection, const char* url,
                     const char* method, const char* version,
                     const char* upload_data, size_t* upload_data_size,
                     void** req_cls) {
  auto* box = static_cast<Mailbox*>(cls);
  if (*req_cls == nullptr) {  // first call: headers only
    *req_cls = new Upload();
    return MHD_YES;
  }
  auto* upload = static_cast<Upload*>(*req_cls);
  if (*upload_data_size != 0) {
    if (upload->body.size() + *upload_data_size > kRequestBytesMax) {
      upload->too_large = true;
      upload->body.clear();
    } else if (!upload->too_large) {
      upload->body.append(upload_data, *upload_data_size);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (upload->too_large) {
    return Send(connection,
                Error(413, "RequestEntityTooLarge", "request too large"));
  }
  return Send(connection,
              Route(box, connection, method, url, std::move(upload->body)));
}

void OnCompleted(void* cls, MHD_Connection* connection, void** req_cls,
                 MHD_RequestTerminationCode toe) {
  delete static_cast<Upload*>(*req_cls);
  *req_cls = nullptr;
}

Reply Route(Mailbox* box, MHD_Connection* connection, std::string_view method,
            std::string_view path, std::string body) {
  if (method == "GET" && path == kNext) return Next(box);
  if (method != "POST") return Error(404, "NotFound", "unknown path");
  const std::string error_type =
      Header(connection, "Lambda-Runtime-Function-Error-Type");
  if (path == kInitError) {
    absl::MutexLock lock(&box->mu);
    box->init_error = RuntimeReply{RuntimeReply::Kind::kInitError,
                                   std::move(body), error_type};
    return {};
  }
  if (path.substr(0, kInvocation.size()) == kInvocation) {
    std::string_view rest = path.substr(kInvocation.size());
    const size_t slash = rest.find('/');
    if (slash != std::string_view::npos && slash > 0) {
      const std::string_view id = rest.substr(0, slash);
      const std::string_view verb = rest.substr(slash + 1);
      if (verb == "response") {
        return Result(box, id, RuntimeReply::Kind::kResponse, std::move(body),
                      error_type);
      }
      if (verb == "error") {
        return Result(box, id, RuntimeReply::Kind::kError, std::move(body),
                      error_type);
      }
    }
  }
  return Error(404, "NotFound", "unknown path");
}

}  // namespace

RuntimeApi::RuntimeApi(Mailbox* mailbox) : mailbox_(mailbox) {}

absl::StatusOr<std::unique_ptr<RuntimeApi>> RuntimeApi::Start(
    Mailbox* mailbox) {
  std::unique_ptr<RuntimeApi> api(new RuntimeApi(mailbox));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  api->daemon_ = MHD_start_daemon(
      MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD, 0,
      nullptr, nullptr, &OnRequest, mailbox, MHD_OPTION_SOCK_ADDR,
      reinterpret_cast<sockaddr*>(&addr), MHD_OPTION_NOTIFY_COMPLETED,
      &OnCompleted, nullptr, MHD_OPTION_END);
  if (api->daemon_ == nullptr) {
    return absl::UnavailableError("cannot start the runtime API server");
  }
  const MHD_DaemonInfo* info =
      MHD_get_daemon_info(api->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  api->port_ = info == nullptr ? 0 : info->port;
  if (api->port_ <= 0) {
    return absl::UnavailableError("cannot bind the runtime API port");
  }
  return api;
}

RuntimeApi::~RuntimeApi() {
  {
    absl::MutexLock lock(&mailbox_->mu);
    mailbox_->stopping = true;
  }
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

}  // namespace eddy::cdc

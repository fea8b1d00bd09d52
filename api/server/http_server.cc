// Copyright (c) Eddy authors.

#include "api/server/http_server.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace eddy::server {
namespace {

bool ShouldLog(LogLevel level, int status) {
  switch (level) {
    case LogLevel::kNone:
      return false;
    case LogLevel::kError:
      return status >= 500;
    case LogLevel::kWarn:
      return status >= 400;
    case LogLevel::kInfo:
      return true;
  }
  return true;
}

// One line per request: time, peer, method, target, AWS operation, status,
// response bytes, latency.
void LogRequest(const httplib::Request& req, const HttpRequest& request,
                const HttpResponse& response, int64_t latency_us) {
  auto target = request.headers.find("x-amz-target");
  const std::string line = absl::StrCat(
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                       absl::UTCTimeZone()),
      " ", req.remote_addr, ":", req.remote_port, " ", request.method, " ",
      request.target, " ",
      target == request.headers.end() ? "-" : target->second, " ",
      response.status, " ", response.body.size(), "B ", latency_us, "us\n");
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

bool ParseLogLevel(const std::string& text, LogLevel* level) {
  if (text == "none") {
    *level = LogLevel::kNone;
  } else if (text == "error") {
    *level = LogLevel::kError;
  } else if (text == "warn") {
    *level = LogLevel::kWarn;
  } else if (text == "info") {
    *level = LogLevel::kInfo;
  } else {
    return false;
  }
  return true;
}

HttpServer::HttpServer(const Endpoint* endpoint,
                       const HttpServerOptions& options)
    : endpoint_(endpoint),
      options_(options),
      server_(std::make_unique<httplib::Server>()) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Install() {
  const int threads = options_.worker_threads;
  server_->new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  server_->set_payload_max_length(options_.request_bytes_max);
  server_->set_keep_alive_max_count(
      static_cast<size_t>(options_.keep_alive_requests_max));
  server_->set_keep_alive_timeout(options_.keep_alive_timeout_s);
  // Responses go out at once: without it, Nagle's algorithm and the
  // client's delayed ACK hold each keep-alive response back ~40 ms.
  server_->set_tcp_nodelay(true);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    const auto start = std::chrono::steady_clock::now();
    HttpRequest request{
        .method = req.method, .target = req.target, .body = req.body};
    for (const auto& [name, value] : req.headers) {
      request.headers[absl::AsciiStrToLower(name)] = value;
    }
    HttpResponse response = endpoint_->Handle(request);
    res.status = response.status;
    std::string content_type = "application/json";
    for (auto& [name, value] : response.headers) {
      if (absl::AsciiStrToLower(name) == "content-type") {
        content_type = value;
      } else {
        res.set_header(name, value);
      }
    }
    res.set_header("x-amzn-RequestId",
                   res.has_header("x-amzn-RequestId")
                       ? res.get_header_value("x-amzn-RequestId")
                       : std::string("00000000-0000-0000-0000-000000000000"));
    res.set_content(std::move(response.body), content_type);
    if (ShouldLog(options_.log_level, response.status)) {
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
      LogRequest(req, request,
                 HttpResponse{.status = response.status, .body = res.body}, us);
    }
  };
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Delete(".*", handler);
  server_->Patch(".*", handler);
}

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Bind(
    const Endpoint* endpoint, const HttpServerOptions& options) {
  if (options.worker_threads < 1 || options.worker_threads > 1024) {
    return absl::InvalidArgumentError("worker_threads must be in 1..1024");
  }
  if (options.port < 0 || options.port > 65535) {
    return absl::InvalidArgumentError("port must be in 0..65535");
  }
  if (options.keep_alive_timeout_s < 1 || options.keep_alive_requests_max < 1) {
    return absl::InvalidArgumentError(
        "keep_alive_timeout_s and keep_alive_requests_max must be >= 1");
  }
  std::unique_ptr<HttpServer> server(new HttpServer(endpoint, options));
  server->Install();
  if (options.port == 0) {
    server->port_ = server->server_->bind_to_any_port(options.host);
    if (server->port_ < 0) server->port_ = 0;
  } else if (server->server_->bind_to_port(options.host, options.port)) {
    server->port_ = options.port;
  }
  if (server->port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot bind ", options.host, ":", options.port));
  }
  return server;
}

absl::Status HttpServer::Run() {
  if (!server_->listen_after_bind() && server_->is_running()) {
    return absl::InternalError("the HTTP accept loop failed");
  }
  return absl::OkStatus();
}

void HttpServer::Stop() { server_->stop(); }

}  // namespace eddy::server

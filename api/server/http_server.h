// Copyright (c) Eddy authors.
//
// HttpServer: an Endpoint on a socket, through cpp-httplib (Debian's
// libcpp-httplib). HTTP/1.1 with keep-alive; each open connection is served
// by one worker thread of a fixed pool (worker_threads), so the pool size is
// the number of concurrent connections served; further connections queue.
//
// Lifecycle: Bind() (socket bound, port known) -> Run() on some thread
// (blocks) -> Stop() from any thread: stops accepting, lets each in-flight
// request finish and closes idle keep-alive connections; Run() then returns
// once every worker has finished. The caller closes the Database after Run()
// returns, so every acknowledged write is durable.
//
// Thread-safety: Stop() and port() may be called from any thread; Run()
// once.

#ifndef EDDY_API_SERVER_HTTP_SERVER_H_
#define EDDY_API_SERVER_HTTP_SERVER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "api/server/endpoint.h"

namespace httplib {
class Server;
}

namespace eddy::server {

// Which requests get a log line (on stderr), from quietest to loudest.
enum class LogLevel : uint8_t {
  kNone,   // nothing
  kError,  // responses with status >= 500
  kWarn,   // responses with status >= 400
  kInfo,   // every request: one line
};
// Parses "none", "error", "warn", "info"; false otherwise.
bool ParseLogLevel(const std::string& text, LogLevel* level);

struct HttpServerOptions {
  // --- Behaviour ---
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8000;                 // 0 = an ephemeral port
  LogLevel log_level = LogLevel::kInfo;
  // Requests with a larger body get 413. Lambda's 50 MB zip, base64.
  size_t request_bytes_max = size_t{70} << 20;
  // --- Performance ---
  // Connections served at once (one thread each while open). 1..1024.
  int worker_threads = 64;
  // Idle keep-alive connections are closed after this long. >= 1.
  int keep_alive_timeout_s = 5;
  // Requests served on one connection before it is closed. >= 1.
  int keep_alive_requests_max = 100000;
};

class HttpServer {
 public:
  // Binds the listening socket. kInvalidArgument for bad options;
  // kUnavailable if the address cannot be bound. `endpoint` is not owned
  // and must outlive the server.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Bind(
      const Endpoint* endpoint, const HttpServerOptions& options);
  ~HttpServer();

  // The bound port (the ephemeral one if options.port was 0).
  int port() const { return port_; }

  // Serves until Stop(). kInternal if the accept loop failed.
  absl::Status Run();
  // Stops accepting and lets in-flight requests finish; Run() returns.
  void Stop();

 private:
  HttpServer(const Endpoint* endpoint, const HttpServerOptions& options);
  void Install();

  const Endpoint* endpoint_;
  HttpServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
};

}  // namespace eddy::server

#endif  // EDDY_API_SERVER_HTTP_SERVER_H_

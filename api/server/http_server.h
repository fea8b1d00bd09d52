// Copyright (c) Eddy authors.
//
// HttpServer: an Endpoint on a socket, through GNU libmicrohttpd (Debian's
// libmicrohttpd-dev). HTTP/1.1 with keep-alive, event driven: an accept
// thread deals connections out to a few event threads (event_threads), each
// with its own epoll set, which read requests, run
// the DynamoDB, DynamoDB Streams and CloudWatch Logs operations inline (they
// never wait on anything but RocksDB) and write each response with one
// send. Lambda requests may wait for a function (Invoke) or a process
// start, so their connection is suspended and the request runs on one of
// worker_threads; further Lambda requests queue for a worker.
//
// Lifecycle: Bind() (socket bound and listening, port known) -> Run() on
// some thread (serves; blocks) -> Stop() from any thread. Run() then stops
// accepting, lets every in-flight request finish and send its response,
// closes idle keep-alive connections and returns once every thread has
// finished. The caller closes the Database after Run() returns, so every
// acknowledged write is durable.
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
  // Threads reading requests and running the non-Lambda operations, each
  // with its own epoll set. 0 = one per hardware thread but one (at least
  // one), so that a core stays for RocksDB's background work, triggers and
  // functions (on 2 cores, two event threads cost 45% more CPU for 4% more
  // requests/s and tripled p99: bench/README.md, round 7). 0..64.
  int event_threads = 0;
  // Threads running Lambda requests (which may wait for a function), and so
  // the number of Lambda requests served at once. 1..1024.
  int worker_threads = 16;
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

  // Serves until Stop(), then drains (see above). kInternal if the server
  // could not start. REQUIRES: called at most once.
  absl::Status Run();
  // Makes Run() stop and drain. Returns at once; idempotent.
  void Stop();

 private:
  class Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace eddy::server

#endif  // EDDY_API_SERVER_HTTP_SERVER_H_

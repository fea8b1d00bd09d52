// Copyright (c) Eddy authors.
//
// The event-driven HTTP/1.1 server (see http_server.h). Our accept thread
// takes connections off the listening socket and hands them to
// libmicrohttpd (MHD_add_connection), which spreads them over its event
// threads by descriptor; MHD's own accept would let whichever thread wakes
// first take a burst of connections (measured: one thread of two serving
// all 16 of a benchmark's). Then libmicrohttpd calls,
// per request: OnUri (request line parsed; an Exchange is created), then
// OnRequest once with the headers, once per body chunk and once at the end,
// and OnCompleted once the response has been sent or the connection failed.
// All callbacks of one connection run on that connection's event thread; a
// worker touches an Exchange only while its connection is suspended.

#include "api/server/http_server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <deque>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "api/server/errors.h"
#include "api/server/lambda_protocol.h"

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

// One request, from its request line to its completion.
struct Exchange {
  std::chrono::steady_clock::time_point start;
  HttpRequest request;
  HttpResponse response;
  bool counted = false;    // OnRequest has seen it (it is in_flight_)
  bool too_large = false;  // its body is over request_bytes_max
  bool answered = false;   // a worker has filled `response`
};

// One connection: owns the Exchange of its current request, so a request
// that never reaches OnRequest (MHD answered a malformed one itself) is
// freed with the next request or the connection.
struct Connection {
  std::unique_ptr<Exchange> current;
  int64_t requests = 0;
};

Connection* StateOf(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info == nullptr ? nullptr
                         : static_cast<Connection*>(info->socket_context);
}

std::string PeerOf(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == nullptr || info->client_addr == nullptr) return "-";
  char text[INET6_ADDRSTRLEN] = "-";
  int port = 0;
  const sockaddr* addr = info->client_addr;
  if (addr->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text));
    port = ntohs(in->sin_port);
  } else if (addr->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text));
    port = ntohs(in6->sin6_port);
  }
  return absl::StrCat(text, ":", port);
}

// One line per request: time, peer, method, target, AWS operation, status,
// response bytes, latency.
void LogRequest(MHD_Connection* connection, const Exchange& exchange) {
  const HttpRequest& request = exchange.request;
  auto target = request.headers.find("x-amz-target");
  const int64_t us = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::steady_clock::now() - exchange.start)
                         .count();
  const std::string line = absl::StrCat(
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                       absl::UTCTimeZone()),
      " ", PeerOf(connection), " ", request.method, " ", request.target, " ",
      target == request.headers.end() ? "-" : target->second, " ",
      exchange.response.status, " ", exchange.response.body.size(), "B ", us,
      "us\n");
  std::fwrite(line.data(), 1, line.size(), stderr);
}

MHD_Result CollectHeader(void* cls, MHD_ValueKind kind, const char* key,
                         const char* value) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(cls);
  (*headers)[absl::AsciiStrToLower(key)] = value == nullptr ? "" : value;
  return MHD_YES;
}

// The declared body length, or 0 if absent or unparsable (the body limit is
// then enforced as the body arrives).
size_t DeclaredLength(MHD_Connection* connection) {
  const char* text = MHD_lookup_connection_value(
      connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  size_t length = 0;
  if (text != nullptr) {
    std::string_view view(text);
    std::from_chars(view.data(), view.data() + view.size(), length);
  }
  return length;
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

class HttpServer::Impl {
 public:
  Impl(const Endpoint* endpoint, const HttpServerOptions& options,
       int listen_fd)
      : endpoint_(endpoint), options_(options), listen_fd_(listen_fd) {}
  ~Impl() {
    if (listen_fd_ >= 0) close(listen_fd_);
    if (wake_fd_ >= 0) close(wake_fd_);
  }

  absl::Status Run();
  void Stop() {
    absl::MutexLock lock(&mu_);
    stop_requested_ = true;
  }

 private:
  static void* OnUri(void* cls, const char* uri, MHD_Connection* connection);
  static MHD_Result OnRequest(void* cls, MHD_Connection* connection,
                              const char* url, const char* method,
                              const char* version, const char* upload_data,
                              size_t* upload_data_size, void** req_cls);
  static void OnCompleted(void* cls, MHD_Connection* connection, void** req_cls,
                          MHD_RequestTerminationCode toe);
  static void OnConnection(void* cls, MHD_Connection* connection,
                           void** socket_context,
                           MHD_ConnectionNotificationCode toe);

  // The last call of OnRequest for `exchange`: runs it, or hands it to a
  // worker and suspends the connection.
  MHD_Result Answer(MHD_Connection* connection, Exchange* exchange,
                    const char* method);
  // Sends exchange->response.
  MHD_Result Respond(MHD_Connection* connection, Exchange* exchange);
  void WorkerLoop();
  // Accepts connections until wake_fd_ is signalled.
  void AcceptLoop(MHD_Daemon* daemon);
  void Drain(MHD_Daemon* daemon, std::thread* acceptor);

  const Endpoint* const endpoint_;
  const HttpServerOptions options_;
  int listen_fd_;
  int wake_fd_ = -1;  // eventfd: stops AcceptLoop
  // Set once Run() starts draining: Lambda requests get 503 and every
  // response closes its connection.
  std::atomic<bool> draining_{false};

  absl::Mutex mu_;
  bool stop_requested_ ABSL_GUARDED_BY(mu_) = false;
  bool workers_exit_ ABSL_GUARDED_BY(mu_) = false;
  // Requests seen and not completed. Atomic, not under mu_: every request
  // changes it twice, and mu_ has a waiter (Run) for the server's life.
  std::atomic<int64_t> in_flight_{0};
  int64_t offloaded_ ABSL_GUARDED_BY(mu_) = 0;  // suspended, not resumed
  std::deque<std::pair<MHD_Connection*, Exchange*>> queue_ ABSL_GUARDED_BY(mu_);
};

void HttpServer::Impl::OnConnection(void* cls, MHD_Connection* connection,
                                    void** socket_context,
                                    MHD_ConnectionNotificationCode toe) {
  if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
    *socket_context = new Connection();
  } else {
    delete static_cast<Connection*>(*socket_context);
    *socket_context = nullptr;
  }
}

void* HttpServer::Impl::OnUri(void* cls, const char* uri,
                              MHD_Connection* connection) {
  Connection* state = StateOf(connection);
  if (state == nullptr) return nullptr;  // OnRequest then refuses it
  state->current = std::make_unique<Exchange>();
  state->current->start = std::chrono::steady_clock::now();
  state->current->request.target = uri == nullptr ? "" : uri;
  return state->current.get();
}

void HttpServer::Impl::OnCompleted(void* cls, MHD_Connection* connection,
                                   void** req_cls,
                                   MHD_RequestTerminationCode toe) {
  auto* self = static_cast<Impl*>(cls);
  auto* exchange = static_cast<Exchange*>(*req_cls);
  if (exchange != nullptr && exchange->counted) {
    self->in_flight_.fetch_sub(1, std::memory_order_relaxed);
  }
  Connection* state = StateOf(connection);
  if (state != nullptr && state->current.get() == exchange) {
    state->current.reset();
  }
  *req_cls = nullptr;
}

MHD_Result HttpServer::Impl::OnRequest(void* cls, MHD_Connection* connection,
                                       const char* url, const char* method,
                                       const char* version,
                                       const char* upload_data,
                                       size_t* upload_data_size,
                                       void** req_cls) {
  auto* self = static_cast<Impl*>(cls);
  auto* exchange = static_cast<Exchange*>(*req_cls);
  if (exchange == nullptr) return MHD_NO;  // OnUri had no connection state
  if (!exchange->counted) {                // first call: headers only
    exchange->counted = true;
    self->in_flight_.fetch_add(1, std::memory_order_relaxed);
    if (DeclaredLength(connection) > self->options_.request_bytes_max) {
      exchange->request.method = method;
      exchange->response.status = 413;
      return self->Respond(connection, exchange);
    }
    return MHD_YES;
  }
  if (*upload_data_size != 0) {  // a body chunk
    std::string& body = exchange->request.body;
    if (exchange->too_large ||
        body.size() + *upload_data_size > self->options_.request_bytes_max) {
      exchange->too_large = true;
      body.clear();
    } else {
      body.append(upload_data, *upload_data_size);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (exchange->answered) return self->Respond(connection, exchange);
  return self->Answer(connection, exchange, method);
}

MHD_Result HttpServer::Impl::Answer(MHD_Connection* connection,
                                    Exchange* exchange, const char* method) {
  HttpRequest& request = exchange->request;
  request.method = method;
  if (exchange->too_large) {
    exchange->response.status = 413;
    return Respond(connection, exchange);
  }
  MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader,
                            &request.headers);
  const std::string_view path =
      std::string_view(request.target).substr(0, request.target.find('?'));
  if (!IsLambdaPath(path)) {
    exchange->response = endpoint_->Handle(request);
    return Respond(connection, exchange);
  }
  {
    absl::MutexLock lock(&mu_);
    if (!draining_.load()) {
      ++offloaded_;
      MHD_suspend_connection(connection);
      queue_.emplace_back(connection, exchange);
      return MHD_YES;
    }
  }
  exchange->response =
      LambdaError("ServiceException", "The server is shutting down.", 503);
  return Respond(connection, exchange);
}

MHD_Result HttpServer::Impl::Respond(MHD_Connection* connection,
                                     Exchange* exchange) {
  HttpResponse& response = exchange->response;
  // The body lives in the Exchange until OnCompleted, after the last send.
  MHD_Response* reply = MHD_create_response_from_buffer(
      response.body.size(), response.body.data(), MHD_RESPMEM_PERSISTENT);
  if (reply == nullptr) return MHD_NO;
  bool typed = false;
  bool identified = false;
  for (const auto& [name, value] : response.headers) {
    typed = typed || absl::EqualsIgnoreCase(name, "content-type");
    identified = identified || absl::EqualsIgnoreCase(name, "x-amzn-requestid");
    MHD_add_response_header(reply, name.c_str(), value.c_str());
  }
  if (!typed) {
    MHD_add_response_header(reply, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "application/json");
  }
  if (!identified) {
    MHD_add_response_header(reply, "x-amzn-RequestId",
                            "00000000-0000-0000-0000-000000000000");
  }
  Connection* state = StateOf(connection);
  const int64_t served = state == nullptr ? 0 : ++state->requests;
  if (draining_.load() || served >= options_.keep_alive_requests_max) {
    MHD_add_response_header(reply, MHD_HTTP_HEADER_CONNECTION, "close");
  }
  const MHD_Result queued = MHD_queue_response(
      connection, static_cast<unsigned int>(response.status), reply);
  MHD_destroy_response(reply);
  if (ShouldLog(options_.log_level, response.status)) {
    LogRequest(connection, *exchange);
  }
  return queued;
}

void HttpServer::Impl::WorkerLoop() {
  auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return !queue_.empty() || workers_exit_;
  };
  for (;;) {
    std::pair<MHD_Connection*, Exchange*> job;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;
      job = queue_.front();
      queue_.pop_front();
    }
    job.second->response = endpoint_->Handle(job.second->request);
    job.second->answered = true;
    // After the resume the event thread may complete and free the
    // Exchange; only the count is touched from here on.
    MHD_resume_connection(job.first);
    absl::MutexLock lock(&mu_);
    --offloaded_;
  }
}

void HttpServer::Impl::AcceptLoop(MHD_Daemon* daemon) {
  pollfd fds[2] = {{.fd = listen_fd_, .events = POLLIN},
                   {.fd = wake_fd_, .events = POLLIN}};
  for (;;) {
    if (poll(fds, 2, -1) < 0 && errno != EINTR) return;
    if (fds[1].revents != 0) return;
    for (;;) {
      sockaddr_storage addr{};
      socklen_t length = sizeof(addr);
      const int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr),
                             &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        // Out of descriptors: back off rather than spin on poll.
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
            errno == ENOMEM) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        break;  // EAGAIN: drained; ECONNABORTED and the like: poll again
      }
      // MHD owns (and on failure closes) the socket from here on.
      MHD_add_connection(daemon, fd, reinterpret_cast<sockaddr*>(&addr),
                         length);
    }
  }
}

void HttpServer::Impl::Drain(MHD_Daemon* daemon, std::thread* acceptor) {
  // Stop accepting; connections still queued on the socket are refused.
  const uint64_t one = 1;
  if (write(wake_fd_, &one, sizeof(one)) < 0) {
    // An eventfd write of 1 cannot fail while the descriptor is open.
  }
  acceptor->join();
  close(listen_fd_);
  listen_fd_ = -1;
  {
    absl::MutexLock lock(&mu_);
    draining_.store(true);
    // Lambda requests already handed to workers finish and send their
    // response: MHD must not stop with a connection suspended.
    auto idle_workers = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return queue_.empty() && offloaded_ == 0;
    };
    mu_.Await(absl::Condition(&idle_workers));
  }
  // The rest finish too, bounded by the keep-alive timeout for a client
  // that stalls mid-request.
  const absl::Time deadline =
      absl::Now() + absl::Seconds(options_.keep_alive_timeout_s);
  while (in_flight_.load(std::memory_order_relaxed) > 0 &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(1));
  }
}

absl::Status HttpServer::Impl::Run() {
  {
    absl::MutexLock lock(&mu_);
    if (stop_requested_) return absl::OkStatus();
  }
  const unsigned int cores = std::thread::hardware_concurrency();
  unsigned int threads = options_.event_threads > 0
                             ? static_cast<unsigned int>(options_.event_threads)
                         : cores > 1 ? cores - 1
                                     : 1;
  wake_fd_ = eventfd(0, EFD_CLOEXEC);
  if (wake_fd_ < 0) return absl::InternalError("eventfd failed");
  MHD_Daemon* daemon = MHD_start_daemon(
      MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME |
          MHD_USE_NO_LISTEN_SOCKET,
      0, nullptr, nullptr, &Impl::OnRequest, this, MHD_OPTION_THREAD_POOL_SIZE,
      threads > 1 ? threads : 0u, MHD_OPTION_CONNECTION_TIMEOUT,
      static_cast<unsigned int>(options_.keep_alive_timeout_s),
      MHD_OPTION_URI_LOG_CALLBACK, &Impl::OnUri, this,
      MHD_OPTION_NOTIFY_COMPLETED, &Impl::OnCompleted, this,
      MHD_OPTION_NOTIFY_CONNECTION, &Impl::OnConnection, this, MHD_OPTION_END);
  if (daemon == nullptr) {
    return absl::InternalError("libmicrohttpd could not start the server");
  }
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(options_.worker_threads));
  for (int i = 0; i < options_.worker_threads; ++i) {
    workers.emplace_back([this] { WorkerLoop(); });
  }
  std::thread acceptor([this, daemon] { AcceptLoop(daemon); });
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&stop_requested_));
  }
  Drain(daemon, &acceptor);
  MHD_stop_daemon(daemon);
  {
    absl::MutexLock lock(&mu_);
    workers_exit_ = true;
  }
  for (std::thread& worker : workers) worker.join();
  return absl::OkStatus();
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() = default;

absl::Status HttpServer::Run() { return impl_->Run(); }

void HttpServer::Stop() { impl_->Stop(); }

namespace {

// A listening, non-blocking TCP socket on host:port; the fd, or an error.
absl::StatusOr<int> Listen(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot resolve ", host));
  }
  int fd = -1;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                ai->ai_protocol);
    if (fd < 0) continue;
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
        listen(fd, SOMAXCONN) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot bind ", host, ":", port));
  }
  return fd;
}

// The port `fd` is bound to, or 0.
int BoundPort(int fd) {
  sockaddr_storage addr{};
  socklen_t length = sizeof(addr);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    return 0;
  }
  if (addr.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  }
  if (addr.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
  }
  return 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Bind(
    const Endpoint* endpoint, const HttpServerOptions& options) {
  if (options.worker_threads < 1 || options.worker_threads > 1024) {
    return absl::InvalidArgumentError("worker_threads must be in 1..1024");
  }
  if (options.event_threads < 0 || options.event_threads > 64) {
    return absl::InvalidArgumentError("event_threads must be in 0..64");
  }
  if (options.port < 0 || options.port > 65535) {
    return absl::InvalidArgumentError("port must be in 0..65535");
  }
  if (options.keep_alive_timeout_s < 1 || options.keep_alive_requests_max < 1) {
    return absl::InvalidArgumentError(
        "keep_alive_timeout_s and keep_alive_requests_max must be >= 1");
  }
  absl::StatusOr<int> fd = Listen(options.host, options.port);
  if (!fd.ok()) return fd.status();
  const int port = BoundPort(*fd);
  std::unique_ptr<HttpServer> server(
      new HttpServer(std::make_unique<Impl>(endpoint, options, *fd)));
  server->port_ = port;
  return server;
}

}  // namespace eddy::server

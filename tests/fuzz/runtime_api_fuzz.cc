// Copyright (c) Eddy authors.
//
// libFuzzer target for the Lambda Runtime API server that worker processes
// talk to (cdc/runtime_api.h), over real HTTP on 127.0.0.1. Each input is
// one invocation: the fuzzer's runtime fetches it (GET .../next), then
// posts a reply chosen and shaped by the input:
//   byte 0: endpoint (response, error, init/error, or an unknown path)
//   byte 1: request id (the current one, or line 1 of the input)
//   line 1: a request id          line 2: Lambda-Runtime-Function-Error-Type
//   rest:   the body
// Properties: nothing crashes, hangs or trips ASan/UBSan; every answer is
// an HTTP status in 200..599; a reply to the current id with an accepted
// status (202) is what the mailbox then holds.
// Seed corpus: tests/fuzz/corpus/runtime_api.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "absl/synchronization/mutex.h"
#include "cdc/runtime_api.h"

namespace {

using eddy::cdc::Mailbox;
using eddy::cdc::RuntimeApi;

constexpr char kCurrentId[] = "fuzz-request-id";

struct Server {
  Mailbox mailbox;
  std::unique_ptr<RuntimeApi> api;
};

Server* TheServer() {
  static Server* server = [] {
    auto* s = new Server();
    auto api = RuntimeApi::Start(&s->mailbox);
    if (!api.ok()) abort();
    s->api = *std::move(api);
    return s;  // lives for the process
  }();
  return server;
}

std::string_view NextLine(std::string_view* in) {
  size_t end = in->find('\n');
  std::string_view line = in->substr(0, end);
  *in =
      end == std::string_view::npos ? std::string_view() : in->substr(end + 1);
  return line;
}

// Keeps what may stand in a request line or header value.
std::string Printable(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c > ' ' && c < 127 && c != '?' && c != '#') out.push_back(c);
  }
  return out;
}

// Sends one request (Connection: close) and returns the status, or -1.
int Exchange(int port, const std::string& request) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) abort();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    abort();
  }
  for (size_t sent = 0; sent < request.size();) {
    ssize_t n = write(fd, request.data() + sent, request.size() - sent);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }

  std::string response;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) response.append(buf, n);
  close(fd);
  if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return -1;
  return std::atoi(response.substr(9, 3).c_str());
}

std::string Request(std::string_view method, const std::string& path,
                    const std::string& error_type, std::string_view body) {
  std::string r = std::string(method) + " " + path +
                  " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!error_type.empty()) {
    r += "Lambda-Runtime-Function-Error-Type: " + error_type + "\r\n";
  }
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  r.append(body);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  Server* server = TheServer();
  std::string_view in(reinterpret_cast<const char*>(data) + 2, size - 2);
  const uint8_t endpoint = data[0] % 4;
  const bool current = data[1] % 2 == 0;
  std::string id = Printable(NextLine(&in));
  const std::string error_type = Printable(NextLine(&in));
  if (current || id.empty()) id = kCurrentId;
  {
    absl::MutexLock lock(&server->mailbox.mu);
    server->mailbox.pending = eddy::cdc::Invocation{
        .request_id = kCurrentId,
        .payload = "{}",
        .function_arn = "arn:aws:lambda:us-east-1:000000000000:function:f",
        .trace_id = "",
        .deadline_ms = 0};
    server->mailbox.current_id.clear();
    server->mailbox.reply.reset();
    server->mailbox.init_error.reset();
  }
  const std::string base = "/2018-06-01/runtime";
  int status = Exchange(server->api->port(),
                        Request("GET", base + "/invocation/next", "", ""));
  if (status != 200) {  // the pending invocation must be handed out
    fprintf(stderr, "GET next: status %d\n", status);
    abort();
  }
  std::string path;
  switch (endpoint) {
    case 0:
      path = base + "/invocation/" + id + "/response";
      break;
    case 1:
      path = base + "/invocation/" + id + "/error";
      break;
    case 2:
      path = base + "/init/error";
      break;
    default:
      path = base + "/" + id;
      break;
  }
  status = Exchange(server->api->port(), Request("POST", path, error_type, in));
  if (status < 200 || status > 599) abort();
  if (endpoint < 2 && id == kCurrentId && status == 202) {
    absl::MutexLock lock(&server->mailbox.mu);
    if (!server->mailbox.reply.has_value()) abort();
    if (server->mailbox.reply->body != in) abort();
  }
  return 0;
}

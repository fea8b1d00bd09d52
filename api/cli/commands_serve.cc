// Copyright (c) Eddy authors.
//
// `eddy serve`: opens a database directory, runs its triggers and serves the
// AWS wire protocols (DynamoDB, DynamoDB Streams, Lambda, CloudWatch Logs)
// over HTTP until SIGINT or SIGTERM.
//
//   eddy serve --data DIR [--host 127.0.0.1] [--port 8000]
//              [--credentials FILE] [--log-level info] [--threads 64]
//              [--trigger-poll-interval-ms 250]
//
// Once listening it prints one line on stdout, for scripts and tests:
//   listening host=127.0.0.1 port=8000
// On SIGINT/SIGTERM it stops accepting, finishes the requests in flight and
// closes the database, so every acknowledged write is durable, then exits 0.

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "api/cli/commands.h"
#include "api/cli/session.h"
#include "api/server/endpoint.h"
#include "api/server/http_server.h"
#include "api/server/sigv4.h"
#include "eddy/database.h"

namespace eddy::cli {
namespace {

struct ServeOptions {
  std::string data_dir;
  std::string credentials_file;
  std::string log_level = "info";
  int64_t trigger_poll_interval_ms = DatabaseOptions{}.trigger_poll_interval_ms;
  server::HttpServerOptions http;
};

int Fail(const std::string& what, const absl::Status& status) {
  std::cerr << "eddy serve: " << what << ": " << status.message() << "\n";
  return kExitError;
}

// The signals that stop the server; SIGUSR1 only wakes the waiting thread.
sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);
  return set;
}

int Serve(ServeOptions options) {
  if (!server::ParseLogLevel(options.log_level, &options.http.log_level)) {
    return UsageError("--log-level", "expected none, error, warn or info");
  }
  std::optional<server::CredentialStore> credentials;
  if (!options.credentials_file.empty()) {
    absl::StatusOr<server::CredentialStore> loaded =
        server::CredentialStore::Load(options.credentials_file);
    if (!loaded.ok()) return Fail("--credentials", loaded.status());
    credentials = *std::move(loaded);
  }
  // Every thread started from here on (RocksDB's, the triggers', the HTTP
  // workers') inherits the blocked mask; only `waiter` receives the signals.
  const sigset_t signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  DatabaseOptions db_options;
  db_options.trigger_poll_interval_ms = options.trigger_poll_interval_ms;
  absl::StatusOr<std::unique_ptr<Database>> db =
      Database::Open(options.data_dir, db_options);
  if (!db.ok()) return Fail("open " + options.data_dir, db.status());
  server::Endpoint endpoint(
      db->get(), {.credentials = credentials ? &*credentials : nullptr});
  absl::StatusOr<std::unique_ptr<server::HttpServer>> http =
      server::HttpServer::Bind(&endpoint, options.http);
  if (!http.ok()) {
    (void)(*db)->Close();
    return Fail("listen", http.status());
  }
  std::thread waiter([&signals, server = http->get()] {
    int signal = 0;
    sigwait(&signals, &signal);
    server->Stop();
  });
  std::printf("listening host=%s port=%d\n", options.http.host.c_str(),
              (*http)->port());
  std::fflush(stdout);
  absl::Status served = (*http)->Run();
  pthread_kill(waiter.native_handle(), SIGUSR1);  // no-op if it returned
  waiter.join();
  http->reset();
  absl::Status closed = (*db)->Close();
  if (!served.ok()) return Fail("serve", served);
  if (!closed.ok()) return Fail("close", closed);
  std::cerr << "eddy serve: stopped; database closed\n";
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, Registry& registry) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* command = app.add_subcommand(
      "serve",
      "Serve the AWS DynamoDB, DynamoDB Streams, Lambda and CloudWatch Logs "
      "APIs over HTTP");
  AddDataOption(command, &options->data_dir);
  command->add_option("--host", options->http.host,
                      "Address to bind (default 127.0.0.1)");
  command
      ->add_option("--port", options->http.port,
                   "Port to bind; 0 = ephemeral (default 8000)")
      ->check(CLI::Range(0, 65535));
  command->add_option("--credentials", options->credentials_file,
                      "File of 'ACCESS_KEY_ID SECRET' lines; when given, "
                      "SigV4 signatures are verified");
  command->add_option("--log-level", options->log_level,
                      "none, error, warn or info (one line per request)");
  command
      ->add_option("--event-threads", options->http.event_threads,
                   "Threads serving connections (event loops); 0 = one per "
                   "hardware thread but one, at least one (default 0)")
      ->check(CLI::Range(0, 64));
  command
      ->add_option("--threads", options->http.worker_threads,
                   "Threads running Lambda requests, which may wait for a "
                   "function (default 16)")
      ->check(CLI::Range(1, 1024));
  command
      ->add_option("--trigger-poll-interval-ms",
                   options->trigger_poll_interval_ms,
                   "While records keep coming, how often an event source "
                   "mapping reads its shard (Lambda: 4 times a second); 0 = "
                   "again as soon as an invocation ends (default 250)")
      ->check(CLI::Range(0, 60000));
  command->add_option("--request-bytes-max", options->http.request_bytes_max,
                      "Largest request body accepted (default 70 MiB)");
  registry.emplace_back(command, [options] { return Serve(*options); });
}

}  // namespace eddy::cli

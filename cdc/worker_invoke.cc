// Copyright (c) Eddy authors.
//
// Worker::Invoke: handing an event to the runtime and waiting for its
// reply, a crash or the timeout; the START/END/REPORT log lines.

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "cdc/worker.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc {
namespace {

std::string IsoNow(Clock* clock) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ",
                          absl::FromUnixMillis(clock->NowMillis()),
                          absl::UTCTimeZone());
}

FunctionResult ErrorResult(const std::string& type,
                           const std::string& message) {
  FunctionResult r = FunctionResult::Error(type, message);
  r.payload =
      nlohmann::json{{"errorType", type}, {"errorMessage", message}}.dump();
  return r;
}

// A runtime's error JSON as a FunctionResult (Lambda keeps the body).
FunctionResult FromErrorBody(const RuntimeReply& reply) {
  nlohmann::json j = nlohmann::json::parse(reply.body, nullptr, false);
  std::string type = reply.error_type, message;
  if (j.is_object()) {
    if (type.empty() && j.contains("errorType") && j["errorType"].is_string()) {
      type = j["errorType"];
    }
    if (j.contains("errorMessage") && j["errorMessage"].is_string()) {
      message = j["errorMessage"];
    }
  }
  if (type.empty()) type = "Unhandled";
  if (!j.is_object()) return ErrorResult(type, message);
  FunctionResult r = FunctionResult::Error(type, message);
  r.payload = reply.body;
  return r;
}

std::string ExitText(int status) {
  if (WIFEXITED(status))
    return absl::StrCat("exit status ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return absl::StrCat("signal: ",
                        absl::AsciiStrToLower(strsignal(WTERMSIG(status))));
  }
  return "unknown";
}

}  // namespace

int64_t Worker::MaxMemoryUsedMb() const {
  // One read(2) into a stack buffer: this runs on every invocation.
  const std::string path = absl::StrCat("/proc/", pid_, "/status");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[4096];
  ssize_t n = ::read(fd, buf, sizeof(buf) - 1);
  ::close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  const char* hwm = std::strstr(buf, "\nVmHWM:");
  if (hwm == nullptr) return 0;
  return (std::strtoll(hwm + 7, nullptr, 10) + 1023) / 1024;
}

FunctionResult Worker::ExitError(const Invocation& inv) {
  int status;
  {
    absl::MutexLock lock(&mailbox_.mu);
    status = mailbox_.wait_status;
  }
  std::string text =
      absl::StrCat("RequestId: ", inv.request_id,
                   " Error: Runtime exited with error: ", ExitText(status));
  Log(text);
  Log("Runtime.ExitError");
  return ErrorResult("Runtime.ExitError", text);
}

std::optional<FunctionResult> Worker::AwaitInit(const Invocation& inv,
                                                absl::Time deadline,
                                                int64_t timeout_ms) {
  std::optional<RuntimeReply> init_error;
  bool exited = false, ready = false;
  {
    absl::MutexLock lock(&mailbox_.mu);
    auto done = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
      return mailbox_.runtime_waiting || mailbox_.init_error.has_value() ||
             mailbox_.exited;
    };
    mailbox_.mu.AwaitWithDeadline(absl::Condition(&done), deadline);
    ready = mailbox_.runtime_waiting;
    init_error = mailbox_.init_error;
    exited = mailbox_.exited;
  }
  if (ready) return std::nullopt;
  healthy_ = false;
  if (init_error) {
    KillGroup();
    return FromErrorBody(*init_error);
  }
  if (exited) return ExitError(inv);
  return TimedOut(inv, timeout_ms);
}

FunctionResult Worker::TimedOut(const Invocation& inv, int64_t timeout_ms) {
  healthy_ = false;
  KillGroup();
  std::string after = absl::StrFormat("%.2f seconds", timeout_ms / 1000.0);
  Log(absl::StrCat(IsoNow(clock_), " ", inv.request_id,
                   " Task timed out after ", after));
  return ErrorResult("Sandbox.Timedout",
                     absl::StrCat("RequestId: ", inv.request_id,
                                  " Error: Task timed out after ", after));
}

FunctionResult Worker::AwaitReply(const Invocation& inv, absl::Time deadline,
                                  int64_t timeout_ms) {
  std::optional<RuntimeReply> reply, init_error;
  {
    absl::MutexLock lock(&mailbox_.mu);
    auto done = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
      return mailbox_.reply.has_value() || mailbox_.init_error.has_value() ||
             mailbox_.exited;
    };
    mailbox_.mu.AwaitWithDeadline(absl::Condition(&done), deadline);
    reply = std::move(mailbox_.reply);
    mailbox_.reply.reset();
    init_error = mailbox_.init_error;
    if (!reply) {  // never hand this event to a later /next
      mailbox_.pending.reset();
      mailbox_.current_id.clear();
    }
  }
  if (reply && reply->kind == RuntimeReply::Kind::kResponse) {
    return FunctionResult::Success(reply->body);
  }
  if (reply && reply->error_type == "Function.ResponseSizeTooLarge") {
    return ErrorResult(reply->error_type,
                       absl::StrCat("Response payload size exceeded maximum "
                                    "allowed payload size (",
                                    kResponseBytesMax, " bytes)."));
  }
  if (reply) return FromErrorBody(*reply);
  healthy_ = false;
  if (init_error) {
    KillGroup();
    return FromErrorBody(*init_error);
  }
  bool exited;
  {
    absl::MutexLock lock(&mailbox_.mu);
    exited = mailbox_.exited;
  }
  if (exited) return ExitError(inv);
  return TimedOut(inv, timeout_ms);
}

FunctionResult Worker::Invoke(const Invocation& inv, int64_t timeout_ms,
                              std::string* log_tail) {
  absl::Time deadline = absl::Now() + absl::Milliseconds(timeout_ms);
  std::optional<double> init_ms;
  std::optional<FunctionResult> failed;
  if (pid_ <= 0) {
    healthy_ = false;
    failed = ErrorResult("Runtime.InvalidEntrypoint", spawn_error_);
  } else if (!initialized_) {
    failed = AwaitInit(inv, deadline, timeout_ms);
    init_ms = absl::ToDoubleMilliseconds(absl::Now() - spawned_at_);
    initialized_ = healthy_;
    // As Lambda: the init phase does not count against the timeout.
    if (healthy_) deadline = absl::Now() + absl::Milliseconds(timeout_ms);
  }
  absl::Time start = absl::Now();
  {
    absl::MutexLock lock(&io_mu_);
    if (pid_ > 0) DrainLocked();
    collecting_tail_ = true;
    tail_.clear();
    tail_bytes_ = 0;
  }
  Log(absl::StrCat("START RequestId: ", inv.request_id, " Version: $LATEST"));
  if (!failed) {
    {
      absl::MutexLock lock(&mailbox_.mu);
      mailbox_.pending = inv;
    }
    failed = AwaitReply(inv, deadline, timeout_ms);
  }
  double duration_ms = absl::ToDoubleMilliseconds(absl::Now() - start);
  std::string report = absl::StrFormat(
      "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\t"
      "Memory Size: %d MB\tMax Memory Used: %d MB",
      inv.request_id, duration_ms, int64_t(std::ceil(duration_ms)),
      spec_.memory_size_mb, pid_ > 0 ? MaxMemoryUsedMb() : 0);
  if (init_ms)
    absl::StrAppendFormat(&report, "\tInit Duration: %.2f ms", *init_ms);
  absl::MutexLock lock(&io_mu_);
  if (pid_ > 0) DrainLocked();
  int64_t now = clock_->NowMillis();
  std::vector<LogLine> end;
  end.push_back({now, absl::StrCat("END RequestId: ", inv.request_id)});
  end.push_back({now, std::move(report)});
  AppendLocked(std::move(end));  // one write for both
  collecting_tail_ = false;
  if (log_tail != nullptr) {
    log_tail->clear();
    for (const std::string& line : tail_) absl::StrAppend(log_tail, line, "\n");
    if (log_tail->size() > kTailBytesMax) {
      log_tail->erase(0, log_tail->size() - kTailBytesMax);
    }
  }
  return failed ? *std::move(failed) : FunctionResult::Success();
}

}  // namespace eddy::cdc

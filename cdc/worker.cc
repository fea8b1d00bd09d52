// Copyright (c) Eddy authors.
//
// Worker: spawning the process, reading its output, killing it.

#include "cdc/worker.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace eddy::cdc {
namespace {

// Lines appended to the log store in one write, at most.
constexpr size_t kAppendBytesMax = 1 << 20;

std::string NewLogStream(int64_t now_ms) {
  static absl::Mutex mu(absl::kConstInit);
  static absl::BitGen* gen = new absl::BitGen();
  absl::MutexLock lock(&mu);
  return absl::StrCat(
      absl::FormatTime("%Y/%m/%d", absl::FromUnixMillis(now_ms),
                       absl::UTCTimeZone()),
      "/[$LATEST]",
      absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(*gen),
                      absl::Uniform<uint64_t>(*gen)));
}

std::vector<char*> CStrings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  for (const std::string& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::string NewRequestId() {
  static absl::Mutex mu(absl::kConstInit);
  static absl::BitGen* gen = new absl::BitGen();
  uint64_t hi, lo;
  {
    absl::MutexLock lock(&mu);
    hi = absl::Uniform<uint64_t>(*gen);
    lo = absl::Uniform<uint64_t>(*gen);
  }
  hi = (hi & ~uint64_t{0xf000}) | 0x4000;                      // version 4
  lo = (lo & ~(uint64_t{0xc} << 60)) | (uint64_t{0x8} << 60);  // variant
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", hi >> 32,
                         (hi >> 16) & 0xffff, hi & 0xffff, lo >> 48,
                         lo & 0xffffffffffffULL);
}

Worker::Worker(WorkerSpec spec, LogStore* logs, Clock* clock)
    : spec_(std::move(spec)),
      logs_(logs),
      clock_(clock),
      log_stream_(NewLogStream(clock->NowMillis())) {}

absl::StatusOr<std::unique_ptr<Worker>> Worker::Start(WorkerSpec spec,
                                                      LogStore* logs,
                                                      Clock* clock) {
  std::unique_ptr<Worker> w(new Worker(std::move(spec), logs, clock));
  absl::StatusOr<std::unique_ptr<RuntimeApi>> api =
      RuntimeApi::Start(&w->mailbox_);
  if (!api.ok()) return api.status();
  w->api_ = *std::move(api);
  absl::Status s = w->Spawn();
  if (!s.ok()) return s;
  if (w->pid_ > 0) w->io_thread_ = std::thread([p = w.get()] { p->IoLoop(); });
  return w;
}

absl::Status Worker::Spawn() {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0) return absl::InternalError("pipe2 failed");
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    return absl::InternalError("pipe2 failed");
  }
  std::vector<std::string> env = spec_.env;
  env.push_back(
      absl::StrCat("AWS_LAMBDA_RUNTIME_API=127.0.0.1:", api_->port()));
  env.push_back(absl::StrCat("AWS_LAMBDA_LOG_STREAM_NAME=", log_stream_));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  posix_spawn_file_actions_addchdir_np(&fa, spec_.task_root.c_str());
  posix_spawn_file_actions_addclosefrom_np(&fa, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
                                      POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> argv = CStrings(spec_.argv);
  std::vector<char*> envp = CStrings(env);
  spawned_at_ = absl::Now();
  int rc = posix_spawn(&pid_, argv[0], &fa, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    pid_ = -1;
    spawn_error_ =
        absl::StrCat("Couldn't start ", spec_.argv[0], ": ", strerror(rc));
    close(out[0]);
    close(err[0]);
    return absl::OkStatus();
  }
  out_fd_ = out[0];
  err_fd_ = err[0];
  fcntl(out_fd_, F_SETFL, fcntl(out_fd_, F_GETFL) | O_NONBLOCK);
  fcntl(err_fd_, F_SETFL, fcntl(err_fd_, F_GETFL) | O_NONBLOCK);
  return absl::OkStatus();
}

Worker::~Worker() {
  KillGroup();
  if (io_thread_.joinable()) io_thread_.join();
  api_.reset();
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
}

void Worker::KillGroup() {
  absl::MutexLock lock(&mailbox_.mu);
  // Once reaped, the pid (and group id) may be reused: never signal it.
  if (pid_ > 0 && !mailbox_.exited) kill(-pid_, SIGKILL);
}

void Worker::IoLoop() {
  for (;;) {
    pollfd fds[2];
    int n = 0;
    {
      absl::MutexLock lock(&io_mu_);
      if (!out_eof_) fds[n++] = {out_fd_, POLLIN, 0};
      if (!err_eof_) fds[n++] = {err_fd_, POLLIN, 0};
    }
    if (n == 0) break;
    if (poll(fds, n, -1) < 0 && errno != EINTR) break;
    absl::MutexLock lock(&io_mu_);
    if (!DrainLocked()) break;
  }
  // Wait without reaping, then reap under the mailbox lock: KillGroup
  // (under the same lock) never signals a pid that may have been reused.
  siginfo_t info;
  while (waitid(P_PID, pid_, &info, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
  }
  absl::MutexLock lock(&mailbox_.mu);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  mailbox_.exited = true;
  mailbox_.wait_status = status;
}

bool Worker::DrainLocked() {
  std::vector<LogLine> lines;
  size_t bytes = 0;
  char buf[64 * 1024];
  for (auto [fd, out, eof] : {std::tuple{out_fd_, &out_buf_, &out_eof_},
                              std::tuple{err_fd_, &err_buf_, &err_eof_}}) {
    while (!*eof) {
      ssize_t r = read(fd, buf, sizeof buf);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) break;  // EAGAIN: drained for now
      if (r == 0) *eof = true;
      out->append(buf, r);
      size_t before = lines.size();
      SplitLines(out, *eof, &lines);
      for (size_t i = before; i < lines.size(); ++i) {
        bytes += lines[i].message.size();
      }
      if (bytes >= kAppendBytesMax) {
        AppendLocked(std::move(lines));
        lines.clear();
        bytes = 0;
      }
    }
  }
  AppendLocked(std::move(lines));
  return !(out_eof_ && err_eof_);
}

void Worker::SplitLines(std::string* buf, bool eof, std::vector<LogLine>* out) {
  int64_t now = clock_->NowMillis();
  size_t start = 0;
  for (;;) {
    size_t nl = buf->find('\n', start);
    size_t end = nl == std::string::npos ? buf->size() : nl;
    if (nl == std::string::npos && end - start < kLineBytesMax &&
        !(eof && end > start)) {
      break;
    }
    end = std::min(end, start + kLineBytesMax);
    out->push_back({now, buf->substr(start, end - start)});
    start = (nl != std::string::npos && end == nl) ? nl + 1 : end;
  }
  buf->erase(0, start);
}

void Worker::AppendLocked(std::vector<LogLine> lines) {
  if (lines.empty()) return;
  if (collecting_tail_) {
    for (const LogLine& l : lines) {
      tail_.push_back(l.message);
      tail_bytes_ += l.message.size() + 1;
      while (tail_bytes_ > kTailBytesMax && tail_.size() > 1) {
        tail_bytes_ -= tail_.front().size() + 1;
        tail_.pop_front();
      }
    }
  }
  // A log store failure loses log lines, never the invocation.
  (void)logs_->Append(spec_.log_group, log_stream_, lines);
}

void Worker::Log(std::string line) {
  absl::MutexLock lock(&io_mu_);
  std::vector<LogLine> lines;
  lines.push_back({clock_->NowMillis(), std::move(line)});
  AppendLocked(std::move(lines));
}

}  // namespace eddy::cdc

// Copyright (c) Eddy authors.

#include "cdc/retention.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace eddy::cdc {

RetentionThread::RetentionThread(StreamLog* log, Clock* clock,
                                 int64_t interval_ms)
    : log_(log),
      clock_(clock),
      interval_ms_(interval_ms),
      thread_([this] { Loop(); }) {  // last member: the others are ready
  assert(interval_ms >= 1);
}

RetentionThread::~RetentionThread() { Stop(); }

void RetentionThread::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
    wake_.SignalAll();
  }
  absl::MutexLock join(&join_mu_);
  if (thread_.joinable()) thread_.join();
}

void RetentionThread::SetHold(Hold hold) {
  absl::MutexLock lock(&hold_mu_);
  hold_ = std::move(hold);
}

absl::StatusOr<int> RetentionThread::RunOnce() {
  absl::StatusOr<int> removed;
  {
    absl::MutexLock hold_lock(&hold_mu_);
    int64_t now = clock_->NowMillis();
    if (hold_) now = std::min(now, hold_(now));
    removed = log_->Trim(now);
  }
  absl::MutexLock lock(&mu_);
  last_error_ = removed.status();
  return removed;
}

absl::Status RetentionThread::last_error() const {
  absl::MutexLock lock(&mu_);
  return last_error_;
}

void RetentionThread::Loop() {
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      const absl::Time deadline =
          absl::Now() + absl::Milliseconds(interval_ms_);
      bool timed_out = false;  // (wake-ups may be spurious)
      while (!stop_ && !timed_out) {
        timed_out = wake_.WaitWithDeadline(&mu_, deadline);
      }
      if (stop_) return;
    }
    RunOnce().IgnoreError();  // kept in last_error_; retried next time
  }
}

}  // namespace eddy::cdc

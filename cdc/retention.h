// Copyright (c) Eddy authors.
//
// RetentionThread: enforces DatabaseOptions::stream_retention_ms in the
// background by calling StreamLog::Trim periodically.

#ifndef EDDY_CDC_RETENTION_H_
#define EDDY_CDC_RETENTION_H_

#include <cstdint>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "cdc/stream_log.h"
#include "eddy/clock.h"

namespace eddy::cdc {

// Owns one thread that, every interval_ms of real time (the first time
// interval_ms after construction), calls log->Trim(clock->NowMillis()).
// Trim's time is the injected clock's, so tests drive retention with a
// ManualClock and RunOnce(); the interval is real time so that a
// ManualClock never stalls the thread.
//
// Thread-safety: all methods are thread-safe. A Trim error in the
// background is kept (last_error()) and retried at the next interval.
class RetentionThread {
 public:
  // Starts the thread. REQUIRES: log and clock outlive this object;
  // interval_ms >= 1.
  RetentionThread(StreamLog* log, Clock* clock, int64_t interval_ms);
  // Stop().
  ~RetentionThread();

  RetentionThread(const RetentionThread&) = delete;
  RetentionThread& operator=(const RetentionThread&) = delete;

  // Wakes the thread at once and joins it; a Trim in progress finishes
  // first. Idempotent. RunOnce() still works afterwards.
  void Stop();

  // Trims now, on the calling thread: the number of shards removed, or
  // Trim's error (also kept as last_error()).
  absl::StatusOr<int> RunOnce();

  // A hold on retention: given the clock's time, the latest time Trim may
  // use (trigger mappings return the time before which their unfinished
  // records would be removed). Trim then runs at min(now, hold(now)).
  using Hold = std::function<int64_t(int64_t now_ms)>;
  // Installs a hold (nullptr removes it). Returns once no call to the
  // previous hold runs. REQUIRES: not called from inside a hold.
  void SetHold(Hold hold);

  // The error of the most recent failed Trim, OK if the last one succeeded.
  absl::Status last_error() const;

 private:
  void Loop();

  StreamLog* const log_;
  Clock* const clock_;
  const int64_t interval_ms_;

  mutable absl::Mutex mu_;
  absl::CondVar wake_;  // signalled by Stop()
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status last_error_ ABSL_GUARDED_BY(mu_);
  absl::Mutex hold_mu_;  // held while a hold and its Trim run
  Hold hold_ ABSL_GUARDED_BY(hold_mu_);
  absl::Mutex join_mu_;  // serializes Stop()s
  std::thread thread_ ABSL_GUARDED_BY(join_mu_);
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_RETENTION_H_

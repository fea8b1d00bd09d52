// Copyright (c) Eddy authors.
//
// InvokeQueue: asynchronous invocations (InvocationType Event), as Lambda's
// async invoke: queued (bounded), run on the queue's own thread, and on a
// function error retried twice, after retry_delays_ms[0] then [1] (Lambda:
// one and two minutes) measured on the Database clock from the start of
// the failed attempt.
//
// Not durable: events still queued at Close are dropped (Lambda's queue is
// durable; this is a documented difference).
//
// Thread-safety: thread-safe. `run` is called on the queue thread with no
// lock held; it may call back into the Database.

#ifndef EDDY_CDC_INVOKE_QUEUE_H_
#define EDDY_CDC_INVOKE_QUEUE_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "eddy/clock.h"
#include "eddy/functions.h"

namespace eddy::cdc {

struct InvokeQueueOptions {
  size_t events_max = 10000;  // queued events (retries included)
  int64_t retry_delays_ms[2] = {60'000, 120'000};
};

class InvokeQueue : private Clock::Listener {
 public:
  // Runs one attempt: (function name, payload, request id) -> result.
  using Run = std::function<FunctionResult(
      const std::string&, const std::string&, const std::string&)>;

  // Starts the thread. `clock` must outlive the queue.
  InvokeQueue(Clock* clock, Run run, InvokeQueueOptions options = {});
  // Stops: drops queued events, waits for the running one, joins.
  ~InvokeQueue() override;

  // Queues an event. kResourceExhausted (TooManyRequestsException) if
  // events_max events are queued.
  absl::Status Push(std::string function_name, std::string payload,
                    std::string request_id);

  // Events attempted so far (each retry counts), for tests and metrics.
  int64_t attempts() const;

 private:
  struct Event {
    std::string function_name, payload, request_id;
    int attempt = 0;  // attempts made
    int64_t not_before_ms = 0;
  };
  void ClockMoved() override;
  void Loop();
  // Index of an event due now, or -1; *next_due_ms = earliest due time.
  int DueLocked(int64_t now_ms, int64_t* next_due_ms) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Clock* const clock_;
  const Run run_;
  const InvokeQueueOptions options_;
  mutable absl::Mutex mu_;
  std::deque<Event> events_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int64_t clock_moves_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t attempts_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_INVOKE_QUEUE_H_

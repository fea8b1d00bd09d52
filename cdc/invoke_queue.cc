// Copyright (c) Eddy authors.
//
// InvokeQueue: the Event invocation thread.

#include "cdc/invoke_queue.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/time/time.h"

namespace eddy::cdc {

InvokeQueue::InvokeQueue(Clock* clock, Run run, InvokeQueueOptions options)
    : clock_(clock), run_(std::move(run)), options_(options) {
  clock_->AddListener(this);
  thread_ = std::thread([this] { Loop(); });
}

InvokeQueue::~InvokeQueue() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    events_.clear();
  }
  thread_.join();
  clock_->RemoveListener(this);
}

absl::Status InvokeQueue::Push(std::string function_name, std::string payload,
                               std::string request_id) {
  absl::MutexLock lock(&mu_);
  if (events_.size() >= options_.events_max) {
    return absl::ResourceExhaustedError(
        "TooManyRequestsException: the asynchronous invocation queue is full");
  }
  events_.push_back({std::move(function_name), std::move(payload),
                     std::move(request_id), 0, clock_->NowMillis()});
  return absl::OkStatus();
}

int64_t InvokeQueue::attempts() const {
  absl::MutexLock lock(&mu_);
  return attempts_;
}

void InvokeQueue::ClockMoved() {
  absl::MutexLock lock(&mu_);
  ++clock_moves_;
}

int InvokeQueue::DueLocked(int64_t now_ms, int64_t* next_due_ms) const {
  *next_due_ms = std::numeric_limits<int64_t>::max();
  for (size_t i = 0; i < events_.size(); ++i) {
    if (events_[i].not_before_ms <= now_ms) return static_cast<int>(i);
    *next_due_ms = std::min(*next_due_ms, events_[i].not_before_ms);
  }
  return -1;
}

void InvokeQueue::Loop() {
  absl::MutexLock lock(&mu_);
  for (;;) {
    if (stopping_) return;
    int64_t next_due = 0;
    int i = DueLocked(clock_->NowMillis(), &next_due);
    if (i < 0) {
      // Wake on a new event, a stop, or the clock reaching next_due.
      size_t size = events_.size();
      int64_t moves = clock_moves_;
      auto changed = [&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
        return stopping_ || events_.size() != size || clock_moves_ != moves;
      };
      if (next_due == std::numeric_limits<int64_t>::max() ||
          !clock_->FollowsRealTime()) {
        mu_.Await(absl::Condition(&changed));
      } else {
        mu_.AwaitWithTimeout(
            absl::Condition(&changed),
            absl::Milliseconds(next_due - clock_->NowMillis()));
      }
      continue;
    }
    Event event = std::move(events_[i]);
    events_.erase(events_.begin() + i);
    ++attempts_;
    // Retry delays count from the attempt's start, so a clock moved during
    // the attempt counts toward the delay.
    int64_t started_ms = clock_->NowMillis();
    mu_.Unlock();
    FunctionResult r =
        run_(event.function_name, event.payload, event.request_id);
    mu_.Lock();
    if (r.function_error && event.attempt < 2 && !stopping_) {
      event.not_before_ms =
          started_ms + options_.retry_delays_ms[event.attempt];
      ++event.attempt;
      events_.push_back(std::move(event));
    }
  }
}

}  // namespace eddy::cdc

// Copyright (c) Eddy authors.

#include "eddy/clock.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace eddy {
namespace {

class RealClock final : public Clock {
 public:
  int64_t NowMillis() override { return absl::ToUnixMillis(absl::Now()); }
};

}  // namespace

Clock* SystemClock() {
  static Clock* const kClock = new RealClock();
  return kClock;
}

}  // namespace eddy

namespace eddy {

void ManualClock::AddListener(Listener* listener) {
  std::lock_guard<std::mutex> lock(mu_);
  listeners_.push_back(listener);
}

void ManualClock::RemoveListener(Listener* listener) {
  std::lock_guard<std::mutex> lock(mu_);
  std::erase(listeners_, listener);
}

void ManualClock::Notify() {
  std::lock_guard<std::mutex> lock(mu_);
  for (Listener* listener : listeners_) listener->ClockMoved();
}

}  // namespace eddy

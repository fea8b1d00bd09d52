// Copyright (c) Eddy authors.
//
// The source of time for everything time-based in a Database (stream labels,
// record timestamps, iterator expiry, retention, shard rollover). Tests
// inject a ManualClock; production uses the system clock.

#ifndef EDDY_CLOCK_H_
#define EDDY_CLOCK_H_

#include <atomic>
#include <cstdint>

namespace eddy {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch. Thread-safe.
  virtual int64_t NowMillis() = 0;
};

// The wall clock. Never null; lives forever.
Clock* SystemClock();

// A clock that moves only when told to. Thread-safe.
class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t start_ms) : now_ms_(start_ms) {}
  int64_t NowMillis() override { return now_ms_.load(); }
  void AdvanceMillis(int64_t delta_ms) { now_ms_.fetch_add(delta_ms); }
  void SetMillis(int64_t now_ms) { now_ms_.store(now_ms); }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace eddy

#endif  // EDDY_CLOCK_H_

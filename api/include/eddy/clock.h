// Copyright (c) Eddy authors.
//
// The source of time for everything time-based in a Database (stream labels,
// record timestamps, iterator expiry, retention, shard rollover). Tests
// inject a ManualClock; production uses the system clock.

#ifndef EDDY_CLOCK_H_
#define EDDY_CLOCK_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace eddy {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch. Thread-safe.
  virtual int64_t NowMillis() = 0;

  // Something waiting for a clock time (a retry back-off, a batching
  // window) registers here to be woken when a clock that does not follow
  // real time moves. ClockMoved() is called on the thread that moved the
  // clock, with no lock of the clock held; it must not block.
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void ClockMoved() = 0;
  };
  // REQUIRES: the listener stays alive until RemoveListener returns, and
  // RemoveListener is not called under a lock that ClockMoved() takes.
  // The system clock ignores listeners: real time wakes waiters by itself.
  virtual void AddListener(Listener* /*listener*/) {}
  virtual void RemoveListener(Listener* /*listener*/) {}
  // True if waits may use real time (deadline - now) as their timeout.
  virtual bool FollowsRealTime() const { return true; }
};

// The wall clock. Never null; lives forever.
Clock* SystemClock();

// A clock that moves only when told to. Thread-safe.
class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t start_ms) : now_ms_(start_ms) {}
  int64_t NowMillis() override { return now_ms_.load(); }
  // Move the clock and wake every listener.
  void AdvanceMillis(int64_t delta_ms) {
    now_ms_.fetch_add(delta_ms);
    Notify();
  }
  void SetMillis(int64_t now_ms) {
    now_ms_.store(now_ms);
    Notify();
  }

  void AddListener(Listener* listener) override;
  void RemoveListener(Listener* listener) override;
  bool FollowsRealTime() const override { return false; }

 private:
  void Notify();

  std::atomic<int64_t> now_ms_;
  // Held while notifying, so RemoveListener returns only once no call to
  // the removed listener is running.
  std::mutex mu_;
  std::vector<Listener*> listeners_;
};

}  // namespace eddy

#endif  // EDDY_CLOCK_H_

// Copyright (c) Eddy authors.

#include "eddy/clock.h"

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

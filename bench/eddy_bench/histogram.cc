// Copyright (c) Eddy authors.

#include "bench/eddy_bench/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace eddy::bench {

// Values below kSub get their own bucket; above, bucket = (exponent, the
// kSubBits bits after the leading one).
int LatencyHistogram::Index(uint64_t ns) {
  if (ns < kSub) return static_cast<int>(ns);
  int msb = 63 - std::countl_zero(ns);  // >= kSubBits
  int shift = msb - kSubBits;
  int sub = static_cast<int>((ns >> shift) & (kSub - 1));
  return (shift + 1) * kSub + sub;
}

uint64_t LatencyHistogram::UpperEdge(int index) {
  if (index < kSub) return static_cast<uint64_t>(index);
  int shift = index / kSub - 1;
  uint64_t sub = static_cast<uint64_t>(index % kSub);
  return ((uint64_t{kSub} + sub + 1) << shift) - 1;
}

void LatencyHistogram::Record(uint64_t ns) {
  ++counts_[Index(ns)];
  ++count_;
  max_ = std::max(max_, ns);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (int i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

uint64_t LatencyHistogram::Percentile(double q) const {
  if (count_ == 0) return 0;
  uint64_t rank = static_cast<uint64_t>(std::ceil(q * count_));
  rank = std::clamp<uint64_t>(rank, 1, count_);
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(UpperEdge(i), max_);
  }
  return max_;
}

}  // namespace eddy::bench

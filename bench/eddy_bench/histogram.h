// Copyright (c) Eddy authors.
//
// LatencyHistogram: an HDR-style log-linear histogram of nanosecond
// latencies. Values are bucketed by power of two, each power split into 64
// linear sub-buckets, so a reported percentile is within 1/64 (1.6%) of the
// true sample. Fixed memory (64 x 64 counters), mergeable.
//
// Thread-compatible: one per thread, merged after the run.

#ifndef EDDY_BENCH_EDDY_BENCH_HISTOGRAM_H_
#define EDDY_BENCH_EDDY_BENCH_HISTOGRAM_H_

#include <array>
#include <cstdint>

namespace eddy::bench {

class LatencyHistogram {
 public:
  void Record(uint64_t ns);
  void Merge(const LatencyHistogram& other);
  uint64_t count() const { return count_; }
  // The value at quantile q in [0,1] (upper edge of its bucket, capped at
  // the maximum recorded); 0 when empty.
  uint64_t Percentile(double q) const;
  uint64_t max() const { return max_; }

 private:
  static constexpr int kSubBits = 6;  // 64 sub-buckets per power of two
  static constexpr int kSub = 1 << kSubBits;
  static constexpr int kBuckets = 64 * kSub;
  static int Index(uint64_t ns);
  static uint64_t UpperEdge(int index);

  std::array<uint64_t, kBuckets> counts_{};
  uint64_t count_ = 0;
  uint64_t max_ = 0;
};

}  // namespace eddy::bench

#endif  // EDDY_BENCH_EDDY_BENCH_HISTOGRAM_H_

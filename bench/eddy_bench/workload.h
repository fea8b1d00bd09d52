// Copyright (c) Eddy authors.
//
// eddy-bench workload: what each writer thread does, identically for every
// system. A thread draws an operation kind from the put/update/delete/get
// mix and a key index from the key distribution, both from its own
// fixed-seed generator, so every system sees the same sequence of
// (kind, key) pairs in op-count mode.
//
// Thread-compatible: one OpStream per thread.

#ifndef EDDY_BENCH_EDDY_BENCH_WORKLOAD_H_
#define EDDY_BENCH_EDDY_BENCH_WORKLOAD_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace eddy::bench {

enum class KeyDistribution : uint8_t { kUniform, kZipfian };
enum class OpKind : uint8_t { kPut, kUpdate, kDelete, kGet };
const char* OpKindName(OpKind kind);  // "put", "update", ...

struct WorkloadConfig {
  uint32_t key_count = 50000;  // keys 0..key_count-1, all preloaded
  KeyDistribution distribution = KeyDistribution::kUniform;
  double zipf_theta = 0.99;   // YCSB's default skew
  uint32_t item_bytes = 100;  // size of the item's payload attribute
  // Operation mix in percent; must sum to 100.
  int put_pct = 100;
  int update_pct = 0;
  int delete_pct = 0;
  int get_pct = 0;
  int threads = 1;    // writer threads, >= 1
  bool sync = false;  // fsync each write
  // Start of the measured phase: warm (default) reads every key once,
  // untimed, after the store was reopened, so each system starts with its
  // preloaded data in its caches (the steady state of a running
  // application). Cold starts from the reopened store: then the systems
  // that read before writing (Eddy with a stream, SQLite's UPDATE) pay for
  // the first read of each key and raw RocksDB's blind puts do not.
  bool cold = false;
  int64_t ops = 100000;   // total over threads (op-count mode)
  double duration_s = 0;  // > 0: run for this long instead
  uint64_t seed = 42;
};

// Returns "" if the config is usable, else what is wrong (naming the flag).
std::string ValidateWorkload(const WorkloadConfig& c);

// Key chooser: uniform, or YCSB's scrambled zipfian (hot keys spread over
// the key space by a hash). Immutable after construction; thread-safe.
class KeyChooser {
 public:
  explicit KeyChooser(const WorkloadConfig& c);
  uint32_t Next(std::mt19937_64& rng) const;

 private:
  KeyDistribution distribution_;
  uint32_t n_;
  double theta_ = 0, alpha_ = 0, zetan_ = 0, eta_ = 0;
};

struct Op {
  OpKind kind;
  uint32_t key;  // index into the key space
};

// One thread's deterministic operation sequence.
class OpStream {
 public:
  OpStream(const WorkloadConfig& c, const KeyChooser& keys, int thread);
  Op Next();

 private:
  const KeyChooser& keys_;
  std::mt19937_64 rng_;
  int cut_put_, cut_update_, cut_delete_;  // cumulative percent
};

}  // namespace eddy::bench

#endif  // EDDY_BENCH_EDDY_BENCH_WORKLOAD_H_

// Copyright (c) Eddy authors.
//
// A system under test: one storage stack that eddy-bench drives with the
// same keys, item bytes and operations as the others.
//
//   raw       RocksDB with Eddy's options, writing Eddy's exact key and
//             value bytes, no change capture (bench/engine_bench_env.h)
//   raw-record, raw-get-record
//             raw plus, in the same WriteBatch, a change record (the
//             second also reads the old item first): what capture costs
//             in RocksDB itself (systems_raw_capture.cc)
//   eddy-off  Eddy, stream disabled
//   eddy-<VIEW_TYPE>   Eddy, stream on with that view type
//   sqlite    SQLite in WAL mode; AFTER INSERT/UPDATE/DELETE triggers write
//             each change as a JSON row into a change table
//
// Life cycle (driven by runner.cc, single-threaded except Do):
//   Open(dir) -> Preload() -> Settle() -> [a get of every key, unless
//   --cold] -> [Do() from N threads, measured] -> Close()
// Benchmark-only code: setup failures exit the process (Check()).

#ifndef EDDY_BENCH_EDDY_BENCH_SYSTEM_H_
#define EDDY_BENCH_EDDY_BENCH_SYSTEM_H_

#include <memory>
#include <string>
#include <vector>

#include "bench/eddy_bench/workload.h"

namespace eddy::bench {

// The items every system stores: key i has id 1000000+i and a payload of
// item_bytes characters; `n` counts updates, `ts` is a timestamp (ns).
struct Material {
  std::vector<std::string> ids;      // decimal ids, canonical N
  std::vector<std::string> encoded;  // Eddy's RocksDB key bytes per key
  std::string payload;               // item_bytes characters
  std::string raw_value;             // Eddy's encoded item: raw's value
};
Material MakeMaterial(const WorkloadConfig& c);

class System {
 public:
  virtual ~System() = default;
  virtual std::string name() const = 0;
  // Creates the store in the empty directory `dir`.
  virtual void Open(const std::string& dir, bool sync) = 0;
  // Writes every key once (untimed, not synced).
  virtual void Preload() = 0;
  // Makes the preloaded data durable in files (flush/checkpoint), so the
  // measured phase starts with an empty write-ahead log.
  virtual void Settle() = 0;
  // Performs one operation. Thread-safe. Returns false on an error (the
  // runner counts errors; none are expected).
  virtual bool Do(const Op& op, int thread) = 0;
  // Flushes and closes; the bytes it writes count as the run's.
  virtual void Close() = 0;
};

// Which systems exist, in report order.
std::vector<std::string> AllSystemNames();
// Creates the system of that name; nullptr if unknown.
std::unique_ptr<System> MakeSystem(const std::string& name,
                                   const Material& material);

std::unique_ptr<System> MakeRawSystem(const Material& m);
// read_old: Get the old item before each write (raw-get-record).
std::unique_ptr<System> MakeRawCaptureSystem(const Material& m, bool read_old);
// view: "" = stream off, else a StreamViewType name ("KEYS_ONLY", ...).
std::unique_ptr<System> MakeEddySystem(const Material& m,
                                       const std::string& view);
std::unique_ptr<System> MakeSqliteSystem(const Material& m);

// Wall-clock now in nanoseconds since the Unix epoch (the `ts` stamp).
int64_t WallNowNs();

}  // namespace eddy::bench

#endif  // EDDY_BENCH_EDDY_BENCH_SYSTEM_H_

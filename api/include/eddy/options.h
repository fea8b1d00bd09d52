// Copyright (c) Eddy authors.
//
// Options for opening a Database and for individual writes. Plain structs
// with in-class defaults; Database::Open validates them once and returns
// kInvalidArgument naming the offending field.

#ifndef EDDY_OPTIONS_H_
#define EDDY_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "eddy/clock.h"

namespace eddy {

// Whether Open may create a new database directory.
enum class OpenMode : uint8_t {
  kCreateIfMissing = 0,
  kMustExist = 1,
};

// Durability of an acknowledged write.
//   kNoSync: written to the write-ahead log before acknowledgement; survives a
//            process crash, may be lost on power loss or kernel crash.
//   kSync:   the log is fsynced before acknowledgement; survives power loss.
//   kDatabaseDefault: (WriteOptions only) use DatabaseOptions::durability.
enum class Durability : uint8_t {
  kDatabaseDefault = 0,
  kNoSync = 1,
  kSync = 2,
};

struct DatabaseOptions {
  // --- Behaviour ---
  OpenMode open_mode = OpenMode::kCreateIfMissing;
  // Durability of writes whose WriteOptions say kDatabaseDefault.
  // REQUIRES: not kDatabaseDefault.
  Durability durability = Durability::kNoSync;
  // Used in ARNs: arn:aws:dynamodb:<region>:<account_id>:table/<name>.
  // REQUIRES: region non-empty; account_id exactly 12 decimal digits.
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Time source. nullptr = SystemClock(). Not owned; must outlive the
  // Database.
  Clock* clock = nullptr;

  // --- Streams ---
  // How long change records stay readable. -1 = forever. Otherwise
  // REQUIRES: >= 1000. AWS keeps 24 hours.
  int64_t stream_retention_ms = int64_t{24} * 3600 * 1000;
  // A stream's open shard closes, and a child opens, once it is this old
  // (checked at each commit to the stream). REQUIRES: >= 1000. AWS rolls
  // shards over about every 4 hours.
  int64_t shard_rollover_ms = int64_t{4} * 3600 * 1000;
  // Shard iterators expire this long after they are issued (AWS: 15 min).
  // REQUIRES: >= 1.
  int64_t shard_iterator_ttl_ms = int64_t{15} * 60 * 1000;
  // How often the background thread enforces retention. REQUIRES: >= 10.
  int64_t retention_check_interval_ms = int64_t{60} * 1000;

  // --- Triggers ---
  // Poll cadence of an event source mapping's lane while records keep
  // coming. After an invocation whose read reached the end of the shard,
  // the next read waits until the earlier of: this long after that read
  // began (Lambda polls DynamoDB streams 4 times a second), and three times
  // as long as the read and invocation took after they ended. A busy stream
  // is then delivered in batches, with a lane busy at most a quarter of the
  // time, while a quick handler on a quiet stream sees little delay. A full
  // batch is followed by the next read at once, and a lane whose last read
  // found nothing is woken by the next commit at once. Times are by `clock`.
  // 0 = read again as soon as an invocation ends (one invocation per commit
  // under load: lowest latency, most CPU per record).
  // REQUIRES: 0 <= value <= 60000.
  int64_t trigger_poll_interval_ms = 250;

  // --- Performance ---
  // RocksDB block cache shared by all tables. REQUIRES: >= 1 MiB.
  size_t block_cache_bytes = size_t{64} << 20;
  // Size of one RocksDB memtable. REQUIRES: >= 1 MiB.
  size_t write_buffer_bytes = size_t{64} << 20;
  // Number of per-item lock stripes serializing read-modify-write.
  // REQUIRES: a power of two in [1, 65536].
  uint32_t lock_stripes = 4096;
};

// Per-write options.
struct WriteOptions {
  Durability durability = Durability::kDatabaseDefault;
};

}  // namespace eddy

#endif  // EDDY_OPTIONS_H_

// Copyright (c) Eddy authors.
//
// The crash suite's oracle: what the workload reported (every write's
// begin and acknowledgement, in one total order), and the checks run on the
// reopened database after each crash.
//
// Workload model (tests/crash/workload.h): table "Crash", hash key k (N);
// every write stamps the items it writes with attribute w = its unique write
// id, so an item's state, and each INSERT/MODIFY record, names the write that
// produced it. A REMOVE record names the delete by its old image's w (an
// acknowledged DeleteItem reports the w it removed); one of no acknowledged
// delete is the crash's in-flight delete of that key that began first.
//
// Order: events are numbered in the order the driver receives them (pipe
// writes of < PIPE_BUF bytes are atomic). Write X definitely precedes write
// Y iff X's ack was received before Y's begin; then X committed before Y
// started, so X's change records must come first in the log.
//
// Checks (Verify):
//   - sequence numbers strictly increase;
//   - replaying the log from TRIM_HORIZON reproduces the table exactly, and
//     each record's old image equals the replayed state before it;
//   - every record belongs to a reported write (no record without a write),
//     at most once per key, its new image equal to the acknowledged item;
//   - records never contradict "definitely precedes";
//   - durability: kProcessKill: every acknowledged write is present;
//     kPowerLoss: every acknowledged sync=true write is present, and the
//     writes present form a prefix (no acknowledged write that definitely
//     precedes a present one is missing);
//   - across cycles on one database: a write present once stays present, a
//     write lost once never reappears.
//   - with a DeliveryChecker set (tests/crash/deliveries.h): the trigger
//     delivery checks, after the ones above.

#ifndef EDDY_TESTS_CRASH_ORACLE_H_
#define EDDY_TESTS_CRASH_ORACLE_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "eddy/database.h"
#include "tests/crash/deliveries.h"

namespace eddy::crash {

inline constexpr char kTable[] = "Crash";
inline constexpr int kMaxKeysPerWrite = 3;

enum class Op : uint8_t { kPut, kUpdate, kCondUpdate, kDelete, kTransact };
enum class EventType : uint8_t { kBegin = 1, kAck = 2 };
enum class Outcome : uint8_t { kApplied = 1, kNoop = 2 };

// One report from the workload; fixed size (well under PIPE_BUF) so a
// pipe write is atomic.
struct Event {
  EventType type = EventType::kBegin;
  Op op = Op::kPut;
  uint8_t sync = 0;
  Outcome outcome = Outcome::kApplied;  // kAck only
  uint32_t num_keys = 0;
  uint64_t id = 0;
  int64_t keys[kMaxKeysPerWrite] = {};
  // kAck, kApplied: per key, hash of the resulting item's JSON (0: deleted).
  uint64_t hashes[kMaxKeysPerWrite] = {};
  // kAck of an applied delete: the w of the item it removed.
  uint64_t preds[kMaxKeysPerWrite] = {};
};

// Hash of an item's canonical JSON (eddy/json.h); what Event.hashes hold.
uint64_t ItemHash(const Item& item);

enum class CrashMode : uint8_t { kProcessKill, kPowerLoss };

class Oracle {
 public:
  // Adds the delivery checks to Verify. `checker` must outlive the oracle.
  void set_delivery_checker(DeliveryChecker* checker) { checker_ = checker; }
  // Starts a new cycle on the same database.
  void BeginCycle() { ++cycle_; }
  // Records the next event (in receipt order).
  void Add(const Event& e);
  // Runs every check on the reopened database. Returns one line per
  // violation (empty: all hold). Then marks the current cycle's writes
  // present or lost for later cycles.
  std::vector<std::string> Verify(Database* db, CrashMode mode);

  // Counts for the report.
  uint64_t acked_writes() const { return acked_; }
  uint64_t records_checked() const { return records_checked_; }

 private:
  struct Write {
    Op op = Op::kPut;
    bool sync = false;
    uint32_t cycle = 0;
    int64_t begin_pos = 0;
    int64_t ack_pos = INT64_MAX;  // INT64_MAX: never acknowledged
    bool applied = false;
    std::vector<int64_t> keys;
    std::vector<uint64_t> hashes, preds;
  };
  enum class Fate : uint8_t { kPresent, kLost };
  using WriteKey = std::pair<uint64_t, int64_t>;  // (write id, item key)

  // Maps a record to (write id, key); false with *error set if unknown.
  bool Identify(const StreamRecord& r, WriteKey* out, std::string* error);
  void CheckDurability(CrashMode mode, const std::set<WriteKey>& seen,
                       std::vector<std::string>* errors);

  DeliveryChecker* checker_ = nullptr;
  uint32_t cycle_ = 0;
  int64_t pos_ = 0;
  uint64_t acked_ = 0;
  uint64_t records_checked_ = 0;
  std::unordered_map<uint64_t, Write> writes_;
  // Acknowledged deletes by (key, w removed).
  std::map<std::pair<int64_t, uint64_t>, uint64_t> deletes_;
  std::map<WriteKey, Fate> fates_;  // writes of earlier cycles
};

}  // namespace eddy::crash

#endif  // EDDY_TESTS_CRASH_ORACLE_H_

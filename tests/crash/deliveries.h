// Copyright (c) Eddy authors.
//
// The crash suite's trigger side (issue 8): two event source mappings on
// table "Crash"'s stream, both from TRIM_HORIZON with BatchSize 10 (so
// batches span crashes):
//   - "crash_inproc": an in-process handler (registered again after every
//     Open: in-process functions are not persisted);
//   - "crash_node": a Node.js function (out-of-process, nodejs20.x).
// Each handler appends one line per delivered record to its own file and
// syncs it (write + fdatasync / fs.fsyncSync) before returning success:
//
//   <mapping> <key> <sequence number> <session>\n
//
// where <session> names the handler instance (in-process: one per Open;
// Node: the worker's pid), so a redelivery can be told from a repeat.
//
// kFaults: the handlers fail at random (seeded), per invocation: the
// in-process one returns an error (10%), throws (10%), hangs past its 200 ms
// timeout (5%) or reports partial batchItemFailures (15%); the Node one
// throws (15%) or exits mid-invoke after appending half its lines (10%). The
// mappings bisect on error, retry once and send what they give up on to an
// on-failure destination (one per mapping).
//
// DeliveryChecker checks, after each crash and reopen (see Check()).

#ifndef EDDY_TESTS_CRASH_DELIVERIES_H_
#define EDDY_TESTS_CRASH_DELIVERIES_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "eddy/database.h"

namespace eddy::crash {

enum class TriggerMode : uint8_t { kNone = 0, kDeliver = 1, kFaults = 2 };

inline constexpr char kInProcFunction[] = "crash_inproc";
inline constexpr char kNodeFunction[] = "crash_node";

// Where a database's delivery files live: <db dir>.inproc.log and
// <db dir>.node.log (beside the database, so they outlive it).
std::string DeliveryLogPath(const std::string& db_dir, const char* function);
// The on-failure destination of `function`'s mapping (kFaults).
std::string FailureDestination(const char* function);
// Cuts a torn last line (no newline) off each delivery file. A kill -9 can
// land inside a handler's write(2) (Linux may stop a regular-file write
// between pages), leaving part of a line; the next session's lines would
// be appended to it. The torn lines belong to an invocation that never
// returned, so its records are delivered again. REQUIRES: no handler is
// running (the workload and its function workers have exited). False on
// an I/O error.
bool TrimTornDeliveryLines(const std::string& db_dir);

// On a new database (table "Crash" exists): creates the Node function and
// both mappings. `seed` seeds the Node handler's faults. Removes old
// delivery files. Non-OK: the failing call's status.
absl::Status CreateMappings(Database* db, const std::string& db_dir,
                            TriggerMode mode, uint64_t seed);

// Registers the in-process handler on an open database. `seed` seeds its
// faults (kFaults). Non-OK: RegisterFunction's status.
absl::Status RegisterInProcess(Database* db, const std::string& db_dir,
                               TriggerMode mode, uint64_t seed);

// Checks deliveries against the change log. Not thread-safe.
class DeliveryChecker {
 public:
  DeliveryChecker(std::string db_dir, TriggerMode mode)
      : db_dir_(std::move(db_dir)), mode_(mode) {}

  // On the reopened database (in-process handler registered), `log` being
  // every record of the stream, TRIM_HORIZON to the end:
  //   1. now, during the wait and after it: each mapping's checkpoint
  //      (metrics.checkpoint_sequence_number) <= the first log record not
  //      yet accounted for (delivered; kFaults: or in the destination);
  //   2. waits (polling the metrics, 120 s safety net) until both mappings'
  //      checkpoints are past the last record;
  //   3. every record is accounted for in every mapping, and every line
  //      names a record of the log (same key);
  //   4. kDeliver only: per item, first deliveries are in sequence order;
  //      one session never delivers a record of an item twice or out of
  //      order; a session started after an earlier check never delivers a
  //      record before that check's checkpoint.
  // Returns one line per violation.
  std::vector<std::string> Check(Database* db,
                                 const std::vector<StreamRecord>& log);

  // Counts for the report.
  uint64_t lines_read() const { return lines_read_; }
  // Records in the failure destinations at the latest check (both).
  uint64_t failed_records() const { return failed_records_; }
  // Both mappings' invocations and records in failed invocations (metrics,
  // since creation) at the latest check.
  uint64_t invocations() const { return invocations_; }
  uint64_t failed_invoke_records() const { return failed_invoke_records_; }

 private:
  struct Line {
    int64_t key = 0;
    std::string seq, session;
  };
  struct PastCheck {
    size_t lines = 0;                // lines in the file at the check
    std::string cp;                  // checkpoint then (past every record then)
    std::set<std::string> sessions;  // sessions seen by then
  };
  struct Mapping {
    std::string name, uuid, destination;
    std::vector<PastCheck> history;
  };

  absl::Status FindMappings(Database* db);
  // Records accounted for: delivered lines, plus failed-batch records.
  std::set<std::string> Accounted(Database* db, const Mapping& m,
                                  std::vector<Line>* lines,
                                  std::vector<std::string>* errors);
  void CheckCheckpoint(Database* db, const Mapping& m,
                       const std::vector<StreamRecord>& log,
                       std::vector<std::string>* errors);
  bool WaitCaughtUp(Database* db, const std::vector<StreamRecord>& log,
                    std::vector<std::string>* errors);
  void CheckComplete(const Mapping& m, const std::vector<StreamRecord>& log,
                     const std::set<std::string>& done,
                     std::vector<std::string>* errors);
  void CheckOrder(Mapping* m, const std::vector<Line>& lines,
                  const std::map<std::string, int64_t>& keys,
                  std::vector<std::string>* errors);

  const std::string db_dir_;
  const TriggerMode mode_;
  std::vector<Mapping> mappings_;
  uint64_t lines_read_ = 0;
  uint64_t failed_records_ = 0;
  uint64_t invocations_ = 0;
  uint64_t failed_invoke_records_ = 0;
};

}  // namespace eddy::crash

#endif  // EDDY_TESTS_CRASH_DELIVERIES_H_

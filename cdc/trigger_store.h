// Copyright (c) Eddy authors.
//
// Durable state of event source mappings in the "triggers" column family:
// each lane's checkpoint (with the mapping's counters and tumbling-window
// state) and the on-failure destination queues.
//
// Persistent format (key strings and JSON field names never change):
//
//   "ckpt/" <mapping uuid> "/" <lane:2 decimal digits>  -> JSON
//       {"next_seq": <uint64: first sequence number not yet done>,
//        "polled","filtered","invoked","invocations","failed","dropped",
//        "on_failure" (uint64 counters, MappingMetrics in that order),
//        "window_start_ms","window_end_ms" (int64; 0 = no open window),
//        "window_state" (JSON text the last invocation returned)}
//   "fq_next" -> fixed64 big-endian: the next failed-batch id
//   "fq/" <destination> "\x00" <id: 20 decimal digits> -> fixed32 BE n,
//       n bytes of JSON {"mapping_uuid","function_name","stream_id",
//       "stream_arn","failure" (the AWS failure-record JSON text)},
//       then per record, oldest first: fixed64 BE sequence, fixed32 BE
//       length, the record's stored bytes (cdc/change_record.h).
//
// Ids increase in arrival order across all destinations.
//
// Thread-safety: FailureQueue is thread-safe; the checkpoint functions are
// stateless.

#ifndef EDDY_CDC_TRIGGER_STORE_H_
#define EDDY_CDC_TRIGGER_STORE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "eddy/triggers.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace eddy::cdc {

// One lane's durable position and counters.
struct LaneCheckpoint {
  uint64_t next_seq = 0;
  MappingMetrics counts;  // the counters; iterator age and seq unused
  int64_t window_start_ms = 0;
  int64_t window_end_ms = 0;  // 0 = no open window
  std::string window_state = "{}";
};

std::string CheckpointKey(std::string_view uuid, int lane);
std::string CheckpointPrefix(std::string_view uuid);
std::string EncodeCheckpoint(const LaneCheckpoint& c);
absl::StatusOr<LaneCheckpoint> DecodeCheckpoint(std::string_view json);
// Adds the counters of `from` to *to.
void AddCounts(const MappingMetrics& from, MappingMetrics* to);

// Every checkpoint of a mapping, by lane index order. kInternal/kDataLoss
// on read errors.
absl::StatusOr<std::vector<LaneCheckpoint>> LoadCheckpoints(
    rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, std::string_view uuid);
// Adds deletes of every checkpoint of the mapping to *batch.
absl::Status DeleteCheckpoints(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                               std::string_view uuid,
                               rocksdb::WriteBatch* batch);

// A failed batch as queued: the public form plus what replay needs.
struct StoredFailedBatch {
  FailedBatch batch;  // records decoded
  std::string function_name;
  uint32_t stream_id = 0;
  std::string stream_arn;
  // (sequence, stored bytes), oldest first.
  std::vector<std::pair<uint64_t, std::string>> raw;
};

class FailureQueue {
 public:
  // REQUIRES: db and cf outlive this object.
  FailureQueue(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
               std::string region);

  // Reads the next id. Call once before other methods.
  absl::Status Load();

  // Appends a batch to `destination` durably (synced write). Returns its id.
  absl::StatusOr<std::string> Put(
      const std::string& destination, const std::string& mapping_uuid,
      const std::string& function_name, uint32_t stream_id,
      const std::string& stream_arn, const std::string& failure_json,
      const std::vector<std::pair<uint64_t, std::string_view>>& records);

  // kInvalidArgument for a limit outside 1..1000 or an empty destination.
  absl::StatusOr<ListFailedBatchesResult> List(
      const ListFailedBatchesRequest& request) const;
  // kNotFound if absent.
  absl::StatusOr<StoredFailedBatch> Get(std::string_view destination,
                                        std::string_view id) const;
  // kNotFound if absent.
  absl::Status Delete(std::string_view destination, std::string_view id);

 private:
  absl::StatusOr<StoredFailedBatch> Decode(std::string_view destination,
                                           std::string_view id,
                                           std::string_view value) const;

  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const cf_;
  const std::string region_;
  absl::Mutex mu_;
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_TRIGGER_STORE_H_

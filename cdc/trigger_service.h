// Copyright (c) Eddy authors.
//
// TriggerService: the event source mappings of a Database (contracts in
// eddy/triggers.h and eddy/database.h): create, get, list, update, delete,
// metrics, the on-failure destination queues, and one Dispatcher
// (cdc/trigger_dispatcher.h) per enabled mapping.
//
// Persistent formats: mappings in the catalog (cdc/trigger_config.h);
// checkpoints and failure queues in the triggers column family
// (cdc/trigger_store.h).
//
// Wiring (DBImpl): construct after the stream log and the function registry
// are loaded; Start() at Open (loads mappings, starts dispatchers, adds a
// registry listener); Stop() first thing in Close. TrimTimeLimit() is the
// retention hold (cdc/retention.h).
//
// Thread-safety: all methods are thread-safe. Update and Delete stop the
// mapping's dispatcher, waiting for an invocation in flight, so they return
// kFailedPrecondition when called from a trigger handler; a concurrent
// Update/Delete of the same mapping is kFailedPrecondition
// (ResourceInUseException).

#ifndef EDDY_CDC_TRIGGER_SERVICE_H_
#define EDDY_CDC_TRIGGER_SERVICE_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "cdc/trigger_dispatcher.h"
#include "cdc/trigger_store.h"
#include "eddy/functions.h"
#include "eddy/triggers.h"

namespace eddy::cdc {

class TriggerService {
 public:
  // REQUIRES: everything in deps outlives this object.
  explicit TriggerService(const TriggerDeps& deps);
  ~TriggerService();  // Stop()

  TriggerService(const TriggerService&) = delete;
  TriggerService& operator=(const TriggerService&) = delete;

  // Loads mappings and the failure queue, starts enabled mappings.
  absl::Status Start();
  // Stops every dispatcher (waiting for handlers in flight). Afterwards
  // every method but the failure-queue reads returns kFailedPrecondition.
  void Stop();

  // kInvalidArgument naming a parameter; kNotFound for an unknown stream.
  absl::StatusOr<EventSourceMapping> Create(
      const CreateEventSourceMappingRequest& r);
  // kNotFound for an unknown uuid.
  absl::StatusOr<EventSourceMapping> Get(std::string_view uuid) const;
  // kInvalidArgument for max_items outside 1..10000.
  absl::StatusOr<ListEventSourceMappingsResult> List(
      const ListEventSourceMappingsRequest& r) const;
  absl::StatusOr<EventSourceMapping> Update(
      const UpdateEventSourceMappingRequest& r);
  absl::StatusOr<EventSourceMapping> Delete(std::string_view uuid);
  absl::StatusOr<MappingMetrics> Metrics(std::string_view uuid) const;

  absl::StatusOr<ListFailedBatchesResult> ListFailedBatches(
      const ListFailedBatchesRequest& r) const;
  // Invokes the batch's function on the calling thread; removes the batch
  // if the call succeeded (no function error, no batch item failures).
  // kNotFound for an unknown batch or function.
  absl::StatusOr<FunctionResult> ReplayFailedBatch(std::string_view destination,
                                                   std::string_view id);
  absl::Status DeleteFailedBatch(std::string_view destination,
                                 std::string_view id);

  // The retention hold: the latest time at which StreamLog::Trim may run
  // without removing a record some mapping has not finished (now_ms if
  // nothing is held).
  int64_t TrimTimeLimit(int64_t now_ms) const;

 private:
  struct Entry {
    StoredMapping stored;
    std::unique_ptr<Dispatcher> dispatcher;  // null when disabled
    bool busy = false;                       // Update/Delete in progress
    uint64_t hold_seq = 0;  // checkpoint when no dispatcher runs
    std::string last_result = "No records processed";
  };
  class Hook;

  EventSourceMapping Describe(const Entry& e) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  absl::Status CheckRunning() const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  absl::StatusOr<uint64_t> InitialPosition(
      const StreamMeta& stream, const CreateEventSourceMappingRequest& r) const;
  absl::Status Persist(const StoredMapping& m, rocksdb::WriteBatch* batch);
  // Marks the entry busy and takes its dispatcher (stopped outside mu_).
  absl::StatusOr<std::unique_ptr<Dispatcher>> Acquire(std::string_view uuid,
                                                      StoredMapping* out);
  void PokeAll();

  const TriggerDeps deps_;
  FailureQueue failures_;
  std::shared_ptr<Hook> hook_;

  mutable absl::Mutex mu_;
  std::map<std::string, Entry, std::less<>> mappings_ ABSL_GUARDED_BY(mu_);
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_TRIGGER_SERVICE_H_

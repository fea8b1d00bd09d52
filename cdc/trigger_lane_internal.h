// Copyright (c) Eddy authors.
//
// Internals shared by trigger_lane.cc and trigger_lane_invoke.cc.

#ifndef EDDY_CDC_TRIGGER_LANE_INTERNAL_H_
#define EDDY_CDC_TRIGGER_LANE_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "cdc/trigger_lane.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc {

// A batch read from the log.
struct Lane::Batch {
  std::shared_ptr<RawRecords> recs;
  uint64_t end = 0;   // the first sequence number after what was scanned
  uint64_t upto = 0;  // StreamLog::last_committed() when read
  uint64_t polled = 0;
  uint64_t filtered = 0;
  bool full = false;  // stopped at BatchSize, the byte limit or a window end

  // The checkpoint once records [0, i) are done.
  uint64_t NextAfter(size_t i) const {
    return i < recs->size() ? (*recs)[i].seq : end;
  }
};

// What one invocation came to.
struct Lane::Outcome {
  enum Kind { kSuccess, kPartial, kFailure };
  Kind kind = kSuccess;
  size_t failed_index = 0;  // kPartial: the lowest failed record
  FunctionResult result;
  std::optional<std::string> state_json;  // "state" returned (windows)
  int64_t finished_ms = 0;                // clock when the call returned
  std::string request_id;
};

// Window start (ms) of a record created at created_ms; 0 without windows.
inline int64_t WindowStart(int window_s, int64_t created_ms) {
  if (window_s <= 0) return 0;
  int64_t w = int64_t{window_s} * 1000;
  int64_t q = created_ms / w;
  if (created_ms % w < 0) --q;
  return q * w;
}

// A record in its Lambda event shape (with eventSourceARN), for filters.
nlohmann::json LambdaRecordJson(const LaneEnv& env, uint64_t seq,
                                std::string_view value);

// The uuid of the mapping whose handler runs on this thread (nullptr if
// none): Update/Delete of that mapping from its own handler would wait for
// itself.
const std::string*& CurrentMappingUuid();

}  // namespace eddy::cdc

#endif  // EDDY_CDC_TRIGGER_LANE_INTERNAL_H_

// Copyright (c) Eddy authors.
//
// The EventSource (cdc/event_source.h) of a trigger batch: a slice of
// change records held as their stored bytes, decoded into StreamRecords and
// rendered as the Lambda DynamoDB event only when the handler asks.
//
// Event JSON: {"Records":[<StreamRecordToJson(record, arn)>...]} and, for a
// tumbling window, Lambda's extra fields: "window":{"start","end"} (ISO-8601
// UTC), "state", "shardId", "eventSourceARN", "isFinalInvokeForWindow",
// "isWindowTerminatedEarly".
//
// Thread-compatible (the lazily built members are not synchronized).

#ifndef EDDY_CDC_TRIGGER_BATCH_SOURCE_H_
#define EDDY_CDC_TRIGGER_BATCH_SOURCE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cdc/event_source.h"

namespace eddy::cdc {

// One change record as read from the "changes" column family.
struct RawRecord {
  uint64_t seq = 0;
  int64_t created_ms = 0;
  std::string value;  // stored bytes (cdc/change_record.h)
};
using RawRecords = std::vector<RawRecord>;

struct BatchSourceSpec {
  std::string event_source_arn;
  std::string region;
  uint32_t stream_id = 0;
  std::shared_ptr<const RawRecords> records;  // may be null (no records)
  size_t begin = 0;                           // slice [begin, end)
  size_t end = 0;
  std::optional<TumblingWindow> window;
};

std::shared_ptr<EventSource> StreamBatchSource(BatchSourceSpec spec);

// The created_ms of a stored record without decoding it all; 0 if the
// bytes are not a valid record.
int64_t RecordCreatedMs(std::string_view value);

// ISO-8601 UTC with milliseconds: "2026-11-24T01:21:43.123Z".
std::string IsoTime(int64_t ms);

}  // namespace eddy::cdc

#endif  // EDDY_CDC_TRIGGER_BATCH_SOURCE_H_

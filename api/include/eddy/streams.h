// Copyright (c) Eddy authors.
//
// DynamoDB Streams: change records and the API that reads them.
//
// When a table's stream is enabled, every committed change to an item writes
// exactly one change record, in the same atomic RocksDB write as the item.
// Writes that change nothing (a Put of an identical item, a Delete of a
// missing item, an Update leaving the item identical, a failed condition)
// write no record.
//
// A stream is a sequence of shards; a shard holds the records of a time
// period (DatabaseOptions::shard_rollover_ms), then closes and its child
// opens (ParentShardId links them). Sequence numbers increase strictly in
// commit order across the whole database and are rendered as decimal strings
// of at least 21 digits, so string order is numeric order.

#ifndef EDDY_STREAMS_H_
#define EDDY_STREAMS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/table.h"
#include "eddy/value.h"

namespace eddy {

// Persisted: values never change.
enum class EventName : uint8_t { kInsert = 1, kModify = 2, kRemove = 3 };
std::string_view EventNameString(EventName name);  // "INSERT", ...

// One change record, as GetRecords returns it.
struct StreamRecord {
  std::string event_id;  // unique per record
  EventName event_name = EventName::kInsert;
  std::string event_version;  // "1.1"
  std::string aws_region;
  int64_t approximate_creation_time_ms = 0;  // commit time
  Item keys;
  std::optional<Item> new_image;  // per view type; absent for REMOVE
  std::optional<Item> old_image;  // per view type; absent for INSERT
  std::string sequence_number;    // >= 21 decimal digits
  uint64_t size_bytes = 0;
  StreamViewType view_type = StreamViewType::kNewAndOldImages;
};

// Renders a record in the JSON shape AWS documents:
// {"eventID":..,"eventName":..,"eventVersion":..,"eventSource":"aws:dynamodb",
//  "awsRegion":..,"dynamodb":{"ApproximateCreationDateTime":<seconds>,
//  "Keys":{..},"NewImage":{..},"OldImage":{..},"SequenceNumber":"..",
//  "SizeBytes":n,"StreamViewType":".."}[, "eventSourceARN":..]}.
// eventSourceARN is included when event_source_arn is non-empty (trigger
// events carry it; GetRecords results do not).
std::string StreamRecordToJson(const StreamRecord& record,
                               std::string_view event_source_arn = {});

enum class StreamStatus : uint8_t { kEnabled, kDisabled };
std::string_view StreamStatusName(StreamStatus status);  // "ENABLED", ...

struct ListStreamsRequest {
  std::string table_name;  // "" = all tables
  std::string exclusive_start_stream_arn;
  int limit = 100;  // 1..100
};
struct StreamSummary {
  std::string stream_arn;
  std::string table_name;
  std::string stream_label;
};
struct ListStreamsResult {
  std::vector<StreamSummary> streams;
  std::optional<std::string> last_evaluated_stream_arn;
};

struct SequenceNumberRange {
  std::string starting_sequence_number;
  std::optional<std::string> ending_sequence_number;  // set once closed
};
struct Shard {
  std::string shard_id;
  std::optional<std::string> parent_shard_id;
  SequenceNumberRange sequence_number_range;
};

struct DescribeStreamRequest {
  std::string stream_arn;
  std::string exclusive_start_shard_id;
  int limit = 100;  // 1..100
};
struct StreamDescription {
  std::string stream_arn;
  std::string stream_label;
  StreamStatus stream_status = StreamStatus::kEnabled;
  StreamViewType stream_view_type = StreamViewType::kNewAndOldImages;
  int64_t creation_request_date_time_ms = 0;
  std::string table_name;
  KeySchema key_schema;
  std::vector<Shard> shards;  // oldest first; trimmed shards are gone
  std::optional<std::string> last_evaluated_shard_id;
};

enum class ShardIteratorType : uint8_t {
  kTrimHorizon,  // the oldest record still in the shard
  kLatest,       // just after the newest record
  kAtSequenceNumber,
  kAfterSequenceNumber,
  kAtTimestamp,  // beyond AWS: first record at or after timestamp_ms
};

struct GetShardIteratorRequest {
  std::string stream_arn;
  std::string shard_id;
  ShardIteratorType shard_iterator_type = ShardIteratorType::kTrimHorizon;
  std::string sequence_number;  // kAt/kAfterSequenceNumber
  int64_t timestamp_ms = 0;     // kAtTimestamp
};

struct GetRecordsRequest {
  std::string shard_iterator;
  int limit = 1000;  // 1..1000; results also stop at 1 MB
  // Beyond AWS, a blocking tail: if no record is available yet in an open
  // shard, wait up to wait_ms for one, woken by the commit itself.
  int64_t wait_ms = 0;
};
struct GetRecordsResult {
  std::vector<StreamRecord> records;
  // Absent once a closed shard has been read to its end.
  std::optional<std::string> next_shard_iterator;
};

}  // namespace eddy

#endif  // EDDY_STREAMS_H_

// Copyright (c) Eddy authors.
//
// Names of the stream enums and the JSON rendering of a stream record
// (eddy/streams.h, eddy/table.h), in the shape AWS documents for
// GetRecords and for Lambda stream events. Keys keep AWS's order.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "eddy/json.h"
#include "eddy/streams.h"
#include "eddy/table.h"
#include "engine/json_text.h"
#include "engine/strings.h"

namespace eddy {
namespace {

using engine::Sv;

// Floor division, so that times before the epoch round down too.
int64_t FloorSeconds(int64_t ms) {
  int64_t s = ms / 1000;
  return (ms % 1000 < 0) ? s - 1 : s;
}

// Appends `"key":` and the JSON string for `value`. Strings in a record
// may hold any bytes (S values are not validated as UTF-8 everywhere):
// invalid sequences are replaced instead of throwing.
void AppendString(std::string* out, std::string_view key,
                  std::string_view value) {
  engine::AppendJsonString(out, key);
  out->push_back(':');
  engine::AppendJsonString(out, value);
}

void AppendDynamodb(std::string* out, const StreamRecord& record) {
  absl::StrAppend(out, "\"dynamodb\":{\"ApproximateCreationDateTime\":",
                  FloorSeconds(record.approximate_creation_time_ms),
                  ",\"Keys\":", ItemToJson(record.keys));
  if (record.new_image) {
    absl::StrAppend(out, ",\"NewImage\":", ItemToJson(*record.new_image));
  }
  if (record.old_image) {
    absl::StrAppend(out, ",\"OldImage\":", ItemToJson(*record.old_image));
  }
  out->push_back(',');
  AppendString(out, "SequenceNumber", record.sequence_number);
  absl::StrAppend(out, ",\"SizeBytes\":", record.size_bytes,
                  ",\"StreamViewType\":\"",
                  Sv(StreamViewTypeName(record.view_type)), "\"}");
}

}  // namespace

std::string_view EventNameString(EventName name) {
  switch (name) {
    case EventName::kInsert:
      return "INSERT";
    case EventName::kModify:
      return "MODIFY";
    case EventName::kRemove:
      return "REMOVE";
  }
  return "UNKNOWN";
}

std::string_view StreamStatusName(StreamStatus status) {
  switch (status) {
    case StreamStatus::kEnabled:
      return "ENABLED";
    case StreamStatus::kDisabled:
      return "DISABLED";
  }
  return "UNKNOWN";
}

std::string_view StreamViewTypeName(StreamViewType type) {
  switch (type) {
    case StreamViewType::kKeysOnly:
      return "KEYS_ONLY";
    case StreamViewType::kNewImage:
      return "NEW_IMAGE";
    case StreamViewType::kOldImage:
      return "OLD_IMAGE";
    case StreamViewType::kNewAndOldImages:
      return "NEW_AND_OLD_IMAGES";
  }
  return "UNKNOWN";
}

bool ParseStreamViewType(std::string_view name, StreamViewType* type) {
  for (StreamViewType t :
       {StreamViewType::kKeysOnly, StreamViewType::kNewImage,
        StreamViewType::kOldImage, StreamViewType::kNewAndOldImages}) {
    if (name == StreamViewTypeName(t)) {
      *type = t;
      return true;
    }
  }
  return false;
}

// Written straight into one string, in AWS's key order: the item images
// come from ItemToJson (compact, valid UTF-8), so nothing is parsed back.
std::string StreamRecordToJson(const StreamRecord& record,
                               std::string_view event_source_arn) {
  std::string out = "{";
  AppendString(&out, "eventID", record.event_id);
  absl::StrAppend(&out, ",\"eventName\":\"",
                  Sv(EventNameString(record.event_name)), "\",");
  AppendString(&out, "eventVersion", record.event_version);
  out += ",\"eventSource\":\"aws:dynamodb\",";
  AppendString(&out, "awsRegion", record.aws_region);
  out.push_back(',');
  AppendDynamodb(&out, record);
  if (!event_source_arn.empty()) {
    out.push_back(',');
    AppendString(&out, "eventSourceARN", event_source_arn);
  }
  out.push_back('}');
  return out;
}

}  // namespace eddy

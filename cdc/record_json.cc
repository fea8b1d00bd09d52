// Copyright (c) Eddy authors.
//
// Names of the stream enums and the JSON rendering of a stream record
// (eddy/streams.h, eddy/table.h), in the shape AWS documents for
// GetRecords and for Lambda stream events. Keys keep AWS's order.

#include <cstdint>
#include <string>
#include <string_view>

#include "eddy/json.h"
#include "eddy/streams.h"
#include "eddy/table.h"
#include "nlohmann/json.hpp"

namespace eddy {
namespace {

using Json = nlohmann::ordered_json;

// ItemToJson renders valid JSON by contract, so parsing cannot fail.
Json ItemJson(const Item& item) { return Json::parse(ItemToJson(item)); }

// Floor division, so that times before the epoch round down too.
int64_t FloorSeconds(int64_t ms) {
  int64_t s = ms / 1000;
  return (ms % 1000 < 0) ? s - 1 : s;
}

Json DynamodbJson(const StreamRecord& record) {
  Json d = Json::object();
  d["ApproximateCreationDateTime"] =
      FloorSeconds(record.approximate_creation_time_ms);
  d["Keys"] = ItemJson(record.keys);
  if (record.new_image) d["NewImage"] = ItemJson(*record.new_image);
  if (record.old_image) d["OldImage"] = ItemJson(*record.old_image);
  d["SequenceNumber"] = record.sequence_number;
  d["SizeBytes"] = record.size_bytes;
  d["StreamViewType"] = std::string(StreamViewTypeName(record.view_type));
  return d;
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

std::string StreamRecordToJson(const StreamRecord& record,
                               std::string_view event_source_arn) {
  Json j = Json::object();
  j["eventID"] = record.event_id;
  j["eventName"] = std::string(EventNameString(record.event_name));
  j["eventVersion"] = record.event_version;
  j["eventSource"] = "aws:dynamodb";
  j["awsRegion"] = record.aws_region;
  j["dynamodb"] = DynamodbJson(record);
  if (!event_source_arn.empty()) {
    j["eventSourceARN"] = std::string(event_source_arn);
  }
  // Strings in a record may hold any bytes (S values are not validated as
  // UTF-8 everywhere); replace invalid sequences instead of throwing.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace eddy

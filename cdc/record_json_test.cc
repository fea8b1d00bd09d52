// Copyright (c) Eddy authors.

#include <string>

#include "eddy/streams.h"
#include "eddy/table.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace eddy {
namespace {

using V = AttributeValue;
using Json = nlohmann::json;

// The lab's MODIFY event (../shared/seed/input.txt), with our event version,
// a 21-digit sequence number and a creation time.
StreamRecord LabModify() {
  StreamRecord r;
  r.event_id = "2";
  r.event_name = EventName::kModify;
  r.event_version = "1.1";
  r.aws_region = "us-east-1";
  r.approximate_creation_time_ms = 1479499740123;
  r.keys = {{"Id", V::N("101")}};
  r.new_image =
      Item{{"Message", V::S("This item has changed")}, {"Id", V::N("101")}};
  r.old_image = Item{{"Message", V::S("New item!")}, {"Id", V::N("101")}};
  r.sequence_number = "000000000000000000222";
  r.size_bytes = 59;
  r.view_type = StreamViewType::kNewAndOldImages;
  return r;
}

TEST(RecordJsonTest, LabModifyHasTheAwsShape) {
  const Json want = Json::parse(R"({
    "eventID": "2", "eventName": "MODIFY", "eventVersion": "1.1",
    "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
    "dynamodb": {
      "ApproximateCreationDateTime": 1479499740,
      "Keys": {"Id": {"N": "101"}},
      "NewImage": {"Message": {"S": "This item has changed"},
                   "Id": {"N": "101"}},
      "OldImage": {"Message": {"S": "New item!"}, "Id": {"N": "101"}},
      "SequenceNumber": "000000000000000000222",
      "SizeBytes": 59,
      "StreamViewType": "NEW_AND_OLD_IMAGES"},
    "eventSourceARN": "stream-ARN"})");
  EXPECT_EQ(Json::parse(StreamRecordToJson(LabModify(), "stream-ARN")), want);
}

TEST(RecordJsonTest, KeepsAwsKeyOrder) {
  const std::string json = StreamRecordToJson(LabModify(), "arn");
  EXPECT_EQ(json.find("{\"eventID\":"), 0u) << json;
  EXPECT_LT(json.find("\"awsRegion\""), json.find("\"dynamodb\""));
  EXPECT_LT(json.find("\"dynamodb\""), json.find("\"eventSourceARN\""));
  EXPECT_LT(json.find("\"ApproximateCreationDateTime\""),
            json.find("\"Keys\""));
  EXPECT_LT(json.find("\"SizeBytes\""), json.find("\"StreamViewType\""));
}

TEST(RecordJsonTest, AbsentImagesAreAbsentKeys) {
  StreamRecord r = LabModify();
  r.event_name = EventName::kRemove;
  r.new_image.reset();
  Json j = Json::parse(StreamRecordToJson(r));
  EXPECT_EQ(j["eventName"], "REMOVE");
  EXPECT_FALSE(j["dynamodb"].contains("NewImage"));
  EXPECT_TRUE(j["dynamodb"].contains("OldImage"));

  r.old_image.reset();
  r.view_type = StreamViewType::kKeysOnly;
  j = Json::parse(StreamRecordToJson(r));
  EXPECT_FALSE(j["dynamodb"].contains("NewImage"));
  EXPECT_FALSE(j["dynamodb"].contains("OldImage"));
  EXPECT_EQ(j["dynamodb"]["StreamViewType"], "KEYS_ONLY");
}

TEST(RecordJsonTest, EmptyImageIsPresentAndEmpty) {
  StreamRecord r = LabModify();
  r.new_image = Item{};
  Json j = Json::parse(StreamRecordToJson(r));
  ASSERT_TRUE(j["dynamodb"].contains("NewImage"));
  EXPECT_EQ(j["dynamodb"]["NewImage"], Json::object());
}

TEST(RecordJsonTest, NoEventSourceArnUnlessGiven) {
  Json j = Json::parse(StreamRecordToJson(LabModify()));
  EXPECT_FALSE(j.contains("eventSourceARN"));
}

TEST(RecordJsonTest, CreationTimeIsFlooredSeconds) {
  StreamRecord r = LabModify();
  r.approximate_creation_time_ms = 1999;
  EXPECT_EQ(Json::parse(StreamRecordToJson(
                r))["dynamodb"]["ApproximateCreationDateTime"],
            1);
  r.approximate_creation_time_ms = -1;
  EXPECT_EQ(Json::parse(StreamRecordToJson(
                r))["dynamodb"]["ApproximateCreationDateTime"],
            -1);
}

TEST(RecordJsonTest, BinaryAndSetsRenderAsDynamoDbJson) {
  StreamRecord r = LabModify();
  r.new_image = Item{{"Id", V::N("101")},
                     {"B", V::B(std::string("\0\1\2", 3))},
                     {"SS", V::SS({"a", "b"})}};
  Json j = Json::parse(StreamRecordToJson(r));
  EXPECT_EQ(j["dynamodb"]["NewImage"]["B"], Json::parse(R"({"B":"AAEC"})"));
  EXPECT_EQ(j["dynamodb"]["NewImage"]["SS"],
            Json::parse(R"({"SS":["a","b"]})"));
}

TEST(RecordJsonTest, EnumNames) {
  EXPECT_EQ(EventNameString(EventName::kInsert), "INSERT");
  EXPECT_EQ(EventNameString(EventName::kModify), "MODIFY");
  EXPECT_EQ(EventNameString(EventName::kRemove), "REMOVE");
  EXPECT_EQ(StreamStatusName(StreamStatus::kEnabled), "ENABLED");
  EXPECT_EQ(StreamStatusName(StreamStatus::kDisabled), "DISABLED");
  for (auto [type, name] :
       {std::pair{StreamViewType::kKeysOnly, "KEYS_ONLY"},
        std::pair{StreamViewType::kNewImage, "NEW_IMAGE"},
        std::pair{StreamViewType::kOldImage, "OLD_IMAGE"},
        std::pair{StreamViewType::kNewAndOldImages, "NEW_AND_OLD_IMAGES"}}) {
    EXPECT_EQ(StreamViewTypeName(type), name);
    StreamViewType parsed = StreamViewType::kKeysOnly;
    ASSERT_TRUE(ParseStreamViewType(name, &parsed)) << name;
    EXPECT_EQ(parsed, type);
  }
  StreamViewType unchanged = StreamViewType::kOldImage;
  EXPECT_FALSE(ParseStreamViewType("keys_only", &unchanged));
  EXPECT_FALSE(ParseStreamViewType("", &unchanged));
  EXPECT_EQ(unchanged, StreamViewType::kOldImage);
}

}  // namespace
}  // namespace eddy

namespace eddy {
namespace {

// The record is written straight into a string: it must be compact JSON
// with AWS's key order, byte for byte what a JSON library would print.
TEST(RecordJsonTest, IsCompactJsonInAwsKeyOrder) {
  const std::string json = StreamRecordToJson(LabModify(), "stream-ARN");
  const nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(json);
  EXPECT_EQ(parsed.dump(), json);
  std::vector<std::string> keys;
  for (const auto& [key, value] : parsed.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "eventID", "eventName", "eventVersion", "eventSource",
                      "awsRegion", "dynamodb", "eventSourceARN"}));
  keys.clear();
  for (const auto& [key, value] : parsed["dynamodb"].items()) {
    keys.push_back(key);
  }
  EXPECT_EQ(keys,
            (std::vector<std::string>{"ApproximateCreationDateTime", "Keys",
                                      "NewImage", "OldImage", "SequenceNumber",
                                      "SizeBytes", "StreamViewType"}));
}

}  // namespace
}  // namespace eddy

// Copyright (c) Eddy authors.
//
// The DynamoDB Streams protocol over HTTP: UpdateTable enabling a stream,
// LatestStreamArn, ListStreams, DescribeStream, GetShardIterator with each
// iterator type, GetRecords and its errors.

#include <gtest/gtest.h>

#include "tests/server/server_test_util.h"

namespace eddy::server::testing {
namespace {

class StreamsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Json create = {
        {"TableName", "Dogs"},
        {"AttributeDefinitions",
         {{{"AttributeName", "Id"}, {"AttributeType", "N"}}}},
        {"KeySchema", {{{"AttributeName", "Id"}, {"KeyType", "HASH"}}}}};
    ASSERT_EQ(server_.Dynamo("CreateTable", create).status, 200);
    Reply updated = server_.Dynamo(
        "UpdateTable", {{"TableName", "Dogs"},
                        {"StreamSpecification",
                         {{"StreamEnabled", true},
                          {"StreamViewType", "NEW_AND_OLD_IMAGES"}}}});
    ASSERT_EQ(updated.status, 200) << updated.raw;
    const Json& table = updated.body["TableDescription"];
    stream_arn_ = table["LatestStreamArn"];
    EXPECT_FALSE(table["LatestStreamLabel"].get<std::string>().empty());
    EXPECT_EQ(table["StreamSpecification"]["StreamViewType"],
              "NEW_AND_OLD_IMAGES");
    Reply described =
        server_.Streams("DescribeStream", {{"StreamArn", stream_arn_}});
    ASSERT_EQ(described.status, 200) << described.raw;
    const Json& stream = described.body["StreamDescription"];
    EXPECT_EQ(stream["StreamStatus"], "ENABLED");
    EXPECT_EQ(stream["TableName"], "Dogs");
    ASSERT_FALSE(stream["Shards"].empty());
    shard_id_ = stream["Shards"][0]["ShardId"];
  }

  void Put(int id, const std::string& name) {
    Json item = {{"Id", {{"N", std::to_string(id)}}}, {"Name", {{"S", name}}}};
    ASSERT_EQ(server_.Dynamo("PutItem", {{"TableName", "Dogs"}, {"Item", item}})
                  .status,
              200);
  }

  Reply Iterator(const std::string& type, const std::string& sequence = "") {
    Json request = {{"StreamArn", stream_arn_},
                    {"ShardId", shard_id_},
                    {"ShardIteratorType", type}};
    if (!sequence.empty()) request["SequenceNumber"] = sequence;
    return server_.Streams("GetShardIterator", request);
  }

  Json Records(const std::string& iterator) {
    Reply reply = server_.Streams("GetRecords", {{"ShardIterator", iterator}});
    EXPECT_EQ(reply.status, 200) << reply.raw;
    return reply.body;
  }

  ServerFixture server_;
  std::string stream_arn_;
  std::string shard_id_;
};

TEST_F(StreamsServerTest, ListStreamsNamesTheTable) {
  Reply listed = server_.Streams("ListStreams", {{"TableName", "Dogs"}});
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.body["Streams"].size(), 1u);
  EXPECT_EQ(listed.body["Streams"][0]["StreamArn"], stream_arn_);
}

TEST_F(StreamsServerTest, EachIteratorTypeReadsTheRightRecords) {
  Reply latest = Iterator("LATEST");
  ASSERT_EQ(latest.status, 200) << latest.raw;
  Put(1, "Rex");
  Put(1, "Max");
  Json all = Records(Iterator("TRIM_HORIZON").body["ShardIterator"]);
  ASSERT_EQ(all["Records"].size(), 2u);
  const Json& first = all["Records"][0];
  EXPECT_EQ(first["eventName"], "INSERT");
  EXPECT_EQ(first["eventSource"], "aws:dynamodb");
  EXPECT_EQ(first["dynamodb"]["Keys"], Json({{"Id", {{"N", "1"}}}}));
  EXPECT_EQ(all["Records"][1]["eventName"], "MODIFY");
  EXPECT_EQ(all["Records"][1]["dynamodb"]["OldImage"]["Name"],
            Json({{"S", "Rex"}}));
  EXPECT_TRUE(all.contains("NextShardIterator"));

  const std::string seq1 = first["dynamodb"]["SequenceNumber"];
  Json at = Records(Iterator("AT_SEQUENCE_NUMBER", seq1).body["ShardIterator"]);
  EXPECT_EQ(at["Records"].size(), 2u);
  Json after =
      Records(Iterator("AFTER_SEQUENCE_NUMBER", seq1).body["ShardIterator"]);
  ASSERT_EQ(after["Records"].size(), 1u);
  EXPECT_EQ(after["Records"][0]["eventName"], "MODIFY");
  Json from_latest = Records(latest.body["ShardIterator"]);
  EXPECT_EQ(from_latest["Records"].size(), 2u);
}

TEST_F(StreamsServerTest, ErrorsHaveAwsNames) {
  Reply bad_type = Iterator("SOMEWHERE");
  EXPECT_EQ(bad_type.ErrorType(), "ValidationException");
  Reply bad_iterator =
      server_.Streams("GetRecords", {{"ShardIterator", "garbage"}});
  EXPECT_EQ(bad_iterator.status, 400);
  EXPECT_EQ(bad_iterator.ErrorType(), "ValidationException");
  Reply missing = server_.Streams(
      "DescribeStream",
      {{"StreamArn", stream_arn_.substr(0, stream_arn_.size() - 3) + "999"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.ErrorType(), "ResourceNotFoundException");
  Reply unknown = server_.Streams("Frobnicate", Json::object());
  EXPECT_EQ(unknown.ErrorType(), "UnknownOperationException");
}

}  // namespace
}  // namespace eddy::server::testing

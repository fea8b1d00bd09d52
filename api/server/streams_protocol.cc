// Copyright (c) Eddy authors.
//
// DynamoDB Streams (DynamoDBStreams_20120810.*): ListStreams,
// DescribeStream, GetShardIterator, GetRecords.

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/server/dynamodb_protocol.h"

namespace eddy::server {
namespace {

absl::StatusOr<ShardIteratorType> ParseIteratorType(const std::string& text) {
  if (text == "TRIM_HORIZON") return ShardIteratorType::kTrimHorizon;
  if (text == "LATEST") return ShardIteratorType::kLatest;
  if (text == "AT_SEQUENCE_NUMBER") return ShardIteratorType::kAtSequenceNumber;
  if (text == "AFTER_SEQUENCE_NUMBER") {
    return ShardIteratorType::kAfterSequenceNumber;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "1 validation error detected: Value '", text,
      "' at 'shardIteratorType' failed to satisfy constraint: Member must "
      "satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, "
      "AT_SEQUENCE_NUMBER, TRIM_HORIZON]"));
}

Json ShardToWire(const Shard& shard) {
  Json range = {{"StartingSequenceNumber",
                 shard.sequence_number_range.starting_sequence_number}};
  if (shard.sequence_number_range.ending_sequence_number) {
    range["EndingSequenceNumber"] =
        *shard.sequence_number_range.ending_sequence_number;
  }
  Json out = {{"ShardId", shard.shard_id},
              {"SequenceNumberRange", std::move(range)}};
  if (shard.parent_shard_id) out["ParentShardId"] = *shard.parent_shard_id;
  return out;
}

}  // namespace

absl::StatusOr<Json> ListStreams(Database& db, const Json& request) {
  ListStreamsRequest list;
  list.table_name = StringField(request, "TableName");
  list.exclusive_start_stream_arn =
      StringField(request, "ExclusiveStartStreamArn");
  list.limit = request.value("Limit", 100);
  absl::StatusOr<ListStreamsResult> result = db.ListStreams(list);
  if (!result.ok()) return result.status();
  Json streams = Json::array();
  for (const StreamSummary& stream : result->streams) {
    streams.push_back({{"StreamArn", stream.stream_arn},
                       {"TableName", stream.table_name},
                       {"StreamLabel", stream.stream_label}});
  }
  Json out = {{"Streams", std::move(streams)}};
  if (result->last_evaluated_stream_arn) {
    out["LastEvaluatedStreamArn"] = *result->last_evaluated_stream_arn;
  }
  return out;
}

absl::StatusOr<Json> DescribeStream(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "StreamArn"); !s.ok()) return s;
  DescribeStreamRequest describe;
  describe.stream_arn = StringField(request, "StreamArn");
  describe.exclusive_start_shard_id =
      StringField(request, "ExclusiveStartShardId");
  describe.limit = request.value("Limit", 100);
  absl::StatusOr<StreamDescription> stream = db.DescribeStream(describe);
  if (!stream.ok()) return stream.status();
  Json shards = Json::array();
  for (const Shard& shard : stream->shards)
    shards.push_back(ShardToWire(shard));
  Json out = {
      {"StreamArn", stream->stream_arn},
      {"StreamLabel", stream->stream_label},
      {"StreamStatus", std::string(StreamStatusName(stream->stream_status))},
      {"StreamViewType",
       std::string(StreamViewTypeName(stream->stream_view_type))},
      {"CreationRequestDateTime",
       static_cast<double>(stream->creation_request_date_time_ms) / 1000},
      {"TableName", stream->table_name},
      {"KeySchema", KeySchemaToWire(stream->key_schema)},
      {"Shards", std::move(shards)}};
  if (stream->last_evaluated_shard_id) {
    out["LastEvaluatedShardId"] = *stream->last_evaluated_shard_id;
  }
  return Json{{"StreamDescription", std::move(out)}};
}

absl::StatusOr<Json> GetShardIterator(Database& db, const Json& request) {
  for (const char* field : {"StreamArn", "ShardId", "ShardIteratorType"}) {
    if (absl::Status s = RequireField(request, field); !s.ok()) return s;
  }
  absl::StatusOr<ShardIteratorType> type =
      ParseIteratorType(StringField(request, "ShardIteratorType"));
  if (!type.ok()) return type.status();
  GetShardIteratorRequest get{
      .stream_arn = StringField(request, "StreamArn"),
      .shard_id = StringField(request, "ShardId"),
      .shard_iterator_type = *type,
      .sequence_number = StringField(request, "SequenceNumber")};
  absl::StatusOr<std::string> iterator = db.GetShardIterator(get);
  if (!iterator.ok()) return iterator.status();
  return Json{{"ShardIterator", *iterator}};
}

absl::StatusOr<Json> GetRecords(Database& db, const Json& request) {
  if (absl::Status s = RequireField(request, "ShardIterator"); !s.ok()) {
    return s;
  }
  GetRecordsRequest get{.shard_iterator = StringField(request, "ShardIterator"),
                        .limit = request.value("Limit", 1000)};
  absl::StatusOr<GetRecordsResult> result = db.GetRecords(get);
  if (!result.ok()) return result.status();
  Json records = Json::array();
  for (const StreamRecord& record : result->records) {
    records.push_back(Json::parse(StreamRecordToJson(record)));
  }
  Json out = {{"Records", std::move(records)}};
  if (result->next_shard_iterator) {
    out["NextShardIterator"] = *result->next_shard_iterator;
  }
  return out;
}

}  // namespace eddy::server

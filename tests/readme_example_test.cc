// Copyright (c) Eddy authors.
//
// The README's C++ example, compiled and run, so the README stays true.

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eddy/database.h"
#include "eddy/status.h"
#include "tests/testing_util.h"

namespace {

using eddy::AttributeValue;

absl::Status Example(const std::string& path, int* printed) {
  auto db = eddy::Database::Open(path, {});
  if (!db.ok()) return db.status();
  auto table = (*db)->CreateTable(
      {.table_name = "Dogs",
       .key_schema = {.partition_key = {"Id", eddy::KeyType::kN}},
       .stream_specification = eddy::StreamSpecification{
           true, eddy::StreamViewType::kNewAndOldImages}});
  if (!table.ok()) return table.status();

  auto put = (*db)->PutItem(
      {.table_name = "Dogs",
       .item = {{"Id", AttributeValue::N(101)},
                {"Message", AttributeValue::S("New item!")}},
       .condition = eddy::Condition::NotExists(eddy::Path::Attr("Id"))});
  if (eddy::IsConditionalCheckFailed(put.status())) { /* already there */
  }

  auto stream = (*db)->DescribeStream({.stream_arn = table->latest_stream_arn});
  if (!stream.ok()) return stream.status();
  auto it =
      (*db)->GetShardIterator({.stream_arn = table->latest_stream_arn,
                               .shard_id = stream->shards.front().shard_id});
  if (!it.ok()) return it.status();
  auto records = (*db)->GetRecords({.shard_iterator = *it});
  if (!records.ok()) return records.status();
  for (const eddy::StreamRecord& r : records->records) {
    std::puts(eddy::StreamRecordToJson(r).c_str());
    ++*printed;
  }
  return (*db)->Close();
}

// The README's trigger example: the body of TriggerExample below is the
// README text, between the markers.
absl::Status TriggerExample(eddy::Database* db, const std::string& stream_arn,
                            absl::Mutex* mu, std::vector<std::string>* seen) {
  // README-BEGIN
  // A C++ function, called with batches of change records (the Lambda
  // DynamoDB event) on a dispatcher thread, with no engine lock held.
  absl::Status registered = db->RegisterFunction(
      "audit",
      [mu, seen](const eddy::FunctionEvent& event,
                 const eddy::InvokeContext& context) {
        absl::MutexLock lock(mu);
        for (const eddy::StreamRecord& r : event.records()) {
          seen->push_back(std::string(eddy::EventNameString(r.event_name)));
        }
        return eddy::FunctionResult::Success();  // or Error, BatchItemFailures
      },
      {.timeout_ms = 3000});
  if (!registered.ok()) return registered;
  // Map the stream to it: every record delivered at least once, in order
  // per item, with Lambda's parameters (retries, bisection, filters, ...).
  auto mapping = db->CreateEventSourceMapping(
      {.event_source_arn = stream_arn,
       .function_name = "audit",
       .starting_position = eddy::StartingPosition::kTrimHorizon,
       .config = {.batch_size = 100, .maximum_retry_attempts = 3}});
  // README-END
  return mapping.status();
}

TEST(ReadmeExampleTest, TriggerRuns) {
  eddy::testing::TempDir dir;
  auto db = eddy::Database::Open(dir.Sub("db"), {});
  ASSERT_TRUE(db.ok()) << db.status();
  auto table = (*db)->CreateTable(
      {.table_name = "Dogs",
       .key_schema = {.partition_key = {"Id", eddy::KeyType::kN}},
       .stream_specification = eddy::StreamSpecification{
           true, eddy::StreamViewType::kNewAndOldImages}});
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_TRUE((*db)
                  ->PutItem({.table_name = "Dogs",
                             .item = {{"Id", AttributeValue::N(1)}}})
                  .ok());
  ASSERT_TRUE((*db)
                  ->DeleteItem({.table_name = "Dogs",
                                .key = {{"Id", AttributeValue::N(1)}}})
                  .ok());
  absl::Mutex mu;
  std::vector<std::string> seen;
  absl::Status s =
      TriggerExample(db->get(), table->latest_stream_arn, &mu, &seen);
  ASSERT_TRUE(s.ok()) << s;
  {
    absl::MutexLock lock(&mu);
    auto two = [&seen]() { return seen.size() >= 2; };
    ASSERT_TRUE(mu.AwaitWithTimeout(absl::Condition(&two), absl::Seconds(60)));
    EXPECT_EQ(seen, (std::vector<std::string>{"INSERT", "REMOVE"}));
  }
  ASSERT_TRUE((*db)->Close().ok());
}

TEST(ReadmeExampleTest, Runs) {
  eddy::testing::TempDir dir;
  int printed = 0;
  absl::Status s = Example(dir.Sub("dogs-db"), &printed);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(printed, 1);
}

}  // namespace

// Copyright (c) Eddy authors.
//
// The README's C++ example, compiled and run, so the README stays true.

#include <gtest/gtest.h>

#include <cstdio>

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

TEST(ReadmeExampleTest, Runs) {
  eddy::testing::TempDir dir;
  int printed = 0;
  absl::Status s = Example(dir.Sub("dogs-db"), &printed);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(printed, 1);
}

}  // namespace

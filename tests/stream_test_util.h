// Copyright (c) Eddy authors.
//
// Helpers for tests that read a table's stream through the public API.

#ifndef EDDY_TESTS_STREAM_TEST_UTIL_H_
#define EDDY_TESTS_STREAM_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eddy/database.h"

namespace eddy::testing {

// Every record of every shard of the table's latest stream, in shard order
// (TRIM_HORIZON to the end of each shard, following lineage).
inline std::vector<StreamRecord> ReadAllRecords(Database* db,
                                                const std::string& table) {
  std::vector<StreamRecord> out;
  auto desc = db->DescribeTable(table);
  EXPECT_TRUE(desc.ok()) << desc.status();
  if (!desc.ok() || desc->latest_stream_arn.empty()) return out;
  auto stream = db->DescribeStream({.stream_arn = desc->latest_stream_arn});
  EXPECT_TRUE(stream.ok()) << stream.status();
  if (!stream.ok()) return out;
  for (const Shard& shard : stream->shards) {
    auto it = db->GetShardIterator(
        {.stream_arn = desc->latest_stream_arn, .shard_id = shard.shard_id});
    EXPECT_TRUE(it.ok()) << it.status();
    if (!it.ok()) return out;
    std::string iterator = *it;
    while (true) {
      auto page = db->GetRecords({.shard_iterator = iterator});
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) return out;
      out.insert(out.end(), page->records.begin(), page->records.end());
      if (page->records.empty() || !page->next_shard_iterator) break;
      iterator = *page->next_shard_iterator;
    }
  }
  return out;
}

}  // namespace eddy::testing

#endif  // EDDY_TESTS_STREAM_TEST_UTIL_H_

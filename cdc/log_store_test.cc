// Copyright (c) Eddy authors.

#include "cdc/log_store.h"

#include <gtest/gtest.h>

#include <memory>

#include "rocksdb/db.h"
#include "tests/testing_util.h"

namespace eddy::cdc {
namespace {

using ::eddy::testing::TempDir;

class LogStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open() {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, tmp_.Sub("db"), &raw).ok());
    db_.reset(raw);
    store_ = std::make_unique<LogStore>(db_.get(), db_->DefaultColumnFamily(),
                                        &clock_, "us-east-1", "000000000000");
    ASSERT_TRUE(store_->Load().ok());
  }
  void Reopen() {
    store_.reset();
    db_.reset();
    Open();
  }
  void Append(const std::string& stream, std::vector<std::string> messages) {
    std::vector<LogLine> lines;
    for (auto& m : messages) lines.push_back({clock_.NowMillis(), m});
    ASSERT_TRUE(store_->Append("/aws/lambda/f", stream, lines).ok());
  }
  std::vector<std::string> Messages(const std::vector<LogEvent>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.message);
    return out;
  }

  TempDir tmp_;
  ManualClock clock_{1'700'000'000'000};
  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<LogStore> store_;
};

TEST_F(LogStoreTest, AppendsAndDescribesDurably) {
  Append("s1", {"a", "b"});
  clock_.AdvanceMillis(10);
  Append("s2", {"c"});
  Reopen();
  auto groups = store_->DescribeLogGroups({});
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->log_groups.size(), 1u);
  EXPECT_EQ(groups->log_groups[0].log_group_name, "/aws/lambda/f");
  EXPECT_EQ(groups->log_groups[0].stored_bytes, 3);
  DescribeLogStreamsRequest ds;
  ds.log_group_name = "/aws/lambda/f";
  ds.order_by_last_event_time = true;
  ds.descending = true;
  auto streams = store_->DescribeLogStreams(ds);
  ASSERT_TRUE(streams.ok());
  ASSERT_EQ(streams->log_streams.size(), 2u);
  EXPECT_EQ(streams->log_streams[0].log_stream_name, "s2");
  Append("s1", {"d"});  // sequence numbers continue after reopen
  GetLogEventsRequest g;
  g.log_group_name = "/aws/lambda/f";
  g.log_stream_name = "s1";
  g.start_from_head = true;
  auto events = store_->GetLogEvents(g);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(Messages(events->events),
            (std::vector<std::string>{"a", "b", "d"}));
}

TEST_F(LogStoreTest, GetLogEventsPagesForwardAndBackward) {
  Append("s", {"1", "2", "3", "4", "5"});
  GetLogEventsRequest g;
  g.log_group_name = "/aws/lambda/f";
  g.log_stream_name = "s";
  g.limit = 2;
  auto last = store_->GetLogEvents(g);  // start_from_head=false: the newest
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(Messages(last->events), (std::vector<std::string>{"4", "5"}));
  g.next_token = last->next_backward_token;
  auto before = store_->GetLogEvents(g);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(Messages(before->events), (std::vector<std::string>{"2", "3"}));
  g.next_token = "";
  g.start_from_head = true;
  auto head = store_->GetLogEvents(g);
  EXPECT_EQ(Messages(head->events), (std::vector<std::string>{"1", "2"}));
  g.next_token = head->next_forward_token;
  auto next = store_->GetLogEvents(g);
  EXPECT_EQ(Messages(next->events), (std::vector<std::string>{"3", "4"}));
  g.next_token = last->next_forward_token;  // at the end: empty, same token
  auto end = store_->GetLogEvents(g);
  EXPECT_TRUE(end->events.empty());
  EXPECT_EQ(end->next_forward_token, last->next_forward_token);
  Append("s", {"6"});
  auto tail = store_->GetLogEvents(g);
  EXPECT_EQ(Messages(tail->events), (std::vector<std::string>{"6"}));
  g.next_token = "garbage";
  EXPECT_EQ(store_->GetLogEvents(g).status().code(),
            absl::StatusCode::kInvalidArgument);
  g.next_token = "";
  g.log_stream_name = "missing";
  EXPECT_EQ(store_->GetLogEvents(g).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(LogStoreTest, FilterPatterns) {
  EXPECT_TRUE(MatchesFilterPattern("", "anything"));
  EXPECT_TRUE(MatchesFilterPattern("ERROR db", "ERROR: db down"));
  EXPECT_FALSE(MatchesFilterPattern("ERROR db", "ERROR: net down"));
  EXPECT_TRUE(MatchesFilterPattern("\"db down\"", "ERROR: db down"));
  EXPECT_FALSE(MatchesFilterPattern("\"down db\"", "ERROR: db down"));
  EXPECT_TRUE(MatchesFilterPattern("?WARN ?ERROR", "WARN x"));
  EXPECT_FALSE(MatchesFilterPattern("?WARN ?ERROR", "INFO x"));
  EXPECT_FALSE(MatchesFilterPattern("ERROR -db", "ERROR: db down"));
  EXPECT_TRUE(MatchesFilterPattern("ERROR -db", "ERROR: net down"));
  EXPECT_FALSE(MatchesFilterPattern("error", "ERROR"));  // case-sensitive
}

TEST_F(LogStoreTest, FilterLogEventsMergesStreamsByTimeAndPages) {
  Append("a", {"INSERT 1"});
  clock_.AdvanceMillis(1);
  Append("b", {"MODIFY 2"});
  clock_.AdvanceMillis(1);
  Append("a", {"REMOVE 3", "other"});
  FilterLogEventsRequest f;
  f.log_group_name = "/aws/lambda/f";
  f.filter_pattern = "?INSERT ?MODIFY ?REMOVE";
  f.limit = 2;
  auto page1 = store_->FilterLogEvents(f);
  ASSERT_TRUE(page1.ok()) << page1.status();
  EXPECT_EQ(Messages(page1->events),
            (std::vector<std::string>{"INSERT 1", "MODIFY 2"}));
  ASSERT_TRUE(page1->next_token.has_value());
  f.next_token = *page1->next_token;
  auto page2 = store_->FilterLogEvents(f);
  EXPECT_EQ(Messages(page2->events), (std::vector<std::string>{"REMOVE 3"}));
  EXPECT_FALSE(page2->next_token.has_value());
  f.next_token = "";
  f.log_group_name = "/aws/lambda/none";
  EXPECT_EQ(store_->FilterLogEvents(f).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(LogStoreTest, RetentionExpiresOldEvents) {
  Append("s", {"old"});
  clock_.AdvanceMillis(2 * 86'400'000);
  Append("s", {"new"});
  EXPECT_EQ(store_->SetRetention("/aws/lambda/f", 2).code(),
            absl::StatusCode::kInvalidArgument);  // not a CloudWatch value
  ASSERT_TRUE(store_->SetRetention("/aws/lambda/f", 1).ok());
  GetLogEventsRequest g;
  g.log_group_name = "/aws/lambda/f";
  g.log_stream_name = "s";
  g.start_from_head = true;
  EXPECT_EQ(Messages(store_->GetLogEvents(g)->events),
            (std::vector<std::string>{"new"}));
  Reopen();
  auto groups = store_->DescribeLogGroups({});
  EXPECT_EQ(groups->log_groups[0].retention_in_days, 1);
}

TEST_F(LogStoreTest, LongMessagesAreCut) {
  Append("s", {std::string(LogStore::kMessageBytesMax + 10, 'x')});
  GetLogEventsRequest g;
  g.log_group_name = "/aws/lambda/f";
  g.log_stream_name = "s";
  EXPECT_EQ(store_->GetLogEvents(g)->events[0].message.size(),
            LogStore::kMessageBytesMax);
}

}  // namespace
}  // namespace eddy::cdc

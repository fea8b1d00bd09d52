// Copyright (c) Eddy authors.
//
// A fixture for StreamReader tests below the Database: a RocksDB with the
// catalog and changes column families, a StreamLog, a ManualClock, and a
// Capture() that commits one change record the way the write path does
// (AssignSequence, record, one write, Committed).

#ifndef EDDY_CDC_STREAM_READER_TEST_UTIL_H_
#define EDDY_CDC_STREAM_READER_TEST_UTIL_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cdc/change_record.h"
#include "cdc/retention.h"
#include "cdc/stream_log.h"
#include "cdc/stream_reader.h"
#include "eddy/status.h"
#include "engine/item_codec.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "tests/testing_util.h"

namespace eddy::cdc {

inline constexpr int64_t kStartMs = 1'790'000'000'000;  // Nov 2026

class StreamReaderTest : public ::testing::Test {
 protected:
  StreamReaderTest() : clock_(kStartMs) {
    options_.clock = &clock_;
    options_.shard_rollover_ms = 3'600'000;    // 1 h
    options_.stream_retention_ms = 7'200'000;  // 2 h
  }
  ~StreamReaderTest() override {
    reader_.reset();
    log_.reset();
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  }

  void SetUp() override { Reopen(); }

  // (Re)creates the log and reader over the same RocksDB.
  void Reopen() {
    if (db_ == nullptr) OpenRocks();
    log_ = std::make_unique<StreamLog>(db_.get(), handles_[1], handles_[2],
                                       &clock_, options_);
    ASSERT_TRUE(log_->Load().ok());
    reader_ = std::make_unique<StreamReader>(db_.get(), handles_[2], log_.get(),
                                             &clock_, options_);
  }

  StreamMeta Create(const std::string& table,
                    StreamViewType view = StreamViewType::kNewAndOldImages) {
    rocksdb::WriteBatch batch;
    StreamMeta m = log_->CreateStream(
        table, 1, {{"Id", KeyType::kN}, std::nullopt}, view, &batch);
    EXPECT_TRUE(db_->Write(rocksdb::WriteOptions(), &batch).ok());
    log_->Publish();
    return m;
  }

  // Commits an INSERT of {Id: id, Message: message}; returns its sequence.
  uint64_t Capture(const StreamMeta& s, int id, std::string message = "m") {
    Item item{{"Id", AttributeValue::N(id)},
              {"Message", AttributeValue::S(std::move(message))}};
    rocksdb::WriteBatch batch;
    uint64_t seq = Assign(s, item, &batch);
    Commit(seq, &batch);
    return seq;
  }

  // The first half of Capture: the record is in *batch, not committed.
  uint64_t Assign(const StreamMeta& s, const Item& item,
                  rocksdb::WriteBatch* batch) {
    std::string keys, image, value;
    engine::EncodeItem({{"Id", item.at("Id")}}, &keys);
    engine::EncodeItem(item, &image);
    RecordInput in;
    in.event_name = EventName::kInsert;
    in.view_type = s.view_type;
    in.created_ms = clock_.NowMillis();
    in.keys = keys;
    in.new_image = image;
    EncodeChangeRecord(in, &value);
    uint64_t seq = log_->AssignSequence(s.id, clock_.NowMillis(), batch);
    batch->Put(handles_[2], ChangeKey(s.id, seq), value);
    return seq;
  }

  void Commit(uint64_t seq, rocksdb::WriteBatch* batch) {
    ASSERT_TRUE(db_->Write(rocksdb::WriteOptions(), batch).ok());
    log_->Committed(seq);
  }

  std::vector<Shard> Shards(const StreamMeta& s) {
    absl::StatusOr<StreamDescription> d = reader_->DescribeStream({s.arn});
    EXPECT_TRUE(d.ok()) << d.status();
    return d.ok() ? d->shards : std::vector<Shard>{};
  }

  std::string Iterator(const StreamMeta& s, const std::string& shard_id,
                       ShardIteratorType type = ShardIteratorType::kTrimHorizon,
                       std::string seq = "", int64_t timestamp_ms = 0) {
    absl::StatusOr<std::string> it = reader_->GetShardIterator(
        {s.arn, shard_id, type, std::move(seq), timestamp_ms});
    EXPECT_TRUE(it.ok()) << it.status();
    return it.ok() ? *it : "";
  }

  GetRecordsResult Read(const std::string& iterator, int limit = 1000) {
    absl::StatusOr<GetRecordsResult> r =
        reader_->GetRecords({iterator, limit, 0});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *std::move(r) : GetRecordsResult{};
  }

  static std::vector<std::string> Messages(const GetRecordsResult& r) {
    std::vector<std::string> out;
    for (const StreamRecord& rec : r.records) {
      out.push_back(rec.new_image ? rec.new_image->at("Message").s() : "-");
    }
    return out;
  }

  ManualClock clock_;
  DatabaseOptions options_;
  ::eddy::testing::TempDir dir_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<StreamLog> log_;
  std::unique_ptr<StreamReader> reader_;

 private:
  void OpenRocks() {
    rocksdb::DBOptions o;
    o.create_if_missing = true;
    o.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
        {rocksdb::kDefaultColumnFamilyName, {}},
        {"catalog", {}},
        {"changes", {}}};
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(o, dir_.path(), cfs, &handles_, &raw).ok());
    db_.reset(raw);
  }
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_STREAM_READER_TEST_UTIL_H_

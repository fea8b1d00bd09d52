// Copyright (c) Eddy authors.
//
// The streams side of DBImpl: the stream log, the reader and the retention
// thread, and the DynamoDB Streams calls forwarded to the reader. Stream
// reads take no catalog or item lock: StreamLog and RocksDB snapshots make
// them consistent on their own.

#include "cdc/retention.h"
#include "cdc/stream_log.h"
#include "cdc/stream_reader.h"
#include "engine/db_impl.h"

namespace eddy::engine {

absl::Status DBImpl::StartStreams() {
  stream_log_ = std::make_unique<cdc::StreamLog>(db_.get(), catalog_cf_,
                                                 changes_cf_, clock_, options_);
  if (absl::Status s = stream_log_->Load(); !s.ok()) return s;
  write_group_ = std::make_unique<WriteGroup>(db_.get(), items_cf_, changes_cf_,
                                              stream_log_.get(), clock_);
  stream_reader_ = std::make_unique<cdc::StreamReader>(
      db_.get(), changes_cf_, stream_log_.get(), clock_, options_);
  retention_ = std::make_unique<cdc::RetentionThread>(
      stream_log_.get(), clock_, options_.retention_check_interval_ms);
  return absl::OkStatus();
}

void DBImpl::StopStreams() {
  if (retention_) retention_->Stop();
}

absl::StatusOr<ListStreamsResult> DBImpl::ListStreams(
    const ListStreamsRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  if (!r.table_name.empty()) {
    // As AWS: naming a table that does not exist is an error. (A deleted
    // table's streams are still listed when no table is named.)
    absl::ReaderMutexLock catalog(&catalog_mu_);
    if (absl::Status s = FindTable(r.table_name).status(); !s.ok()) return s;
  }
  return stream_reader_->ListStreams(r);
}

absl::StatusOr<StreamDescription> DBImpl::DescribeStream(
    const DescribeStreamRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return stream_reader_->DescribeStream(r);
}

absl::StatusOr<std::string> DBImpl::GetShardIterator(
    const GetShardIteratorRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return stream_reader_->GetShardIterator(r);
}

absl::StatusOr<GetRecordsResult> DBImpl::GetRecords(
    const GetRecordsRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return stream_reader_->GetRecords(r);
}

}  // namespace eddy::engine

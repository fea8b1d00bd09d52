// Copyright (c) Eddy authors.
//
// TEMPORARY: forwarding to cdc::StreamReader lands with the streams reader.

#include "cdc/stream_log.h"
#include "engine/db_impl.h"

namespace eddy::engine {

DBImpl::~DBImpl() { Close().IgnoreError(); }

absl::Status DBImpl::StartStreams() {
  stream_log_ = std::make_unique<cdc::StreamLog>(db_.get(), catalog_cf_,
                                                 changes_cf_, clock_, options_);
  if (absl::Status s = stream_log_->Load(); !s.ok()) return s;
  write_group_ = std::make_unique<WriteGroup>(db_.get(), items_cf_, changes_cf_,
                                              stream_log_.get(), clock_);
  return absl::OkStatus();
}

void DBImpl::StopStreams() {}

absl::StatusOr<ListStreamsResult> DBImpl::ListStreams(
    const ListStreamsRequest& r) {
  return absl::UnimplementedError("ListStreams");
}
absl::StatusOr<StreamDescription> DBImpl::DescribeStream(
    const DescribeStreamRequest& r) {
  return absl::UnimplementedError("DescribeStream");
}
absl::StatusOr<std::string> DBImpl::GetShardIterator(
    const GetShardIteratorRequest& r) {
  return absl::UnimplementedError("GetShardIterator");
}
absl::StatusOr<GetRecordsResult> DBImpl::GetRecords(
    const GetRecordsRequest& r) {
  return absl::UnimplementedError("GetRecords");
}

}  // namespace eddy::engine

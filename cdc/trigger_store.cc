// Copyright (c) Eddy authors.

#include "cdc/trigger_store.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cdc/change_record.h"
#include "engine/errors.h"
#include "engine/strings.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc {
namespace {

using Json = nlohmann::json;
using engine::Sv;

constexpr char kCheckpointPrefix[] = "ckpt/";
constexpr char kQueuePrefix[] = "fq/";
constexpr char kNextIdKey[] = "fq_next";

void PutBE(uint64_t v, int bytes, std::string* out) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(char(v >> (8 * i)));
}
uint64_t GetBE(std::string_view in, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | uint8_t(in[i]);
  return v;
}

std::string QueuePrefix(std::string_view destination) {
  std::string p = absl::StrCat(kQueuePrefix, Sv(destination));
  p.push_back('\0');
  return p;
}

std::string QueueKey(std::string_view destination, std::string_view id) {
  return absl::StrCat(QueuePrefix(destination), Sv(id));
}

rocksdb::Slice S(const std::string& s) { return rocksdb::Slice(s); }

}  // namespace

std::string CheckpointPrefix(std::string_view uuid) {
  return absl::StrCat(kCheckpointPrefix, Sv(uuid), "/");
}

std::string CheckpointKey(std::string_view uuid, int lane) {
  return absl::StrFormat("%s%02d", CheckpointPrefix(uuid), lane);
}

std::string EncodeCheckpoint(const LaneCheckpoint& c) {
  const MappingMetrics& m = c.counts;
  Json j = {{"next_seq", c.next_seq},
            {"polled", m.polled_event_count},
            {"filtered", m.filtered_out_event_count},
            {"invoked", m.invoked_event_count},
            {"invocations", m.invocations},
            {"failed", m.failed_invoke_event_count},
            {"dropped", m.dropped_event_count},
            {"on_failure", m.on_failure_destination_delivered_event_count},
            {"window_start_ms", c.window_start_ms},
            {"window_end_ms", c.window_end_ms},
            {"window_state", c.window_state}};
  return j.dump();
}

absl::StatusOr<LaneCheckpoint> DecodeCheckpoint(std::string_view text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return absl::DataLossError("corrupt trigger checkpoint");
  try {
    LaneCheckpoint c;
    MappingMetrics& m = c.counts;
    c.next_seq = j.at("next_seq").get<uint64_t>();
    m.polled_event_count = j.value("polled", uint64_t{0});
    m.filtered_out_event_count = j.value("filtered", uint64_t{0});
    m.invoked_event_count = j.value("invoked", uint64_t{0});
    m.invocations = j.value("invocations", uint64_t{0});
    m.failed_invoke_event_count = j.value("failed", uint64_t{0});
    m.dropped_event_count = j.value("dropped", uint64_t{0});
    m.on_failure_destination_delivered_event_count =
        j.value("on_failure", uint64_t{0});
    c.window_start_ms = j.value("window_start_ms", int64_t{0});
    c.window_end_ms = j.value("window_end_ms", int64_t{0});
    c.window_state = j.value("window_state", std::string("{}"));
    return c;
  } catch (const Json::exception& e) {
    return absl::DataLossError(
        absl::StrCat("corrupt trigger checkpoint: ", e.what()));
  }
}

void AddCounts(const MappingMetrics& f, MappingMetrics* t) {
  t->polled_event_count += f.polled_event_count;
  t->filtered_out_event_count += f.filtered_out_event_count;
  t->invoked_event_count += f.invoked_event_count;
  t->invocations += f.invocations;
  t->failed_invoke_event_count += f.failed_invoke_event_count;
  t->dropped_event_count += f.dropped_event_count;
  t->on_failure_destination_delivered_event_count +=
      f.on_failure_destination_delivered_event_count;
}

absl::StatusOr<std::vector<LaneCheckpoint>> LoadCheckpoints(
    rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, std::string_view uuid) {
  std::vector<LaneCheckpoint> out;
  std::string prefix = CheckpointPrefix(uuid);
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), cf));
  for (it->Seek(S(prefix)); it->Valid() && it->key().starts_with(S(prefix));
       it->Next()) {
    absl::StatusOr<LaneCheckpoint> c = DecodeCheckpoint(
        std::string_view(it->value().data(), it->value().size()));
    if (!c.ok()) return c.status();
    out.push_back(*std::move(c));
  }
  if (!it->status().ok()) return engine::FromRocks(it->status());
  return out;
}

absl::Status DeleteCheckpoints(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                               std::string_view uuid,
                               rocksdb::WriteBatch* batch) {
  std::string prefix = CheckpointPrefix(uuid);
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), cf));
  for (it->Seek(S(prefix)); it->Valid() && it->key().starts_with(S(prefix));
       it->Next()) {
    batch->Delete(cf, it->key()).PermitUncheckedError();
  }
  return engine::FromRocks(it->status());
}

FailureQueue::FailureQueue(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                           std::string region)
    : db_(db), cf_(cf), region_(std::move(region)) {}

absl::Status FailureQueue::Load() {
  std::string v;
  rocksdb::Status rs = db_->Get(rocksdb::ReadOptions(), cf_, kNextIdKey, &v);
  if (rs.IsNotFound()) return absl::OkStatus();
  if (!rs.ok()) return engine::FromRocks(rs);
  if (v.size() != 8) return absl::DataLossError("corrupt fq_next");
  absl::MutexLock lock(&mu_);
  next_id_ = GetBE(v, 8);
  return absl::OkStatus();
}

absl::StatusOr<std::string> FailureQueue::Put(
    const std::string& destination, const std::string& mapping_uuid,
    const std::string& function_name, uint32_t stream_id,
    const std::string& stream_arn, const std::string& failure_json,
    const std::vector<std::pair<uint64_t, std::string_view>>& records) {
  std::string header = Json{
      {"mapping_uuid", mapping_uuid},
      {"function_name", function_name},
      {"stream_id", stream_id},
      {"stream_arn", stream_arn},
      {"failure",
       failure_json}}.dump();
  std::string value;
  PutBE(header.size(), 4, &value);
  value += header;
  for (const auto& [seq, bytes] : records) {
    PutBE(seq, 8, &value);
    PutBE(bytes.size(), 4, &value);
    value.append(bytes.data(), bytes.size());
  }
  absl::MutexLock lock(&mu_);
  std::string id = absl::StrFormat("%020d", next_id_);
  std::string next;
  PutBE(next_id_ + 1, 8, &next);
  rocksdb::WriteBatch batch;
  batch.Put(cf_, QueueKey(destination, id), value).PermitUncheckedError();
  batch.Put(cf_, kNextIdKey, next).PermitUncheckedError();
  rocksdb::WriteOptions wo;
  wo.sync = true;
  rocksdb::Status rs = db_->Write(wo, &batch);
  if (!rs.ok()) return engine::FromRocks(rs);
  ++next_id_;
  return id;
}

absl::StatusOr<StoredFailedBatch> FailureQueue::Decode(
    std::string_view destination, std::string_view id,
    std::string_view value) const {
  auto corrupt = [&] {
    return absl::DataLossError(absl::StrCat("corrupt failed batch ", Sv(id)));
  };
  if (value.size() < 4) return corrupt();
  size_t n = GetBE(value, 4);
  if (value.size() < 4 + n) return corrupt();
  Json h = Json::parse(value.substr(4, n), nullptr, false);
  if (!h.is_object()) return corrupt();
  StoredFailedBatch out;
  try {
    out.batch.mapping_uuid = h.at("mapping_uuid").get<std::string>();
    out.function_name = h.at("function_name").get<std::string>();
    out.stream_id = h.at("stream_id").get<uint32_t>();
    out.stream_arn = h.at("stream_arn").get<std::string>();
    out.batch.json = h.at("failure").get<std::string>();
  } catch (const Json::exception&) {
    return corrupt();
  }
  out.batch.id = std::string(id);
  out.batch.destination = std::string(destination);
  std::string_view rest = value.substr(4 + n);
  while (!rest.empty()) {
    if (rest.size() < 12) return corrupt();
    uint64_t seq = GetBE(rest, 8);
    size_t len = GetBE(rest.substr(8), 4);
    if (rest.size() < 12 + len) return corrupt();
    std::string_view bytes = rest.substr(12, len);
    absl::StatusOr<StreamRecord> r =
        DecodeChangeRecord(bytes, out.stream_id, seq);
    if (!r.ok()) return r.status();
    r->aws_region = region_;
    out.batch.records.push_back(*std::move(r));
    out.raw.emplace_back(seq, std::string(bytes));
    rest.remove_prefix(12 + len);
  }
  return out;
}

absl::StatusOr<ListFailedBatchesResult> FailureQueue::List(
    const ListFailedBatchesRequest& r) const {
  if (r.limit < 1 || r.limit > 1000) {
    return engine::ValidationError("Limit must be between 1 and 1000");
  }
  if (r.destination.empty()) {
    return engine::ValidationError("Destination must not be empty");
  }
  std::string prefix = QueuePrefix(r.destination);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf_));
  std::string start = r.exclusive_start_id.empty()
                          ? prefix
                          : QueueKey(r.destination, r.exclusive_start_id);
  ListFailedBatchesResult out;
  for (it->Seek(S(start)); it->Valid() && it->key().starts_with(S(prefix));
       it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    std::string_view id = key.substr(prefix.size());
    if (id == r.exclusive_start_id) continue;
    if (static_cast<int>(out.batches.size()) == r.limit) {
      out.last_evaluated_id = out.batches.back().id;
      break;
    }
    absl::StatusOr<StoredFailedBatch> b =
        Decode(r.destination, id,
               std::string_view(it->value().data(), it->value().size()));
    if (!b.ok()) return b.status();
    out.batches.push_back(std::move(b->batch));
  }
  if (!it->status().ok()) return engine::FromRocks(it->status());
  return out;
}

absl::StatusOr<StoredFailedBatch> FailureQueue::Get(
    std::string_view destination, std::string_view id) const {
  std::string v;
  rocksdb::Status rs =
      db_->Get(rocksdb::ReadOptions(), cf_, QueueKey(destination, id), &v);
  if (rs.IsNotFound()) {
    return engine::ResourceNotFound(absl::StrCat(
        "Failed batch ", Sv(id), " not found in ", Sv(destination)));
  }
  if (!rs.ok()) return engine::FromRocks(rs);
  return Decode(destination, id, v);
}

absl::Status FailureQueue::Delete(std::string_view destination,
                                  std::string_view id) {
  absl::StatusOr<StoredFailedBatch> b = Get(destination, id);
  if (!b.ok()) return b.status();
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return engine::FromRocks(db_->Delete(wo, cf_, QueueKey(destination, id)));
}

}  // namespace eddy::cdc

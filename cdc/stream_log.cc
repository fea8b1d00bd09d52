// Copyright (c) Eddy authors.

#include "cdc/stream_log.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cdc/change_record.h"
#include "engine/catalog.h"
#include "engine/errors.h"

namespace eddy::cdc {
namespace {

using nlohmann::json;

constexpr char kStreamPrefix[] = "stream/";
constexpr char kShardPrefix[] = "shard/";
constexpr char kNextStreamIdKey[] = "next_stream_id";
constexpr char kLastSequenceKey[] = "last_sequence";

std::string StreamKey(uint32_t id) {
  return absl::StrFormat("%s%08x", kStreamPrefix, id);
}
std::string ShardKey(uint32_t stream_id, uint32_t index) {
  return absl::StrFormat("%s%08x/%08x", kShardPrefix, stream_id, index);
}
std::string Fixed(uint64_t v, int bytes) {
  std::string out;
  for (int i = bytes - 1; i >= 0; --i) out.push_back(char(v >> (8 * i)));
  return out;
}
uint64_t Unfixed(std::string_view s) {
  uint64_t v = 0;
  for (char c : s) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

json KeyJson(const KeyAttribute& k) {
  return {{"name", k.name}, {"type", static_cast<int>(k.type)}};
}
KeyAttribute KeyFromJson(const json& j) {
  return KeyAttribute{j.at("name").get<std::string>(),
                      static_cast<KeyType>(j.at("type").get<int>())};
}

json ShardJson(const ShardMeta& s) {
  return {{"shard_id", s.shard_id},   {"parent_shard_id", s.parent_shard_id},
          {"start_seq", s.start_seq}, {"closed", s.closed},
          {"end_seq", s.end_seq},     {"created_ms", s.created_ms},
          {"closed_ms", s.closed_ms}};
}

ShardMeta ShardFromJson(const json& j, uint32_t stream_id, uint32_t index) {
  ShardMeta s;
  s.stream_id = stream_id;
  s.index = index;
  s.shard_id = j.at("shard_id").get<std::string>();
  s.parent_shard_id = j.at("parent_shard_id").get<std::string>();
  s.start_seq = j.at("start_seq").get<uint64_t>();
  s.closed = j.at("closed").get<bool>();
  s.end_seq = j.at("end_seq").get<uint64_t>();
  s.created_ms = j.at("created_ms").get<int64_t>();
  s.closed_ms = j.at("closed_ms").get<int64_t>();
  return s;
}

}  // namespace

std::string StreamLabel(int64_t ms) {
  absl::Time t = absl::FromUnixMillis(ms);
  return absl::StrCat(
      absl::FormatTime("%Y-%m-%dT%H:%M:%S", t, absl::UTCTimeZone()),
      absl::StrFormat(".%03d", static_cast<int>(((ms % 1000) + 1000) % 1000)));
}

StreamLog::StreamLog(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* catalog_cf,
                     rocksdb::ColumnFamilyHandle* changes_cf, Clock* clock,
                     const DatabaseOptions& options)
    : db_(db),
      catalog_cf_(catalog_cf),
      changes_cf_(changes_cf),
      clock_(clock),
      options_(options) {}

void StreamLog::PutStream(const StreamMeta& m,
                          rocksdb::WriteBatch* batch) const {
  json j = {
      {"id", m.id},
      {"table_name", m.table_name},
      {"table_id", m.table_id},
      {"label", m.label},
      {"view_type", static_cast<int>(m.view_type)},
      {"created_ms", m.created_ms},
      {"status", m.status == StreamStatus::kEnabled ? "ENABLED" : "DISABLED"},
      {"disabled_ms", m.disabled_ms},
      {"pk", KeyJson(m.key_schema.partition_key)}};
  if (m.key_schema.sort_key) j["sk"] = KeyJson(*m.key_schema.sort_key);
  batch->Put(catalog_cf_, StreamKey(m.id), j.dump()).PermitUncheckedError();
}

void StreamLog::PutShard(const ShardMeta& s, rocksdb::WriteBatch* batch) const {
  batch->Put(catalog_cf_, ShardKey(s.stream_id, s.index), ShardJson(s).dump())
      .PermitUncheckedError();
}

absl::Status StreamLog::Load() {
  absl::MutexLock lock(&mu_);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), catalog_cf_));
  try {
    for (it->Seek(kStreamPrefix);
         it->Valid() && it->key().starts_with(kStreamPrefix); it->Next()) {
      json j = json::parse(it->value().ToString());
      StreamState st;
      StreamMeta& m = st.meta;
      m.id = j.at("id").get<uint32_t>();
      m.table_name = j.at("table_name").get<std::string>();
      m.table_id = j.at("table_id").get<uint32_t>();
      m.label = j.at("label").get<std::string>();
      m.view_type = static_cast<StreamViewType>(j.at("view_type").get<int>());
      m.created_ms = j.at("created_ms").get<int64_t>();
      m.status = j.at("status").get<std::string>() == "ENABLED"
                     ? StreamStatus::kEnabled
                     : StreamStatus::kDisabled;
      m.disabled_ms = j.at("disabled_ms").get<int64_t>();
      m.key_schema.partition_key = KeyFromJson(j.at("pk"));
      if (j.contains("sk")) m.key_schema.sort_key = KeyFromJson(j.at("sk"));
      m.arn = absl::StrCat(
          engine::TableArn(options_.region, options_.account_id, m.table_name),
          "/stream/", m.label);
      streams_[m.id] = std::move(st);
    }
    for (it->Seek(kShardPrefix);
         it->Valid() && it->key().starts_with(kShardPrefix); it->Next()) {
      std::string key = it->key().ToString();
      uint32_t stream_id = 0, index = 0;
      if (sscanf(key.c_str() + 6, "%8x/%8x", &stream_id, &index) != 2) {
        return absl::DataLossError("corrupt shard key " + key);
      }
      auto found = streams_.find(stream_id);
      if (found == streams_.end()) continue;  // stream removed by retention
      found->second.shards.push_back(
          ShardFromJson(json::parse(it->value().ToString()), stream_id, index));
    }
  } catch (const json::exception& e) {
    return absl::DataLossError(
        absl::StrCat("corrupt stream catalog entry: ", e.what()));
  }
  if (!it->status().ok()) return engine::FromRocks(it->status());
  std::string value;
  rocksdb::Status rs =
      db_->Get(rocksdb::ReadOptions(), catalog_cf_, kNextStreamIdKey, &value);
  if (rs.ok()) next_stream_id_ = static_cast<uint32_t>(Unfixed(value));
  // The last sequence number is not written with each commit: it is the
  // highest of the records and shards present, and of "last_sequence",
  // which Trim writes before it deletes records.
  rs = db_->Get(rocksdb::ReadOptions(), catalog_cf_, kLastSequenceKey, &value);
  if (rs.ok()) last_assigned_ = Unfixed(value);
  for (auto& [id, st] : streams_) {
    if (!st.shards.empty()) {
      st.trimmed_before = st.shards.front().start_seq;
      st.last_seq = st.shards.front().start_seq - 1;
    }
    std::unique_ptr<rocksdb::Iterator> ci(
        db_->NewIterator(rocksdb::ReadOptions(), changes_cf_));
    ci->SeekForPrev(ChangeKey(id, UINT64_MAX));
    uint32_t sid = 0;
    uint64_t seq = 0;
    if (ci->Valid() &&
        ParseChangeKey(std::string_view(ci->key().data(), ci->key().size()),
                       &sid, &seq) &&
        sid == id) {
      st.last_seq = seq;
    }
    last_assigned_ = std::max(last_assigned_, st.last_seq);
    for (const ShardMeta& shard : st.shards) {
      last_assigned_ = std::max(
          last_assigned_, shard.closed ? shard.end_seq : shard.start_seq - 1);
    }
  }
  last_committed_ = last_assigned_;
  return absl::OkStatus();
}

std::vector<StreamMeta> StreamLog::Streams() const {
  absl::MutexLock lock(&mu_);
  std::vector<StreamMeta> out;
  for (const auto& [id, st] : streams_) out.push_back(st.meta);
  return out;
}

std::optional<StreamMeta> StreamLog::FindStream(std::string_view arn) const {
  absl::MutexLock lock(&mu_);
  for (const auto& [id, st] : streams_) {
    if (st.meta.arn == arn) return st.meta;
  }
  return std::nullopt;
}

std::optional<StreamMeta> StreamLog::FindStreamById(uint32_t id) const {
  absl::MutexLock lock(&mu_);
  auto it = streams_.find(id);
  if (it == streams_.end()) return std::nullopt;
  return it->second.meta;
}

std::vector<ShardMeta> StreamLog::Shards(uint32_t stream_id) const {
  absl::MutexLock lock(&mu_);
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return {};
  return it->second.shards;
}

uint64_t StreamLog::TrimmedBefore(uint32_t stream_id) const {
  absl::MutexLock lock(&mu_);
  auto it = streams_.find(stream_id);
  return it == streams_.end() ? 0 : it->second.trimmed_before;
}

ShardMeta StreamLog::NewShard(const StreamState& stream, uint64_t start_seq,
                              int64_t now_ms) const {
  ShardMeta s;
  s.stream_id = stream.meta.id;
  s.index = stream.shards.empty() ? 0 : stream.shards.back().index + 1;
  uint64_t mix =
      (uint64_t{s.stream_id} << 32 | s.index) * 0x9E3779B97F4A7C15ull;
  s.shard_id = absl::StrFormat("shardId-%020d-%08x", now_ms,
                               static_cast<uint32_t>(mix >> 32));
  s.parent_shard_id =
      stream.shards.empty() ? "" : stream.shards.back().shard_id;
  s.start_seq = start_seq;
  s.created_ms = now_ms;
  return s;
}

StreamMeta StreamLog::CreateStream(const std::string& table_name,
                                   uint32_t table_id,
                                   const KeySchema& key_schema,
                                   StreamViewType view_type,
                                   rocksdb::WriteBatch* batch) {
  absl::MutexLock lock(&mu_);
  int64_t now = clock_->NowMillis();
  // Labels (and so ARNs) must differ from every earlier stream of the table.
  int64_t label_ms = now;
  for (const auto* streams : {&streams_, &pending_}) {
    for (const auto& [id, st] : *streams) {
      if (st.meta.table_name == table_name && st.meta.created_ms >= label_ms) {
        label_ms = st.meta.created_ms + 1;
      }
    }
  }
  StreamState st;
  StreamMeta& m = st.meta;
  m.id = next_stream_id_++;
  m.table_name = table_name;
  m.table_id = table_id;
  m.label = StreamLabel(label_ms);
  m.arn = absl::StrCat(
      engine::TableArn(options_.region, options_.account_id, table_name),
      "/stream/", m.label);
  m.view_type = view_type;
  m.created_ms = label_ms;
  m.key_schema = key_schema;
  st.last_seq = last_assigned_;
  st.shards.push_back(NewShard(st, last_assigned_ + 1, now));
  st.trimmed_before = st.shards.front().start_seq;
  PutStream(m, batch);
  PutShard(st.shards.back(), batch);
  batch->Put(catalog_cf_, kNextStreamIdKey, Fixed(next_stream_id_, 4))
      .PermitUncheckedError();
  StreamMeta result = m;
  pending_[m.id] = std::move(st);
  return result;
}

void StreamLog::DisableStream(uint32_t stream_id, rocksdb::WriteBatch* batch) {
  absl::MutexLock lock(&mu_);
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return;
  StreamState st = it->second;
  int64_t now = clock_->NowMillis();
  st.meta.status = StreamStatus::kDisabled;
  st.meta.disabled_ms = now;
  ShardMeta& open = st.shards.back();
  if (open.open()) {
    open.closed = true;
    open.closed_ms = now;
    open.end_seq = std::max(st.last_seq, open.start_seq - 1);
    PutShard(open, batch);
  }
  PutStream(st.meta, batch);
  pending_[stream_id] = std::move(st);
}

void StreamLog::Publish() {
  absl::MutexLock lock(&mu_);
  for (auto& [id, st] : pending_) streams_[id] = std::move(st);
  pending_.clear();
}

void StreamLog::Abandon() {
  absl::MutexLock lock(&mu_);
  pending_.clear();
}

uint64_t StreamLog::AssignSequence(uint32_t stream_id, int64_t now_ms,
                                   rocksdb::WriteBatch* batch) {
  absl::MutexLock lock(&mu_);
  uint64_t seq = ++last_assigned_;
  StreamState& st = streams_.at(stream_id);
  ShardMeta& shard = st.shards.back();
  assert(shard.open());
  bool has_records = st.last_seq >= shard.start_seq;
  if (has_records && now_ms - shard.created_ms >= options_.shard_rollover_ms) {
    shard.closed = true;
    shard.closed_ms = now_ms;
    shard.end_seq = st.last_seq;
    PutShard(shard, batch);
    ShardMeta child = NewShard(st, seq, now_ms);
    PutShard(child, batch);
    st.shards.push_back(std::move(child));
  }
  st.last_seq = seq;
  return seq;
}

void StreamLog::Committed(uint64_t sequence) {
  absl::MutexLock lock(&mu_);
  if (sequence > last_committed_) last_committed_ = sequence;
  if (!waiting_after_.empty() && last_committed_ > *waiting_after_.begin()) {
    ++wakeups_;
    committed_cv_.SignalAll();
  }
}

uint64_t StreamLog::last_committed() const {
  absl::MutexLock lock(&mu_);
  return last_committed_;
}

bool StreamLog::WaitForCommitAfter(uint64_t after, int64_t timeout_ms) const {
  absl::Time deadline = absl::Now() + absl::Milliseconds(timeout_ms);
  absl::MutexLock lock(&mu_);
  if (last_committed_ > after) return true;
  auto entry = waiting_after_.insert(after);
  bool timed_out = false;
  while (last_committed_ <= after && !timed_out) {
    timed_out = committed_cv_.WaitWithDeadline(&mu_, deadline);
  }
  waiting_after_.erase(entry);
  return last_committed_ > after;
}

size_t StreamLog::waiters_for_test() const {
  absl::MutexLock lock(&mu_);
  return waiting_after_.size();
}

uint64_t StreamLog::wakeups_for_test() const {
  absl::MutexLock lock(&mu_);
  return wakeups_;
}

absl::StatusOr<int> StreamLog::Trim(int64_t now_ms) {
  if (options_.stream_retention_ms < 0) return 0;
  int64_t horizon = now_ms - options_.stream_retention_ms;
  absl::MutexLock lock(&mu_);
  rocksdb::WriteBatch batch;
  int removed = 0;
  std::map<uint32_t, StreamState> next = streams_;
  for (auto it = next.begin(); it != next.end();) {
    StreamState& st = it->second;
    while (!st.shards.empty() && st.shards.front().closed &&
           st.shards.front().closed_ms <= horizon) {
      const ShardMeta& s = st.shards.front();
      batch
          .DeleteRange(changes_cf_, ChangeKey(st.meta.id, s.start_seq),
                       ChangeKey(st.meta.id, s.end_seq + 1))
          .PermitUncheckedError();
      batch.Delete(catalog_cf_, ShardKey(s.stream_id, s.index))
          .PermitUncheckedError();
      st.trimmed_before = s.end_seq + 1;
      st.shards.erase(st.shards.begin());
      ++removed;
    }
    if (st.shards.empty() && st.meta.status == StreamStatus::kDisabled) {
      batch.Delete(catalog_cf_, StreamKey(st.meta.id)).PermitUncheckedError();
      it = next.erase(it);
    } else {
      ++it;
    }
  }
  if (removed == 0 && next.size() == streams_.size()) return 0;
  // Load recovers the sequence counter from the records; before deleting
  // any, the counter is kept here (it covers every sequence ever assigned).
  batch.Put(catalog_cf_, kLastSequenceKey, Fixed(last_assigned_, 8))
      .PermitUncheckedError();
  rocksdb::WriteOptions wo;
  absl::Status s = engine::FromRocks(db_->Write(wo, &batch));
  if (!s.ok()) return s;
  streams_ = std::move(next);
  return removed;
}

}  // namespace eddy::cdc

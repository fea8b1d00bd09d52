// Copyright (c) Eddy authors.
//
// LogStore: loading, appending, retention and the Describe calls.

#include "cdc/log_store.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/errors.h"
#include "nlohmann/json.hpp"
#include "rocksdb/write_batch.h"

namespace eddy::cdc {
namespace {

using nlohmann::json;

void PutU64(std::string* out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out->push_back(char(v >> (8 * i)));
}

constexpr int kRetentionDays[] = {1,    3,    5,    7,    14,   30,  60,  90,
                                  120,  150,  180,  365,  400,  545, 731, 1096,
                                  1827, 2192, 2557, 2922, 3288, 3653};

}  // namespace

std::string LogGroupKey(const std::string& group) {
  return absl::StrCat("g", std::string(1, '\0'), group);
}
std::string LogStreamKey(const std::string& group, const std::string& stream) {
  std::string k = absl::StrCat("s", std::string(1, '\0'), group);
  k.push_back('\0');
  k += stream;
  return k;
}
std::string LogEventKey(const std::string& group, const std::string& stream,
                        uint64_t seq) {
  std::string k = absl::StrCat("e", std::string(1, '\0'), group);
  k.push_back('\0');
  k += stream;
  k.push_back('\0');
  PutU64(&k, seq);
  return k;
}

LogStore::LogStore(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                   Clock* clock, std::string region, std::string account_id)
    : db_(db),
      cf_(cf),
      clock_(clock),
      region_(std::move(region)),
      account_id_(std::move(account_id)) {}

absl::Status LogStore::Load() {
  {
    absl::MutexLock lock(&mu_);
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), cf_));
    for (it->Seek(std::string("g\0", 2)); it->Valid(); it->Next()) {
      std::string key = it->key().ToString();
      if (key[0] != 'g' && key[0] != 's') break;
      json j = json::parse(it->value().ToString(), nullptr, false);
      if (j.is_discarded()) return absl::DataLossError("corrupt log record");
      if (key[0] == 'g') {
        GroupMeta g;
        g.creation_time_ms = j.value("creation_time_ms", int64_t{0});
        if (j.contains("retention_in_days")) {
          g.retention_in_days = j["retention_in_days"].get<int>();
        }
        groups_[key.substr(2)] = g;
        continue;
      }
      size_t sep = key.find('\0', 2);
      if (sep == std::string::npos) return absl::DataLossError("bad log key");
      StreamMeta s;
      s.creation_time_ms = j.value("creation_time_ms", int64_t{0});
      s.first_event_ms = j.value("first_event_ms", int64_t{0});
      s.last_event_ms = j.value("last_event_ms", int64_t{0});
      s.last_ingestion_ms = j.value("last_ingestion_ms", int64_t{0});
      s.stored_bytes = j.value("stored_bytes", int64_t{0});
      s.next_seq = j.value("next_seq", uint64_t{0});
      s.ordinal = j.value("ordinal", int64_t{0});
      next_ordinal_ = std::max(next_ordinal_, s.ordinal + 1);
      streams_[{key.substr(2, sep - 2), key.substr(sep + 1)}] = s;
    }
    if (!it->status().ok()) return engine::FromRocks(it->status());
  }
  return ExpireOld();
}

absl::Status LogStore::PutGroup(const std::string& group,
                                const GroupMeta& meta) {
  json j = {{"creation_time_ms", meta.creation_time_ms}};
  if (meta.retention_in_days) j["retention_in_days"] = *meta.retention_in_days;
  rocksdb::WriteOptions wo;
  return engine::FromRocks(db_->Put(wo, cf_, LogGroupKey(group), j.dump()));
}

absl::Status LogStore::CreateGroup(const std::string& group) {
  absl::MutexLock lock(&mu_);
  if (groups_.count(group) != 0) return absl::OkStatus();
  GroupMeta meta;
  meta.creation_time_ms = clock_->NowMillis();
  absl::Status s = PutGroup(group, meta);
  if (s.ok()) groups_[group] = meta;
  return s;
}

absl::Status LogStore::SetRetention(const std::string& group,
                                    std::optional<int> days) {
  if (days && std::find(std::begin(kRetentionDays), std::end(kRetentionDays),
                        *days) == std::end(kRetentionDays)) {
    return engine::ValidationError(
        absl::StrCat("retentionInDays: invalid value ", *days));
  }
  {
    absl::MutexLock lock(&mu_);
    auto it = groups_.find(group);
    if (it == groups_.end()) {
      return engine::ResourceNotFound(
          "The specified log group does not exist.");
    }
    GroupMeta meta = it->second;
    meta.retention_in_days = days;
    absl::Status s = PutGroup(group, meta);
    if (!s.ok()) return s;
    it->second = meta;
  }
  return ExpireOld();
}

absl::Status LogStore::Append(const std::string& group,
                              const std::string& stream,
                              const std::vector<LogLine>& lines) {
  if (lines.empty()) return absl::OkStatus();
  bool expire = false;
  {
    absl::MutexLock lock(&mu_);
    int64_t now = clock_->NowMillis();
    if (groups_.count(group) == 0) {
      GroupMeta g;
      g.creation_time_ms = now;
      absl::Status s = PutGroup(group, g);
      if (!s.ok()) return s;
      groups_[group] = g;
    }
    auto [it, created] = streams_.try_emplace({group, stream});
    StreamMeta meta = it->second;
    if (created) {
      meta.creation_time_ms = now;
      meta.ordinal = next_ordinal_++;
    }
    rocksdb::WriteBatch batch;
    for (const LogLine& line : lines) {
      std::string value;
      PutU64(&value, uint64_t(line.timestamp_ms));
      PutU64(&value, uint64_t(now));
      value.append(line.message, 0,
                   std::min(line.message.size(), kMessageBytesMax));
      if (meta.next_seq == 0 || line.timestamp_ms < meta.first_event_ms) {
        meta.first_event_ms = line.timestamp_ms;
      }
      meta.last_event_ms = std::max(meta.last_event_ms, line.timestamp_ms);
      meta.stored_bytes += value.size() - 16;
      batch.Put(cf_, LogEventKey(group, stream, meta.next_seq++), value);
    }
    meta.last_ingestion_ms = now;
    json j = {{"creation_time_ms", meta.creation_time_ms},
              {"first_event_ms", meta.first_event_ms},
              {"last_event_ms", meta.last_event_ms},
              {"last_ingestion_ms", meta.last_ingestion_ms},
              {"stored_bytes", meta.stored_bytes},
              {"next_seq", meta.next_seq},
              {"ordinal", meta.ordinal}};
    batch.Put(cf_, LogStreamKey(group, stream), j.dump());
    rocksdb::Status rs = db_->Write(rocksdb::WriteOptions(), &batch);
    if (!rs.ok()) {
      if (created) streams_.erase(it);
      return engine::FromRocks(rs);
    }
    it->second = meta;
    appends_since_expire_ += lines.size();
    expire = appends_since_expire_ >= kExpireEveryEvents;
    if (expire) appends_since_expire_ = 0;
  }
  return expire ? ExpireOld() : absl::OkStatus();
}

absl::Status LogStore::ExpireOld() {
  absl::MutexLock lock(&mu_);
  int64_t now = clock_->NowMillis();
  for (auto& [key, meta] : streams_) {
    const GroupMeta& g = groups_[key.first];
    if (!g.retention_in_days) continue;
    int64_t cutoff = now - int64_t{*g.retention_in_days} * 86'400'000;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), cf_));
    std::string prefix = LogEventKey(key.first, key.second, 0);
    prefix.resize(prefix.size() - 8);
    rocksdb::WriteBatch batch;
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      const auto* v =
          reinterpret_cast<const unsigned char*>(it->value().data());
      int64_t ts = 0;
      for (int i = 0; i < 8; ++i) ts = (ts << 8) | v[i];
      if (ts >= cutoff) break;
      meta.stored_bytes -= int64_t(it->value().size()) - 16;
      batch.Delete(cf_, it->key());
    }
    if (batch.Count() == 0) continue;
    rocksdb::Status rs = db_->Write(rocksdb::WriteOptions(), &batch);
    if (!rs.ok()) return engine::FromRocks(rs);
  }
  return absl::OkStatus();
}

LogGroup LogStore::ToLogGroup(const std::string& name,
                              const GroupMeta& meta) const {
  LogGroup g;
  g.log_group_name = name;
  g.arn = absl::StrCat("arn:aws:logs:", region_, ":", account_id_,
                       ":log-group:", name, ":*");
  g.creation_time_ms = meta.creation_time_ms;
  g.retention_in_days = meta.retention_in_days;
  for (auto it = streams_.lower_bound({name, ""});
       it != streams_.end() && it->first.first == name; ++it) {
    g.stored_bytes += it->second.stored_bytes;
  }
  return g;
}

LogStream LogStore::ToLogStream(const StreamKey& key,
                                const StreamMeta& meta) const {
  LogStream s;
  s.log_stream_name = key.second;
  s.arn = absl::StrCat("arn:aws:logs:", region_, ":", account_id_,
                       ":log-group:", key.first, ":log-stream:", key.second);
  s.creation_time_ms = meta.creation_time_ms;
  s.first_event_timestamp_ms = meta.first_event_ms;
  s.last_event_timestamp_ms = meta.last_event_ms;
  s.last_ingestion_time_ms = meta.last_ingestion_ms;
  s.stored_bytes = meta.stored_bytes;
  return s;
}

absl::StatusOr<DescribeLogGroupsResult> LogStore::DescribeLogGroups(
    const DescribeLogGroupsRequest& r) {
  if (r.limit < 1 || r.limit > 50) {
    return engine::ValidationError("limit must be in 1..50");
  }
  absl::MutexLock lock(&mu_);
  DescribeLogGroupsResult out;
  auto it = r.next_token.empty() ? groups_.lower_bound(r.log_group_name_prefix)
                                 : groups_.upper_bound(r.next_token);
  for (; it != groups_.end() && it->first.starts_with(r.log_group_name_prefix);
       ++it) {
    if (static_cast<int>(out.log_groups.size()) == r.limit) {
      out.next_token = out.log_groups.back().log_group_name;
      break;
    }
    out.log_groups.push_back(ToLogGroup(it->first, it->second));
  }
  return out;
}

absl::StatusOr<DescribeLogStreamsResult> LogStore::DescribeLogStreams(
    const DescribeLogStreamsRequest& r) {
  if (r.limit < 1 || r.limit > 50) {
    return engine::ValidationError("limit must be in 1..50");
  }
  if (r.order_by_last_event_time && !r.log_stream_name_prefix.empty()) {
    return engine::ValidationError(
        "Cannot order by LastEventTime with a logStreamNamePrefix.");
  }
  std::vector<LogStream> all;
  {
    absl::MutexLock lock(&mu_);
    if (groups_.count(r.log_group_name) == 0) {
      return engine::ResourceNotFound(
          "The specified log group does not exist.");
    }
    for (auto it = streams_.lower_bound({r.log_group_name, ""});
         it != streams_.end() && it->first.first == r.log_group_name; ++it) {
      if (!it->first.second.starts_with(r.log_stream_name_prefix)) continue;
      all.push_back(ToLogStream(it->first, it->second));
    }
  }
  if (r.order_by_last_event_time) {
    std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
      return a.last_event_timestamp_ms < b.last_event_timestamp_ms;
    });
  }
  if (r.descending) std::reverse(all.begin(), all.end());
  size_t start = 0;
  if (!r.next_token.empty())
    start = std::strtoull(r.next_token.c_str(), nullptr, 10);
  DescribeLogStreamsResult out;
  for (size_t i = start; i < all.size(); ++i) {
    if (static_cast<int>(out.log_streams.size()) == r.limit) {
      out.next_token = std::to_string(i);
      break;
    }
    out.log_streams.push_back(std::move(all[i]));
  }
  return out;
}

}  // namespace eddy::cdc

// Copyright (c) Eddy authors.
//
// LogStore reads: GetLogEvents, FilterLogEvents and filter patterns.

#include <algorithm>
#include <memory>
#include <tuple>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "cdc/log_store.h"
#include "engine/errors.h"

namespace eddy::cdc {
namespace {

int64_t GetI64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | uint8_t(p[i]);
  return int64_t(v);
}

bool InRange(int64_t ts, const std::optional<int64_t>& start,
             const std::optional<int64_t>& end) {
  return (!start || ts >= *start) && (!end || ts < *end);
}

// Parses "f/<seq>" or "b/<seq>".
bool ParseToken(const std::string& token, char* dir, uint64_t* seq) {
  if (token.size() < 3 || token[1] != '/' ||
      (token[0] != 'f' && token[0] != 'b')) {
    return false;
  }
  *dir = token[0];
  return absl::SimpleAtoi(token.substr(2), seq);
}

}  // namespace

std::vector<LogEvent> LogStore::ReadEvents(const StreamKey& key,
                                           uint64_t from_seq, uint64_t to_seq,
                                           const StreamMeta& meta,
                                           std::vector<uint64_t>* seqs) const {
  std::vector<LogEvent> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf_));
  std::string end = LogEventKey(key.first, key.second, to_seq);
  for (it->Seek(LogEventKey(key.first, key.second, from_seq));
       it->Valid() && it->key().compare(end) < 0; it->Next()) {
    rocksdb::Slice k = it->key(), v = it->value();
    uint64_t seq = uint64_t(GetI64(k.data() + k.size() - 8));
    LogEvent e;
    e.log_stream_name = key.second;
    e.timestamp_ms = GetI64(v.data());
    e.ingestion_time_ms = GetI64(v.data() + 8);
    e.message.assign(v.data() + 16, v.size() - 16);
    e.event_id =
        absl::StrFormat("%020d%012d%020d", e.timestamp_ms, meta.ordinal, seq);
    out.push_back(std::move(e));
    seqs->push_back(seq);
  }
  return out;
}

absl::StatusOr<GetLogEventsResult> LogStore::GetLogEvents(
    const GetLogEventsRequest& r) {
  if (r.limit < 1 || r.limit > 10000) {
    return engine::ValidationError("limit must be in 1..10000");
  }
  StreamKey key{r.log_group_name, r.log_stream_name};
  StreamMeta meta;
  {
    absl::MutexLock lock(&mu_);
    if (groups_.count(r.log_group_name) == 0) {
      return engine::ResourceNotFound(
          "The specified log group does not exist.");
    }
    auto it = streams_.find(key);
    if (it == streams_.end()) {
      return engine::ResourceNotFound(
          "The specified log stream does not exist.");
    }
    meta = it->second;
  }
  char dir = r.start_from_head ? 'f' : 'b';
  uint64_t pos = r.start_from_head ? 0 : meta.next_seq;
  if (!r.next_token.empty() && !ParseToken(r.next_token, &dir, &pos)) {
    return engine::ValidationError("The specified nextToken is invalid.");
  }
  // Read the candidate range, keep those in the time range, then take the
  // first (forward) or last (backward) `limit` of them.
  std::vector<uint64_t> seqs;
  std::vector<LogEvent> events =
      dir == 'f' ? ReadEvents(key, pos, meta.next_seq, meta, &seqs)
                 : ReadEvents(key, 0, pos, meta, &seqs);
  std::vector<std::pair<LogEvent, uint64_t>> kept;
  for (size_t i = 0; i < events.size(); ++i) {
    if (InRange(events[i].timestamp_ms, r.start_time_ms, r.end_time_ms)) {
      kept.emplace_back(std::move(events[i]), seqs[i]);
    }
  }
  size_t n = std::min<size_t>(kept.size(), r.limit);
  size_t begin = dir == 'f' ? 0 : kept.size() - n;
  GetLogEventsResult out;
  for (size_t i = begin; i < begin + n; ++i) {
    out.events.push_back(std::move(kept[i].first));
  }
  uint64_t first = n > 0 ? kept[begin].second : pos;
  uint64_t after = n > 0 ? kept[begin + n - 1].second + 1 : pos;
  if (dir == 'f' && n == kept.size()) after = std::max(after, meta.next_seq);
  if (dir == 'b' && n == 0) after = pos;
  out.next_forward_token = absl::StrCat("f/", after);
  out.next_backward_token = absl::StrCat("b/", first);
  return out;
}

absl::StatusOr<FilterLogEventsResult> LogStore::FilterLogEvents(
    const FilterLogEventsRequest& r) {
  if (r.limit < 1 || r.limit > 10000) {
    return engine::ValidationError("limit must be in 1..10000");
  }
  if (!r.log_stream_names.empty() && !r.log_stream_name_prefix.empty()) {
    return engine::ValidationError(
        "logStreamNames and logStreamNamePrefix cannot both be set");
  }
  std::vector<std::pair<StreamKey, StreamMeta>> streams;
  {
    absl::MutexLock lock(&mu_);
    if (groups_.count(r.log_group_name) == 0) {
      return engine::ResourceNotFound(
          "The specified log group does not exist.");
    }
    for (auto it = streams_.lower_bound({r.log_group_name, ""});
         it != streams_.end() && it->first.first == r.log_group_name; ++it) {
      const std::string& name = it->first.second;
      if (!name.starts_with(r.log_stream_name_prefix)) continue;
      if (!r.log_stream_names.empty() &&
          std::find(r.log_stream_names.begin(), r.log_stream_names.end(),
                    name) == r.log_stream_names.end()) {
        continue;
      }
      streams.emplace_back(it->first, it->second);
    }
  }
  // Position order: (timestamp, stream, seq); the token is the last one
  // returned, "<ts>/<seq>/<stream>".
  using Pos = std::tuple<int64_t, std::string, uint64_t>;
  std::optional<Pos> after;
  if (!r.next_token.empty()) {
    std::vector<std::string> parts =
        absl::StrSplit(r.next_token, absl::MaxSplits('/', 2));
    int64_t ts;
    uint64_t seq;
    if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &ts) ||
        !absl::SimpleAtoi(parts[1], &seq)) {
      return engine::ValidationError("The specified nextToken is invalid.");
    }
    after = Pos{ts, parts[2], seq};
  }
  std::vector<std::pair<Pos, LogEvent>> matched;
  for (const auto& [key, meta] : streams) {
    std::vector<uint64_t> seqs;
    std::vector<LogEvent> events =
        ReadEvents(key, 0, meta.next_seq, meta, &seqs);
    for (size_t i = 0; i < events.size(); ++i) {
      Pos pos{events[i].timestamp_ms, key.second, seqs[i]};
      if (after && !(*after < pos)) continue;
      if (!InRange(events[i].timestamp_ms, r.start_time_ms, r.end_time_ms))
        continue;
      if (!MatchesFilterPattern(r.filter_pattern, events[i].message)) continue;
      matched.emplace_back(std::move(pos), std::move(events[i]));
    }
  }
  std::sort(matched.begin(), matched.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  FilterLogEventsResult out;
  for (size_t i = 0; i < matched.size(); ++i) {
    if (static_cast<int>(out.events.size()) == r.limit) {
      const auto& [ts, stream, seq] = matched[i - 1].first;
      out.next_token = absl::StrCat(ts, "/", seq, "/", stream);
      break;
    }
    out.events.push_back(std::move(matched[i].second));
  }
  return out;
}

bool MatchesFilterPattern(const std::string& pattern,
                          const std::string& message) {
  std::vector<std::string> terms;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == ' ') {
      ++i;
      continue;
    }
    std::string term;
    if (pattern[i] == '?' || pattern[i] == '-') term.push_back(pattern[i++]);
    if (i < pattern.size() && pattern[i] == '"') {
      size_t close = pattern.find('"', i + 1);
      if (close == std::string::npos) close = pattern.size();
      term += pattern.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      size_t end = std::min(pattern.find(' ', i), pattern.size());
      term += pattern.substr(i, end - i);
      i = end;
    }
    terms.push_back(std::move(term));
  }
  bool any_optional = false, optional_hit = false;
  for (const std::string& t : terms) {
    if (!t.empty() && t[0] == '?') {
      any_optional = true;
      optional_hit |= message.find(t.substr(1)) != std::string::npos;
    } else if (!t.empty() && t[0] == '-') {
      if (t.size() > 1 && message.find(t.substr(1)) != std::string::npos) {
        return false;
      }
    } else if (message.find(t) == std::string::npos) {
      return false;
    }
  }
  return !any_optional || optional_hit;
}

}  // namespace eddy::cdc

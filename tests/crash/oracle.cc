// Copyright (c) Eddy authors.

#include "tests/crash/oracle.h"

#include <functional>
#include <optional>

#include "absl/strings/str_cat.h"
#include "eddy/json.h"

namespace eddy::crash {
namespace {

// Every record of the table's latest stream, TRIM_HORIZON to the end of
// each shard, in shard order. Appends a violation on any error.
std::vector<StreamRecord> ReadLog(Database* db,
                                  std::vector<std::string>* errors) {
  std::vector<StreamRecord> out;
  auto fail = [&](const absl::Status& s, const char* what) {
    errors->push_back(absl::StrCat("reading the log: ", what, ": ",
                                   std::string(s.message())));
    return out;
  };
  auto desc = db->DescribeTable(kTable);
  if (!desc.ok()) return fail(desc.status(), "DescribeTable");
  auto stream = db->DescribeStream({.stream_arn = desc->latest_stream_arn});
  if (!stream.ok()) return fail(stream.status(), "DescribeStream");
  for (const Shard& shard : stream->shards) {
    auto it = db->GetShardIterator(
        {.stream_arn = desc->latest_stream_arn, .shard_id = shard.shard_id});
    if (!it.ok()) return fail(it.status(), "GetShardIterator");
    std::string iterator = *it;
    while (true) {
      auto page = db->GetRecords({.shard_iterator = iterator});
      if (!page.ok()) return fail(page.status(), "GetRecords");
      out.insert(out.end(), page->records.begin(), page->records.end());
      if (page->records.empty() || !page->next_shard_iterator) break;
      iterator = *page->next_shard_iterator;
    }
  }
  return out;
}

std::optional<uint64_t> WriteIdOf(const std::optional<Item>& image) {
  if (!image) return std::nullopt;
  auto it = image->find("w");
  if (it == image->end()) return std::nullopt;
  return std::stoull(it->second.n());
}

int64_t KeyOf(const Item& keys) { return std::stoll(keys.at("k").n()); }

bool SequenceLess(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

// Replays the log; checks old images against the replayed state. Returns
// the replayed table by key.
std::map<int64_t, Item> Replay(const std::vector<StreamRecord>& log,
                               std::vector<std::string>* errors) {
  std::map<int64_t, Item> state;
  for (size_t i = 0; i < log.size(); ++i) {
    const StreamRecord& r = log[i];
    int64_t k = KeyOf(r.keys);
    auto it = state.find(k);
    std::string where =
        absl::StrCat("record ", i, " (", r.sequence_number, ") key ", k, ": ");
    bool present = it != state.end();
    if ((r.event_name == EventName::kInsert) == present) {
      errors->push_back(where + "INSERT/MODIFY/REMOVE disagrees with replay");
    }
    if (present && (!r.old_image || *r.old_image != it->second)) {
      errors->push_back(where + "old image differs from the replayed item");
    }
    if (r.event_name == EventName::kRemove) {
      state.erase(k);
    } else if (!r.new_image) {
      errors->push_back(where + "no new image");
    } else {
      state[k] = *r.new_image;
    }
  }
  return state;
}

}  // namespace

uint64_t ItemHash(const Item& item) {
  return std::hash<std::string>{}(ItemToJson(item));
}

void Oracle::Add(const Event& e) {
  int64_t pos = ++pos_;
  Write& w = writes_[e.id];
  if (e.type == EventType::kBegin) {
    w.op = e.op;
    w.sync = e.sync != 0;
    w.cycle = cycle_;
    w.begin_pos = pos;
    w.keys.assign(e.keys, e.keys + e.num_keys);
    return;
  }
  ++acked_;
  w.ack_pos = pos;
  w.applied = e.outcome == Outcome::kApplied;
  if (!w.applied) return;
  w.hashes.assign(e.hashes, e.hashes + e.num_keys);
  w.preds.assign(e.preds, e.preds + e.num_keys);
  if (e.op == Op::kDelete) deletes_[{e.keys[0], e.preds[0]}] = e.id;
}

bool Oracle::Identify(const StreamRecord& r, WriteKey* out,
                      std::string* error) {
  int64_t k = KeyOf(r.keys);
  if (r.event_name != EventName::kRemove) {
    std::optional<uint64_t> id = WriteIdOf(r.new_image);
    if (!id || !writes_.count(*id)) {
      *error = absl::StrCat("record of an unknown write on key ", k);
      return false;
    }
    *out = {*id, k};
    return true;
  }
  std::optional<uint64_t> pred = WriteIdOf(r.old_image);
  if (!pred) {
    *error = absl::StrCat("REMOVE without old image w on key ", k);
    return false;
  }
  auto it = deletes_.find({k, *pred});
  if (it != deletes_.end()) {
    *out = {it->second, k};
    return true;
  }
  // An unacknowledged delete of this cycle on this key, if any. Several
  // threads may have been deleting the key when the crash came (only one
  // removed it): take the one that began first, the only choice that never
  // makes "definitely precedes" fail falsely (a later one may have begun
  // after writes whose records follow this one). Remember the match: later
  // cycles see the same record and must name it the same.
  // A delete already named by another REMOVE of the key is not a candidate.
  std::set<uint64_t> named;
  for (auto d = deletes_.lower_bound({k, 0});
       d != deletes_.end() && d->first.first == k; ++d) {
    named.insert(d->second);
  }
  const Write* best = nullptr;
  uint64_t best_id = 0;
  for (const auto& [id, w] : writes_) {
    if (w.op == Op::kDelete && w.cycle == cycle_ && w.ack_pos == INT64_MAX &&
        w.keys[0] == k && !named.count(id) &&
        (best == nullptr || w.begin_pos < best->begin_pos)) {
      best = &w;
      best_id = id;
    }
  }
  if (best != nullptr) {
    deletes_[{k, *pred}] = best_id;
    *out = {best_id, k};
    return true;
  }
  *error = absl::StrCat("REMOVE of w=", *pred, " on key ", k,
                        " by no reported delete");
  return false;
}

std::vector<std::string> Oracle::Verify(Database* db, CrashMode mode) {
  std::vector<std::string> errors;
  std::vector<StreamRecord> log = ReadLog(db, &errors);
  if (!errors.empty()) return errors;
  records_checked_ += log.size();
  for (size_t i = 1; i < log.size(); ++i) {
    if (!SequenceLess(log[i - 1].sequence_number, log[i].sequence_number)) {
      errors.push_back(absl::StrCat("sequence numbers do not increase at ", i));
    }
  }
  std::map<int64_t, Item> replayed = Replay(log, &errors);
  auto scan = db->Scan({.table_name = kTable});
  if (!scan.ok()) {
    errors.push_back("Scan: " + std::string(scan.status().message()));
    return errors;
  }
  std::map<int64_t, Item> table;
  for (const Item& item : scan->items) table[KeyOf(item)] = item;
  if (table != replayed) {
    errors.push_back(absl::StrCat("table (", table.size(),
                                  " items) differs from the replayed log (",
                                  replayed.size(), " items)"));
  }
  std::set<WriteKey> seen;
  int64_t max_begin = 0;
  for (size_t i = 0; i < log.size(); ++i) {
    const StreamRecord& r = log[i];
    WriteKey wk;
    std::string error;
    if (!Identify(r, &wk, &error)) {
      errors.push_back(absl::StrCat("record ", i, ": ", error));
      continue;
    }
    const Write& w = writes_.at(wk.first);
    if (!seen.insert(wk).second) {
      errors.push_back(absl::StrCat("record ", i, ": second record of write ",
                                    wk.first, " on key ", wk.second));
    }
    auto fate = fates_.find(wk);
    if (fate != fates_.end() && fate->second == Fate::kLost) {
      errors.push_back(absl::StrCat("record ", i, ": write ", wk.first,
                                    " was lost in an earlier cycle"));
    }
    if (w.ack_pos < max_begin) {
      errors.push_back(absl::StrCat("record ", i, ": write ", wk.first,
                                    " was acknowledged before a write whose "
                                    "record precedes it began"));
    }
    max_begin = std::max(max_begin, w.begin_pos);
    if (!w.applied && w.ack_pos != INT64_MAX) {
      errors.push_back(absl::StrCat("record ", i, ": write ", wk.first,
                                    " was acknowledged as a no-op"));
    }
    if (w.applied && w.ack_pos != INT64_MAX) {
      for (size_t j = 0; j < w.keys.size(); ++j) {
        if (w.keys[j] != wk.second) continue;
        uint64_t h = r.new_image ? ItemHash(*r.new_image) : 0;
        if (h != w.hashes[j]) {
          errors.push_back(absl::StrCat("record ", i, ": new image of write ",
                                        wk.first, " differs from its ack"));
        }
      }
    }
  }
  CheckDurability(mode, seen, &errors);
  if (checker_ != nullptr) {
    for (std::string& e : checker_->Check(db, log)) {
      errors.push_back(std::move(e));
    }
  }
  return errors;
}

void Oracle::CheckDurability(CrashMode mode, const std::set<WriteKey>& seen,
                             std::vector<std::string>* errors) {
  // The latest begin among this cycle's writes present in the log.
  int64_t max_present_begin = 0;
  for (const WriteKey& wk : seen) {
    const Write& w = writes_.at(wk.first);
    if (w.cycle == cycle_) {
      max_present_begin = std::max(max_present_begin, w.begin_pos);
    }
  }
  for (const auto& [id, w] : writes_) {
    for (int64_t k : w.keys) {
      WriteKey wk{id, k};
      bool present = seen.count(wk) > 0;
      if (w.cycle != cycle_) {
        auto fate = fates_.find(wk);
        if (fate != fates_.end() && fate->second == Fate::kPresent &&
            !present) {
          errors->push_back(absl::StrCat("write ", id, " on key ", k,
                                         " disappeared after a later crash"));
        }
        continue;
      }
      bool acked_applied = w.applied && w.ack_pos != INT64_MAX;
      if (acked_applied && !present) {
        if (mode == CrashMode::kProcessKill) {
          errors->push_back(absl::StrCat("acknowledged write ", id, " on key ",
                                         k, " lost by kill -9"));
        } else if (w.sync) {
          errors->push_back(absl::StrCat("acknowledged sync write ", id,
                                         " on key ", k, " lost"));
        } else if (w.ack_pos < max_present_begin) {
          errors->push_back(absl::StrCat(
              "unsynced write ", id, " on key ", k,
              " lost although a later write survived (not a suffix)"));
        }
      }
      if (w.applied || w.ack_pos == INT64_MAX) {
        fates_[wk] = present ? Fate::kPresent : Fate::kLost;
      }
    }
  }
}

}  // namespace eddy::crash

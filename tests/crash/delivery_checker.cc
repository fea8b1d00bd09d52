// Copyright (c) Eddy authors.
//
// DeliveryChecker (tests/crash/deliveries.h): the delivery checks run after
// each crash and reopen.

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tests/crash/deliveries.h"

namespace eddy::crash {
namespace {

bool SeqLess(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

// The file's lines; a torn last line (a crash mid-append) is ignored.
std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline: torn
    out.push_back(line);
  }
  return out;
}

constexpr size_t kMaxErrorsPerMapping = 10;

}  // namespace

absl::Status DeliveryChecker::FindMappings(Database* db) {
  if (!mappings_.empty()) return absl::OkStatus();
  for (const char* f : {kInProcFunction, kNodeFunction}) {
    auto list = db->ListEventSourceMappings({.function_name = f});
    if (!list.ok()) return list.status();
    if (list->mappings.size() != 1) {
      return absl::InternalError(
          absl::StrCat(list->mappings.size(), " mappings to ", f));
    }
    mappings_.push_back({.name = f,
                         .uuid = list->mappings[0].uuid,
                         .destination = FailureDestination(f)});
  }
  return absl::OkStatus();
}

std::set<std::string> DeliveryChecker::Accounted(
    Database* db, const Mapping& m, std::vector<Line>* lines,
    std::vector<std::string>* errors) {
  std::set<std::string> out;
  lines->clear();
  for (const std::string& text :
       ReadLines(DeliveryLogPath(db_dir_, m.name.c_str()))) {
    std::istringstream in(text);
    std::string name;
    Line l;
    if (!(in >> name >> l.key >> l.seq >> l.session) || name != m.name) {
      errors->push_back(m.name + ": malformed delivery line: " + text);
      continue;
    }
    out.insert(l.seq);
    lines->push_back(std::move(l));
  }
  if (mode_ != TriggerMode::kFaults) return out;
  ListFailedBatchesRequest r{.destination = m.destination, .limit = 1000};
  while (true) {
    auto page = db->ListFailedBatches(r);
    if (!page.ok()) {
      errors->push_back(m.name + ": ListFailedBatches: " +
                        std::string(page.status().message()));
      return out;
    }
    for (const FailedBatch& b : page->batches) {
      if (b.mapping_uuid != m.uuid) {
        errors->push_back(m.name + ": failed batch of another mapping");
      }
      for (const StreamRecord& rec : b.records) out.insert(rec.sequence_number);
    }
    if (!page->last_evaluated_id) return out;
    r.exclusive_start_id = *page->last_evaluated_id;
  }
}

void DeliveryChecker::CheckCheckpoint(Database* db, const Mapping& m,
                                      const std::vector<StreamRecord>& log,
                                      std::vector<std::string>* errors) {
  // Metrics first: what is accounted for only grows after it.
  auto metrics = db->GetEventSourceMappingMetrics(m.uuid);
  if (!metrics.ok()) {
    errors->push_back(m.name +
                      ": metrics: " + std::string(metrics.status().message()));
    return;
  }
  std::vector<Line> lines;
  std::set<std::string> done = Accounted(db, m, &lines, errors);
  for (const StreamRecord& r : log) {
    if (done.count(r.sequence_number)) continue;
    if (SeqLess(r.sequence_number, metrics->checkpoint_sequence_number)) {
      errors->push_back(absl::StrCat(
          m.name, ": checkpoint ", metrics->checkpoint_sequence_number,
          " is past record ", r.sequence_number, " (key ", r.keys.at("k").n(),
          "), which was never delivered"));
    }
    return;  // the first record not accounted for
  }
}

bool DeliveryChecker::WaitCaughtUp(Database* db,
                                   const std::vector<StreamRecord>& log,
                                   std::vector<std::string>* errors) {
  const std::string& last = log.back().sequence_number;
  auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (int poll = 1;; ++poll) {
    bool caught_up = true;
    for (const Mapping& m : mappings_) {
      auto metrics = db->GetEventSourceMappingMetrics(m.uuid);
      caught_up = caught_up && metrics.ok() &&
                  SeqLess(last, metrics->checkpoint_sequence_number);
    }
    if (caught_up) return true;
    if (poll % 50 == 0) {
      for (const Mapping& m : mappings_) CheckCheckpoint(db, m, log, errors);
    }
    if (std::chrono::steady_clock::now() > limit) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (const Mapping& m : mappings_) {
    auto metrics = db->GetEventSourceMappingMetrics(m.uuid);
    auto mapping = db->GetEventSourceMapping(m.uuid);
    errors->push_back(
        absl::StrCat(m.name, ": not caught up after 120 s: checkpoint ",
                     metrics.ok() ? metrics->checkpoint_sequence_number : "?",
                     ", last record ", last, ", last result ",
                     mapping.ok() ? mapping->last_processing_result : "?"));
  }
  return false;
}

namespace {

// Per-item order within the delivery log of one mapping (kDeliver).
struct OrderState {
  std::set<std::string> seen;
  std::map<int64_t, std::string> last_first;  // key -> latest first delivery
  // (session, key) -> latest delivery
  std::map<std::pair<std::string, int64_t>, std::string> last_in_session;

  // Takes the next line; returns what is wrong with it ("" = nothing).
  std::string Next(const std::string& session, int64_t key,
                   const std::string& seq) {
    std::string out;
    if (seen.insert(seq).second) {
      std::string& prev = last_first[key];
      if (!prev.empty() && SeqLess(seq, prev)) {
        out = "first delivered after a later record of its item " + prev;
      }
      prev = seq;
    }
    std::string& prev = last_in_session[{session, key}];
    if (out.empty() && !prev.empty() && !SeqLess(prev, seq)) {
      out = "delivered again or out of order within one session after " + prev;
    }
    prev = seq;
    return out;
  }
};

}  // namespace

void DeliveryChecker::CheckOrder(Mapping* m, const std::vector<Line>& lines,
                                 const std::map<std::string, int64_t>& keys,
                                 std::vector<std::string>* errors) {
  size_t before = errors->size();
  auto fail = [&](size_t i, const std::string& what) {
    if (errors->size() - before >= kMaxErrorsPerMapping) return;
    errors->push_back(absl::StrCat(m->name, ": line ", i + 1, " (key ",
                                   lines[i].key, " seq ", lines[i].seq,
                                   " session ", lines[i].session, "): ", what));
  };
  OrderState order;
  size_t passed = 0;  // earlier checks made before line i was written
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    while (passed < m->history.size() && m->history[passed].lines <= i) {
      ++passed;
    }
    auto k = keys.find(l.seq);
    if (k == keys.end() || k->second != l.key) {
      fail(i, "names no record of the log");
      continue;
    }
    if (mode_ == TriggerMode::kFaults) continue;
    std::string what = order.Next(l.session, l.key, l.seq);
    if (!what.empty()) fail(i, what);
    // A session that began after a check resumes at or after its checkpoint.
    for (size_t h = 0; h < passed; ++h) {
      const PastCheck& c = m->history[h];
      if (!c.sessions.count(l.session) && SeqLess(l.seq, c.cp)) {
        fail(i, absl::StrCat("redelivered although checkpoint ", c.cp,
                             " passed it at check ", h + 1));
        break;
      }
    }
  }
}

void DeliveryChecker::CheckComplete(const Mapping& m,
                                    const std::vector<StreamRecord>& log,
                                    const std::set<std::string>& done,
                                    std::vector<std::string>* errors) {
  size_t missing = 0;
  for (const StreamRecord& r : log) {
    if (done.count(r.sequence_number) || ++missing > kMaxErrorsPerMapping) {
      continue;
    }
    errors->push_back(absl::StrCat(
        m.name, ": record ", r.sequence_number, " (key ", r.keys.at("k").n(),
        ") never delivered",
        mode_ == TriggerMode::kFaults ? " nor sent to the destination" : ""));
  }
}

std::vector<std::string> DeliveryChecker::Check(
    Database* db, const std::vector<StreamRecord>& log) {
  std::vector<std::string> errors;
  absl::Status s = FindMappings(db);
  if (!s.ok()) return {"finding the mappings: " + std::string(s.message())};
  for (const Mapping& m : mappings_) CheckCheckpoint(db, m, log, &errors);
  if (log.empty()) return errors;
  if (!WaitCaughtUp(db, log, &errors)) return errors;
  std::map<std::string, int64_t> keys;
  for (const StreamRecord& r : log) {
    keys[r.sequence_number] = std::stoll(r.keys.at("k").n());
  }
  failed_records_ = invocations_ = failed_invoke_records_ = 0;
  for (Mapping& m : mappings_) {
    CheckCheckpoint(db, m, log, &errors);
    auto metrics = db->GetEventSourceMappingMetrics(m.uuid);
    std::vector<Line> lines;
    std::set<std::string> done = Accounted(db, m, &lines, &errors);
    CheckComplete(m, log, done, &errors);
    CheckOrder(&m, lines, keys, &errors);
    lines_read_ += lines.size();
    PastCheck c{.lines = lines.size(),
                .cp = metrics.ok() ? metrics->checkpoint_sequence_number : ""};
    for (const Line& l : lines) c.sessions.insert(l.session);
    m.history.push_back(std::move(c));
    if (!metrics.ok()) continue;
    failed_records_ += metrics->on_failure_destination_delivered_event_count;
    failed_invoke_records_ += metrics->failed_invoke_event_count;
    invocations_ += metrics->invocations;
  }
  return errors;
}

}  // namespace eddy::crash

// Copyright (c) Eddy authors.

#include "tests/crash/workload.h"

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "eddy/status.h"

namespace eddy::crash {
namespace {

using V = AttributeValue;

class Writer {
 public:
  Writer(Database* db, const WorkloadOptions& o, int thread, Reporter* r)
      : db_(db),
        options_(o),
        rng_(o.seed * 1000003 + static_cast<uint64_t>(thread)),
        id_base_((uint64_t{o.cycle} << 40) | (uint64_t(thread) << 32)),
        reporter_(r) {}

  // One random write, reported. Non-OK: an unexpected failure.
  absl::Status Step() {
    Event e;
    e.id = id_base_ | ++counter_;
    e.sync = Uniform() < options_.sync_fraction;
    uint32_t dice = rng_() % 100;
    e.op = dice < 30   ? Op::kPut
           : dice < 50 ? Op::kUpdate
           : dice < 65 ? Op::kCondUpdate
           : dice < 85 ? Op::kDelete
                       : Op::kTransact;
    e.num_keys = e.op == Op::kTransact ? 2 + rng_() % 2 : 1;
    for (uint32_t i = 0; i < e.num_keys; ++i) e.keys[i] = DistinctKey(e, i);
    e.type = EventType::kBegin;
    reporter_->Send(e);
    absl::Status s = Issue(&e);
    if (!s.ok()) return s;
    e.type = EventType::kAck;
    reporter_->Send(e);
    return absl::OkStatus();
  }

 private:
  double Uniform() { return std::uniform_real_distribution<>(0, 1)(rng_); }
  int64_t DistinctKey(const Event& e, uint32_t i) {
    while (true) {
      int64_t k = static_cast<int64_t>(rng_() % options_.keys);
      bool dup = false;
      for (uint32_t j = 0; j < i; ++j) dup = dup || e.keys[j] == k;
      if (!dup) return k;
    }
  }
  std::string Payload() {
    std::string v(rng_() % 64, 'a');
    for (char& c : v) c = static_cast<char>('a' + rng_() % 26);
    return v;
  }
  Item NewItem(int64_t k, uint64_t id) {
    return {{"k", V::N(k)},
            {"w", V::N(std::to_string(id))},
            {"v", V::S(Payload())},
            {"n", V::N(static_cast<int64_t>(rng_() % 10))}};
  }
  WriteOptions Durable(const Event& e) const {
    return {.durability = e.sync ? Durability::kSync : Durability::kNoSync};
  }
  // A condition that holds for roughly half the states.
  Condition Maybe() {
    return Condition::Or(
        {Condition::NotExists(Path::Attr("k")),
         Condition::Compare(Operand::AtPath(Path::Attr("n")), Comparator::kLt,
                            Operand::Value(V::N(int64_t(rng_() % 12))))});
  }

  // Performs the write; fills outcome, hashes, preds. Non-OK: unexpected.
  absl::Status Issue(Event* e) {
    switch (e->op) {
      case Op::kPut:
        return Put(e);
      case Op::kUpdate:
      case Op::kCondUpdate:
        return Update(e);
      case Op::kDelete:
        return Delete(e);
      case Op::kTransact:
        return Transact(e);
    }
    return absl::InternalError("unknown op");
  }
  absl::Status Put(Event* e) {
    Item item = NewItem(e->keys[0], e->id);
    auto r = db_->PutItem(
        {.table_name = kTable, .item = item, .write_options = Durable(*e)});
    if (!r.ok()) return r.status();
    e->outcome = Outcome::kApplied;
    e->hashes[0] = ItemHash(item);
    return absl::OkStatus();
  }
  absl::Status Update(Event* e) {
    UpdateItemRequest u{
        .table_name = kTable,
        .key = {{"k", V::N(e->keys[0])}},
        .actions = {UpdateAction::Set(
                        Path::Attr("w"),
                        Operand::Value(V::N(std::to_string(e->id)))),
                    UpdateAction::Set(Path::Attr("v"),
                                      Operand::Value(V::S(Payload()))),
                    UpdateAction::Add(Path::Attr("n"), V::N(1))},
        .return_values = ReturnValues::kAllNew,
        .write_options = Durable(*e)};
    if (e->op == Op::kCondUpdate) u.condition = Maybe();
    auto r = db_->UpdateItem(u);
    if (IsConditionalCheckFailed(r.status())) {
      e->outcome = Outcome::kNoop;
      return absl::OkStatus();
    }
    if (!r.ok()) return r.status();
    if (!r->item) return absl::InternalError("UpdateItem ALL_NEW: no item");
    e->outcome = Outcome::kApplied;
    e->hashes[0] = ItemHash(*r->item);
    return absl::OkStatus();
  }
  absl::Status Delete(Event* e) {
    auto r = db_->DeleteItem({.table_name = kTable,
                              .key = {{"k", V::N(e->keys[0])}},
                              .return_values = ReturnValues::kAllOld,
                              .write_options = Durable(*e)});
    if (!r.ok()) return r.status();
    e->outcome = r->item ? Outcome::kApplied : Outcome::kNoop;
    if (r->item) e->preds[0] = std::stoull(r->item->at("w").n());
    return absl::OkStatus();
  }
  absl::Status Transact(Event* e) {
    TransactWriteItemsRequest t{.write_options = Durable(*e)};
    std::vector<Item> items;
    for (uint32_t i = 0; i < e->num_keys; ++i) {
      items.push_back(NewItem(e->keys[i], e->id));
      t.items.push_back({.kind = TransactWriteItem::Kind::kPut,
                         .table_name = kTable,
                         .item = items.back()});
    }
    t.items[0].condition = Maybe();
    absl::Status s = db_->TransactWriteItems(t);
    if (s.code() == absl::StatusCode::kAborted) {
      e->outcome = Outcome::kNoop;
      return absl::OkStatus();
    }
    if (!s.ok()) return s;
    e->outcome = Outcome::kApplied;
    for (uint32_t i = 0; i < e->num_keys; ++i)
      e->hashes[i] = ItemHash(items[i]);
    return absl::OkStatus();
  }

  Database* const db_;
  const WorkloadOptions options_;
  std::mt19937_64 rng_;
  const uint64_t id_base_;
  uint32_t counter_ = 0;
  Reporter* const reporter_;
};

}  // namespace

absl::Status CreateCrashTable(Database* db) {
  return db
      ->CreateTable({.table_name = kTable,
                     .key_schema = {.partition_key = {"k", KeyType::kN}},
                     .stream_specification = StreamSpecification{true}})
      .status();
}

absl::Status RunWorkload(Database* db, const WorkloadOptions& options,
                         Reporter* reporter, std::atomic<bool>* stop) {
  absl::Mutex mu;
  absl::Status first;
  std::vector<std::thread> threads;
  for (int t = 0; t < options.threads; ++t) {
    threads.emplace_back([&, t] {
      Writer writer(db, options, t, reporter);
      while (!stop->load()) {
        absl::Status s = writer.Step();
        if (s.ok()) continue;
        absl::MutexLock lock(&mu);
        if (first.ok()) first = s;
        stop->store(true);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  absl::MutexLock lock(&mu);
  return first;
}

}  // namespace eddy::crash

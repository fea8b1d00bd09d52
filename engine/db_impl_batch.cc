// Copyright (c) Eddy authors.
//
// Multi-item operations: BatchGetItem, BatchWriteItem, TransactWriteItems.
// Multi-item writes lock every item's stripe (ascending, ItemLocks::Guard)
// and commit one WriteBatch, so each is atomic.

#include <set>

#include "absl/strings/str_cat.h"
#include "engine/db_impl.h"
#include "engine/errors.h"
#include "engine/evaluator.h"
#include "engine/item_validation.h"
#include "engine/strings.h"

namespace eddy::engine {
namespace {

constexpr size_t kBatchGetKeysMax = 100;
constexpr size_t kBatchWriteRequestsMax = 25;
constexpr size_t kTransactItemsMax = 100;

// Rejects a second operation on the same encoded key.
absl::Status CheckDistinct(std::set<std::string>* seen, const std::string& key,
                           std::string_view message) {
  if (!seen->insert(key).second) return ValidationError(message);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<BatchGetItemResult> DBImpl::BatchGetItem(
    const BatchGetItemRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  size_t total = 0;
  for (const auto& [name, kp] : r.request_items) total += kp.keys.size();
  if (total == 0 || total > kBatchGetKeysMax) {
    return ValidationError(absl::StrCat(
        "Too many items requested for the BatchGetItem call: RequestItems "
        "must hold 1 to 100 keys, got ",
        total));
  }
  absl::ReaderMutexLock catalog(&catalog_mu_);
  BatchGetItemResult result;
  for (const auto& [name, kp] : r.request_items) {
    absl::StatusOr<const TableInfo*> table = FindTable(name);
    if (!table.ok()) return table.status();
    std::set<std::string> seen;
    std::vector<Item>& found = result.responses[name];
    for (Item key_item : kp.keys) {
      absl::StatusOr<std::string> key = EncodeKey(**table, &key_item);
      if (!key.ok()) return key.status();
      absl::Status s = CheckDistinct(
          &seen, *key, "Provided list of item keys contains duplicates");
      if (!s.ok()) return s;
      absl::StatusOr<std::optional<Item>> item = ReadItem(*key);
      if (!item.ok()) return item.status();
      if (item->has_value()) {
        found.push_back(kp.projection.empty() ? **std::move(item)
                                              : Project(**item, kp.projection));
      }
    }
  }
  return result;
}

absl::StatusOr<BatchWriteItemResult> DBImpl::BatchWriteItem(
    const BatchWriteItemRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  size_t total = 0;
  for (const auto& [name, writes] : r.request_items) total += writes.size();
  if (total == 0 || total > kBatchWriteRequestsMax) {
    return ValidationError(absl::StrCat(
        "BatchWriteItem RequestItems must hold 1 to 25 write requests, got ",
        total));
  }
  absl::ReaderMutexLock catalog(&catalog_mu_);
  std::vector<Mutation> mutations;
  std::vector<size_t> stripes;
  std::set<std::string> seen;
  for (const auto& [name, writes] : r.request_items) {
    absl::StatusOr<const TableInfo*> table = FindTable(name);
    if (!table.ok()) return table.status();
    for (const WriteRequest& w : writes) {
      Item item = w.item;
      Mutation m;
      m.table = *table;
      if (w.kind == WriteRequest::Kind::kPut) {
        absl::Status s = NormalizeItem((*table)->schema(), &item);
        if (!s.ok()) return s;
        m.key = EncodeItemKey(**table, item);
        m.key_item = ExtractKey((*table)->schema(), item);
        m.new_item = std::move(item);
      } else {
        absl::StatusOr<std::string> key = EncodeKey(**table, &item);
        if (!key.ok()) return key.status();
        m.key = *std::move(key);
        m.key_item = std::move(item);
      }
      absl::Status s = CheckDistinct(
          &seen, m.key, "Provided list of item keys contains duplicates");
      if (!s.ok()) return s;
      stripes.push_back(locks_.StripeOf(m.key));
      mutations.push_back(std::move(m));
    }
  }
  ItemLocks::Guard guard(&locks_, std::move(stripes));
  for (Mutation& m : mutations) {
    if (m.table->stream_id == 0) continue;
    absl::StatusOr<std::optional<std::string>> raw = ReadRaw(m.key);
    if (!raw.ok()) return raw.status();
    m.old_value = *std::move(raw);
  }
  if (absl::Status s = Commit(mutations, r.write_options); !s.ok()) return s;
  return BatchWriteItemResult{};
}

absl::Status DBImpl::TransactWriteItems(const TransactWriteItemsRequest& r) {
  using Kind = TransactWriteItem::Kind;
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  if (r.items.empty() || r.items.size() > kTransactItemsMax) {
    return ValidationError(absl::StrCat(
        "TransactItems must hold 1 to 100 actions, got ", r.items.size()));
  }
  absl::ReaderMutexLock catalog(&catalog_mu_);
  // Resolve every action's table and key before locking anything.
  std::vector<const TableInfo*> tables;
  std::vector<Item> items;  // normalized item (kPut) or key
  std::vector<std::string> keys;
  std::vector<size_t> stripes;
  std::set<std::string> seen;
  for (size_t i = 0; i < r.items.size(); ++i) {
    const TransactWriteItem& t = r.items[i];
    absl::StatusOr<const TableInfo*> table = FindTable(t.table_name);
    if (!table.ok()) return table.status();
    if (t.kind == Kind::kConditionCheck && !t.condition) {
      return ValidationError(absl::StrCat(
          "TransactItems[", i, "].ConditionCheck requires a condition"));
    }
    Item item = t.item;
    std::string key;
    if (t.kind == Kind::kPut) {
      if (absl::Status s = NormalizeItem((*table)->schema(), &item); !s.ok()) {
        return s;
      }
      key = EncodeItemKey(**table, item);
    } else {
      absl::StatusOr<std::string> k = EncodeKey(**table, &item);
      if (!k.ok()) return k.status();
      key = *std::move(k);
    }
    absl::Status s = CheckDistinct(
        &seen, key,
        "Transaction request cannot include multiple operations on one item");
    if (!s.ok()) return s;
    stripes.push_back(locks_.StripeOf(key));
    tables.push_back(*table);
    items.push_back(std::move(item));
    keys.push_back(std::move(key));
  }
  ItemLocks::Guard guard(&locks_, std::move(stripes));
  std::vector<std::optional<Item>> olds;
  std::vector<std::optional<std::string>> raws;
  std::vector<std::string> reasons;
  bool cancelled = false;
  for (size_t i = 0; i < r.items.size(); ++i) {
    absl::StatusOr<StoredItem> stored = ReadStored(keys[i]);
    if (!stored.ok()) return stored.status();
    std::optional<Item>* old = &stored->item;
    raws.push_back(std::move(stored->bytes));
    std::string reason = "None";
    if (r.items[i].condition) {
      static const Item* const kEmpty = new Item();
      absl::StatusOr<bool> ok = EvaluateCondition(
          *r.items[i].condition, old->has_value() ? **old : *kEmpty);
      if (!ok.ok()) return ok.status();
      if (!*ok) {
        reason = "ConditionalCheckFailed";
        cancelled = true;
      }
    }
    reasons.push_back(std::move(reason));
    olds.push_back(std::move(*old));
  }
  if (cancelled) return TransactionCanceled(reasons);
  std::vector<Mutation> mutations;
  for (size_t i = 0; i < r.items.size(); ++i) {
    const TransactWriteItem& t = r.items[i];
    if (t.kind == Kind::kConditionCheck) continue;
    Mutation m;
    m.table = tables[i];
    m.key = keys[i];
    m.old_value = std::move(raws[i]);
    m.key_item = t.kind == Kind::kPut
                     ? ExtractKey(tables[i]->schema(), items[i])
                     : items[i];
    if (t.kind == Kind::kPut) {
      m.new_item = std::move(items[i]);
    } else if (t.kind == Kind::kUpdate) {
      absl::StatusOr<Item> updated =
          ApplyActions(*tables[i], items[i], olds[i], t.actions, nullptr);
      if (!updated.ok()) return updated.status();
      m.new_item = *std::move(updated);
    } else if (!olds[i].has_value()) {
      continue;  // deleting a missing item changes nothing
    }
    mutations.push_back(std::move(m));
  }
  if (mutations.empty()) return absl::OkStatus();
  return Commit(mutations, r.write_options);
}

}  // namespace eddy::engine

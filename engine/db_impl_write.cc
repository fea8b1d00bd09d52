// Copyright (c) Eddy authors.
//
// Single-item writes and the commit path they share with batch writes.
//
// A write: (1) validates and canonicalizes its input, (2) takes the shared
// catalog lock and finds the table, (3) takes the item's stripe lock,
// (4) reads the old item if the condition, the update or ReturnValues needs
// it, (5) evaluates the condition, (6) commits one RocksDB WriteBatch.
// A failure at any step returns before (6): nothing is written.

#include "absl/strings/str_cat.h"
#include "cdc/change_record.h"
#include "engine/db_impl.h"
#include "engine/errors.h"
#include "engine/evaluator.h"
#include "engine/item_codec.h"
#include "engine/item_validation.h"
#include "engine/key_codec.h"
#include "engine/strings.h"
#include "rocksdb/write_batch.h"

namespace eddy::engine {
namespace {

absl::Status CheckPutDeleteReturnValues(ReturnValues rv) {
  if (rv == ReturnValues::kNone || rv == ReturnValues::kAllOld) {
    return absl::OkStatus();
  }
  return ValidationError("ReturnValues can only be ALL_OLD or NONE");
}

// Validates (and canonicalizes) the literal values inside an operand tree.
absl::Status NormalizeOperand(Operand* op) {
  if (op->kind == Operand::Kind::kValue) {
    return NormalizeValue("ExpressionAttributeValues", 0, &op->value);
  }
  for (Operand& arg : op->args) {
    if (absl::Status s = NormalizeOperand(&arg); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckNotKeyAttribute(const KeySchema& schema, const Path& path) {
  if (path.empty()) return ValidationError("Update action has an empty path");
  const std::string& top = path.top();
  bool is_key = top == schema.partition_key.name ||
                (schema.sort_key && top == schema.sort_key->name);
  if (is_key) {
    return ValidationError(absl::StrCat(
        "One or more parameter values were invalid: Cannot update attribute ",
        top, ". This attribute is part of the key"));
  }
  return absl::OkStatus();
}

// The item a write's condition sees: the old item, or none.
const Item& OrEmpty(const std::optional<Item>& item) {
  static const Item* const kEmpty = new Item();
  return item ? *item : *kEmpty;
}

absl::Status CheckCondition(const std::optional<Condition>& condition,
                            const std::optional<Item>& old_item) {
  if (!condition) return absl::OkStatus();
  absl::StatusOr<bool> ok = EvaluateCondition(*condition, OrEmpty(old_item));
  if (!ok.ok()) return ok.status();
  return *ok ? absl::OkStatus() : ConditionalCheckFailed();
}

}  // namespace

absl::StatusOr<std::optional<Item>> DecodeStored(std::string_view bytes) {
  absl::StatusOr<Item> item = DecodeItem(bytes);
  if (!item.ok()) return item.status();
  return std::optional<Item>(*std::move(item));
}

absl::StatusOr<std::optional<Item>> DecodeStored(
    const std::optional<std::string>& bytes) {
  if (!bytes) return std::optional<Item>();
  return DecodeStored(std::string_view(*bytes));
}

absl::StatusOr<std::string> DBImpl::EncodeKey(const TableInfo& table,
                                              Item* key) const {
  if (absl::Status s = NormalizeKey(table.schema(), key); !s.ok()) return s;
  return EncodeItemKey(table, *key);
}

absl::StatusOr<std::string> DBImpl::EncodeRequestKey(const TableInfo& table,
                                                     const Item& key) const {
  if (IsValidCanonicalKey(table.schema(), key)) {
    return EncodeItemKey(table, key);
  }
  Item copy = key;
  return EncodeKey(table, &copy);
}

std::string DBImpl::EncodeItemKey(const TableInfo& table,
                                  const Item& item) const {
  const KeySchema& schema = table.schema();
  std::string key = table.key_prefix;
  AppendKeyValue(schema.partition_key.type,
                 item.find(schema.partition_key.name)->second, &key);
  if (schema.sort_key) {
    AppendKeyValue(schema.sort_key->type,
                   item.find(schema.sort_key->name)->second, &key);
  }
  return key;
}

absl::StatusOr<std::optional<Item>> DBImpl::ReadItem(
    const std::string& key) const {
  rocksdb::PinnableSlice value;
  rocksdb::Status rs = db_->Get(rocksdb::ReadOptions(), items_cf_, key, &value);
  if (rs.IsNotFound()) return std::optional<Item>();
  if (!rs.ok()) return FromRocks(rs);
  return DecodeStored(std::string_view(value.data(), value.size()));
}

absl::StatusOr<std::optional<std::string>> DBImpl::ReadRaw(
    const std::string& key) const {
  std::string value;
  rocksdb::Status rs = db_->Get(rocksdb::ReadOptions(), items_cf_, key, &value);
  if (rs.IsNotFound()) return std::optional<std::string>();
  if (!rs.ok()) return FromRocks(rs);
  return std::optional<std::string>(std::move(value));
}

absl::StatusOr<StoredItem> DBImpl::ReadStored(const std::string& key) const {
  absl::StatusOr<std::optional<std::string>> raw = ReadRaw(key);
  if (!raw.ok()) return raw.status();
  absl::StatusOr<std::optional<Item>> item = DecodeStored(*raw);
  if (!item.ok()) return item.status();
  return StoredItem{*std::move(raw), *std::move(item)};
}

bool DBImpl::SyncFor(const WriteOptions& write_options) const {
  Durability d = write_options.durability == Durability::kDatabaseDefault
                     ? options_.durability
                     : write_options.durability;
  return d == Durability::kSync;
}

absl::Status DBImpl::Commit(const std::vector<Mutation>& mutations,
                            const WriteOptions& write_options) {
  bool streamed = false;
  for (const Mutation& m : mutations) streamed = streamed || m.table->stream_id;
  if (!streamed) return CommitUnstreamed(mutations, write_options);
  PreparedWrite write;
  write.sync = SyncFor(write_options);
  for (const Mutation& m : mutations) {
    std::optional<std::string> value;
    const Item* new_item = m.new_item_view;
    if (new_item == nullptr && m.new_item) new_item = &*m.new_item;
    if (new_item != nullptr) EncodeItem(*new_item, &value.emplace());
    if (m.table->stream_id != 0) {
      // Nothing changes: no write and no record.
      if (!value && !m.old_value) continue;
      if (value && m.old_value && SameEncodedItem(*value, *m.old_value))
        continue;
      write.records.push_back({m.table->stream_id, EncodeRecord(m, value)});
    }
    write.items.push_back({m.key, std::move(value)});
  }
  if (write.items.empty()) return absl::OkStatus();
  return write_group_->Write(&write);
}

absl::Status DBImpl::CommitUnstreamed(const std::vector<Mutation>& mutations,
                                      const WriteOptions& write_options) {
  // Per-thread buffers keep their capacity between writes: a write then
  // allocates nothing for its encoding or its batch.
  thread_local std::string value;
  thread_local rocksdb::WriteBatch batch;
  if (mutations.empty()) return absl::OkStatus();
  batch.Clear();
  for (const Mutation& m : mutations) {
    const Item* new_item = m.new_item_view;
    if (new_item == nullptr && m.new_item) new_item = &*m.new_item;
    rocksdb::Status rs;
    if (new_item != nullptr) {
      EncodeItem(*new_item, &value);
      rs = batch.Put(items_cf_, m.key, value);
    } else {
      rs = batch.Delete(items_cf_, m.key);
    }
    if (!rs.ok()) return FromRocks(rs);
  }
  rocksdb::WriteOptions wo;
  wo.sync = SyncFor(write_options);
  absl::Status status = FromRocks(db_->Write(wo, &batch));
  // A large batch (a big transaction) gives its memory back.
  if (batch.GetDataSize() > kRetainedBatchBytesMax)
    batch = rocksdb::WriteBatch();
  if (value.capacity() > kRetainedBatchBytesMax) std::string().swap(value);
  return status;
}

std::string DBImpl::EncodeRecord(
    const Mutation& m, const std::optional<std::string>& new_value) const {
  StreamViewType view = ViewType(*m.table);
  cdc::RecordInput in;
  in.event_name = !m.old_value ? EventName::kInsert
                  : !new_value ? EventName::kRemove
                               : EventName::kModify;
  in.view_type = view;
  in.created_ms = clock_->NowMillis();  // re-stamped at commit
  std::string keys;
  EncodeItem(m.key_item, &keys);
  in.keys = keys;
  bool want_new = view == StreamViewType::kNewImage ||
                  view == StreamViewType::kNewAndOldImages;
  bool want_old = view == StreamViewType::kOldImage ||
                  view == StreamViewType::kNewAndOldImages;
  if (want_new && new_value) in.new_image = *new_value;
  if (want_old && m.old_value) in.old_image = *m.old_value;
  std::string out;
  cdc::EncodeChangeRecord(in, &out);
  return out;
}

absl::StatusOr<ItemResult> DBImpl::PutItem(const PutItemRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  if (absl::Status s = CheckPutDeleteReturnValues(r.return_values); !s.ok()) {
    return s;
  }
  absl::ReaderMutexLock catalog(&catalog_mu_);
  absl::StatusOr<const TableInfo*> table = FindTable(r.table_name);
  if (!table.ok()) return table.status();
  // Write the caller's item as is when it is canonical already; else a
  // normalized copy.
  std::optional<Item> copy;
  if (!IsValidCanonicalItem((*table)->schema(), r.item)) {
    copy = r.item;
    if (absl::Status s = NormalizeItem((*table)->schema(), &*copy); !s.ok()) {
      return s;
    }
  }
  const Item& item = copy ? *copy : r.item;
  std::vector<Mutation> mutations(1);
  Mutation& m = mutations[0];
  m.table = *table;
  m.key = EncodeItemKey(**table, item);
  ItemLocks::SingleGuard guard(&locks_, m.key);
  bool streamed = (*table)->stream_id != 0;
  bool need_old = r.condition || r.return_values == ReturnValues::kAllOld;
  std::optional<Item> old_item;
  if (streamed || need_old) {
    absl::StatusOr<std::optional<std::string>> raw = ReadRaw(m.key);
    if (!raw.ok()) return raw.status();
    if (need_old) {
      absl::StatusOr<std::optional<Item>> old = DecodeStored(*raw);
      if (!old.ok()) return old.status();
      old_item = *std::move(old);
    }
    if (streamed) {
      m.old_value = *std::move(raw);
      m.key_item = ExtractKey((*table)->schema(), item);
    }
  }
  if (absl::Status s = CheckCondition(r.condition, old_item); !s.ok()) {
    return s;
  }
  m.new_item_view = &item;
  if (absl::Status s = Commit(mutations, r.write_options); !s.ok()) return s;
  ItemResult result;
  if (r.return_values == ReturnValues::kAllOld)
    result.item = std::move(old_item);
  return result;
}

absl::StatusOr<ItemResult> DBImpl::DeleteItem(const DeleteItemRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  if (absl::Status s = CheckPutDeleteReturnValues(r.return_values); !s.ok()) {
    return s;
  }
  Item key_item = r.key;
  absl::ReaderMutexLock catalog(&catalog_mu_);
  absl::StatusOr<const TableInfo*> table = FindTable(r.table_name);
  if (!table.ok()) return table.status();
  absl::StatusOr<std::string> key = EncodeKey(**table, &key_item);
  if (!key.ok()) return key.status();
  ItemLocks::SingleGuard guard(&locks_, *key);
  // Read the old item only if something needs it: the stream (its bytes,
  // and no record when there is no item), the condition or ALL_OLD (its
  // decoding). Otherwise delete blindly, as a missing key deletes nothing.
  const bool streamed = (*table)->stream_id != 0;
  const bool need_old = r.condition || r.return_values == ReturnValues::kAllOld;
  StoredItem old;
  bool exists = true;
  if (streamed || need_old) {
    absl::StatusOr<std::optional<std::string>> raw = ReadRaw(*key);
    if (!raw.ok()) return raw.status();
    if (need_old) {
      absl::StatusOr<std::optional<Item>> item = DecodeStored(*raw);
      if (!item.ok()) return item.status();
      old.item = *std::move(item);
    }
    old.bytes = *std::move(raw);
    exists = old.bytes.has_value();
  }
  if (absl::Status s = CheckCondition(r.condition, old.item); !s.ok()) {
    return s;
  }
  if (exists) {
    std::vector<Mutation> mutations(1);
    mutations[0] = Mutation{*table, *std::move(key), std::nullopt,
                            std::move(old.bytes), std::move(key_item)};
    if (absl::Status s = Commit(mutations, r.write_options); !s.ok()) return s;
  }
  ItemResult result;
  if (r.return_values == ReturnValues::kAllOld) {
    result.item = std::move(old.item);
  }
  return result;
}

absl::StatusOr<Item> DBImpl::ApplyActions(
    const TableInfo& table, const Item& key,
    const std::optional<Item>& old_item,
    const std::vector<UpdateAction>& actions,
    std::vector<Path>* updated_paths) const {
  std::vector<UpdateAction> normalized = actions;
  for (UpdateAction& action : normalized) {
    if (absl::Status s = CheckNotKeyAttribute(table.schema(), action.path);
        !s.ok()) {
      return s;
    }
    if (action.kind != UpdateAction::Kind::kRemove) {
      if (absl::Status s = NormalizeOperand(&action.value); !s.ok()) return s;
    }
  }
  Item item = old_item ? *old_item : key;
  if (absl::Status s = ApplyUpdate(normalized, &item, updated_paths); !s.ok()) {
    return s;
  }
  if (absl::Status s = NormalizeItem(table.schema(), &item); !s.ok()) {
    return s;
  }
  return item;
}

absl::StatusOr<ItemResult> DBImpl::UpdateItem(const UpdateItemRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  Item key_item = r.key;
  absl::ReaderMutexLock catalog(&catalog_mu_);
  absl::StatusOr<const TableInfo*> table = FindTable(r.table_name);
  if (!table.ok()) return table.status();
  absl::StatusOr<std::string> key = EncodeKey(**table, &key_item);
  if (!key.ok()) return key.status();
  ItemLocks::SingleGuard guard(&locks_, *key);
  absl::StatusOr<StoredItem> old = ReadStored(*key);
  if (!old.ok()) return old.status();
  const std::optional<Item>& old_item = old->item;
  if (absl::Status s = CheckCondition(r.condition, old_item); !s.ok()) {
    return s;
  }
  std::vector<Path> paths;
  absl::StatusOr<Item> new_item =
      ApplyActions(**table, key_item, old_item, r.actions, &paths);
  if (!new_item.ok()) return new_item.status();
  ItemResult result;
  switch (r.return_values) {
    case ReturnValues::kNone:
      break;
    case ReturnValues::kAllOld:
      result.item = old_item;
      break;
    case ReturnValues::kUpdatedOld:
      if (old_item) result.item = Project(*old_item, paths);
      break;
    case ReturnValues::kAllNew:
      result.item = *new_item;
      break;
    case ReturnValues::kUpdatedNew:
      result.item = Project(*new_item, paths);
      break;
  }
  if (result.item && result.item->empty()) result.item.reset();
  std::vector<Mutation> mutations(1);
  mutations[0] = Mutation{*table, *std::move(key), *std::move(new_item),
                          std::move(old->bytes), std::move(key_item)};
  if (absl::Status s = Commit(mutations, r.write_options); !s.ok()) return s;
  return result;
}

}  // namespace eddy::engine

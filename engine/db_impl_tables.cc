// Copyright (c) Eddy authors.
//
// Table operations. Each holds catalog_mu_ exclusively (writes) or shared
// (reads); catalog changes are one RocksDB WriteBatch each.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "engine/db_impl.h"
#include "engine/errors.h"
#include "engine/key_codec.h"
#include "engine/strings.h"
#include "rocksdb/write_batch.h"

namespace eddy::engine {
namespace {

std::string Fixed32(uint32_t v) {
  std::string out;
  AppendTableId(v, &out);  // same big-endian layout
  return out;
}

}  // namespace

absl::StatusOr<const TableInfo*> DBImpl::FindTable(
    std::string_view name) const {
  auto it = tables_.find(Sv(name));
  if (it == tables_.end()) {
    return ResourceNotFound(absl::StrCat(
        "Requested resource not found: Table: ", Sv(name), " not found"));
  }
  return it->second.get();
}

absl::StatusOr<TableDescription> DBImpl::CreateTable(
    const CreateTableRequest& request) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  if (absl::Status s = ValidateCreateTable(request); !s.ok()) return s;
  absl::MutexLock lock(&catalog_mu_);
  if (tables_.contains(Sv(request.table_name))) {
    return ResourceInUse(
        absl::StrCat("Table already exists: ", request.table_name));
  }
  TableInfo info;
  info.id = next_table_id_;
  TableDescription& d = info.description;
  d.table_name = request.table_name;
  d.key_schema = request.key_schema;
  d.status = TableStatus::kActive;
  d.creation_time_ms = absl::ToUnixMillis(absl::Now());
  d.deletion_protection_enabled = request.deletion_protection_enabled;
  d.table_arn =
      TableArn(options_.region, options_.account_id, request.table_name);
  AppendTableId(info.id, &info.key_prefix);

  rocksdb::WriteBatch batch;
  batch.Put(catalog_cf_, TableCatalogKey(d.table_name), EncodeTableInfo(info));
  batch.Put(catalog_cf_, std::string(kNextTableIdKey), Fixed32(info.id + 1));
  rocksdb::WriteOptions wo;
  wo.sync = true;  // catalog changes are rare; always durable
  if (absl::Status s = FromRocks(db_->Write(wo, &batch)); !s.ok()) return s;
  next_table_id_ = info.id + 1;
  auto owned = std::make_unique<const TableInfo>(std::move(info));
  TableDescription result = owned->description;
  tables_[result.table_name] = std::move(owned);
  return result;
}

absl::StatusOr<TableDescription> DBImpl::DescribeTable(
    std::string_view table_name) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  absl::ReaderMutexLock lock(&catalog_mu_);
  absl::StatusOr<const TableInfo*> table = FindTable(table_name);
  if (!table.ok()) return table.status();
  return (*table)->description;
}

absl::StatusOr<ListTablesResult> DBImpl::ListTables(
    const ListTablesRequest& request) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  if (request.limit < 1 || request.limit > 100) {
    return ValidationError(
        absl::StrCat("Limit must be between 1 and 100, got ", request.limit));
  }
  std::vector<std::string> names;
  {
    absl::ReaderMutexLock lock(&catalog_mu_);
    for (const auto& [name, info] : tables_) {
      if (name > request.exclusive_start_table_name) names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  ListTablesResult result;
  if (names.size() > static_cast<size_t>(request.limit)) {
    names.resize(request.limit);
    result.last_evaluated_table_name = names.back();
  }
  result.table_names = std::move(names);
  return result;
}

absl::StatusOr<TableDescription> DBImpl::UpdateTable(
    const UpdateTableRequest& request) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  absl::MutexLock lock(&catalog_mu_);
  absl::StatusOr<const TableInfo*> found = FindTable(request.table_name);
  if (!found.ok()) return found.status();
  TableInfo info = **found;
  if (request.deletion_protection_enabled) {
    info.description.deletion_protection_enabled =
        *request.deletion_protection_enabled;
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  absl::Status s = FromRocks(db_->Put(
      wo, catalog_cf_, TableCatalogKey(info.name()), EncodeTableInfo(info)));
  if (!s.ok()) return s;
  TableDescription result = info.description;
  // Not tables_[info.name()] = ...(std::move(info)): the right side is
  // evaluated first and would leave the name moved-from.
  tables_[result.table_name] =
      std::make_unique<const TableInfo>(std::move(info));
  return result;
}

absl::StatusOr<TableDescription> DBImpl::DeleteTable(
    std::string_view table_name) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  absl::MutexLock lock(&catalog_mu_);
  absl::StatusOr<const TableInfo*> found = FindTable(table_name);
  if (!found.ok()) return found.status();
  const TableInfo& info = **found;
  if (info.description.deletion_protection_enabled) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Resource cannot be deleted as it is currently protected against "
        "deletion. Disable deletion protection first. Table: ",
        info.name()));
  }
  // One batch: the catalog entry and every item, by a range delete over the
  // table's id prefix (never a loop over items).
  rocksdb::WriteBatch batch;
  batch.Delete(catalog_cf_, TableCatalogKey(info.name()));
  batch.DeleteRange(items_cf_, info.key_prefix,
                    PrefixSuccessor(info.key_prefix));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (absl::Status s = FromRocks(db_->Write(wo, &batch)); !s.ok()) return s;
  TableDescription result = info.description;
  result.status = TableStatus::kDeleting;
  tables_.erase(Sv(table_name));
  return result;
}

}  // namespace eddy::engine

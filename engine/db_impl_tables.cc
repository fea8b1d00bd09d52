// Copyright (c) Eddy authors.
//
// Table operations. Each holds catalog_mu_ exclusively (writes) or shared
// (reads); catalog changes are one RocksDB WriteBatch each.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cdc/stream_log.h"
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

absl::Status DBImpl::ApplyStreamSpec(
    const std::optional<StreamSpecification>& spec, TableInfo* info,
    rocksdb::WriteBatch* batch) {
  if (!spec) return absl::OkStatus();
  const std::string& name = info->name();
  if (spec->stream_enabled) {
    if (info->stream_id != 0) {
      return ValidationError(
          ViewType(*info) == spec->view_type
              ? absl::StrCat("Table already has an enabled stream: ", name)
              : absl::StrCat("Table already has an enabled stream: ", name,
                             "; its StreamViewType cannot be changed while "
                             "it is enabled (disable the stream first)"));
    }
    cdc::StreamMeta meta = stream_log_->CreateStream(
        name, info->id, info->schema(), spec->view_type, batch);
    SetTableStream(options_.region, options_.account_id, meta.id,
                   spec->view_type, meta.label, info);
    return absl::OkStatus();
  }
  if (info->stream_id == 0) return absl::OkStatus();
  stream_log_->DisableStream(info->stream_id, batch);
  SetTableStream(options_.region, options_.account_id, 0, ViewType(*info),
                 info->description.latest_stream_label, info);
  return absl::OkStatus();
}

absl::Status DBImpl::CommitCatalog(rocksdb::WriteBatch* batch) {
  rocksdb::WriteOptions wo;
  wo.sync = true;  // catalog changes are rare; always durable
  absl::Status s = FromRocks(db_->Write(wo, batch));
  if (s.ok()) {
    stream_log_->Publish();
  } else {
    stream_log_->Abandon();
  }
  return s;
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
  if (absl::Status s =
          ApplyStreamSpec(request.stream_specification, &info, &batch);
      !s.ok()) {
    stream_log_->Abandon();
    return s;
  }
  batch.Put(catalog_cf_, TableCatalogKey(d.table_name), EncodeTableInfo(info));
  batch.Put(catalog_cf_, std::string(kNextTableIdKey), Fixed32(info.id + 1));
  if (absl::Status s = CommitCatalog(&batch); !s.ok()) return s;
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
  const auto& spec = request.stream_specification;
  if (spec && !spec->stream_enabled && info.stream_id == 0) {
    return ValidationError(absl::StrCat(
        "Table ", info.name(), " does not have an enabled stream to disable"));
  }
  rocksdb::WriteBatch batch;
  if (absl::Status s = ApplyStreamSpec(spec, &info, &batch); !s.ok()) {
    stream_log_->Abandon();
    return s;
  }
  batch.Put(catalog_cf_, TableCatalogKey(info.name()), EncodeTableInfo(info));
  if (absl::Status s = CommitCatalog(&batch); !s.ok()) return s;
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
  // Its stream is disabled, and stays readable until retention ends, as in
  // AWS.
  rocksdb::WriteBatch batch;
  if (info.stream_id != 0) stream_log_->DisableStream(info.stream_id, &batch);
  batch.Delete(catalog_cf_, TableCatalogKey(info.name()));
  batch.DeleteRange(items_cf_, info.key_prefix,
                    PrefixSuccessor(info.key_prefix));
  if (absl::Status s = CommitCatalog(&batch); !s.ok()) return s;
  TableDescription result = info.description;
  result.status = TableStatus::kDeleting;
  tables_.erase(Sv(table_name));
  return result;
}

}  // namespace eddy::engine

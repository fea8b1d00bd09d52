// Copyright (c) Eddy authors.
//
// The table catalog: table definitions persisted in the "catalog" column
// family.
//
// Persistent format (the key strings and JSON field names never change):
//
//   "table/" <table name>  ->  JSON {"id": u32, "name": str,
//                                    "pk": {"name": str, "type": "S"|"N"|"B"},
//                                    "sk": {...} (absent without sort key),
//                                    "created_ms": i64,
//                                    "deletion_protection": bool,
//                                    "stream_id": u32 (the enabled stream;
//                                        0 or absent: none),
//                                    "view_type": u8 (StreamViewType),
//                                    "latest_stream_label": str (absent if
//                                        a stream was never enabled)}
//   "next_table_id"        ->  fixed32 big-endian: the next id to assign.
//
// Table ids are never reused, so the items of a deleted table (removed by a
// range delete over its id prefix) can never reappear under a new table.
// JSON is used here (not FlatBuffers) because the catalog is small, rarely
// written and worth being readable with `ldb`.

#ifndef EDDY_ENGINE_CATALOG_H_
#define EDDY_ENGINE_CATALOG_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eddy/table.h"

namespace eddy::engine {

inline constexpr std::string_view kTableKeyPrefix = "table/";
inline constexpr std::string_view kNextTableIdKey = "next_table_id";

// A table as the engine holds it. Immutable once published; replaced whole
// on UpdateTable.
struct TableInfo {
  uint32_t id = 0;
  TableDescription description;
  std::string key_prefix;  // AppendTableId(id): the prefix of all its items
  // The enabled stream (cdc/stream_log.h), or 0. Its view type is
  // description.stream_specification->view_type.
  uint32_t stream_id = 0;

  const KeySchema& schema() const { return description.key_schema; }
  const std::string& name() const { return description.table_name; }
};

// "table/<name>".
std::string TableCatalogKey(std::string_view table_name);

std::string EncodeTableInfo(const TableInfo& info);
// kDataLoss if the bytes are not a valid catalog entry. The ARN is rebuilt
// from region and account.
absl::StatusOr<TableInfo> DecodeTableInfo(std::string_view bytes,
                                          std::string_view region,
                                          std::string_view account_id);

// The stream view type of the enabled stream. REQUIRES: stream_id != 0.
inline StreamViewType ViewType(const TableInfo& t) {
  return t.description.stream_specification->view_type;
}

// Sets the description's stream fields for a newly enabled stream, or for
// disabling (stream_id 0; the latest ARN and label stay).
void SetTableStream(std::string_view region, std::string_view account_id,
                    uint32_t stream_id, StreamViewType view_type,
                    std::string_view label, TableInfo* info);

// arn:aws:dynamodb:<region>:<account>:table/<name>.
std::string TableArn(std::string_view region, std::string_view account_id,
                     std::string_view table_name);

// 3..255 characters of [A-Za-z0-9_.-]; kInvalidArgument naming the rule.
absl::Status ValidateTableName(std::string_view name);

// Table name plus key schema rules (attribute names 1..255 bytes, distinct).
absl::Status ValidateCreateTable(const CreateTableRequest& request);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_CATALOG_H_

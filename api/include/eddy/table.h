// Copyright (c) Eddy authors.
//
// Table schemas, descriptions and the requests that create and change them.

#ifndef EDDY_TABLE_H_
#define EDDY_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eddy {

// Type of a key attribute. Persisted in the catalog: values never change.
enum class KeyType : uint8_t { kS = 0, kN = 1, kB = 2 };
// "S", "N" or "B".
std::string_view KeyTypeName(KeyType type);

struct KeyAttribute {
  std::string name;  // 1..255 bytes
  KeyType type = KeyType::kS;
};

// Partition key and optional sort key.
struct KeySchema {
  KeyAttribute partition_key;
  std::optional<KeyAttribute> sort_key;
};

// What a stream record holds of the item. Persisted: values never change.
enum class StreamViewType : uint8_t {
  kKeysOnly = 0,
  kNewImage = 1,
  kOldImage = 2,
  kNewAndOldImages = 3,
};
// "KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES".
std::string_view StreamViewTypeName(StreamViewType type);
// Parses those names; false if unknown.
bool ParseStreamViewType(std::string_view name, StreamViewType* type);

struct StreamSpecification {
  bool stream_enabled = false;
  StreamViewType view_type = StreamViewType::kNewAndOldImages;
};

enum class TableStatus : uint8_t { kActive = 0, kDeleting = 1 };

struct TableDescription {
  std::string table_name;
  std::string table_arn;  // arn:aws:dynamodb:<region>:<account>:table/<name>
  KeySchema key_schema;
  TableStatus status = TableStatus::kActive;
  int64_t creation_time_ms = 0;  // Unix epoch milliseconds
  bool deletion_protection_enabled = false;
  // Set when a stream has ever been enabled on the table.
  std::optional<StreamSpecification> stream_specification;
  std::string latest_stream_arn;    // "" if never enabled
  std::string latest_stream_label;  // millisecond ISO-8601, e.g.
                                    // "2026-11-24T01:21:43.123"
};

// Table names: 3..255 characters of [A-Za-z0-9_.-].
struct CreateTableRequest {
  std::string table_name;
  KeySchema key_schema;
  bool deletion_protection_enabled = false;
  // Enabling creates a stream (see eddy/streams.h).
  std::optional<StreamSpecification> stream_specification;
};

// Changes the settable properties of a table. Unset fields stay as they are.
struct UpdateTableRequest {
  std::string table_name;
  std::optional<bool> deletion_protection_enabled;
  // Enable: creates a new stream (new ARN) if none is enabled; changing the
  // view type of an enabled stream is kInvalidArgument, as in AWS.
  // Disable: the stream stays readable until its retention ends.
  std::optional<StreamSpecification> stream_specification;
};

struct ListTablesRequest {
  // Start after this name (the previous page's last_evaluated_table_name).
  std::string exclusive_start_table_name;
  // Page size: 1..100.
  int limit = 100;
};

struct ListTablesResult {
  std::vector<std::string> table_names;  // in name order
  // Set when more names follow; pass as exclusive_start_table_name.
  std::optional<std::string> last_evaluated_table_name;
};

}  // namespace eddy

#endif  // EDDY_TABLE_H_

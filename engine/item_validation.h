// Copyright (c) Eddy authors.
//
// DynamoDB's rules for items, applied to every item before it is written.
//
//   - N values parse as DynamoDB numbers (engine/number.h); they are
//     rewritten to canonical text.
//   - Sets are non-empty and duplicate-free (NS: by numeric value); they
//     are sorted (SS, BS bytewise; NS numerically).
//   - Nesting depth of M/L <= 32.
//   - Item size <= 400 KB (409600 bytes), counted as DynamoDB does:
//     attribute names (UTF-8 bytes) plus values (ItemSize below).
//   - Key attributes are present, of their schema type, non-empty;
//     partition key <= 2048 bytes, sort key <= 1024 bytes.
//   - Attribute names are 1..65535 bytes (key attribute names 1..255).
//
// Every violation is kInvalidArgument naming the attribute (by path).

#ifndef EDDY_ENGINE_ITEM_VALIDATION_H_
#define EDDY_ENGINE_ITEM_VALIDATION_H_

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "eddy/table.h"
#include "eddy/value.h"

namespace eddy::engine {

inline constexpr size_t kMaxItemBytes = 400 * 1024;
inline constexpr size_t kMaxPartitionKeyBytes = 2048;
inline constexpr size_t kMaxSortKeyBytes = 1024;
inline constexpr int kMaxNestingDepth = 32;

// Validates and canonicalizes one value in place. `path` names it in
// errors ("Tags", "a.b[2]"). `depth` is the nesting depth of `value`
// (a top-level attribute is depth 0).
absl::Status NormalizeValue(std::string_view path, int depth,
                            AttributeValue* value);

// Validates and canonicalizes a whole item against a table's key schema.
absl::Status NormalizeItem(const KeySchema& schema, Item* item);

// True if `item` is valid and already canonical, i.e. NormalizeItem would
// succeed and change nothing: lets a writer skip copying a caller's item.
// False when it is invalid or unsure (then NormalizeItem a copy, which
// reports the error if any). Reads only; does not allocate.
bool IsValidCanonicalItem(const KeySchema& schema, const Item& item);

// True if `key` is a valid key already in canonical form, i.e.
// NormalizeKey would succeed and change nothing: lets a read skip copying
// the caller's key. Reads only; does not allocate.
bool IsValidCanonicalKey(const KeySchema& schema, const Item& key);

// Validates and canonicalizes a key: exactly the schema's key attributes,
// of the right types, within size limits.
absl::Status NormalizeKey(const KeySchema& schema, Item* key);

// DynamoDB's size of a value in bytes: S and B their length, N roughly
// (significant digits + 1) / 2 + 1, BOOL and NULL 1, M and L 3 plus their
// elements (+1 per element, plus names for M), sets the sum of elements.
size_t ValueSize(const AttributeValue& value);
// Sum over attributes of name length + ValueSize.
size_t ItemSize(const Item& item);

// Returns the key attributes of `item` per `schema`.
// REQUIRES: item holds them (e.g. after NormalizeItem).
Item ExtractKey(const KeySchema& schema, const Item& item);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_ITEM_VALIDATION_H_

// Copyright (c) Eddy authors.
//
// Stored item values: an Item encoded as a FlatBuffer (schema and format
// rules in engine/item.fbs). Every decode runs the FlatBuffers verifier
// first; bytes that fail it are kDataLoss, never a crash.

#ifndef EDDY_ENGINE_ITEM_CODEC_H_
#define EDDY_ENGINE_ITEM_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "eddy/value.h"

namespace eddy::engine {

// Replaces *out with the encoding of `item` (format 2, slots). Equal items
// encode to equal bytes. REQUIRES: item is valid (ValidateItem); numbers
// are stored as their text.
void EncodeItem(const Item& item, std::string* out);

// The same in format 1 (tables), which items written before format 2 use:
// for tests and benchmarks of reading such items. REQUIRES: as EncodeItem.
void EncodeItemV1(const Item& item, std::string* out);

// Verifies and decodes either format. kDataLoss on any malformed input.
absl::StatusOr<Item> DecodeItem(std::string_view bytes);

// `bytes` itself if it is 8-byte aligned, else a copy in *buffer (then
// valid until *buffer changes). FlatBuffers reads scalars in place, and
// RocksDB may hand out unaligned values: every FlatBuffers read of a
// stored value goes through this.
std::string_view AlignedBytes(std::string_view bytes,
                              std::vector<uint64_t>* buffer);

// Verifies only (cheaper than DecodeItem): the FlatBuffers verifier and
// the format's own rules (type numbers, names present and in order, N
// text). kDataLoss if malformed.
absl::Status VerifyItem(std::string_view bytes);

// VerifyItem, and then a format-1 encoding is replaced by the format-2
// encoding of the same item: on success *bytes is verified format 2.
// kDataLoss if malformed (*bytes unchanged).
absl::Status VerifyAndUpgradeItem(std::string* bytes);

// True if `encoded` (EncodeItem output) and `stored` (either format) hold
// the same item. Equal bytes are; otherwise only a format-1 `stored` is
// decoded and compared. False if `stored` is malformed.
bool SameEncodedItem(std::string_view encoded, std::string_view stored);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_ITEM_CODEC_H_

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

namespace eddy::fb {
struct Value;
}  // namespace eddy::fb

namespace eddy::engine {

// Replaces *out with the encoding of `item`. REQUIRES: item is valid
// (ValidateItem); numbers are stored as their text.
void EncodeItem(const Item& item, std::string* out);

// Verifies and decodes. kDataLoss on any malformed input.
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

// Decodes one value of a buffer that passed VerifyItem.
// REQUIRES: `value` lies in such a buffer (it then cannot be malformed).
AttributeValue DecodeVerifiedValue(const fb::Value& value);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_ITEM_CODEC_H_

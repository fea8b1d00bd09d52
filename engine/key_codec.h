// Copyright (c) Eddy authors.
//
// Order-preserving encoding of item keys into RocksDB keys.
//
// Persistent format (never change without a format version bump):
//
//   item_key   := table_id:fixed32-big-endian  pk  [sk]
//   pk, sk     := key_value
//   key_value  := S: escaped(utf8 bytes) 0x00 0x01
//               | B: escaped(bytes)      0x00 0x01
//               | N: number_encoding
//   escaped(x) := x with every 0x00 byte replaced by 0x00 0xFF
//
//   number_encoding (Number::AppendOrderedEncoding):
//     zero:     0x80
//     positive: 0x81..0xFF region: 0xC0, exponent as fixed16 big-endian with
//               bias 0x8000, then each digit d as byte (d + 1), then 0x00
//     negative: 0x40, then the positive encoding's exponent and digit bytes
//               each complemented (0xFF - b), then 0xFF
//
// The type of each key attribute is fixed by the table's schema, so a key
// value needs no type tag. Bytewise comparison of two encodings with the
// same schema orders first by partition key, then by sort key, with S and B
// bytewise and N numeric. Each key_value is self-delimiting, so a partition
// key's encoding is a prefix of exactly the keys in that partition.

#ifndef EDDY_ENGINE_KEY_CODEC_H_
#define EDDY_ENGINE_KEY_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "eddy/table.h"
#include "eddy/value.h"

namespace eddy::engine {

// Appends the encoding of one key value. REQUIRES: value's type matches
// `type` and, for N, holds canonical (valid) number text.
void AppendKeyValue(KeyType type, const AttributeValue& value,
                    std::string* out);

// Decodes one key value of `type` from the front of *in, advancing it.
// kDataLoss if the bytes are malformed.
absl::StatusOr<AttributeValue> ConsumeKeyValue(KeyType type,
                                               std::string_view* in);

// Appends the 4-byte big-endian table id.
void AppendTableId(uint32_t table_id, std::string* out);

// For begins_with on an S or B sort key: the encoding of `prefix` without
// its terminator, so that every sk beginning with `prefix` has an encoding
// beginning with the result.
void AppendKeyPrefix(const std::string& prefix, std::string* out);

// The smallest byte string greater than every string with prefix `s`
// ("" if none exists, i.e. s is all 0xFF).
std::string PrefixSuccessor(std::string_view s);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_KEY_CODEC_H_

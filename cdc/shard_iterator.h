// Copyright (c) Eddy authors.
//
// Shard iterators: the opaque strings GetShardIterator returns and
// GetRecords consumes. A token names a position in one shard ("read the
// records with sequence number >= position") and when it was issued.
//
// Format (not persisted, but stable within a version so that tokens survive
// a reopen): web-safe base64 without padding of 33 bytes:
//   version:1 (=1) | stream_id:4 | shard_index:4 | position:8 |
//   issued_ms:8 | checksum:8
// all big-endian; checksum = FNV-1a 64 of the 25 bytes before it. The
// checksum catches corrupted and hand-edited tokens; it is not a MAC, so a
// token is not a capability (anyone may read any stream anyway).

#ifndef EDDY_CDC_SHARD_ITERATOR_H_
#define EDDY_CDC_SHARD_ITERATOR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace eddy::cdc {

struct ShardIteratorToken {
  uint32_t stream_id = 0;
  uint32_t shard_index = 0;  // ShardMeta::index
  uint64_t position = 0;     // next sequence number to read
  int64_t issued_ms = 0;     // Clock::NowMillis() when issued

  friend bool operator==(const ShardIteratorToken&,
                         const ShardIteratorToken&) = default;
};

// Renders a token as a printable string of [A-Za-z0-9_-].
std::string EncodeShardIterator(const ShardIteratorToken& token);

// Parses a string made by EncodeShardIterator. kInvalidArgument
// (ValidationException "Invalid ShardIterator") for anything else: bad
// base64, wrong length or version, checksum mismatch.
absl::StatusOr<ShardIteratorToken> DecodeShardIterator(std::string_view text);

}  // namespace eddy::cdc

#endif  // EDDY_CDC_SHARD_ITERATOR_H_

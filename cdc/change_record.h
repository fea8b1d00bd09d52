// Copyright (c) Eddy authors.
//
// Encoding and decoding of change records (schema: cdc/change_record.fbs)
// and of their keys in the "changes" column family.

#ifndef EDDY_CDC_CHANGE_RECORD_H_
#define EDDY_CDC_CHANGE_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "eddy/streams.h"

namespace eddy::cdc {

// The parts of a record known before commit. Images are stored item values
// (engine/item_codec.h); empty optional = absent.
struct RecordInput {
  EventName event_name = EventName::kInsert;
  StreamViewType view_type = StreamViewType::kNewAndOldImages;
  int64_t created_ms = 0;
  std::string_view keys;  // encoded Item of the key attributes
  std::optional<std::string_view> new_image;
  std::optional<std::string_view> old_image;
};

// Replaces *out with the encoded record value.
void EncodeChangeRecord(const RecordInput& in, std::string* out);

// The key of record `sequence` in stream `stream_id`: 12 bytes.
std::string ChangeKey(uint32_t stream_id, uint64_t sequence);
// Appends the 4-byte stream prefix.
void AppendStreamPrefix(uint32_t stream_id, std::string* out);
// Parses a 12-byte change key. False if malformed.
bool ParseChangeKey(std::string_view key, uint32_t* stream_id,
                    uint64_t* sequence);

// Sequence numbers as AWS strings: "1" then the value zero-padded to 20
// digits (2^64 has 20), so every one has 21 digits, no leading zero, and
// string order equals numeric order. Persistent in clients' checkpoints:
// never change.
std::string SequenceToString(uint64_t sequence);
// Parses what SequenceToString produces; false for anything else.
bool ParseSequence(std::string_view text, uint64_t* sequence);

// `value` itself if it is 8-byte aligned, else a copy in aligned
// thread-local memory (FlatBuffers reads scalars in place, and RocksDB may
// hand out unaligned values). The copy is valid until the next call on the
// same thread.
std::string_view AlignedRecordBytes(std::string_view value);

// Verifies and decodes a stored record into the public form (all fields but
// aws_region, which the caller sets); size_bytes is DynamoDB's item size of
// the keys plus the images present. kDataLoss if malformed.
absl::StatusOr<StreamRecord> DecodeChangeRecord(std::string_view value,
                                                uint32_t stream_id,
                                                uint64_t sequence);

}  // namespace eddy::cdc

#endif  // EDDY_CDC_CHANGE_RECORD_H_

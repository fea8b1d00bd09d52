// Copyright (c) Eddy authors.

#include "cdc/change_record.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cdc/change_record_generated.h"
#include "engine/item_codec.h"
#include "engine/item_validation.h"
#include "flatbuffers/flatbuffers.h"

namespace eddy::cdc {
namespace {

void PutFixed32(uint32_t v, std::string* out) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(char(v >> shift));
}
void PutFixed64(uint64_t v, std::string* out) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(char(v >> shift));
}
uint64_t GetFixed(std::string_view in) {
  uint64_t v = 0;
  for (char c : in) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

// 32 hex digits, unique per (stream, sequence) by construction: the stream
// id and the sequence number, then a mix of both.
std::string EventId(uint32_t stream_id, uint64_t sequence) {
  uint64_t mix =
      (sequence ^ (uint64_t{stream_id} << 32)) * 0x9E3779B97F4A7C15ull;
  return absl::StrFormat("%08x%016x%08x", stream_id, sequence,
                         static_cast<uint32_t>(mix >> 32));
}

absl::StatusOr<std::optional<Item>> DecodeImage(
    const flatbuffers::Vector<uint8_t>* bytes) {
  if (bytes == nullptr) return std::optional<Item>();
  absl::StatusOr<Item> item = engine::DecodeItem(std::string_view(
      reinterpret_cast<const char*>(bytes->data()), bytes->size()));
  if (!item.ok()) return item.status();
  return std::optional<Item>(*std::move(item));
}

}  // namespace

void EncodeChangeRecord(const RecordInput& in, std::string* out) {
  thread_local flatbuffers::FlatBufferBuilder fbb(512);
  fbb.Clear();
  auto bytes = [&](std::string_view s) {
    return fbb.CreateVector(reinterpret_cast<const uint8_t*>(s.data()),
                            s.size());
  };
  auto keys = bytes(in.keys);
  flatbuffers::Offset<flatbuffers::Vector<uint8_t>> new_image, old_image;
  if (in.new_image) new_image = bytes(*in.new_image);
  if (in.old_image) old_image = bytes(*in.old_image);
  fb::ChangeRecordBuilder b(fbb);
  b.add_created_ms(in.created_ms);
  b.add_keys(keys);
  if (in.new_image) b.add_new_image(new_image);
  if (in.old_image) b.add_old_image(old_image);
  b.add_event_name(static_cast<uint8_t>(in.event_name));
  b.add_view_type(static_cast<uint8_t>(in.view_type));
  fbb.Finish(b.Finish());
  out->assign(reinterpret_cast<const char*>(fbb.GetBufferPointer()),
              fbb.GetSize());
}

std::string ChangeKey(uint32_t stream_id, uint64_t sequence) {
  std::string key;
  key.reserve(12);
  PutFixed32(stream_id, &key);
  PutFixed64(sequence, &key);
  return key;
}

void AppendStreamPrefix(uint32_t stream_id, std::string* out) {
  PutFixed32(stream_id, out);
}

bool ParseChangeKey(std::string_view key, uint32_t* stream_id,
                    uint64_t* sequence) {
  if (key.size() != 12) return false;
  *stream_id = static_cast<uint32_t>(GetFixed(key.substr(0, 4)));
  *sequence = GetFixed(key.substr(4));
  return true;
}

std::string SequenceToString(uint64_t sequence) {
  return absl::StrFormat("1%020u", sequence);
}

bool ParseSequence(std::string_view text, uint64_t* sequence) {
  if (text.size() != 21 || text[0] != '1') return false;
  uint64_t v = 0;
  for (char c : text.substr(1)) {
    if (c < '0' || c > '9') return false;
    uint64_t digit = c - '0';
    if (v > (UINT64_MAX - digit) / 10) return false;
    v = v * 10 + digit;
  }
  *sequence = v;
  return true;
}

std::string_view AlignedRecordBytes(std::string_view value) {
  // Its own buffer: decoding a record decodes the item images inside it,
  // and DecodeItem aligns with another.
  thread_local std::vector<uint64_t> aligned;
  return engine::AlignedBytes(value, &aligned);
}

absl::StatusOr<StreamRecord> DecodeChangeRecord(std::string_view value,
                                                uint32_t stream_id,
                                                uint64_t sequence) {
  value = AlignedRecordBytes(value);
  flatbuffers::Verifier verifier(reinterpret_cast<const uint8_t*>(value.data()),
                                 value.size());
  if (!fb::VerifyChangeRecordBuffer(verifier)) {
    return absl::DataLossError(absl::StrCat(
        "corrupt change record ", SequenceToString(sequence), " in stream ",
        stream_id, ": failed FlatBuffers verification"));
  }
  const fb::ChangeRecord* r = fb::GetChangeRecord(value.data());
  uint8_t event = r->event_name();
  uint8_t view = r->view_type();
  if (event < 1 || event > 3 || view > 3 || r->keys() == nullptr) {
    return absl::DataLossError(
        absl::StrCat("corrupt change record ", SequenceToString(sequence),
                     ": bad event name, view type or keys"));
  }
  StreamRecord out;
  out.event_id = EventId(stream_id, sequence);
  out.event_name = static_cast<EventName>(event);
  out.event_version = "1.1";
  out.approximate_creation_time_ms = r->created_ms();
  absl::StatusOr<std::optional<Item>> keys = DecodeImage(r->keys());
  if (!keys.ok()) return keys.status();
  out.keys = **std::move(keys);
  absl::StatusOr<std::optional<Item>> new_image = DecodeImage(r->new_image());
  if (!new_image.ok()) return new_image.status();
  out.new_image = *std::move(new_image);
  absl::StatusOr<std::optional<Item>> old_image = DecodeImage(r->old_image());
  if (!old_image.ok()) return old_image.status();
  out.old_image = *std::move(old_image);
  out.sequence_number = SequenceToString(sequence);
  out.size_bytes = engine::ItemSize(out.keys);
  if (out.new_image) out.size_bytes += engine::ItemSize(*out.new_image);
  if (out.old_image) out.size_bytes += engine::ItemSize(*out.old_image);
  out.view_type = static_cast<StreamViewType>(view);
  return out;
}

}  // namespace eddy::cdc

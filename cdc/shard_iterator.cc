// Copyright (c) Eddy authors.

#include "cdc/shard_iterator.h"

#include <string>

#include "absl/strings/escaping.h"
#include "engine/errors.h"
#include "engine/strings.h"

namespace eddy::cdc {
namespace {

constexpr uint8_t kVersion = 1;
constexpr size_t kBodyBytes = 1 + 4 + 4 + 8 + 8;
constexpr size_t kTokenBytes = kBodyBytes + 8;

void PutFixed(uint64_t v, int bytes, std::string* out) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(char(v >> (8 * i)));
}

uint64_t GetFixed(std::string_view in, size_t offset, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v = (v << 8) | static_cast<uint8_t>(in[offset + i]);
  }
  return v;
}

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : bytes) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

absl::Status Invalid() {
  return engine::ValidationError("Invalid ShardIterator");
}

}  // namespace

std::string EncodeShardIterator(const ShardIteratorToken& token) {
  std::string raw;
  raw.reserve(kTokenBytes);
  raw.push_back(char(kVersion));
  PutFixed(token.stream_id, 4, &raw);
  PutFixed(token.shard_index, 4, &raw);
  PutFixed(token.position, 8, &raw);
  PutFixed(static_cast<uint64_t>(token.issued_ms), 8, &raw);
  PutFixed(Fnv1a64(raw), 8, &raw);
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<ShardIteratorToken> DecodeShardIterator(std::string_view text) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(engine::Sv(text), &raw) ||
      raw.size() != kTokenBytes ||
      absl::WebSafeBase64Escape(raw) != engine::Sv(text)) {
    return Invalid();
  }
  std::string_view view(raw);
  if (static_cast<uint8_t>(raw[0]) != kVersion ||
      GetFixed(view, kBodyBytes, 8) != Fnv1a64(view.substr(0, kBodyBytes))) {
    return Invalid();
  }
  ShardIteratorToken token;
  token.stream_id = static_cast<uint32_t>(GetFixed(view, 1, 4));
  token.shard_index = static_cast<uint32_t>(GetFixed(view, 5, 4));
  token.position = GetFixed(view, 9, 8);
  token.issued_ms = static_cast<int64_t>(GetFixed(view, 17, 8));
  return token;
}

}  // namespace eddy::cdc

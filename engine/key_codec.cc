// Copyright (c) Eddy authors.
//
// Order-preserving key encoding. The persistent format is written down in
// engine/key_codec.h; this file must follow it byte for byte.

#include "engine/key_codec.h"

#include <cassert>
#include <cstring>

#include "engine/number.h"

namespace eddy::engine {
namespace {

constexpr char kEscape = '\x00';
constexpr char kEscapedZero = '\xFF';
constexpr char kTerminator = '\x01';

// Appends `bytes` with every 0x00 replaced by 0x00 0xFF.
void AppendEscaped(std::string_view bytes, std::string* out) {
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  while (p < end) {
    const void* zero = std::memchr(p, kEscape, static_cast<size_t>(end - p));
    if (zero == nullptr) {
      out->append(p, static_cast<size_t>(end - p));
      return;
    }
    const char* z = static_cast<const char*>(zero);
    out->append(p, static_cast<size_t>(z - p));
    out->push_back(kEscape);
    out->push_back(kEscapedZero);
    p = z + 1;
  }
}

// Decodes escaped bytes up to and including the terminator.
absl::StatusOr<std::string> ConsumeEscaped(std::string_view* in) {
  std::string bytes;
  size_t pos = 0;
  while (true) {
    const size_t zero = in->find(kEscape, pos);
    if (zero == std::string_view::npos || zero + 1 >= in->size()) {
      return absl::DataLossError("key value: missing terminator");
    }
    bytes.append(in->data() + pos, zero - pos);
    const char next = (*in)[zero + 1];
    pos = zero + 2;
    if (next == kTerminator) break;
    if (next != kEscapedZero) {
      return absl::DataLossError("key value: invalid escape sequence");
    }
    bytes.push_back(kEscape);
  }
  in->remove_prefix(pos);
  return bytes;
}

}  // namespace

void AppendKeyValue(KeyType type, const AttributeValue& value,
                    std::string* out) {
  switch (type) {
    case KeyType::kS:
    case KeyType::kB: {
      const std::string& bytes = type == KeyType::kS ? value.s() : value.b();
      out->reserve(out->size() + bytes.size() + 2);
      AppendEscaped(bytes, out);
      out->push_back(kEscape);
      out->push_back(kTerminator);
      return;
    }
    case KeyType::kN: {
      absl::StatusOr<Number> n = Number::Parse(value.n());
      assert(n.ok() && "AppendKeyValue: N key must be validated first");
      // Unreachable when the REQUIRES holds; zero keeps the output a valid
      // encoding rather than a truncated one.
      (n.ok() ? *n : Number()).AppendOrderedEncoding(out);
      return;
    }
  }
  assert(false && "unknown KeyType");
}

absl::StatusOr<AttributeValue> ConsumeKeyValue(KeyType type,
                                               std::string_view* in) {
  switch (type) {
    case KeyType::kS:
    case KeyType::kB: {
      absl::StatusOr<std::string> bytes = ConsumeEscaped(in);
      if (!bytes.ok()) return bytes.status();
      return type == KeyType::kS ? AttributeValue::S(*std::move(bytes))
                                 : AttributeValue::B(*std::move(bytes));
    }
    case KeyType::kN: {
      Number n;
      if (!Number::ConsumeOrderedEncoding(in, &n)) {
        return absl::DataLossError("key value: malformed number encoding");
      }
      return AttributeValue::N(n.ToString());
    }
  }
  return absl::DataLossError("key value: unknown key type");
}

void AppendTableId(uint32_t table_id, std::string* out) {
  const char bytes[4] = {
      static_cast<char>((table_id >> 24) & 0xFF),
      static_cast<char>((table_id >> 16) & 0xFF),
      static_cast<char>((table_id >> 8) & 0xFF),
      static_cast<char>(table_id & 0xFF),
  };
  out->append(bytes, sizeof(bytes));
}

void AppendKeyPrefix(const std::string& prefix, std::string* out) {
  out->reserve(out->size() + prefix.size());
  AppendEscaped(prefix, out);
}

std::string PrefixSuccessor(std::string_view s) {
  size_t len = s.size();
  while (len > 0 && static_cast<uint8_t>(s[len - 1]) == 0xFF) --len;
  if (len == 0) return std::string();
  std::string result(s.substr(0, len));
  result.back() = static_cast<char>(static_cast<uint8_t>(result.back()) + 1);
  return result;
}

}  // namespace eddy::engine

// Copyright (c) Eddy authors.
//
// Test helpers for the item codec and item view tests: random valid items
// of every type (fixed seed, canonical values), and the check that stored
// bytes are rejected as corrupt by every reader.

#ifndef EDDY_ENGINE_ITEM_TEST_UTIL_H_
#define EDDY_ENGINE_ITEM_TEST_UTIL_H_

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eddy/value.h"
#include "engine/item_codec.h"
#include "gtest/gtest.h"

namespace eddy::engine {

// Items of up to 6 attributes, values nested up to 4 levels, with every
// type, UTF-8 text with escapes and multi-byte code points, and sets of
// 1 to 4 elements. Not normalized: sets may be unsorted or repeat; callers
// that need canonical items normalize them.
class RandomItems {
 public:
  explicit RandomItems(uint32_t seed) : rng_(seed) {}

  Item NextItem() {
    Item item;
    const int n = Uniform(0, 6);
    for (int i = 0; i < n; ++i) item[Text(1, 8)] = Value(0);
    return item;
  }

 private:
  int Uniform(int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng_);
  }

  // Valid UTF-8 from a mix of 1- to 4-byte code points.
  std::string Text(int min_len, int max_len) {
    static const char* const kPieces[] = {"a",  "Z", "0",  " ", "\"",  "\\",
                                          "\n", "é", "日", "🎉", "\x01"};
    std::string out;
    const int len = Uniform(min_len, max_len);
    for (int i = 0; i < len; ++i) out += kPieces[Uniform(0, 10)];
    return out;
  }

  std::string Bytes() {
    std::string out(Uniform(0, 12), '\0');
    for (char& c : out) c = static_cast<char>(Uniform(0, 255));
    return out;
  }

  std::string NumberText() { return absl::StrCat(Uniform(-1000, 1000)); }

  std::vector<std::string> Set(int kind) {
    std::vector<std::string> out;
    const int n = Uniform(1, 4);
    for (int i = 0; i < n; ++i) {
      out.push_back(kind == 0   ? Text(0, 5)
                    : kind == 1 ? NumberText()
                                : Bytes());
    }
    return out;
  }

  AttributeValue Value(int depth) {
    const int type = Uniform(0, depth < 4 ? 9 : 4);
    switch (static_cast<AttributeType>(type)) {
      case AttributeType::kS:
        return AttributeValue::S(Text(0, 10));
      case AttributeType::kN:
        return AttributeValue::N(NumberText());
      case AttributeType::kB:
        return AttributeValue::B(Bytes());
      case AttributeType::kBool:
        return AttributeValue::Bool(Uniform(0, 1) == 1);
      case AttributeType::kNull:
        return AttributeValue::Null();
      case AttributeType::kM: {
        AttributeMap m;
        for (int i = Uniform(0, 3); i > 0; --i)
          m[Text(1, 4)] = Value(depth + 1);
        return AttributeValue::M(std::move(m));
      }
      case AttributeType::kL: {
        AttributeList l;
        for (int i = Uniform(0, 3); i > 0; --i) l.push_back(Value(depth + 1));
        return AttributeValue::L(std::move(l));
      }
      case AttributeType::kSS:
        return AttributeValue::SS(Set(0));
      case AttributeType::kNS:
        return AttributeValue::NS(Set(1));
      case AttributeType::kBS:
        return AttributeValue::BS(Set(2));
    }
    return AttributeValue::Null();
  }

  std::mt19937 rng_;
};

// Expects DecodeItem, VerifyItem and VerifyAndUpgradeItem all to reject
// `bytes` as kDataLoss (DecodeItem's message containing `message_part`),
// and VerifyAndUpgradeItem to leave them unchanged.
inline void ExpectDataLoss(std::string_view bytes,
                           std::string_view message_part) {
  absl::StatusOr<Item> decoded = DecodeItem(bytes);
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(decoded.status().message().find(
                absl::string_view(message_part.data(), message_part.size())),
            absl::string_view::npos)
      << decoded.status();
  EXPECT_EQ(VerifyItem(bytes).code(), absl::StatusCode::kDataLoss);
  std::string copy(bytes);
  EXPECT_EQ(VerifyAndUpgradeItem(&copy).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(copy, bytes);
}

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_ITEM_TEST_UTIL_H_

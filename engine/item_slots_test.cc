// Copyright (c) Eddy authors.
//
// Format 2 of stored items (slots): hand-built buffers that break each
// rule of engine/item.fbs, and agreement with format 1.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eddy/json.h"
#include "engine/item_codec.h"
#include "engine/item_generated.h"
#include "engine/item_test_util.h"
#include "flatbuffers/flatbuffers.h"
#include "gtest/gtest.h"

namespace eddy::engine {
namespace {

using V = AttributeValue;

uint8_t T(AttributeType t) { return static_cast<uint8_t>(t); }

// A buffer with these slots and heap, bypassing EncodeItem's guarantees.
std::string Build(const std::vector<fb::Slot>& slots, std::string_view heap,
                  bool with_attributes = false) {
  flatbuffers::FlatBufferBuilder fbb;
  auto h = fbb.CreateVector(reinterpret_cast<const uint8_t*>(heap.data()),
                            heap.size());
  auto s = fbb.CreateVectorOfStructs(slots.data(), slots.size());
  auto a = with_attributes
               ? fbb.CreateVector(std::vector<flatbuffers::Offset<fb::Value>>())
               : 0;
  fbb.Finish(fb::CreateItem(fbb, a, s, h), fb::ItemIdentifier());
  return std::string(reinterpret_cast<const char*>(fbb.GetBufferPointer()),
                     fbb.GetSize());
}

fb::Slot Root(uint32_t children) {
  return fb::Slot(0, 0, 1, children, T(AttributeType::kM));
}

TEST(ItemSlotsTest, HandBuiltBufferDecodes) {
  // {"a": "xy", "b": {"c": [true]}}; heap "a" "xy" "b" "c".
  std::string bytes =
      Build({Root(2), fb::Slot(0, 1, 1, 2, T(AttributeType::kS)),
             fb::Slot(3, 1, 3, 1, T(AttributeType::kM)),
             fb::Slot(4, 1, 4, 1, T(AttributeType::kL)),
             fb::Slot(0, 0, 1, 0, T(AttributeType::kBool))},
            "axybc");
  absl::StatusOr<Item> item = DecodeItem(bytes);
  ASSERT_TRUE(item.ok()) << item.status();
  EXPECT_EQ(*item, (Item{{"a", V::S("xy")},
                         {"b", V::M({{"c", V::L({V::Bool(true)})}})}}));
}

TEST(ItemSlotsTest, EachBrokenRuleIsDataLoss) {
  const uint8_t kNull = T(AttributeType::kNull);
  ExpectDataLoss(Build({}, ""), "no root slot");
  ExpectDataLoss(Build({Root(0)}, "", true), "both attribute tables and slots");
  ExpectDataLoss(Build({fb::Slot(0, 0, 1, 0, T(AttributeType::kL))}, ""),
                 "root slot is not a map");
  ExpectDataLoss(Build({Root(1), fb::Slot(0, 1, 0, 0, 10)}, "a"),
                 "unknown attribute type 10");
  ExpectDataLoss(Build({Root(1), fb::Slot(0, 2, 0, 0, kNull)}, "a"),
                 "name out of range");
  ExpectDataLoss(
      Build({Root(1), fb::Slot(0, 1, 1, 5, T(AttributeType::kS))}, "ab"),
      "value out of range");
  ExpectDataLoss(
      Build({Root(1), fb::Slot(0, 1, 0xFFFFFFFF, 2, T(AttributeType::kB))},
            "ab"),
      "value out of range");
  ExpectDataLoss(
      Build({Root(1), fb::Slot(0, 1, 0, 0, T(AttributeType::kN))}, "a"),
      "N value without text");
  ExpectDataLoss(
      Build({Root(1), fb::Slot(0, 1, 2, 0, T(AttributeType::kBool))}, "a"),
      "malformed BOOL");
  ExpectDataLoss(Build({Root(1), fb::Slot(0, 1, 0, 1, kNull)}, "a"),
                 "malformed NULL");
  ExpectDataLoss(
      Build({Root(2), fb::Slot(0, 1, 0, 0, kNull), fb::Slot(0, 1, 0, 0, kNull)},
            "a"),
      "out of order or repeated");
  ExpectDataLoss(
      Build({Root(2), fb::Slot(1, 1, 0, 0, kNull), fb::Slot(0, 1, 0, 0, kNull)},
            "ab"),
      "out of order or repeated");
  // A child's name out of range is caught before names are compared.
  ExpectDataLoss(
      Build({Root(2), fb::Slot(0, 1, 0, 0, kNull), fb::Slot(1, 9, 0, 0, kNull)},
            "ab"),
      "name out of range");
  // More slots than the containers claim: an orphan.
  ExpectDataLoss(
      Build({Root(1), fb::Slot(0, 1, 0, 0, kNull), fb::Slot(0, 0, 0, 0, kNull)},
            "a"),
      "slot without a parent");
  // Children that point back (a cycle), skip ahead, or run past the end.
  ExpectDataLoss(
      Build({Root(1), fb::Slot(0, 1, 1, 1, T(AttributeType::kL))}, "a"),
      "children out of order or out of range");
  ExpectDataLoss(
      Build({Root(1), fb::Slot(0, 1, 3, 1, T(AttributeType::kL)),
             fb::Slot(0, 0, 0, 0, kNull), fb::Slot(0, 0, 0, 0, kNull)},
            "a"),
      "children out of order or out of range");
  ExpectDataLoss(Build({Root(2), fb::Slot(0, 1, 0, 0, kNull)}, "a"),
                 "children out of order or out of range");
  // List and set elements have no names; set elements have the set's type.
  ExpectDataLoss(Build({Root(1), fb::Slot(0, 1, 2, 1, T(AttributeType::kL)),
                        fb::Slot(0, 1, 0, 0, kNull)},
                       "a"),
                 "element with a name");
  ExpectDataLoss(Build({Root(1), fb::Slot(0, 1, 2, 1, T(AttributeType::kNS)),
                        fb::Slot(0, 0, 0, 1, T(AttributeType::kS))},
                       "a"),
                 "set element of another type");
}

TEST(ItemSlotsTest, NestingBeyondTheDepthLimitIsDataLoss) {
  // A chain of lists, one per level, each the only child of the one before.
  auto chain = [](int depth) {
    std::vector<fb::Slot> slots = {Root(1)};
    slots.emplace_back(0, 1, 2, 1, T(AttributeType::kL));
    for (int i = 2; i < depth; ++i) {
      slots.emplace_back(0, 0, static_cast<uint32_t>(i + 1), 1,
                         T(AttributeType::kL));
    }
    slots.emplace_back(0, 0, 0, 0, T(AttributeType::kNull));
    return Build(slots, "a");
  };
  EXPECT_TRUE(DecodeItem(chain(64)).ok()) << DecodeItem(chain(64)).status();
  ExpectDataLoss(chain(65), "slots nested too deep");
  ExpectDataLoss(chain(5000), "slots nested too deep");
}

TEST(ItemSlotsTest, RandomItemsAgreeWithFormat1) {
  constexpr uint32_t kSeed = 11;
  SCOPED_TRACE(absl::StrCat("seed ", kSeed));
  RandomItems gen(kSeed);
  for (int i = 0; i < 300; ++i) {
    const Item item = gen.NextItem();
    std::string v1, v2, again;
    EncodeItemV1(item, &v1);
    EncodeItem(item, &v2);
    EncodeItem(item, &again);
    ASSERT_EQ(v2, again) << "not canonical: " << ItemToJson(item);
    absl::StatusOr<Item> from_v1 = DecodeItem(v1);
    ASSERT_TRUE(from_v1.ok()) << from_v1.status();
    ASSERT_EQ(*from_v1, item) << ItemToJson(item);
    ASSERT_TRUE(SameEncodedItem(v2, v1)) << ItemToJson(item);
    ASSERT_TRUE(SameEncodedItem(v2, v2));
    std::string upgraded = v1;
    ASSERT_TRUE(VerifyAndUpgradeItem(&upgraded).ok());
    ASSERT_EQ(upgraded, v2);
    std::string unchanged = v2;
    ASSERT_TRUE(VerifyAndUpgradeItem(&unchanged).ok());
    ASSERT_EQ(unchanged, v2);
  }
}

TEST(ItemSlotsTest, DifferentItemsAreNotTheSameInEitherFormat) {
  const Item a = {{"Id", V::N(1)}, {"x", V::S("a")}};
  const Item b = {{"Id", V::N(1)}, {"x", V::S("b")}};
  std::string a2, b1, b2;
  EncodeItem(a, &a2);
  EncodeItemV1(b, &b1);
  EncodeItem(b, &b2);
  EXPECT_FALSE(SameEncodedItem(a2, b1));
  EXPECT_FALSE(SameEncodedItem(a2, b2));
  EXPECT_FALSE(SameEncodedItem(a2, "garbage!"));
}

TEST(ItemSlotsTest, RandomCorruptionNeverCrashes) {
  constexpr uint32_t kSeed = 5;
  SCOPED_TRACE(absl::StrCat("seed ", kSeed));
  std::mt19937 rng(kSeed);
  RandomItems gen(kSeed);
  for (int i = 0; i < 2000; ++i) {
    std::string bytes;
    EncodeItem(gen.NextItem(), &bytes);
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      bytes[rng() % bytes.size()] = static_cast<char>(rng());
    }
    absl::StatusOr<Item> decoded = DecodeItem(bytes);
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss);
    }
    std::string copy = bytes;
    absl::Status s = VerifyAndUpgradeItem(&copy);
    EXPECT_EQ(s.ok(), decoded.ok());
  }
}

}  // namespace
}  // namespace eddy::engine

// Copyright (c) Eddy authors.

#include "engine/item_codec.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eddy/json.h"
#include "engine/item_generated.h"
#include "engine/item_test_util.h"
#include "flatbuffers/flatbuffers.h"
#include "gtest/gtest.h"

namespace eddy::engine {
namespace {

using V = AttributeValue;

Item AllTypes() {
  Item item;
  item["s"] = V::S("héllo 日本 🎉");
  item["s_empty"] = V::S("");
  item["n"] = V::N("-12.5");
  item["b"] = V::B(std::string("\0\1\xff\0", 4));
  item["b_empty"] = V::B("");
  item["t"] = V::Bool(true);
  item["f"] = V::Bool(false);
  item["null"] = V::Null();
  item["m"] = V::M({{"inner", V::N("1")}, {"list", V::L({V::S("x")})}});
  item["m_empty"] = V::M({});
  item["l"] = V::L({V::Null(), V::Bool(false), V::M({{"k", V::S("v")}})});
  item["l_empty"] = V::L({});
  item["ss"] = V::SS({"", "a", "b"});
  item["ns"] = V::NS({"-1", "2.5", "30"});
  item["bs"] = V::BS({std::string(), std::string("\0", 1), "\x7f\x80"});
  return item;
}

Item RoundTrip(const Item& item) {
  std::string bytes;
  EncodeItem(item, &bytes);
  EXPECT_TRUE(VerifyItem(bytes).ok());
  absl::StatusOr<Item> decoded = DecodeItem(bytes);
  EXPECT_TRUE(decoded.ok()) << decoded.status();
  return decoded.ok() ? *decoded : Item();
}

TEST(ItemCodecTest, RoundTripsAllTenTypes) {
  const Item item = AllTypes();
  EXPECT_EQ(RoundTrip(item), item);
}

TEST(ItemCodecTest, RoundTripsLabItem) {
  const Item item = {{"Id", V::N("101")}, {"Message", V::S("New item!")}};
  EXPECT_EQ(RoundTrip(item), item);
}

TEST(ItemCodecTest, RoundTripsEmptyItem) { EXPECT_EQ(RoundTrip({}), Item()); }

TEST(ItemCodecTest, RoundTripsDeepNesting) {
  V v = V::S("leaf");
  for (int i = 0; i < 31; ++i) {
    v = (i % 2 == 0) ? V::M({{"m", v}}) : V::L({v});
  }
  const Item item = {{"deep", v}};
  EXPECT_EQ(RoundTrip(item), item);
}

TEST(ItemCodecTest, DecodesMisalignedBuffer) {
  const Item item = AllTypes();
  std::string bytes;
  EncodeItem(item, &bytes);
  for (size_t shift = 1; shift < 8; ++shift) {
    std::string padded = std::string(shift, 'x') + bytes;
    std::string_view view(padded.data() + shift, bytes.size());
    absl::StatusOr<Item> decoded = DecodeItem(view);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, item);
  }
}

TEST(ItemCodecTest, EncodeReplacesOutput) {
  std::string bytes = "stale";
  EncodeItem({{"a", V::S("b")}}, &bytes);
  absl::StatusOr<Item> decoded = DecodeItem(bytes);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->at("a"), V::S("b"));
}

TEST(ItemCodecTest, EmptyAndGarbageAreDataLoss) {
  ExpectDataLoss("", "verification failed");
  ExpectDataLoss("garbage!", "verification failed");
  ExpectDataLoss(std::string(64, '\0'), "verification failed");
}

// A truncated buffer is kDataLoss, unless the cut only removed trailing
// alignment padding, in which case it still decodes to the same item.
TEST(ItemCodecTest, TruncationIsDataLossOrLosesNothing) {
  const Item item = AllTypes();
  std::string bytes;
  EncodeItem(item, &bytes);
  int rejected = 0;
  for (size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(absl::StrCat("prefix length ", n, " of ", bytes.size()));
    absl::StatusOr<Item> decoded =
        DecodeItem(std::string_view(bytes.data(), n));
    if (decoded.ok()) {
      EXPECT_EQ(*decoded, item);
    } else {
      EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss);
      ++rejected;
    }
  }
  EXPECT_GE(rejected, static_cast<int>(bytes.size()) - 8);
}

TEST(ItemCodecTest, BitFlipsNeverCrash) {
  std::string bytes;
  EncodeItem(AllTypes(), &bytes);
  int rejected = 0;
  for (size_t bit = 0; bit < bytes.size() * 8; ++bit) {
    std::string flipped = bytes;
    flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
    absl::StatusOr<Item> decoded = DecodeItem(flipped);
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss);
      ++rejected;
    }
    EXPECT_EQ(VerifyItem(flipped).ok(), decoded.ok());
  }
  EXPECT_GT(rejected, 0);
}

TEST(ItemCodecTest, RandomBytesNeverCrash) {
  constexpr uint32_t kSeed = 20240601;
  SCOPED_TRACE(absl::StrCat("seed ", kSeed));
  std::mt19937 rng(kSeed);
  std::string valid;
  EncodeItem(AllTypes(), &valid);
  for (int i = 0; i < 2000; ++i) {
    std::string bytes;
    if (i % 2 == 0) {  // pure noise
      bytes.resize(rng() % 256);
      for (char& c : bytes) c = static_cast<char>(rng());
    } else {  // a valid buffer with a few random bytes overwritten
      bytes = valid;
      for (int k = 0; k < 4; ++k) {
        bytes[rng() % bytes.size()] = static_cast<char>(rng());
      }
    }
    absl::StatusOr<Item> decoded = DecodeItem(bytes);
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss);
    }
  }
}

// Builds a buffer by hand, bypassing EncodeItem's guarantees.
using ValueList = std::vector<flatbuffers::Offset<fb::Value>>;
std::string Finish(flatbuffers::FlatBufferBuilder* fbb,
                   const ValueList& attributes) {
  fbb->Finish(fb::CreateItem(*fbb, fbb->CreateVector(attributes)),
              fb::ItemIdentifier());
  return std::string(reinterpret_cast<const char*>(fbb->GetBufferPointer()),
                     fbb->GetSize());
}

flatbuffers::Offset<fb::Value> Named(flatbuffers::FlatBufferBuilder* fbb,
                                     const char* name, uint8_t type) {
  auto n = name == nullptr ? 0 : fbb->CreateString(name);
  return fb::CreateValue(*fbb, type, n);
}

constexpr uint8_t kNullType = static_cast<uint8_t>(AttributeType::kNull);

TEST(ItemCodecTest, HandBuiltBufferDecodes) {
  flatbuffers::FlatBufferBuilder fbb;
  std::string bytes = Finish(&fbb, {Named(&fbb, "a", kNullType)});
  absl::StatusOr<Item> item = DecodeItem(bytes);
  ASSERT_TRUE(item.ok()) << item.status();
  EXPECT_EQ(*item, (Item{{"a", V::Null()}}));
}

TEST(ItemCodecTest, UnknownTypeIsDataLoss) {
  flatbuffers::FlatBufferBuilder fbb;
  std::string bytes = Finish(&fbb, {Named(&fbb, "a", 10)});
  ExpectDataLoss(bytes, "unknown attribute type 10");
}

TEST(ItemCodecTest, NumberWithoutTextIsDataLoss) {
  flatbuffers::FlatBufferBuilder fbb;
  std::string bytes =
      Finish(&fbb, {Named(&fbb, "a", static_cast<uint8_t>(AttributeType::kN))});
  ExpectDataLoss(bytes, "N value without text");
  // Empty text is no number either (format 2 rejects it too).
  flatbuffers::FlatBufferBuilder empty;
  auto name = empty.CreateString("a");
  auto text = empty.CreateString("");
  auto n = fb::CreateValue(empty, static_cast<uint8_t>(AttributeType::kN), name,
                           text);
  ExpectDataLoss(Finish(&empty, {n}), "N value without text");
  // Nor as an NS element.
  flatbuffers::FlatBufferBuilder set;
  auto set_name = set.CreateString("a");
  auto elements = set.CreateVectorOfStrings({"1", ""});
  auto ns = fb::CreateValue(set, static_cast<uint8_t>(AttributeType::kNS),
                            set_name, 0, false, 0, 0, 0, elements);
  ExpectDataLoss(Finish(&set, {ns}), "N value without text");
}

TEST(ItemCodecTest, MissingNameIsDataLoss) {
  flatbuffers::FlatBufferBuilder fbb;
  std::string bytes = Finish(&fbb, {Named(&fbb, nullptr, kNullType)});
  ExpectDataLoss(bytes, "attribute without a name");
  // Also inside a map.
  flatbuffers::FlatBufferBuilder nested;
  auto members = nested.CreateVector(ValueList{Named(&nested, nullptr, 4)});
  auto name = nested.CreateString("m");
  auto m = fb::CreateValue(nested, static_cast<uint8_t>(AttributeType::kM),
                           name, 0, false, 0, members);
  ExpectDataLoss(Finish(&nested, {m}), "attribute without a name");
}

TEST(ItemCodecTest, RepeatedOrUnsortedNamesAreDataLoss) {
  {
    flatbuffers::FlatBufferBuilder fbb;
    ValueList values = {Named(&fbb, "a", kNullType),
                        Named(&fbb, "a", kNullType)};
    ExpectDataLoss(Finish(&fbb, values), "out of order or repeated");
  }
  {
    flatbuffers::FlatBufferBuilder fbb;
    ValueList values = {Named(&fbb, "b", kNullType),
                        Named(&fbb, "a", kNullType)};
    ExpectDataLoss(Finish(&fbb, values), "out of order or repeated");
  }
}

TEST(ItemCodecTest, NestedUnknownTypeIsDataLoss) {
  flatbuffers::FlatBufferBuilder fbb;
  auto list = fbb.CreateVector(ValueList{Named(&fbb, nullptr, 200)});
  auto name = fbb.CreateString("l");
  auto value = fb::CreateValue(fbb, static_cast<uint8_t>(AttributeType::kL),
                               name, 0, false, 0, 0, list);
  ExpectDataLoss(Finish(&fbb, {value}), "unknown attribute type 200");
}

TEST(ItemCodecTest, WrongIdentifierIsDataLoss) {
  std::string bytes;
  EncodeItem({{"a", V::S("b")}}, &bytes);
  bytes[4] = 'X';  // the identifier follows the 4-byte root offset
  ExpectDataLoss(bytes, "verification failed");
}

TEST(ItemCodecTest, NestingBeyondVerifierDepthIsDataLoss) {
  V v = V::Null();
  for (int i = 0; i < 100; ++i) v = V::L({v});
  std::string bytes;
  // Format 1 (format 2 has its own limit: item_slots_test.cc).
  EncodeItemV1({{"deep", v}}, &bytes);  // violates REQUIRES; must not crash
  ExpectDataLoss(bytes, "verification failed");
}

// Random items: both formats round-trip exactly.
TEST(ItemCodecTest, RandomItemsRoundTripThroughBothFormats) {
  constexpr uint32_t kSeed = 7;
  SCOPED_TRACE(absl::StrCat("seed ", kSeed));
  RandomItems gen(kSeed);
  for (int i = 0; i < 500; ++i) {
    const Item item = gen.NextItem();
    ASSERT_EQ(RoundTrip(item), item) << ItemToJson(item);
    const std::string json = ItemToJson(item);
    absl::StatusOr<Item> parsed = ItemFromJson(json);
    ASSERT_TRUE(parsed.ok()) << parsed.status() << " " << json;
    ASSERT_EQ(*parsed, item) << json;
    ASSERT_EQ(ItemToJson(*parsed), json);
  }
}

}  // namespace
}  // namespace eddy::engine

// Copyright (c) Eddy authors.

#include "engine/item_validation.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eddy/status.h"
#include "engine/number.h"
#include "engine/strings.h"
#include "gtest/gtest.h"

namespace eddy::engine {
namespace {

using V = AttributeValue;

KeySchema HashOnly(KeyType type = KeyType::kN) {
  return KeySchema{KeyAttribute{"Id", type}, std::nullopt};
}

KeySchema HashRange() {
  return KeySchema{KeyAttribute{"Pk", KeyType::kS},
                   KeyAttribute{"Sk", KeyType::kB}};
}

void ExpectInvalid(const absl::Status& status, std::string_view message) {
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(ErrorName(status), "ValidationException");
  EXPECT_NE(
      status.message().find(absl::string_view(message.data(), message.size())),
      absl::string_view::npos)
      << status;
}

TEST(ItemValidationTest, AcceptsLabItem) {
  Item item = {{"Id", V::N("101")}, {"Message", V::S("New item!")}};
  const Item before = item;
  ASSERT_TRUE(NormalizeItem(HashOnly(), &item).ok());
  EXPECT_EQ(item, before);
}

TEST(ItemValidationTest, CanonicalizesNumbersEverywhere) {
  Item item = {{"Id", V::N("0101")},
               {"m", V::M({{"x", V::N("01.50")},
                           {"l", V::L({V::N("-0.0"), V::N("1E+3")})}})}};
  ASSERT_TRUE(NormalizeItem(HashOnly(), &item).ok());
  EXPECT_EQ(item.at("Id"), V::N("101"));
  const AttributeMap& m = item.at("m").m();
  EXPECT_EQ(m.at("x"), V::N("1.5"));
  EXPECT_EQ(m.at("l"), V::L({V::N("0"), V::N("1000")}));
}

// NormalizeValue skips parsing for text that is already canonical; its
// result must always equal CanonicalNumber's.
TEST(ItemValidationTest, NumberFastPathAgreesWithCanonicalNumber) {
  constexpr uint32_t kSeed = 12345;
  SCOPED_TRACE(absl::StrCat("seed ", kSeed));
  std::mt19937 rng(kSeed);
  constexpr char kAlphabet[] = "-0123456789.e+";
  std::vector<std::string> texts = {"0",
                                    "-0",
                                    "0.0",
                                    "0.5",
                                    "-0.5",
                                    "1",
                                    "-1",
                                    "10",
                                    "1.0",
                                    "1.50",
                                    "01",
                                    ".5",
                                    "5.",
                                    "-",
                                    "",
                                    "1e3",
                                    std::string(38, '9'),
                                    std::string(39, '9'),
                                    "1" + std::string(38, '0'),
                                    "0." + std::string(36, '0') + "1",
                                    "0." + std::string(37, '0') + "1",
                                    "-" + std::string(38, '1')};
  for (int i = 0; i < 20000; ++i) {
    std::string text(rng() % 9 + 1, ' ');
    for (char& c : text) c = kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
    texts.push_back(text);
  }
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);
    V v = V::N(text);
    absl::Status s = NormalizeValue("n", 0, &v);
    absl::StatusOr<std::string> want = CanonicalNumber(text);
    ASSERT_EQ(s.ok(), want.ok()) << s;
    if (want.ok()) {
      EXPECT_EQ(v.n(), *want);
    }
  }
}

TEST(ItemValidationTest, BadNumberNamesItsPath) {
  Item item = {{"Id", V::N("1")},
               {"a", V::M({{"b", V::L({V::N("1"), V::N("x1")})}})}};
  ExpectInvalid(NormalizeItem(HashOnly(), &item), "Attribute 'a.b[1]': ");
  Item big = {{"Id", V::N("1")}, {"n", V::N(std::string(39, '7'))}};
  ExpectInvalid(NormalizeItem(HashOnly(), &big),
                "Attribute 'n': Attempting to store more than 38 significant");
}

TEST(ItemValidationTest, SortsSets) {
  V ss = V::SS({"b", "\xff", "a", ""});
  ASSERT_TRUE(NormalizeValue("ss", 0, &ss).ok());
  EXPECT_EQ(ss.set(), (std::vector<std::string>{"", "a", "b", "\xff"}));
  V bs = V::BS(
      {std::string("\x01", 1), std::string("\0\x02", 2), std::string("\0", 1)});
  ASSERT_TRUE(NormalizeValue("bs", 0, &bs).ok());
  EXPECT_EQ(bs.set(), (std::vector<std::string>{std::string("\0", 1),
                                                std::string("\0\x02", 2),
                                                std::string("\x01", 1)}));
  V ns = V::NS({"10", "9", "-1.0", "0.5"});
  ASSERT_TRUE(NormalizeValue("ns", 0, &ns).ok());
  EXPECT_EQ(ns.set(), (std::vector<std::string>{"-1", "0.5", "9", "10"}));
}

TEST(ItemValidationTest, RejectsDuplicatesInSets) {
  V ss = V::SS({"a", "b", "a"});
  ExpectInvalid(NormalizeValue("Tags", 0, &ss),
                "Attribute 'Tags': One or more parameter values were invalid: "
                "Input collection contains duplicates");
  V ns = V::NS({"10", "1E1"});  // equal by value
  ExpectInvalid(NormalizeValue("Nums", 0, &ns),
                "Attribute 'Nums': One or more parameter values were invalid: "
                "Input collection contains duplicates");
  V bs = V::BS({std::string("\0", 1), std::string("\0", 1)});
  ExpectInvalid(NormalizeValue("Bins", 0, &bs), "Attribute 'Bins': ");
  V bad = V::NS({"1", "one"});
  ExpectInvalid(NormalizeValue("Nums", 0, &bad), "Attribute 'Nums': ");
}

TEST(ItemValidationTest, RejectsEmptySets) {
  for (V v : {V::SS({}), V::NS({}), V::BS({})}) {
    ExpectInvalid(
        NormalizeValue("s", 0, &v),
        absl::StrCat("Attribute 's': One or more parameter values "
                     "were invalid: An ",
                     Sv(AttributeTypeName(v.type())), " set may not be empty"));
  }
}

TEST(ItemValidationTest, AllowsEmptyScalarsOutsideKeys) {
  Item item = {{"Id", V::N("1")},
               {"s", V::S("")},
               {"b", V::B("")},
               {"m", V::M({})},
               {"l", V::L({})}};
  EXPECT_TRUE(NormalizeItem(HashOnly(), &item).ok());
}

V Nest(int wraps) {
  V v = V::S("leaf");
  for (int i = 0; i < wraps; ++i) v = (i % 2) ? V::M({{"k", v}}) : V::L({v});
  return v;
}

TEST(ItemValidationTest, NestingDepthLimit) {
  // DynamoDB accepts 31 levels of M/L around a value and rejects 32.
  Item ok = {{"Id", V::N("1")}, {"d", Nest(31)}};
  EXPECT_TRUE(NormalizeItem(HashOnly(), &ok).ok());
  Item deep = {{"Id", V::N("1")}, {"d", Nest(32)}};
  ExpectInvalid(NormalizeItem(HashOnly(), &deep),
                "Nesting Levels have exceeded supported limits");
  ExpectInvalid(NormalizeItem(HashOnly(), &deep), "Attribute 'd");
  V leaf = V::S("x");
  ExpectInvalid(NormalizeValue("v", kMaxNestingDepth, &leaf),
                "Attribute 'v': Nesting Levels");
  EXPECT_TRUE(NormalizeValue("v", kMaxNestingDepth - 1, &leaf).ok());
}

TEST(ItemValidationTest, ValueSizes) {
  EXPECT_EQ(ValueSize(V::S("héllo")), 6u);
  EXPECT_EQ(ValueSize(V::B(std::string("\0\0\0", 3))), 3u);
  EXPECT_EQ(ValueSize(V::N("123")), 3u);     // 3 digits: 2 + 1
  EXPECT_EQ(ValueSize(V::N("1.5")), 2u);     // 2 digits: 1 + 1
  EXPECT_EQ(ValueSize(V::N("120000")), 2u);  // trailing zeros trimmed
  EXPECT_EQ(ValueSize(V::N("-0.001")), 2u);  // leading zeros trimmed
  EXPECT_EQ(ValueSize(V::N("0")), 1u);
  EXPECT_EQ(ValueSize(V::N(std::string(38, '9'))), 20u);
  EXPECT_EQ(ValueSize(V::Bool(true)), 1u);
  EXPECT_EQ(ValueSize(V::Null()), 1u);
  EXPECT_EQ(ValueSize(V::M({})), 3u);
  EXPECT_EQ(ValueSize(V::L({})), 3u);
  EXPECT_EQ(ValueSize(V::M({{"ab", V::Bool(true)}})), 3u + 2 + 1 + 1);
  EXPECT_EQ(ValueSize(V::L({V::Null(), V::S("xyz")})), 3u + 2 + 4);
  EXPECT_EQ(ValueSize(V::SS({"a", "bc"})), 3u);
  EXPECT_EQ(ValueSize(V::BS({"a", "bc"})), 3u);
  EXPECT_EQ(ValueSize(V::NS({"1", "22"})), 4u);
  EXPECT_EQ(ItemSize({{"Id", V::N("101")}, {"Message", V::S("New item!")}}),
            2u + 3 + 7 + 9);
}

TEST(ItemValidationTest, ItemSizeLimit) {
  Item at_limit = {{"Id", V::N("1")},  // 2 + 2 bytes
                   {"a", V::S(std::string(kMaxItemBytes - 5, 'x'))}};
  ASSERT_EQ(ItemSize(at_limit), kMaxItemBytes);
  EXPECT_TRUE(NormalizeItem(HashOnly(), &at_limit).ok());
  Item over = {{"Id", V::N("1")},
               {"a", V::S(std::string(kMaxItemBytes - 4, 'x'))}};
  ExpectInvalid(NormalizeItem(HashOnly(), &over),
                "Item size has exceeded the maximum allowed size");
}

TEST(ItemValidationTest, KeyAttributesMustBePresent) {
  Item item = {{"Other", V::S("x")}};
  ExpectInvalid(NormalizeItem(HashOnly(), &item),
                "One or more parameter values were invalid: Missing the key "
                "Id in the item");
  Item no_sk = {{"Pk", V::S("p")}};
  ExpectInvalid(NormalizeItem(HashRange(), &no_sk), "Missing the key Sk");
}

TEST(ItemValidationTest, KeyAttributesMustHaveSchemaType) {
  Item item = {{"Id", V::S("101")}};
  ExpectInvalid(NormalizeItem(HashOnly(), &item),
                "One or more parameter values were invalid: Type mismatch for "
                "key Id expected: N actual: S");
  Item sk = {{"Pk", V::S("p")}, {"Sk", V::L({})}};
  ExpectInvalid(NormalizeItem(HashRange(), &sk),
                "Type mismatch for key Sk expected: B actual: L");
}

TEST(ItemValidationTest, KeyAttributesMustBeNonEmpty) {
  Item item = {{"Id", V::S("")}};
  ExpectInvalid(NormalizeItem(HashOnly(KeyType::kS), &item),
                "One or more parameter values are not valid. The "
                "AttributeValue for a key attribute cannot contain an empty "
                "string value. Key: Id");
  Item b = {{"Pk", V::S("p")}, {"Sk", V::B("")}};
  ExpectInvalid(NormalizeItem(HashRange(), &b),
                "cannot contain an empty binary value. Key: Sk");
}

TEST(ItemValidationTest, KeySizeLimits) {
  Item pk_ok = {{"Pk", V::S(std::string(kMaxPartitionKeyBytes, 'p'))},
                {"Sk", V::B(std::string(kMaxSortKeyBytes, 's'))}};
  EXPECT_TRUE(NormalizeItem(HashRange(), &pk_ok).ok());
  Item pk_big = {{"Pk", V::S(std::string(kMaxPartitionKeyBytes + 1, 'p'))},
                 {"Sk", V::B("s")}};
  ExpectInvalid(NormalizeItem(HashRange(), &pk_big),
                "Size of hashkey has exceeded the maximum size limit of 2048 "
                "bytes. Key: Pk");
  Item sk_big = {{"Pk", V::S("p")},
                 {"Sk", V::B(std::string(kMaxSortKeyBytes + 1, 's'))}};
  ExpectInvalid(NormalizeItem(HashRange(), &sk_big),
                "Size of rangekey has exceeded the maximum size limit of 1024 "
                "bytes. Key: Sk");
}

TEST(ItemValidationTest, AttributeNames) {
  Item empty = {{"Id", V::N("1")}, {"", V::S("x")}};
  ExpectInvalid(NormalizeItem(HashOnly(), &empty),
                "An attribute name must not be empty");
  Item nested = {{"Id", V::N("1")}, {"m", V::M({{"", V::S("x")}})}};
  ExpectInvalid(NormalizeItem(HashOnly(), &nested),
                "Attribute 'm': An attribute name must not be empty");
  Item long_name = {{"Id", V::N("1")}, {std::string(65536, 'n'), V::Null()}};
  ExpectInvalid(NormalizeItem(HashOnly(), &long_name), "exceeds 65535 bytes");
  Item max_name = {{"Id", V::N("1")}, {std::string(65535, 'n'), V::Null()}};
  EXPECT_TRUE(NormalizeItem(HashOnly(), &max_name).ok());
}

TEST(ItemValidationTest, NormalizeKeyAcceptsExactlyTheKey) {
  Item key = {{"Id", V::N("007")}};
  ASSERT_TRUE(NormalizeKey(HashOnly(), &key).ok());
  EXPECT_EQ(key.at("Id"), V::N("7"));
  Item both = {{"Pk", V::S("p")}, {"Sk", V::B("s")}};
  EXPECT_TRUE(NormalizeKey(HashRange(), &both).ok());
}

TEST(ItemValidationTest, NormalizeKeyRejectsMismatches) {
  constexpr std::string_view kMismatch =
      "The provided key element does not match the schema";
  Item extra = {{"Id", V::N("1")}, {"Other", V::S("x")}};
  ExpectInvalid(NormalizeKey(HashOnly(), &extra), kMismatch);
  Item missing = {{"Pk", V::S("p")}};
  ExpectInvalid(NormalizeKey(HashRange(), &missing), kMismatch);
  Item wrong_name = {{"Pk", V::S("p")}, {"Other", V::B("s")}};
  ExpectInvalid(NormalizeKey(HashRange(), &wrong_name), kMismatch);
  Item empty = {};
  ExpectInvalid(NormalizeKey(HashOnly(), &empty), kMismatch);
  Item wrong_type = {{"Id", V::S("1")}};
  ExpectInvalid(NormalizeKey(HashOnly(), &wrong_type),
                "Type mismatch for key Id expected: N actual: S");
  Item bad_number = {{"Id", V::N("1.2.3")}};
  ExpectInvalid(NormalizeKey(HashOnly(), &bad_number), "Attribute 'Id': ");
  Item empty_s = {{"Pk", V::S("")}, {"Sk", V::B("s")}};
  ExpectInvalid(NormalizeKey(HashRange(), &empty_s),
                "cannot contain an empty string value. Key: Pk");
}

TEST(ItemValidationTest, ExtractKey) {
  const Item item = {{"Pk", V::S("p")}, {"Sk", V::B("s")}, {"x", V::Null()}};
  EXPECT_EQ(ExtractKey(HashRange(), item),
            (Item{{"Pk", V::S("p")}, {"Sk", V::B("s")}}));
  const Item lab = {{"Id", V::N("101")}, {"Message", V::S("New item!")}};
  EXPECT_EQ(ExtractKey(HashOnly(), lab), (Item{{"Id", V::N("101")}}));
}

}  // namespace
}  // namespace eddy::engine

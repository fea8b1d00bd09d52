// Copyright (c) Eddy authors.

#include "eddy/json.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eddy/status.h"
#include "engine/json_parsed.h"
#include "gtest/gtest.h"

namespace eddy {
namespace {

using V = AttributeValue;

constexpr std::string_view kLabItem =
    R"({"Id":{"N":"101"},"Message":{"S":"New item!"}})";

TEST(JsonTest, ParsesLabItem) {
  absl::StatusOr<Item> item = ItemFromJson(kLabItem);
  ASSERT_TRUE(item.ok()) << item.status();
  const Item want = {{"Id", V::N("101")}, {"Message", V::S("New item!")}};
  EXPECT_EQ(*item, want);
  EXPECT_EQ(ItemToJson(*item), kLabItem);
}

TEST(JsonTest, ParsesAllTenTypes) {
  absl::StatusOr<Item> item = ItemFromJson(R"({
    "s": {"S": "x"}, "n": {"N": "-1.5"}, "b": {"B": "AAEC"},
    "t": {"BOOL": true}, "f": {"BOOL": false}, "z": {"NULL": true},
    "m": {"M": {"k": {"S": "v"}}}, "l": {"L": [{"N": "1"}, {"NULL": true}]},
    "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]},
    "bs": {"BS": ["AA==", ""]}})");
  ASSERT_TRUE(item.ok()) << item.status();
  const Item want = {
      {"s", V::S("x")},
      {"n", V::N("-1.5")},
      {"b", V::B(std::string("\0\1\2", 3))},
      {"t", V::Bool(true)},
      {"f", V::Bool(false)},
      {"z", V::Null()},
      {"m", V::M({{"k", V::S("v")}})},
      {"l", V::L({V::N("1"), V::Null()})},
      {"ss", V::SS({"a", "b"})},
      {"ns", V::NS({"1", "2"})},
      {"bs", V::BS({std::string("\0", 1), ""})},
  };
  EXPECT_EQ(*item, want);
}

TEST(JsonTest, RoundTripIsExact) {
  const std::string json =
      R"({"b":{"B":"AP8A"},"bs":{"BS":["","AA=="]},"e":{"S":""},)"
      R"("l":{"L":[{"M":{}},{"L":[]},{"BOOL":false}]},)"
      R"("m":{"M":{"a":{"M":{"b":{"NS":["1","-2.5"]}}}}},)"
      R"("n":{"NULL":true},"ss":{"SS":["x","y"]},"u":{"S":"héllo 日本 🎉"}})";
  absl::StatusOr<Item> item = ItemFromJson(json);
  ASSERT_TRUE(item.ok()) << item.status();
  EXPECT_EQ(ItemToJson(*item), json);
  absl::StatusOr<Item> again = ItemFromJson(ItemToJson(*item));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *item);
}

TEST(JsonTest, UnicodeEscapesAndControlCharacters) {
  absl::StatusOr<Item> item =
      ItemFromJson(R"({"a":{"S":"\u00e9\ud83c\udf89\n\"\\\u0001"}})");
  ASSERT_TRUE(item.ok()) << item.status();
  EXPECT_EQ(item->at("a").s(), "é🎉\n\"\\\x01");
  absl::StatusOr<Item> again = ItemFromJson(ItemToJson(*item));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *item);
}

TEST(JsonTest, BinaryWithZeroBytes) {
  const Item item = {{"b", V::B(std::string("\0\0\xff\0", 4))}};
  const std::string json = ItemToJson(item);
  EXPECT_EQ(json, R"({"b":{"B":"AAD/AA=="}})");
  absl::StatusOr<Item> parsed = ItemFromJson(json);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, item);
}

TEST(JsonTest, ValueToJsonIsCompact) {
  EXPECT_EQ(ValueToJson(V::L({V::S("a"), V::N("1"), V::Null()})),
            R"({"L":[{"S":"a"},{"N":"1"},{"NULL":true}]})");
  EXPECT_EQ(ValueToJson(V::M({})), R"({"M":{}})");
  EXPECT_EQ(ValueToJson(V::Bool(false)), R"({"BOOL":false})");
  absl::StatusOr<V> v = ValueFromJson(R"( { "SS" : [ "q" ] } )");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, V::SS({"q"}));
}

TEST(JsonTest, InvalidUtf8IsReplacedNotThrown) {
  EXPECT_EQ(ValueToJson(V::S("a\xff")), "{\"S\":\"a\xEF\xBF\xBD\"}");
}

void ExpectInvalid(std::string_view json, std::string_view message) {
  absl::StatusOr<Item> item = ItemFromJson(json);
  ASSERT_EQ(item.status().code(), absl::StatusCode::kInvalidArgument) << json;
  EXPECT_EQ(ErrorName(item.status()), "ValidationException");
  EXPECT_NE(item.status().message().find(
                absl::string_view(message.data(), message.size())),
            absl::string_view::npos)
      << item.status();
}

TEST(JsonTest, RejectsUnknownType) {
  ExpectInvalid(R"({"Tags":{"XS":["a"]}})",
                "Attribute 'Tags': unknown type 'XS'");
}

TEST(JsonTest, RejectsWrongNumberOfTypeKeys) {
  ExpectInvalid(R"({"Id":{"S":"a","N":"1"}})",
                "Attribute 'Id': expected exactly one type key");
  ExpectInvalid(R"({"Id":{}})",
                "Attribute 'Id': expected exactly one type key");
  ExpectInvalid(R"({"Id":"a"})", "Attribute 'Id': value must be an object");
}

TEST(JsonTest, RejectsWrongBodyTypes) {
  ExpectInvalid(R"({"Age":{"N":42}})",
                "Attribute 'Age': N value must be a string");
  ExpectInvalid(R"({"a":{"S":1}})", "Attribute 'a': S value must be a string");
  ExpectInvalid(R"({"a":{"B":null}})",
                "Attribute 'a': B value must be a string");
  ExpectInvalid(R"({"a":{"BOOL":"true"}})",
                "Attribute 'a': BOOL value must be true or false");
  ExpectInvalid(R"({"a":{"NULL":false}})",
                "Attribute 'a': NULL value must be true");
  ExpectInvalid(R"({"a":{"M":[]}})",
                "Attribute 'a': M value must be an object");
  ExpectInvalid(R"({"a":{"L":{}}})", "Attribute 'a': L value must be an array");
  ExpectInvalid(R"({"a":{"SS":"x"}})",
                "Attribute 'a': SS value must be an array of strings");
  ExpectInvalid(R"({"a":{"NS":[1]}})",
                "Attribute 'a': NS value must be an array of strings");
}

TEST(JsonTest, RejectsInvalidBase64) {
  ExpectInvalid(R"({"Blob":{"B":"AAE"}})",
                "Attribute 'Blob': B value is not valid base64");
  ExpectInvalid(R"({"Blob":{"B":"!!!!"}})",
                "Attribute 'Blob': B value is not valid base64");
  ExpectInvalid(R"({"Blob":{"B":"AA ="}})",
                "Attribute 'Blob': B value is not valid base64");
  ExpectInvalid(R"({"Blobs":{"BS":["AA==","A"]}})",
                "Attribute 'Blobs': BS value is not valid base64");
}

TEST(JsonTest, ErrorsNameNestedPaths) {
  ExpectInvalid(R"({"a":{"M":{"b":{"L":[{"S":"x"},{"Q":1}]}}}})",
                "Attribute 'a.b[1]': unknown type 'Q'");
  absl::StatusOr<V> v = ValueFromJson(R"({"L":[{"N":1}]})");
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(v.status().message().find("'[0]': N value must be a string"),
            absl::string_view::npos)
      << v.status();
  v = ValueFromJson(R"({"X":1})");
  EXPECT_EQ(v.status().message(), "Value: unknown type 'X'");
}

TEST(JsonTest, RejectsMalformedJson) {
  ExpectInvalid(R"({"a":{"S":"x"})", "Malformed JSON");
  ExpectInvalid("", "Malformed JSON");
  ExpectInvalid("{\"a\":{\"S\":\"\xff\"}}", "Malformed JSON");  // bad UTF-8
  ExpectInvalid("[1,2]", "An item must be a JSON object");
  ExpectInvalid(R"({"":{"S":"x"}})", "attribute name must not be empty");
  EXPECT_EQ(ValueFromJson("nope").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(JsonTest, DeepNestingIsRejectedNotACrash) {
  std::string deep;
  for (int i = 0; i < 2000; ++i) deep += R"({"L":[)";
  deep += R"({"NULL":true})";
  for (int i = 0; i < 2000; ++i) deep += "]}";
  absl::StatusOr<V> v = ValueFromJson(deep);
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(v.status().message().find("nested too deeply"),
            absl::string_view::npos);
  // Unbalanced nesting of raw arrays: a parse error, not a stack overflow.
  EXPECT_EQ(ValueFromJson(std::string(200000, '[')).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Random strings that reach every branch of the string writer: plain
// ASCII, quotes and backslashes, control characters, DEL, valid multi-byte
// UTF-8 and invalid bytes.
std::string RandomString(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {
      "a",        "Beagle",       " ",
      "\"",       "\\",           "/",
      "\n",       "\t",           std::string(1, '\0'),
      "\x01",     "\x1f",         "\x7f",
      "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x90\xb6",
      "\xff",     "\xc3",         "\xe2\x82",
      "\x80",     "0123456789"};
  std::string out;
  int n = static_cast<int>(rng() % 5);
  for (int i = 0; i < n; ++i) out += kPieces[rng() % kPieces.size()];
  return out;
}

AttributeValue RandomValue(std::mt19937& rng, int depth) {
  switch (rng() % (depth < 3 ? 10 : 8)) {
    case 0:
      return V::S(RandomString(rng));
    case 1:
      return V::N(std::to_string(static_cast<int>(rng() % 2001) - 1000));
    case 2:
      return V::B(RandomString(rng));
    case 3:
      return V::Bool(rng() % 2 == 0);
    case 4:
      return V::Null();
    case 5:
      return V::SS({RandomString(rng) + "1", RandomString(rng) + "2"});
    case 6:
      return V::NS({"1", "-2.5"});
    case 7:
      return V::BS({RandomString(rng), RandomString(rng) + "x"});
    case 8: {
      AttributeMap m;
      int n = static_cast<int>(rng() % 4);
      for (int i = 0; i < n; ++i)
        m[RandomString(rng)] = RandomValue(rng, depth + 1);
      return V::M(std::move(m));
    }
    default: {
      AttributeList l;
      int n = static_cast<int>(rng() % 4);
      for (int i = 0; i < n; ++i) l.push_back(RandomValue(rng, depth + 1));
      return V::L(std::move(l));
    }
  }
}

// ItemToJson writes text directly; it must be byte for byte what
// nlohmann's compact dump of the same document gives.
TEST(JsonTest, DirectTextIsNlohmannsDump) {
  std::mt19937 rng(20261206);
  for (int round = 0; round < 2000; ++round) {
    Item item;
    int n = static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) item[RandomString(rng)] = RandomValue(rng, 0);
    const std::string want = ItemToParsedJson(item).dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
    ASSERT_EQ(ItemToJson(item), want) << "round " << round;
  }
}

}  // namespace
}  // namespace eddy

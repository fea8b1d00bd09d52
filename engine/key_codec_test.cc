// Copyright (c) Eddy authors.

#include "engine/key_codec.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "engine/number.h"
#include "gtest/gtest.h"

namespace eddy::engine {
namespace {

using std::string_literals::operator""s;

std::string Encode(KeyType type, const AttributeValue& v) {
  std::string out;
  AppendKeyValue(type, v, &out);
  return out;
}

int Sign(int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); }
int Bytewise(const std::string& a, const std::string& b) {
  return Sign(a.compare(b));
}

TEST(KeyCodecTest, PinnedEncodings) {
  // The persistent format: these bytes must never change.
  EXPECT_EQ(Encode(KeyType::kS, AttributeValue::S("")), "\x00\x01"s);
  EXPECT_EQ(Encode(KeyType::kS, AttributeValue::S("a\0b"s)),
            "a\x00\xFF"
            "b\x00\x01"s);
  EXPECT_EQ(Encode(KeyType::kN, AttributeValue::N("0")), "\x80"s);
  EXPECT_EQ(Encode(KeyType::kN, AttributeValue::N("1")),
            "\xC0\x80\x01\x02\x00"s);
  EXPECT_EQ(Encode(KeyType::kN, AttributeValue::N("-1")),
            "\x40\x7F\xFE\xFD\xFF"s);
  EXPECT_EQ(Encode(KeyType::kN, AttributeValue::N("0.05")),
            "\xC0\x7F\xFF\x06\x00"s);
  std::string id;
  AppendTableId(0x01020304, &id);
  EXPECT_EQ(id, "\x01\x02\x03\x04"s);
}

TEST(KeyCodecTest, RoundTripsBytes) {
  const std::string cases[] = {"",      "a",     "\0"s,         "\0\0"s,
                               "\xFF"s, "a\0b"s, "\0\xFF\x01"s, "\x00\x01"s,
                               "héllo"};
  for (KeyType type : {KeyType::kS, KeyType::kB}) {
    for (const std::string& bytes : cases) {
      const AttributeValue v = type == KeyType::kS ? AttributeValue::S(bytes)
                                                   : AttributeValue::B(bytes);
      std::string enc = "prefix";
      AppendKeyValue(type, v, &enc);
      enc += "rest";
      std::string_view in(enc);
      in.remove_prefix(6);
      absl::StatusOr<AttributeValue> back = ConsumeKeyValue(type, &in);
      ASSERT_TRUE(back.ok()) << back.status();
      EXPECT_EQ(*back, v);
      EXPECT_EQ(in, "rest");
    }
  }
}

TEST(KeyCodecTest, RoundTripsNumbers) {
  for (std::string_view text :
       {"0", "1", "-1", "1.5", "-0.001", "120000", "1E-130", "-1E-130",
        "9.9999999999999999999999999999999999999E+125",
        "-12345678901234567890123456789012345678"}) {
    const std::string canonical = *CanonicalNumber(text);
    std::string enc = Encode(KeyType::kN, AttributeValue::N(canonical));
    enc += "\x00\x01"s;  // a following key value
    std::string_view in(enc);
    absl::StatusOr<AttributeValue> back = ConsumeKeyValue(KeyType::kN, &in);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->n(), canonical);
    EXPECT_EQ(in, "\x00\x01"s);
  }
}

TEST(KeyCodecTest, MalformedBytesAreDataLoss) {
  const std::pair<KeyType, std::string> cases[] = {
      {KeyType::kS, ""},
      {KeyType::kS, "abc"},         // no terminator
      {KeyType::kS, "abc\x00"s},    // cut escape
      {KeyType::kB, "a\x00\x02"s},  // bad escape
      {KeyType::kB, "a\x00\xFF"s},  // escaped zero, then nothing
      {KeyType::kN, ""},
      {KeyType::kN, "\x81"s},                      // bad tag
      {KeyType::kN, "\xC0\x80"s},                  // truncated exponent
      {KeyType::kN, "\xC0\x80\x01\x02"s},          // no terminator
      {KeyType::kN, "\xC0\x80\x01\x00"s},          // no digits
      {KeyType::kN, "\xC0\x80\x01\x0B\x00"s},      // digit byte out of range
      {KeyType::kN, "\xC0\x80\x01\x01\x02\x00"s},  // leading zero digit
      {KeyType::kN, "\xC0\x80\x01\x02\x01\x00"s},  // trailing zero digit
      {KeyType::kN, "\xC0\x80\x7F\x02\x00"s},      // exponent 127
      {KeyType::kN, "\xC0\x7F\x7E\x02\x00"s},      // exponent -130
      {KeyType::kN, "\x40\x7F\xFE\xFD\x00"s},      // negative, bad end
      {KeyType::kN, "\xC0\x80\x01"s + std::string(39, '\x02') + "\x00"s},
  };
  for (const auto& [type, bytes] : cases) {
    std::string_view in(bytes);
    absl::StatusOr<AttributeValue> v = ConsumeKeyValue(type, &in);
    EXPECT_EQ(v.status().code(), absl::StatusCode::kDataLoss)
        << testing::PrintToString(bytes);
  }
}

TEST(KeyCodecTest, PrefixSuccessor) {
  EXPECT_EQ(PrefixSuccessor("abc"), "abd");
  EXPECT_EQ(PrefixSuccessor("ab\xFF"s), "ac");
  EXPECT_EQ(PrefixSuccessor("a\xFF\xFF"s), "b");
  EXPECT_EQ(PrefixSuccessor("\x00"s), "\x01"s);
  EXPECT_EQ(PrefixSuccessor("\xFF\xFF"s), "");
  EXPECT_EQ(PrefixSuccessor(""), "");
}

TEST(KeyCodecTest, TableIdsOrderNumerically) {
  const uint32_t ids[] = {0,     1,          255,        256,       65535,
                          65536, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF};
  for (size_t i = 0; i + 1 < std::size(ids); ++i) {
    std::string a, b;
    AppendTableId(ids[i], &a);
    AppendTableId(ids[i + 1], &b);
    EXPECT_EQ(a.size(), 4u);
    EXPECT_LT(a, b);
  }
}

// Random byte strings over a small alphabet rich in the escape bytes, so that
// prefixes, embedded zeros and 0xFF are all common.
std::string RandomBytes(std::mt19937_64& rng, size_t max_len) {
  static constexpr char kAlphabet[] = {'\x00', '\x01', 'a', '\xFE', '\xFF'};
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<size_t> pick(0, std::size(kAlphabet) - 1);
  std::string s(len(rng), '\0');
  for (char& c : s) c = kAlphabet[pick(rng)];
  return s;
}

constexpr uint64_t kSeed = 20240611;

TEST(KeyCodecTest, BytesOrderAndPrefixProperty) {
  std::cout << "KeyCodecTest seed=" << kSeed << "\n";
  SCOPED_TRACE(testing::Message() << "seed=" << kSeed);
  std::mt19937_64 rng(kSeed);
  for (int i = 0; i < 5000; ++i) {
    const std::string a = RandomBytes(rng, 6);
    const std::string b = RandomBytes(rng, 6);
    const std::string ea = Encode(KeyType::kB, AttributeValue::B(a));
    const std::string eb = Encode(KeyType::kB, AttributeValue::B(b));
    ASSERT_EQ(Bytewise(ea, eb), Bytewise(a, b))
        << testing::PrintToString(a) << " vs " << testing::PrintToString(b);
    // begins_with(b, a) holds exactly for encodings in
    // [prefix(a), PrefixSuccessor(prefix(a))).
    std::string prefix;
    AppendKeyPrefix(a, &prefix);
    const std::string limit = PrefixSuccessor(prefix);
    const bool in_range = eb >= prefix && (limit.empty() || eb < limit);
    ASSERT_EQ(in_range, b.starts_with(a))
        << testing::PrintToString(a) << " prefix of "
        << testing::PrintToString(b);
    ASSERT_TRUE(ea.starts_with(prefix));
  }
}

// A random valid number, with its value known independently of Number:
// sign * 0.digits * 10^exponent (digits normalized; empty for zero).
struct RefNumber {
  int sign = 0;
  int exponent = 0;
  std::string digits;
  std::string text;  // a non-canonical rendering Parse must accept
};

// Independent reference order on RefNumber.
int RefCompare(const RefNumber& a, const RefNumber& b) {
  if (a.sign != b.sign) return a.sign < b.sign ? -1 : 1;
  if (a.sign == 0) return 0;
  int mag = a.exponent != b.exponent ? (a.exponent < b.exponent ? -1 : 1)
                                     : Sign(a.digits.compare(b.digits));
  return a.sign * mag;
}

RefNumber RandomNumber(std::mt19937_64& rng,
                       const std::vector<RefNumber>& prior) {
  std::uniform_int_distribution<int> percent(0, 99);
  const int roll = percent(rng);
  if (!prior.empty() && roll < 10) {  // an equal value, maybe another text
    return prior[std::uniform_int_distribution<size_t>(0,
                                                       prior.size() - 1)(rng)];
  }
  RefNumber r;
  if (roll < 14) {
    r.text = roll % 2 ? "-0.000" : "0E5";
    return r;
  }
  r.sign = percent(rng) < 50 ? -1 : 1;
  const int count = std::uniform_int_distribution<int>(1, 38)(rng);
  std::uniform_int_distribution<int> digit(0, 9), nonzero(1, 9);
  for (int i = 0; i < count; ++i) {
    const bool edge = i == 0 || i == count - 1;
    r.digits.push_back(
        static_cast<char>('0' + (edge ? nonzero(rng) : digit(rng))));
  }
  // Half the exponents cluster near 0 so that equal exponents are common.
  r.exponent = percent(rng) < 50
                   ? std::uniform_int_distribution<int>(-129, 126)(rng)
                   : std::uniform_int_distribution<int>(-2, 3)(rng);
  // Text: [-]0.<digits>[zeros]E<exponent>, or d.ddd E<exponent-1>.
  r.text = r.sign < 0 ? "-" : "";
  if (percent(rng) < 50) {
    r.text += "0." + r.digits + std::string(percent(rng) % 3, '0') + "E" +
              std::to_string(r.exponent);
  } else {
    r.text += r.digits.substr(0, 1) + "." + r.digits.substr(1) + "e" +
              std::to_string(r.exponent - 1);
  }
  return r;
}

TEST(KeyCodecTest, NumberOrderProperty) {
  std::cout << "KeyCodecTest seed=" << kSeed << "\n";
  SCOPED_TRACE(testing::Message() << "seed=" << kSeed);
  std::mt19937_64 rng(kSeed);
  std::vector<RefNumber> refs;
  std::vector<Number> numbers;
  std::vector<std::string> encodings;
  for (int i = 0; i < 5000; ++i) {
    refs.push_back(RandomNumber(rng, refs));
    absl::StatusOr<Number> n = Number::Parse(refs.back().text);
    ASSERT_TRUE(n.ok()) << refs.back().text << ": " << n.status();
    numbers.push_back(*n);
    std::string enc;
    n->AppendOrderedEncoding(&enc);
    std::string_view in(enc);
    Number back;
    ASSERT_TRUE(Number::ConsumeOrderedEncoding(&in, &back));
    ASSERT_TRUE(in.empty());
    ASSERT_EQ(back.ToString(), n->ToString());
    encodings.push_back(std::move(enc));
  }
  std::uniform_int_distribution<size_t> pick(0, refs.size() - 1);
  for (int k = 0; k < 20000; ++k) {
    const size_t i = k < 4999 ? k : pick(rng);
    const size_t j = k < 4999 ? k + 1 : pick(rng);
    const int bytes = Bytewise(encodings[i], encodings[j]);
    ASSERT_EQ(bytes, Number::Compare(numbers[i], numbers[j]))
        << refs[i].text << " vs " << refs[j].text;
    ASSERT_EQ(bytes, RefCompare(refs[i], refs[j]))
        << refs[i].text << " vs " << refs[j].text;
    // long double holds 18 significant digits exactly enough to order them.
    if (refs[i].digits.size() <= 18 && refs[j].digits.size() <= 18) {
      const long double x = std::strtold(refs[i].text.c_str(), nullptr);
      const long double y = std::strtold(refs[j].text.c_str(), nullptr);
      ASSERT_EQ(bytes, x < y ? -1 : (x > y ? 1 : 0))
          << refs[i].text << " vs " << refs[j].text;
    }
  }
}

TEST(KeyCodecTest, CompositeKeyOrderProperty) {
  std::cout << "KeyCodecTest seed=" << kSeed << "\n";
  SCOPED_TRACE(testing::Message() << "seed=" << kSeed);
  std::mt19937_64 rng(kSeed);
  std::vector<std::string> sks = {"-1E125", "-10",  "-1.5",   "-1",
                                  "-0.01",  "0",    "1E-130", "0.5",
                                  "1",      "1.05", "10",     "1E125"};
  // Keys hold canonical numbers (AppendKeyValue's REQUIRES).
  for (std::string& text : sks) text = *CanonicalNumber(text);
  struct Key {
    uint32_t table;
    std::string pk;
    size_t sk;  // index into sks, which is sorted
    std::string encoded;
  };
  std::vector<Key> keys;
  std::uniform_int_distribution<uint32_t> table(1, 3);
  std::uniform_int_distribution<size_t> sk(0, sks.size() - 1);
  for (int i = 0; i < 3000; ++i) {
    Key k{table(rng), RandomBytes(rng, 3), sk(rng), ""};
    AppendTableId(k.table, &k.encoded);
    AppendKeyValue(KeyType::kS, AttributeValue::S(k.pk), &k.encoded);
    AppendKeyValue(KeyType::kN, AttributeValue::N(sks[k.sk]), &k.encoded);
    keys.push_back(std::move(k));
  }
  for (size_t i = 0; i + 1 < keys.size(); ++i) {
    const Key& a = keys[i];
    const Key& b = keys[i + 1];
    int expected = a.table != b.table ? (a.table < b.table ? -1 : 1)
                   : a.pk != b.pk
                       ? Bytewise(a.pk, b.pk)
                       : Sign(static_cast<int>(a.sk) - static_cast<int>(b.sk));
    ASSERT_EQ(Bytewise(a.encoded, b.encoded), expected)
        << testing::PrintToString(a.pk) << "/" << sks[a.sk] << " vs "
        << testing::PrintToString(b.pk) << "/" << sks[b.sk];
    // A partition's encoding prefixes exactly the keys in that partition.
    std::string partition;
    AppendTableId(a.table, &partition);
    AppendKeyValue(KeyType::kS, AttributeValue::S(a.pk), &partition);
    ASSERT_EQ(b.encoded.starts_with(partition),
              a.table == b.table && a.pk == b.pk);
    // The sort key decodes back after the partition key.
    std::string_view in(a.encoded);
    in.remove_prefix(4);
    ASSERT_EQ(ConsumeKeyValue(KeyType::kS, &in)->s(), a.pk);
    ASSERT_EQ(ConsumeKeyValue(KeyType::kN, &in)->n(), sks[a.sk]);
    ASSERT_TRUE(in.empty());
  }
}

}  // namespace
}  // namespace eddy::engine

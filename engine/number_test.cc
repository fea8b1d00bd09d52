// Copyright (c) Eddy authors.

#include "engine/number.h"

#include <string>

#include "eddy/status.h"
#include "gtest/gtest.h"

namespace eddy::engine {
namespace {

std::string Canon(std::string_view text) {
  absl::StatusOr<std::string> s = CanonicalNumber(text);
  EXPECT_TRUE(s.ok()) << text << ": " << s.status();
  return s.ok() ? *s : "<error>";
}

Number N(std::string_view text) {
  absl::StatusOr<Number> n = Number::Parse(text);
  EXPECT_TRUE(n.ok()) << text << ": " << n.status();
  return n.ok() ? *n : Number();
}

std::string Sum(std::string_view a, std::string_view b) {
  absl::StatusOr<Number> r = Number::Add(N(a), N(b));
  EXPECT_TRUE(r.ok()) << a << " + " << b << ": " << r.status();
  return r.ok() ? r->ToString() : "<error>";
}

std::string Difference(std::string_view a, std::string_view b) {
  absl::StatusOr<Number> r = Number::Subtract(N(a), N(b));
  EXPECT_TRUE(r.ok()) << a << " - " << b << ": " << r.status();
  return r.ok() ? r->ToString() : "<error>";
}

// Expects `status` to be a ValidationException whose message contains
// `substring`.
void ExpectValidation(const absl::Status& status, std::string_view substring) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(ErrorName(status), "ValidationException");
  EXPECT_NE(status.message().find(std::string(substring)), std::string::npos)
      << status;
}

constexpr std::string_view kMax =
    "9.9999999999999999999999999999999999999E+125";
constexpr std::string_view kDigits38 = "12345678901234567890123456789012345678";
constexpr std::string_view kDigits39 =
    "123456789012345678901234567890123456789";

TEST(NumberTest, CanonicalForms) {
  const std::pair<std::string_view, std::string> cases[] = {
      {"0", "0"},
      {"-0", "0"},
      {"+0", "0"},
      {"0.000", "0"},
      {"00", "0"},
      {"0e126", "0"},
      {"-0.0E-999", "0"},
      {"01.50", "1.5"},
      {"1", "1"},
      {"+7", "7"},
      {"-7", "-7"},
      {"1e3", "1000"},
      {"1E+3", "1000"},
      {"1E3", "1000"},
      {"1.23e-2", "0.0123"},
      {".5", "0.5"},
      {"5.", "5"},
      {"-.5", "-0.5"},
      {"120000", "120000"},
      {"-0.001", "-0.001"},
      {"0.1e1", "1"},
      {"100e-2", "1"},
      {"12.3400e1", "123.4"},
      {"1E-130", "0." + std::string(129, '0') + "1"},
      {"1E+125", "1" + std::string(125, '0')},
      {kMax, "99999999999999999999999999999999999999" + std::string(88, '0')},
      {kDigits38, std::string(kDigits38)},
      {"1234567890123456789012345678901234567800000",
       "1234567890123456789012345678901234567800000"},
      {"0.0000123456789012345678901234567890123456780",
       "0.000012345678901234567890123456789012345678"},
  };
  for (const auto& [text, canonical] : cases) {
    EXPECT_EQ(Canon(text), canonical) << text;
  }
}

TEST(NumberTest, RejectsText) {
  for (std::string_view text : std::initializer_list<std::string_view>{
           "",         "+",         "-",
           ".",        "-.",        "1e",
           "1e+",      "1E-",       "e5",
           "abc",      "1.2.3",     " 1",
           "1 ",       "1e5.0",     "NaN",
           "Infinity", "-Infinity", "nan",
           "inf",      "0x10",      "1_000",
           "1,5",      "--1",       "+-1",
           "1e--2",    "1.5f",      std::string_view("1\0", 2)}) {
    absl::StatusOr<Number> n = Number::Parse(text);
    ExpectValidation(n.status(),
                     "The parameter cannot be converted to a numeric value");
  }
}

TEST(NumberTest, RejectsTooManySignificantDigits) {
  ExpectValidation(Number::Parse(kDigits39).status(),
                   "more than 38 significant digits");
  ExpectValidation(
      Number::Parse("3.14159265358979323846264338327950288419").status(),
      "more than 38 significant digits");
  ExpectValidation(Number::Parse("1" + std::string(40, '0') + "1").status(),
                   "more than 38 significant digits");
  // Leading and trailing zeros are not significant.
  EXPECT_TRUE(Number::Parse("000" + std::string(kDigits38) + "000").ok());
  EXPECT_TRUE(Number::Parse("0.000" + std::string(kDigits38) + "000").ok());
}

TEST(NumberTest, RejectsOutOfRange) {
  for (std::string_view text :
       {"1E126", "-1E126", "11E125", "10E+125", "1e99999999999999999999999",
        "99999999999999999999999999999999999999E+89"}) {
    ExpectValidation(Number::Parse(text).status(), "Number overflow");
  }
  for (std::string_view text :
       {"1E-131", "-1E-131", "0.9E-130", "1e-99999999999999999999999"}) {
    ExpectValidation(Number::Parse(text).status(), "Number underflow");
  }
  for (std::string_view text : std::initializer_list<std::string_view>{
           "1E125", "-1E125", "1E-130", "-1E-130", kMax, "0.1E126",
           "10E-131"}) {
    EXPECT_TRUE(Number::Parse(text).ok()) << text;
  }
}

TEST(NumberTest, FromInt) {
  EXPECT_EQ(Number::FromInt(0).ToString(), "0");
  EXPECT_EQ(Number::FromInt(42).ToString(), "42");
  EXPECT_EQ(Number::FromInt(-1000).ToString(), "-1000");
  EXPECT_EQ(Number::FromInt(INT64_MAX).ToString(), "9223372036854775807");
  EXPECT_EQ(Number::FromInt(INT64_MIN).ToString(), "-9223372036854775808");
  EXPECT_EQ(Number::FromInt(-1000), N("-1e3"));
}

TEST(NumberTest, Compare) {
  // Strictly increasing.
  const std::string_view ordered[] = {
      "-9.9999999999999999999999999999999999999E+125",
      "-1E125",
      "-100",
      "-99.99",
      "-10",
      "-2",
      "-1.5",
      "-1",
      "-0.5",
      "-0.05",
      "-1E-130",
      "0",
      "1E-130",
      "0.05",
      "0.5",
      "1",
      "1.05",
      "1.5",
      "2",
      "10",
      "99",
      "99.99",
      "100",
      "1000.0001",
      "1E125",
      kMax};
  const size_t n = std::size(ordered);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      const int expected = i < j ? -1 : (i > j ? 1 : 0);
      EXPECT_EQ(Number::Compare(N(ordered[i]), N(ordered[j])), expected)
          << ordered[i] << " vs " << ordered[j];
    }
  }
  EXPECT_EQ(Number::Compare(N("-0"), N("0")), 0);
  EXPECT_EQ(Number::Compare(N("1.50"), N("15e-1")), 0);
  EXPECT_TRUE(N("100") == N("1E2"));
}

TEST(NumberTest, AddAndSubtract) {
  EXPECT_EQ(Sum("1", "2"), "3");
  EXPECT_EQ(Sum("0", "-7.5"), "-7.5");
  EXPECT_EQ(Sum("-7.5", "0"), "-7.5");
  EXPECT_EQ(Sum("999", "1"), "1000");
  EXPECT_EQ(Sum("9.99", "0.01"), "10");
  EXPECT_EQ(Sum("0.1", "0.2"), "0.3");
  EXPECT_EQ(Sum("-5", "3"), "-2");
  EXPECT_EQ(Sum("5", "-3"), "2");
  EXPECT_EQ(Sum("-5", "-3"), "-8");
  EXPECT_EQ(Sum("3", "-5"), "-2");
  EXPECT_EQ(Sum("1.5", "-1.5"), "0");
  EXPECT_EQ(Sum("1E125", "1E125"), "2" + std::string(125, '0'));
  EXPECT_EQ(Sum("1", "10000000000000000000000"), "10000000000000000000001");
  EXPECT_EQ(Sum(kDigits38, "1"), "12345678901234567890123456789012345679");
  EXPECT_EQ(Sum("99999999999999999999999999999999999999", "1"),
            "1" + std::string(38, '0'));
  EXPECT_EQ(Difference("10000000000000000000000", "1"),
            "9999999999999999999999");
  EXPECT_EQ(Difference("1000", "0.001"), "999.999");
  EXPECT_EQ(Difference("5", "5"), "0");
  EXPECT_EQ(Difference("-5", "-5"), "0");
  EXPECT_EQ(Difference("1", "3"), "-2");
  EXPECT_EQ(Difference("-1", "3"), "-4");
  EXPECT_EQ(Difference("-1", "-3"), "2");
  EXPECT_EQ(Difference("0", "3"), "-3");
  EXPECT_EQ(Difference("3", "0"), "3");
  EXPECT_EQ(Difference("0", "0"), "0");
  EXPECT_EQ(Difference("1.0001", "0.0001"), "1");
  EXPECT_EQ(Difference("2E-130", "1E-130"), "0." + std::string(129, '0') + "1");
}

TEST(NumberTest, ArithmeticLimits) {
  // Overflow of the range.
  ExpectValidation(Number::Add(N("9e125"), N("9e125")).status(),
                   "Number overflow");
  ExpectValidation(Number::Subtract(N("9e125"), N("-9e125")).status(),
                   "Number overflow");
  ExpectValidation(Number::Add(N(kMax), N("1E+88")).status(),
                   "Number overflow");
  ExpectValidation(
      Number::Add(N("-" + std::string(kMax)), N("-1E+88")).status(),
      "Number overflow");
  EXPECT_EQ(Sum("9e125", "9e124"), "99" + std::string(124, '0'));
  // Underflow by cancellation.
  ExpectValidation(Number::Subtract(N("1.1E-130"), N("1E-130")).status(),
                   "Number underflow");
  // Results that need more than 38 significant digits are rejected, not
  // rounded.
  ExpectValidation(Number::Add(N("1e50"), N("1")).status(),
                   "more than 38 significant digits");
  ExpectValidation(Number::Subtract(N("1e50"), N("1")).status(),
                   "more than 38 significant digits");
  ExpectValidation(Number::Add(N(kDigits38), N("0.1")).status(),
                   "more than 38 significant digits");
  ExpectValidation(Number::Add(N("1E125"), N("1E-130")).status(),
                   "more than 38 significant digits");
}

}  // namespace
}  // namespace eddy::engine

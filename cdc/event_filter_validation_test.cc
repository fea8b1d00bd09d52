// Copyright (c) Eddy authors.
//
// EventFilter::Compile's errors (cdc/event_filter.h): each is
// kInvalidArgument naming FilterCriteria.Filters[i].Pattern, the path inside
// the pattern, and the reason.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "cdc/event_filter.h"
#include "eddy/triggers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace eddy::cdc {
namespace {

using ::testing::HasSubstr;

struct ErrorCase {
  const char* name;
  const char* pattern;
  const char* message;  // expected in the status message
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

class EventFilterErrorTest : public ::testing::TestWithParam<ErrorCase> {};

// The bad pattern is the second filter, so the index in the message is
// checked too.
TEST_P(EventFilterErrorTest, IsInvalidArgumentNamingTheField) {
  const ErrorCase& c = GetParam();
  absl::StatusOr<EventFilter> filter = EventFilter::Compile(
      {eddy::Filter{R"({"eventName":["INSERT"]})"}, eddy::Filter{c.pattern}});
  ASSERT_FALSE(filter.ok()) << c.pattern;
  EXPECT_EQ(filter.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(filter.status().message());
  EXPECT_THAT(message, HasSubstr("FilterCriteria.Filters[1].Pattern: "));
  EXPECT_THAT(message, HasSubstr(c.message));
}

const ErrorCase kCases[] = {
    // The pattern as a whole.
    {"EmptyText", "", "is not valid JSON"},
    {"NotJson", "{\"a\":", "is not valid JSON"},
    {"TrailingGarbage", R"({"a":["x"]} x)", "is not valid JSON"},
    {"Array", R"([{"a":["x"]}])", "must be a JSON object, not an array"},
    {"String", R"("x")", "must be a JSON object, not a string"},
    {"Number", "5", "must be a JSON object, not a number"},
    {"Null", "null", "must be a JSON object, not null"},
    // Values that are neither objects nor matcher arrays.
    {"ScalarString", R"({"eventName":"INSERT"})",
     R"(at "eventName": must be an array of matchers or an object, not a string)"},
    {"ScalarNumber", R"({"a":{"b":5}})", R"(at "a.b": must be an array)"},
    {"ScalarNull", R"({"a":null})", "not null"},
    {"ScalarBool", R"({"a":true})", "not a boolean"},
    {"EmptyMatcherArray", R"({"dynamodb":{"Keys":[]}})",
     R"(at "dynamodb.Keys": the array of matchers is empty)"},
    {"NestedArray", R"({"a":[["x"]]})", "a matcher cannot be an array"},
    {"MatcherWithTwoKeys", R"({"a":[{"prefix":"x","suffix":"y"}]})",
     "exactly one key, not 2"},
    {"MatcherWithNoKey", R"({"a":[{}]})", "exactly one key, not 0"},
    // Operators.
    {"UnknownOperator", R"({"dynamodb":{"NewImage":{"Age":{"N":[{"gt":5}]}}}})",
     R"(at "dynamodb.NewImage.Age.N": unknown operator "gt")"},
    {"WildcardUnsupported", R"({"a":[{"wildcard":"*.png"}]})",
     R"(unknown operator "wildcard")"},
    {"CidrUnsupported", R"({"a":[{"cidr":"10.0.0.0/24"}]})",
     R"(unknown operator "cidr")"},
    {"PrefixNumber", R"({"a":[{"prefix":5}]})",
     R"("prefix" takes a string or {"equals-ignore-case": string}, not a number)"},
    {"PrefixOtherObject", R"({"a":[{"prefix":{"x":"y"}}]})",
     R"("prefix" takes a string)"},
    {"PrefixIgnoreCaseNumber", R"({"a":[{"prefix":{"equals-ignore-case":1}}]})",
     R"("prefix" takes a string)"},
    {"SuffixArray", R"({"a":[{"suffix":["x"]}]})",
     R"("suffix" takes a string)"},
    {"EqualsIgnoreCaseNumber", R"({"a":[{"equals-ignore-case":5}]})",
     R"("equals-ignore-case" takes a string, not a number)"},
    {"ExistsString", R"({"a":[{"exists":"true"}]})",
     R"("exists" takes true or false)"},
    {"ExistsNull", R"({"a":[{"exists":null}]})",
     R"("exists" takes true or false)"},
    // numeric.
    {"NumericNotArray", R"({"a":[{"numeric":5}]})",
     R"("numeric" takes [op, number] or [op, number, op, number])"},
    {"NumericEmpty", R"({"a":[{"numeric":[]}]})", R"("numeric" takes [op)"},
    {"NumericOneElement", R"({"a":[{"numeric":[">"]}]})",
     R"("numeric" takes [op)"},
    {"NumericThreeElements", R"({"a":[{"numeric":[">",1,"<"]}]})",
     R"("numeric" takes [op)"},
    {"NumericSixElements", R"({"a":[{"numeric":[">",1,"<",5,"<",6]}]})",
     R"("numeric" takes [op)"},
    {"NumericOperatorNotString", R"({"a":[{"numeric":[1,1]}]})",
     R"("numeric" operators are strings, not a number)"},
    {"NumericValueString", R"({"a":[{"numeric":[">","5"]}]})",
     R"("numeric" compares with numbers, not a string)"},
    {"NumericUnknownOperator", R"({"a":[{"numeric":["!=",5]}]})",
     R"(unknown "numeric" operator "!=")"},
    {"NumericEqualsInRange", R"({"a":[{"numeric":["=",5,"<",6]}]})",
     R"("=" cannot be combined with a range)"},
    {"NumericTwoLowerBounds", R"({"a":[{"numeric":[">",1,">=",2]}]})",
     R"("numeric" has two lower bounds)"},
    {"NumericTwoUpperBounds", R"({"a":[{"numeric":["<",1,"<=",2]}]})",
     R"("numeric" has two upper bounds)"},
    {"NumericEmptyRange", R"({"a":[{"numeric":[">",5,"<",5]}]})",
     R"("numeric" range is empty)"},
    {"NumericInvertedRange", R"({"a":[{"numeric":[">=",10,"<=",1]}]})",
     R"("numeric" range is empty)"},
    // Out of double's range: the JSON parser rejects it.
    {"NumericOverflow", R"({"a":[{"numeric":[">",1e999]}]})",
     "is not valid JSON"},
    // anything-but.
    {"AnythingButEmptyList", R"({"a":[{"anything-but":[]}]})",
     R"("anything-but" takes a non-empty array)"},
    {"AnythingButMixed", R"({"a":[{"anything-but":["x",5]}]})",
     R"("anything-but" cannot mix strings and numbers)"},
    {"AnythingButBool", R"({"a":[{"anything-but":true}]})",
     R"("anything-but" takes a string, a number, an array of them)"},
    {"AnythingButNull", R"({"a":[{"anything-but":null}]})",
     R"("anything-but" takes a string, a number)"},
    {"AnythingButNullInList", R"({"a":[{"anything-but":["x",null]}]})",
     R"("anything-but" takes strings or numbers, not null)"},
    {"AnythingButUnknownObject",
     R"({"a":[{"anything-but":{"numeric":[">",1]}}]})",
     R"(unknown operator "numeric" inside "anything-but")"},
    {"AnythingButObjectTwoKeys",
     R"({"a":[{"anything-but":{"prefix":"x","suffix":"y"}}]})",
     R"(an "anything-but" object must have exactly one key)"},
    {"AnythingButPrefixNumber", R"({"a":[{"anything-but":{"prefix":5}}]})",
     R"("anything-but" "prefix" takes a string, not a number)"},
    {"AnythingButIgnoreCaseEmpty",
     R"({"a":[{"anything-but":{"equals-ignore-case":[]}}]})",
     R"("equals-ignore-case" takes a string or a non-empty array of strings)"},
    {"AnythingButIgnoreCaseNumber",
     R"({"a":[{"anything-but":{"equals-ignore-case":["x",5]}}]})",
     R"("equals-ignore-case" takes strings, not a number)"},
    // $or.
    {"OrNotArray", R"({"$or":{"a":["x"]}})",
     R"(at "$or": "$or" takes a non-empty array of objects)"},
    {"OrEmpty", R"({"$or":[]})", R"("$or" takes a non-empty array)"},
    {"OrScalarAlternative", R"({"$or":[{"a":["x"]},"b"]})",
     R"(at "$or[1]": a "$or" alternative must be an object, not a string)"},
    {"OrBadAlternative", R"({"d":{"$or":[{"a":["x"]},{"b":[]}]}})",
     R"(at "d.$or[1].b": the array of matchers is empty)"},
};
INSTANTIATE_TEST_SUITE_P(Syntax, EventFilterErrorTest,
                         ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.name; });

absl::Status CompileStatus(const std::vector<eddy::Filter>& filters) {
  return EventFilter::Compile(filters).status();
}

TEST(EventFilterLimitsTest, AtMostTenFilters) {
  std::vector<eddy::Filter> filters(11, eddy::Filter{R"({"a":["x"]})"});
  const absl::Status s = CompileStatus(filters);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("FilterCriteria.Filters: at most 10 filters are "
                        "allowed, got 11"));
  filters.pop_back();
  EXPECT_TRUE(CompileStatus(filters).ok());
}

// {"a":["xxx..."]} padded to exactly `chars` characters, each of the
// padding being `unit` (one character, maybe several bytes).
std::string PatternOfLength(size_t chars, const std::string& unit) {
  const size_t frame = std::string(R"({"a":[""]})").size();
  std::string pad;
  for (size_t i = frame; i < chars; ++i) pad += unit;
  return R"({"a":[")" + pad + R"("]})";
}

TEST(EventFilterLimitsTest, PatternsUpTo4096Characters) {
  EXPECT_TRUE(CompileStatus({{PatternOfLength(4096, "x")}}).ok());
  // Characters, not bytes: 4096 three-byte characters are allowed.
  EXPECT_TRUE(CompileStatus({{PatternOfLength(4096, "\u20ac")}}).ok());
  const absl::Status s = CompileStatus({{PatternOfLength(4097, "x")}});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("FilterCriteria.Filters[0].Pattern: is 4097 "
                        "characters long; the limit is 4096"));
}

TEST(EventFilterLimitsTest, NestingDepthIsBounded) {
  auto nested = [](int levels) {
    std::string p;
    for (int i = 0; i < levels; ++i) p += R"({"a":)";
    p += R"(["x"])";
    for (int i = 0; i < levels; ++i) p += "}";
    return p;
  };
  EXPECT_TRUE(CompileStatus({{nested(EventFilter::kMaxPatternDepth)}}).ok());
  const absl::Status s =
      CompileStatus({{nested(EventFilter::kMaxPatternDepth + 1)}});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("objects nest deeper than 64 levels"));
}

TEST(EventFilterLimitsTest, FirstBadFilterIsNamed) {
  const absl::Status s =
      CompileStatus({{R"({"a":["x"]})"}, {R"({"a":["x"]})"}, {"{"}, {"["}});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("FilterCriteria.Filters[2].Pattern: is not valid "
                        "JSON"));
}

}  // namespace
}  // namespace eddy::cdc

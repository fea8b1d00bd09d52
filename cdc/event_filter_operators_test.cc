// Copyright (c) Eddy authors.
//
// Every EventFilter operator (cdc/event_filter.h) against every kind of
// record value, plus the ORing of filters and the empty filter.

#include <string>
#include <utility>
#include <vector>

#include "cdc/event_filter.h"
#include "eddy/triggers.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc {
namespace {

using Json = nlohmann::json;

struct OperatorCase {
  const char* name;
  const char* pattern;
  const char* record;
  bool want;
};

void PrintTo(const OperatorCase& c, std::ostream* os) { *os << c.name; }

class EventFilterOperatorTest : public ::testing::TestWithParam<OperatorCase> {
};

TEST_P(EventFilterOperatorTest, Matches) {
  const OperatorCase& c = GetParam();
  absl::StatusOr<EventFilter> filter =
      EventFilter::Compile({eddy::Filter{c.pattern}});
  ASSERT_TRUE(filter.ok()) << filter.status();
  EXPECT_EQ(filter->Matches(Json::parse(c.record)), c.want)
      << c.pattern << " on " << c.record;
  EXPECT_EQ(filter->Matches(nlohmann::ordered_json::parse(c.record)), c.want);
}

const OperatorCase kCases[] = {
    // Exact values: type and text must agree.
    {"StringExact", R"({"a":["x"]})", R"({"a":"x"})", true},
    {"StringIsCaseSensitive", R"({"a":["x"]})", R"({"a":"X"})", false},
    {"StringDoesNotMatchNumber", R"({"a":["5"]})", R"({"a":5})", false},
    {"NumberDoesNotMatchString", R"({"a":[5]})", R"({"a":"5"})", false},
    {"IntegerExact", R"({"a":[5]})", R"({"a":5})", true},
    {"NegativeInteger", R"({"a":[-5]})", R"({"a":-5})", true},
    {"NegativeVsPositive", R"({"a":[-5]})", R"({"a":5})", false},
    {"BigUnsigned", R"({"a":[18446744073709551615]})",
     R"({"a":18446744073709551615})", true},
    {"BigUnsignedVsSigned", R"({"a":[9223372036854775807]})",
     R"({"a":9223372036854775807})", true},
    {"FloatExact", R"({"a":[1.5]})", R"({"a":1.5})", true},
    {"FloatVsInteger", R"({"a":[300.0]})", R"({"a":300})", false},
    {"TrueExact", R"({"a":[true]})", R"({"a":true})", true},
    {"TrueVsString", R"({"a":[true]})", R"({"a":"true"})", false},
    {"FalseExact", R"({"a":[false]})", R"({"a":false})", true},
    {"NullExact", R"({"a":[null]})", R"({"a":null})", true},
    {"NullIsNotAbsent", R"({"a":[null]})", R"({"b":1})", false},
    {"NullIsNotEmptyString", R"({"a":[null]})", R"({"a":""})", false},
    {"EmptyStringExact", R"({"a":[""]})", R"({"a":""})", true},
    {"EmptyStringIsNotAbsent", R"({"a":[""]})", R"({})", false},
    {"EmptyStringIsNotNull", R"({"a":[""]})", R"({"a":null})", false},
    {"OrOfMixedTypes", R"({"a":["x",5,null]})", R"({"a":null})", true},
    // prefix / suffix / equals-ignore-case: strings only.
    {"PrefixMatches", R"({"a":[{"prefix":"ab"}]})", R"({"a":"abc"})", true},
    {"PrefixWhole", R"({"a":[{"prefix":"abc"}]})", R"({"a":"abc"})", true},
    {"PrefixLonger", R"({"a":[{"prefix":"abcd"}]})", R"({"a":"abc"})", false},
    {"PrefixEmptyMatchesAnyString", R"({"a":[{"prefix":""}]})",
     R"({"a":"abc"})", true},
    {"PrefixNotOnNumber", R"({"a":[{"prefix":"1"}]})", R"({"a":12})", false},
    {"PrefixCaseSensitive", R"({"a":[{"prefix":"AB"}]})", R"({"a":"abc"})",
     false},
    {"PrefixIgnoreCase", R"({"a":[{"prefix":{"equals-ignore-case":"AB"}}]})",
     R"({"a":"aBc"})", true},
    {"PrefixIgnoreCaseShort",
     R"({"a":[{"prefix":{"equals-ignore-case":"ABCD"}}]})", R"({"a":"abc"})",
     false},
    {"SuffixMatches", R"({"a":[{"suffix":"bc"}]})", R"({"a":"abc"})", true},
    {"SuffixNoMatch", R"({"a":[{"suffix":"ab"}]})", R"({"a":"abc"})", false},
    {"SuffixLonger", R"({"a":[{"suffix":"zabc"}]})", R"({"a":"abc"})", false},
    {"SuffixIgnoreCase", R"({"a":[{"suffix":{"equals-ignore-case":".PNG"}}]})",
     R"({"a":"cat.png"})", true},
    {"EqualsIgnoreCase", R"({"a":[{"equals-ignore-case":"HeLLo"}]})",
     R"({"a":"hello"})", true},
    {"EqualsIgnoreCaseLength", R"({"a":[{"equals-ignore-case":"hell"}]})",
     R"({"a":"hello"})", false},
    {"EqualsIgnoreCaseNotNumber", R"({"a":[{"equals-ignore-case":"5"}]})",
     R"({"a":5})", false},
    // numeric: JSON numbers only.
    {"NumericGreater", R"({"a":[{"numeric":[">",0]}]})", R"({"a":0.5})", true},
    {"NumericGreaterBound", R"({"a":[{"numeric":[">",0]}]})", R"({"a":0})",
     false},
    {"NumericGreaterEqualBound", R"({"a":[{"numeric":[">=",0]}]})",
     R"({"a":0})", true},
    {"NumericLess", R"({"a":[{"numeric":["<",0]}]})", R"({"a":-1})", true},
    {"NumericLessBound", R"({"a":[{"numeric":["<",0]}]})", R"({"a":0})", false},
    {"NumericLessEqualBound", R"({"a":[{"numeric":["<=",0]}]})", R"({"a":0})",
     true},
    {"NumericEqualsAcrossRepresentations", R"({"a":[{"numeric":["=",300]}]})",
     R"({"a":300.0})", true},
    {"NumericEqualsOther", R"({"a":[{"numeric":["=",300]}]})", R"({"a":300.5})",
     false},
    {"NumericRangeInside", R"({"a":[{"numeric":[">",0,"<=",5]}]})",
     R"({"a":5})", true},
    {"NumericRangeAbove", R"({"a":[{"numeric":[">",0,"<=",5]}]})",
     R"({"a":5.01})", false},
    {"NumericRangeBelow", R"({"a":[{"numeric":[">",0,"<=",5]}]})", R"({"a":0})",
     false},
    {"NumericRangeUpperFirst", R"({"a":[{"numeric":["<",10,">=",5]}]})",
     R"({"a":5})", true},
    {"NumericNotOnString", R"({"a":[{"numeric":[">",0]}]})", R"({"a":"5"})",
     false},
    {"NumericNotOnBool", R"({"a":[{"numeric":[">",0]}]})", R"({"a":true})",
     false},
    {"NumericBigUnsigned", R"({"a":[{"numeric":[">",1e18]}]})",
     R"({"a":18446744073709551615})", true},
    // exists.
    {"ExistsString", R"({"a":[{"exists":true}]})", R"({"a":"x"})", true},
    {"ExistsNull", R"({"a":[{"exists":true}]})", R"({"a":null})", true},
    {"ExistsAbsent", R"({"a":[{"exists":true}]})", R"({"b":"x"})", false},
    {"ExistsObjectIsNotALeaf", R"({"a":[{"exists":true}]})", R"({"a":{"b":1}})",
     false},
    {"ExistsEmptyArray", R"({"a":[{"exists":true}]})", R"({"a":[]})", false},
    {"NotExistsAbsent", R"({"a":[{"exists":false}]})", R"({"b":"x"})", true},
    {"NotExistsPresent", R"({"a":[{"exists":false}]})", R"({"a":"x"})", false},
    {"NotExistsEmptyArray", R"({"a":[{"exists":false}]})", R"({"a":[]})", true},
    {"NotExistsObject", R"({"a":[{"exists":false}]})", R"({"a":{"b":1}})",
     true},
    {"NotExistsNested", R"({"a":{"b":[{"exists":false}]}})", R"({})", true},
    {"NotExistsUnderScalar", R"({"a":{"b":[{"exists":false}]}})",
     R"({"a":"x"})", true},
    {"ValueOrAbsent", R"({"a":["x",{"exists":false}]})", R"({})", true},
    {"ValueOrAbsentOther", R"({"a":["x",{"exists":false}]})", R"({"a":"y"})",
     false},
    // anything-but: a value that exists and is none of the operand.
    {"AnythingButString", R"({"a":[{"anything-but":"x"}]})", R"({"a":"y"})",
     true},
    {"AnythingButStringSame", R"({"a":[{"anything-but":"x"}]})", R"({"a":"x"})",
     false},
    {"AnythingButList", R"({"a":[{"anything-but":["x","y"]}]})", R"({"a":"y"})",
     false},
    {"AnythingButNumber", R"({"a":[{"anything-but":5}]})", R"({"a":5})", false},
    {"AnythingButNumberList", R"({"a":[{"anything-but":[5,6]}]})", R"({"a":7})",
     true},
    {"AnythingButOtherType", R"({"a":[{"anything-but":["5"]}]})", R"({"a":5})",
     true},
    {"AnythingButAbsent", R"({"a":[{"anything-but":["x"]}]})", R"({})", false},
    {"AnythingButPrefix", R"({"a":[{"anything-but":{"prefix":"init"}}]})",
     R"({"a":"initializing"})", false},
    {"AnythingButPrefixOther", R"({"a":[{"anything-but":{"prefix":"init"}}]})",
     R"({"a":"running"})", true},
    {"AnythingButSuffix", R"({"a":[{"anything-but":{"suffix":".txt"}}]})",
     R"({"a":"a.txt"})", false},
    {"AnythingButIgnoreCase",
     R"({"a":[{"anything-but":{"equals-ignore-case":["X","Y"]}}]})",
     R"({"a":"y"})", false},
    {"AnythingButIgnoreCaseOther",
     R"({"a":[{"anything-but":{"equals-ignore-case":"X"}}]})", R"({"a":"z"})",
     true},
    // Arrays in the record: any element.
    {"ArrayAnyElement", R"({"a":["b"]})", R"({"a":["a","b"]})", true},
    {"ArrayNoElement", R"({"a":["c"]})", R"({"a":["a","b"]})", false},
    {"ArrayNested", R"({"a":["c"]})", R"({"a":[["a"],["c"]]})", true},
    {"ArrayAnythingButAnyElement", R"({"a":[{"anything-but":"a"}]})",
     R"({"a":["a","b"]})", true},
    {"ArrayNumeric", R"({"a":[{"numeric":[">",10]}]})", R"({"a":[1,50]})",
     true},
    {"ArrayOfObjectsDescends", R"({"a":{"b":["x"]}})",
     R"({"a":[{"b":"y"},{"b":"x"}]})", true},
    {"ArrayOfObjectsSameElement", R"({"a":{"b":["x"],"c":["z"]}})",
     R"({"a":[{"b":"x","c":"y"},{"b":"w","c":"z"}]})", false},
    {"ArrayOfObjectsBothInOne", R"({"a":{"b":["x"],"c":["z"]}})",
     R"({"a":[{"b":"w"},{"b":"x","c":"z"}]})", true},
    // Structure.
    {"DescendIntoMissingObject", R"({"a":{"b":["x"]}})", R"({"b":"x"})", false},
    {"DescendIntoScalar", R"({"a":{"b":["x"]}})", R"({"a":"x"})", false},
    {"ExtraRecordFieldsIgnored", R"({"a":["x"]})", R"({"a":"x","b":1})", true},
    {"EmptyPatternMatchesAll", R"({})", R"({"a":1})", true},
    {"OrWithOtherKeys", R"({"k":["v"],"$or":[{"a":[1]},{"b":[2]}]})",
     R"({"k":"v","b":2})", true},
    {"OrWithOtherKeysFails", R"({"k":["v"],"$or":[{"a":[1]},{"b":[2]}]})",
     R"({"k":"w","b":2})", false},
    {"OrNoAlternative", R"({"$or":[{"a":[1]},{"b":[2]}]})", R"({"a":2,"b":1})",
     false},
    {"OrNested", R"({"d":{"$or":[{"a":[1]},{"b":[{"exists":false}]}]}})",
     R"({"d":{"b":5}})", false},
    {"OrNestedAbsent", R"({"d":{"$or":[{"a":[1]},{"b":[{"exists":false}]}]}})",
     R"({"d":{"c":5}})", true},
    {"RecordNotAnObject", R"({"a":[{"exists":false}]})", R"([1,2])", true},
    {"RecordScalar", R"({"a":["x"]})", R"("x")", false},
};
INSTANTIATE_TEST_SUITE_P(Operators, EventFilterOperatorTest,
                         ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.name; });

TEST(EventFilterTest, EmptyListMatchesEverything) {
  absl::StatusOr<EventFilter> filter = EventFilter::Compile({});
  ASSERT_TRUE(filter.ok()) << filter.status();
  EXPECT_TRUE(filter->empty());
  EXPECT_TRUE(filter->Matches(Json::parse(R"({"eventName":"REMOVE"})")));
  EXPECT_TRUE(filter->Matches(Json()));
  EXPECT_TRUE(EventFilter().empty());
  EXPECT_TRUE(EventFilter().Matches(Json::object()));
}

TEST(EventFilterTest, FiltersAreOred) {
  absl::StatusOr<EventFilter> filter = EventFilter::Compile(
      {eddy::Filter{R"({"eventName":["INSERT"]})"},
       eddy::Filter{
           R"({"eventName":["MODIFY"],"dynamodb":{"NewImage":{"s":{"S":["done"]}}}})"}});
  ASSERT_TRUE(filter.ok()) << filter.status();
  EXPECT_FALSE(filter->empty());
  EXPECT_TRUE(filter->Matches(Json::parse(R"({"eventName":"INSERT"})")));
  EXPECT_TRUE(filter->Matches(Json::parse(
      R"({"eventName":"MODIFY","dynamodb":{"NewImage":{"s":{"S":"done"}}}})")));
  EXPECT_FALSE(filter->Matches(Json::parse(
      R"({"eventName":"MODIFY","dynamodb":{"NewImage":{"s":{"S":"open"}}}})")));
  EXPECT_FALSE(filter->Matches(Json::parse(R"({"eventName":"REMOVE"})")));
}

TEST(EventFilterTest, TenFiltersAreAllowedAndEachIsTried) {
  std::vector<eddy::Filter> filters;
  for (int i = 0; i < 10; ++i) {
    filters.push_back({"{\"n\":[" + std::to_string(i) + "]}"});
  }
  absl::StatusOr<EventFilter> filter = EventFilter::Compile(filters);
  ASSERT_TRUE(filter.ok()) << filter.status();
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(filter->Matches(Json{{"n", i}})) << i;
  }
  EXPECT_FALSE(filter->Matches(Json{{"n", 10}}));
}

TEST(EventFilterTest, CopiesShareTheCompiledPatterns) {
  absl::StatusOr<EventFilter> filter =
      EventFilter::Compile({eddy::Filter{R"({"a":["x"]})"}});
  ASSERT_TRUE(filter.ok()) << filter.status();
  const EventFilter copy = *filter;
  filter = EventFilter();  // the copy outlives the original
  EXPECT_TRUE(copy.Matches(Json{{"a", "x"}}));
  EXPECT_FALSE(copy.Matches(Json{{"a", "y"}}));
}

TEST(EventFilterTest, DeepRecordArraysAreBounded) {
  absl::StatusOr<EventFilter> filter =
      EventFilter::Compile({eddy::Filter{R"({"a":["x"]})"}});
  ASSERT_TRUE(filter.ok()) << filter.status();
  auto nest = [](Json value, int levels) {
    for (int i = 0; i < levels; ++i) {
      Json wrapper = Json::array();
      wrapper.push_back(std::move(value));
      value = std::move(wrapper);
    }
    return value;
  };
  Json record = Json::object();
  record["a"] = nest("x", EventFilter::kMaxArrayNesting);
  EXPECT_TRUE(filter->Matches(record));
  record["a"] = nest("x", EventFilter::kMaxArrayNesting + 1);
  EXPECT_FALSE(filter->Matches(record));  // deeper elements are ignored
  record["a"] = nest("x", 1000);
  EXPECT_FALSE(filter->Matches(record));  // and the walk stays shallow
}

}  // namespace
}  // namespace eddy::cdc

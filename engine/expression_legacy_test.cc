// Copyright (c) Eddy authors.
//
// The legacy parameters (AttributesToGet, Expected, AttributeUpdates,
// KeyConditions, QueryFilter, ScanFilter) compiled by CompileRequest.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "eddy/expression_strings.h"
#include "eddy/status.h"
#include "engine/expression_test_util.h"
#include "gtest/gtest.h"

namespace eddy {
namespace {

using engine::testing::Render;
using Op = ComparisonOperator;

AttributeValue N(const char* n) { return AttributeValue::N(n); }
AttributeValue S(const char* s) { return AttributeValue::S(s); }

absl::StatusOr<CompiledExpressions> Compile(const LegacyParameters& legacy) {
  return CompileRequest(ExpressionStrings{}, legacy);
}

void ExpectInvalid(const absl::Status& s, const std::string& message) {
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_EQ(ErrorName(s), "ValidationException");
  EXPECT_EQ(s.message(), message);
}

TEST(ComparisonOperatorTest, ParsesDynamoDbNames) {
  const std::pair<const char*, Op> names[] = {
      {"EQ", Op::kEq},
      {"NE", Op::kNe},
      {"LE", Op::kLe},
      {"LT", Op::kLt},
      {"GE", Op::kGe},
      {"GT", Op::kGt},
      {"NOT_NULL", Op::kNotNull},
      {"NULL", Op::kNull},
      {"CONTAINS", Op::kContains},
      {"NOT_CONTAINS", Op::kNotContains},
      {"BEGINS_WITH", Op::kBeginsWith},
      {"IN", Op::kIn},
      {"BETWEEN", Op::kBetween}};
  for (const auto& [name, op] : names) {
    auto got = ParseComparisonOperator(name);
    ASSERT_TRUE(got.ok()) << name;
    EXPECT_EQ(*got, op);
  }
  EXPECT_EQ(ParseComparisonOperator("eq").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LegacyFilterTest, MapsEveryOperator) {
  struct Case {
    LegacyCondition condition;
    std::string expected;
  } cases[] = {
      {{Op::kEq, {N("1")}}, "(a = N'1')"},
      {{Op::kNe, {S("x")}}, "(a <> S'x')"},
      {{Op::kLe, {N("1")}}, "(a <= N'1')"},
      {{Op::kLt, {N("1")}}, "(a < N'1')"},
      {{Op::kGe, {N("1")}}, "(a >= N'1')"},
      {{Op::kGt, {N("1")}}, "(a > N'1')"},
      {{Op::kNotNull, {}}, "attribute_exists(a)"},
      {{Op::kNull, {}}, "attribute_not_exists(a)"},
      {{Op::kContains, {S("x")}}, "contains(a, S'x')"},
      {{Op::kNotContains, {S("x")}}, "(NOT contains(a, S'x'))"},
      {{Op::kBeginsWith, {S("x")}}, "begins_with(a, S'x')"},
      {{Op::kIn, {N("1"), N("2"), N("3")}}, "(a IN (N'1', N'2', N'3'))"},
      {{Op::kBetween, {N("1"), N("2")}}, "(a BETWEEN N'1' AND N'2')"},
  };
  for (const Case& c : cases) {
    LegacyParameters legacy;
    legacy.scan_filter["a"] = c.condition;
    auto got = Compile(legacy);
    ASSERT_TRUE(got.ok()) << c.expected << ": " << got.status();
    ASSERT_TRUE(got->filter.has_value());
    EXPECT_EQ(Render(*got->filter), c.expected);
  }
}

TEST(LegacyFilterTest, JoinsWithConditionalOperator) {
  LegacyParameters legacy;
  legacy.query_filter["a"] = {Op::kEq, {N("1")}};
  legacy.query_filter["b"] = {Op::kNull, {}};
  auto got = Compile(legacy);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(Render(*got->filter), "((a = N'1') AND attribute_not_exists(b))");
  legacy.conditional_operator = ConditionalOperator::kOr;
  got = Compile(legacy);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(Render(*got->filter), "((a = N'1') OR attribute_not_exists(b))");
}

TEST(LegacyFilterTest, ValidatesValues) {
  struct Case {
    LegacyCondition condition;
    std::string message;
  } cases[] = {
      {{Op::kEq, {}},
       "One or more parameter values were invalid: Invalid number of "
       "argument(s) for the EQ ComparisonOperator"},
      {{Op::kNull, {N("1")}},
       "One or more parameter values were invalid: Invalid number of "
       "argument(s) for the NULL ComparisonOperator"},
      {{Op::kBetween, {N("1")}},
       "One or more parameter values were invalid: Invalid number of "
       "argument(s) for the BETWEEN ComparisonOperator"},
      {{Op::kLt, {AttributeValue::SS({"a"})}},
       "One or more parameter values were invalid: ComparisonOperator LT is "
       "not valid for SS AttributeValue type"},
      {{Op::kBeginsWith, {N("1")}},
       "One or more parameter values were invalid: ComparisonOperator "
       "BEGINS_WITH is not valid for N AttributeValue type"},
      {{Op::kIn, {N("1"), S("x")}},
       "One or more parameter values were invalid: AttributeValues inside "
       "AttributeValueList must be of same type"},
      {{Op::kBetween, {N("9"), N("10e-1")}},
       "The BETWEEN condition was provided a range where the lower bound is "
       "greater than the upper bound"},
  };
  for (const Case& c : cases) {
    LegacyParameters legacy;
    legacy.scan_filter["a"] = c.condition;
    ExpectInvalid(Compile(legacy).status(), c.message);
  }
}

TEST(LegacyExpectedTest, MapsValueExistsAndOperators) {
  LegacyParameters legacy;
  legacy.expected["a"].value = S("x");
  legacy.expected["b"].exists = false;
  legacy.expected["c"].exists = true;
  legacy.expected["c"].value = N("1");
  legacy.expected["d"].comparison_operator = Op::kGt;
  legacy.expected["d"].attribute_value_list = {N("5")};
  legacy.expected["e"].comparison_operator = Op::kNotNull;
  auto got = Compile(legacy);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(Render(*got->condition),
            "((a = S'x') AND attribute_not_exists(b) AND (c = N'1') AND "
            "(d > N'5') AND attribute_exists(e))");
}

TEST(LegacyExpectedTest, ReportsInvalidCombinations) {
  auto check = [](ExpectedAttributeValue e, const std::string& message) {
    LegacyParameters legacy;
    legacy.expected["a"] = std::move(e);
    ExpectInvalid(Compile(legacy).status(),
                  "One or more parameter values were invalid: " + message);
  };
  ExpectedAttributeValue e;
  check(e, "Value must be provided when Exists is null for Attribute: a");
  e.exists = true;
  check(e, "Value must be provided when Exists is true for Attribute: a");
  e.exists = false;
  e.value = N("1");
  check(e, "Value cannot be used when Exists is false for Attribute: a");
  e = {};
  e.comparison_operator = Op::kEq;
  check(e,
        "Value or AttributeValueList must be used with "
        "ComparisonOperator: EQ for Attribute: a");
  e.exists = true;
  check(e,
        "Exists and ComparisonOperator cannot be used together for "
        "Attribute: a");
  e = {};
  e.attribute_value_list = {N("1")};
  check(e,
        "AttributeValueList can only be used with a ComparisonOperator "
        "for Attribute: a");
  e.value = N("1");
  check(e,
        "Value and AttributeValueList cannot be used together for "
        "Attribute: a");
}

TEST(LegacyAttributeUpdatesTest, MapsActions) {
  using Action = AttributeValueUpdate::Action;
  LegacyParameters legacy;
  legacy.attribute_updates["a"] = {Action::kPut, S("x")};
  legacy.attribute_updates["b"] = {Action::kDelete, std::nullopt};
  legacy.attribute_updates["c"] = {Action::kDelete, AttributeValue::SS({"x"})};
  legacy.attribute_updates["d"] = {Action::kAdd, N("1")};
  legacy.attribute_updates["e"] = {Action::kAdd, AttributeValue::NS({"1"})};
  legacy.attribute_updates["f"] = {Action::kAdd, AttributeValue::L({S("x")})};
  auto got = Compile(legacy);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(Render(got->update),
            "SET a = S'x'; REMOVE b; DELETE c SS[x]; ADD d N'1'; ADD e NS[1]; "
            "SET f = list_append(if_not_exists(f, L[]), L[S'x'])");
}

TEST(LegacyAttributeUpdatesTest, RejectsUnsupportedActions) {
  using Action = AttributeValueUpdate::Action;
  auto check = [](AttributeValueUpdate u, const std::string& message) {
    LegacyParameters legacy;
    legacy.attribute_updates["a"] = std::move(u);
    ExpectInvalid(Compile(legacy).status(),
                  "One or more parameter values were invalid: " + message);
  };
  check({Action::kPut, std::nullopt},
        "Only DELETE action is allowed when no attribute value is specified");
  check({Action::kAdd, std::nullopt},
        "Only DELETE action is allowed when no attribute value is specified");
  check({Action::kAdd, S("x")}, "ADD action is not supported for the type S");
  check({Action::kDelete, N("1")},
        "DELETE action is not supported for the type N");
}

TEST(LegacyKeyConditionsTest, MapsToKeyConditions) {
  LegacyParameters legacy;
  legacy.key_conditions["pk"] = {Op::kEq, {S("p")}};
  legacy.key_conditions["sk"] = {Op::kBetween, {N("1"), N("2")}};
  auto got = Compile(legacy);
  ASSERT_TRUE(got.ok()) << got.status();
  KeySchema schema;
  schema.partition_key = {"pk", KeyType::kS};
  schema.sort_key = KeyAttribute{"sk", KeyType::kN};
  auto key = BindKeyConditions(got->key_conditions, schema);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->partition_key, S("p"));
  EXPECT_EQ(key->sort_key_condition->op, SortKeyCondition::Op::kBetween);
  EXPECT_EQ(key->sort_key_condition->high, N("2"));

  legacy.key_conditions["sk"] = {Op::kNe, {N("1")}};
  ExpectInvalid(Compile(legacy).status(),
                "Attempted conditional constraint is not an indexable "
                "operation");
}

TEST(LegacyAttributesToGetTest, MapsToProjection) {
  LegacyParameters legacy;
  legacy.attributes_to_get = std::vector<std::string>{"a", "status", "x.y"};
  auto got = Compile(legacy);
  ASSERT_TRUE(got.ok());
  // Legacy names are literal: no reserved words, no path syntax.
  EXPECT_EQ(Render(got->projection), "a; status; x.y");
  legacy.attributes_to_get = std::vector<std::string>{"a", "a"};
  ExpectInvalid(Compile(legacy).status(),
                "One or more parameter values were invalid: Duplicate value "
                "in attribute name: a");
}

TEST(CompileRequestTest, RejectsMixedParameters) {
  ExpressionStrings expressions;
  expressions.projection_expression = "a";
  expressions.condition_expression = "attribute_exists(b)";
  LegacyParameters legacy;
  legacy.attributes_to_get = std::vector<std::string>{"a"};
  legacy.expected["b"].exists = false;
  ExpectInvalid(CompileRequest(expressions, legacy).status(),
                "Can not use both expression and non-expression parameters "
                "in the same request: Non-expression parameters: "
                "{AttributesToGet, Expected} Expression parameters: "
                "{ConditionExpression, ProjectionExpression}");
}

TEST(CompileRequestTest, KeyConditionsMayGoWithOtherExpressions) {
  ExpressionStrings expressions;
  expressions.filter_expression = "a = :v";
  expressions.expression_attribute_values = {{":v", N("1")}};
  LegacyParameters legacy;
  legacy.key_conditions["pk"] = {Op::kEq, {S("p")}};
  auto got = CompileRequest(expressions, legacy);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->key_conditions.size(), 1u);
  EXPECT_TRUE(got->filter.has_value());

  expressions.key_condition_expression = "pk = :v";
  ExpectInvalid(CompileRequest(expressions, legacy).status(),
                "Can not use both expression and non-expression parameters "
                "in the same request: Non-expression parameters: "
                "{KeyConditions} Expression parameters: "
                "{KeyConditionExpression, FilterExpression}");
}

TEST(CompileRequestTest, PlaceholdersNeedExpressionsEvenWithLegacy) {
  ExpressionStrings expressions;
  expressions.expression_attribute_names = {{"#a", "a"}};
  LegacyParameters legacy;
  legacy.attributes_to_get = std::vector<std::string>{"a"};
  ExpectInvalid(CompileRequest(expressions, legacy).status(),
                "ExpressionAttributeNames can only be specified when using "
                "expressions");
}

TEST(CompileRequestTest, ConditionalOperatorNeedsConditions) {
  LegacyParameters legacy;
  legacy.conditional_operator = ConditionalOperator::kOr;
  ExpectInvalid(Compile(legacy).status(),
                "ConditionalOperator can only be used with Expected, "
                "QueryFilter or ScanFilter");
}

}  // namespace
}  // namespace eddy

// Copyright (c) Eddy authors.
//
// CompileExpressions and friends (eddy/expression_strings.h): request-level
// validation across all expressions, key-schema binding, key updates.

#include "eddy/expression_strings.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "eddy/status.h"
#include "engine/expression_test_util.h"
#include "gtest/gtest.h"

namespace eddy {
namespace {

using engine::testing::Render;

void ExpectInvalid(const absl::Status& s, const std::string& message) {
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_EQ(ErrorName(s), "ValidationException");
  EXPECT_EQ(s.message(), message);
}

TEST(CompileExpressionsTest, CompilesEveryKindTogether) {
  ExpressionStrings in;
  in.update_expression = "SET #c = :s";
  in.condition_expression = "attribute_exists(#k)";
  in.key_condition_expression = "#k = :p AND sk > :n";
  in.filter_expression = "size(#c) > :n";
  in.projection_expression = "#c, extra";
  in.expression_attribute_names = {{"#c", "count"}, {"#k", "pk"}};
  in.expression_attribute_values = {{":s", AttributeValue::S("x")},
                                    {":p", AttributeValue::S("p")},
                                    {":n", AttributeValue::N("1")}};
  auto got = CompileExpressions(in);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(Render(got->update), "SET count = S'x'");
  EXPECT_EQ(Render(*got->condition), "attribute_exists(pk)");
  EXPECT_EQ(Render(*got->filter), "(size(count) > N'1')");
  EXPECT_EQ(Render(got->projection), "count; extra");
  ASSERT_EQ(got->key_conditions.size(), 2u);
  EXPECT_EQ(got->key_conditions[1].attribute, "sk");
}

TEST(CompileExpressionsTest, AbsentExpressionsCompileToNothing) {
  auto got = CompileExpressions(ExpressionStrings{});
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->update.empty());
  EXPECT_FALSE(got->condition.has_value());
  EXPECT_FALSE(got->filter.has_value());
  EXPECT_TRUE(got->projection.empty());
  EXPECT_TRUE(got->key_conditions.empty());
}

TEST(CompileExpressionsTest, UnusedPlaceholdersAreCheckedAcrossExpressions) {
  ExpressionStrings in;
  in.update_expression = "SET a = :a";
  in.condition_expression = "#b = :b";
  in.expression_attribute_names = {{"#b", "b"}, {"#x", "x"}, {"#y", "y"}};
  in.expression_attribute_values = {{":a", AttributeValue::N("1")},
                                    {":b", AttributeValue::N("2")},
                                    {":unused", AttributeValue::N("3")}};
  ExpectInvalid(CompileExpressions(in).status(),
                "Value provided in ExpressionAttributeNames unused in "
                "expressions: keys: {#x, #y}");
  in.expression_attribute_names = {{"#b", "b"}};
  ExpectInvalid(CompileExpressions(in).status(),
                "Value provided in ExpressionAttributeValues unused in "
                "expressions: keys: {:unused}");
  in.projection_expression = "c";
  in.expression_attribute_values.erase(":unused");
  EXPECT_TRUE(CompileExpressions(in).ok());
}

TEST(CompileExpressionsTest, ChecksPlaceholderKeys) {
  ExpressionStrings in;
  in.condition_expression = "a = :v";
  in.expression_attribute_values = {{":v", AttributeValue::N("1")}};
  in.expression_attribute_names = {{"name", "name"}};
  ExpectInvalid(CompileExpressions(in).status(),
                "ExpressionAttributeNames contains invalid key: Syntax error; "
                "key: \"name\"");
  in.expression_attribute_names = {{"#n", ""}};
  ExpectInvalid(CompileExpressions(in).status(),
                "ExpressionAttributeNames contains invalid value: Empty "
                "attribute name for key #n");
  in.expression_attribute_names.clear();
  in.expression_attribute_values = {{"v", AttributeValue::N("1")}};
  ExpectInvalid(CompileExpressions(in).status(),
                "ExpressionAttributeValues contains invalid key: Syntax "
                "error; key: \"v\"");
  in.expression_attribute_values = {{":v-1", AttributeValue::N("1")}};
  ExpectInvalid(CompileExpressions(in).status(),
                "ExpressionAttributeValues contains invalid key: Syntax "
                "error; key: \":v-1\"");
}

TEST(CompileExpressionsTest, PlaceholdersNeedExpressions) {
  ExpressionStrings in;
  in.expression_attribute_names = {{"#n", "n"}};
  ExpectInvalid(CompileExpressions(in).status(),
                "ExpressionAttributeNames can only be specified when using "
                "expressions");
  in.expression_attribute_names.clear();
  in.projection_expression = "a";
  in.expression_attribute_values = {{":v", AttributeValue::N("1")}};
  ExpectInvalid(CompileExpressions(in).status(),
                "ExpressionAttributeValues can only be specified when using "
                "expressions");
}

TEST(CompileExpressionsTest, ReportsTheFirstFailingExpression) {
  ExpressionStrings in;
  in.update_expression = "SET a = ";
  in.condition_expression = "b = ";
  ExpectInvalid(CompileExpressions(in).status(),
                "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", "
                "near: \"=\"");
  in.update_expression = "SET a = :zz";
  ExpectInvalid(CompileExpressions(in).status(),
                "Invalid UpdateExpression: An expression attribute value used "
                "in expression is not defined; attribute value: :zz");
  in.update_expression = std::string(5000, 'a');
  ExpectInvalid(CompileExpressions(in).status(),
                "Invalid UpdateExpression: Expression size has exceeded the "
                "maximum allowed size; expression size: 5000");
}

TEST(CompileExpressionsTest, SingleKindHelpers) {
  auto update = CompileUpdateExpression("SET a = :v", {},
                                        {{":v", AttributeValue::N("1")}});
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_EQ(Render(*update), "SET a = N'1'");
  auto cond = CompileConditionExpression("#n <> :v", {{"#n", "x"}},
                                         {{":v", AttributeValue::N("1")}});
  ASSERT_TRUE(cond.ok()) << cond.status();
  EXPECT_EQ(Render(*cond), "(x <> N'1')");
  auto projection = CompileProjectionExpression("a, b");
  ASSERT_TRUE(projection.ok());
  EXPECT_EQ(projection->size(), 2u);
  ExpectInvalid(CompileConditionExpression("").status(),
                "Invalid ConditionExpression: The expression can not be "
                "empty;");
  ExpectInvalid(CompileConditionExpression("a = :v", {},
                                           {{":v", AttributeValue::N("1")},
                                            {":w", AttributeValue::N("1")}})
                    .status(),
                "Value provided in ExpressionAttributeValues unused in "
                "expressions: keys: {:w}");
}

KeySchema Schema(bool with_sort_key) {
  KeySchema schema;
  schema.partition_key = {"pk", KeyType::kS};
  if (with_sort_key) schema.sort_key = KeyAttribute{"sk", KeyType::kN};
  return schema;
}

std::vector<KeyCondition> Keys(const std::string& text) {
  ExpressionStrings in;
  in.key_condition_expression = text;
  in.expression_attribute_values = {{":p", AttributeValue::S("p")},
                                    {":n", AttributeValue::N("1")},
                                    {":m", AttributeValue::N("9")},
                                    {":s", AttributeValue::S("s")}};
  for (auto it = in.expression_attribute_values.begin();
       it != in.expression_attribute_values.end();) {
    if (text.find(it->first) == std::string::npos) {
      it = in.expression_attribute_values.erase(it);
    } else {
      ++it;
    }
  }
  auto got = CompileExpressions(in);
  EXPECT_TRUE(got.ok()) << text << ": " << got.status();
  return got.ok() ? got->key_conditions : std::vector<KeyCondition>{};
}

TEST(BindKeyConditionsTest, BindsPartitionAndSortKey) {
  auto key =
      BindKeyConditions(Keys("sk BETWEEN :n AND :m AND pk = :p"), Schema(true));
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->partition_key, AttributeValue::S("p"));
  ASSERT_TRUE(key->sort_key_condition.has_value());
  EXPECT_EQ(key->sort_key_condition->op, SortKeyCondition::Op::kBetween);
  EXPECT_EQ(key->sort_key_condition->value, AttributeValue::N("1"));
  EXPECT_EQ(key->sort_key_condition->high, AttributeValue::N("9"));

  key = BindKeyConditions(Keys("pk = :p"), Schema(false));
  ASSERT_TRUE(key.ok());
  EXPECT_FALSE(key->sort_key_condition.has_value());
}

TEST(BindKeyConditionsTest, ReportsSchemaMismatches) {
  ExpectInvalid(BindKeyConditions(Keys("sk = :n"), Schema(true)).status(),
                "Query condition missed key schema element: pk");
  ExpectInvalid(BindKeyConditions(Keys("pk > :p"), Schema(true)).status(),
                "Query key condition not supported");
  ExpectInvalid(
      BindKeyConditions(Keys("pk = :p AND extra = :n"), Schema(true)).status(),
      "Query condition missed key schema element: sk");
  ExpectInvalid(
      BindKeyConditions(Keys("pk = :p AND extra = :n"), Schema(false)).status(),
      "Query key condition not supported");
  ExpectInvalid(BindKeyConditions(Keys("pk = :n"), Schema(true)).status(),
                "One or more parameter values were invalid: Condition "
                "parameter type does not match schema type");
  ExpectInvalid(
      BindKeyConditions(Keys("pk = :p AND sk = :s"), Schema(true)).status(),
      "One or more parameter values were invalid: Condition parameter type "
      "does not match schema type");
}

TEST(CheckUpdateDoesNotTouchKeysTest, RejectsKeyTargets) {
  std::vector<UpdateAction> ok = {
      UpdateAction::Set(Path::Attr("x"), Operand::AtPath(Path::Attr("pk")))};
  EXPECT_TRUE(CheckUpdateDoesNotTouchKeys(ok, Schema(true)).ok());
  ExpectInvalid(
      CheckUpdateDoesNotTouchKeys(
          {UpdateAction::Set(Path::Attr("pk"),
                             Operand::Value(AttributeValue::S("v")))},
          Schema(true)),
      "Cannot update attribute pk. This attribute is part of the key");
  ExpectInvalid(CheckUpdateDoesNotTouchKeys(
                    {UpdateAction::Remove(Path::Attr("sk"))}, Schema(true)),
                "Cannot update attribute sk. This attribute is part of the "
                "key");
  EXPECT_TRUE(CheckUpdateDoesNotTouchKeys(
                  {UpdateAction::Remove(Path::Attr("sk"))}, Schema(false))
                  .ok());
}

}  // namespace
}  // namespace eddy

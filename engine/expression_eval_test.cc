// Copyright (c) Eddy authors.
//
// Expression strings parsed and then evaluated (engine/evaluator.h) against
// the items of the DynamoDB Developer Guide's expression examples, with the
// results the guide documents; and compiled expressions evaluated many
// times without re-parsing.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "eddy/expression_strings.h"
#include "eddy/json.h"
#include "engine/evaluator.h"
#include "gtest/gtest.h"

namespace eddy {
namespace {

using Names = std::map<std::string, std::string>;

Item J(const std::string& json) {
  absl::StatusOr<Item> item = ItemFromJson(json);
  EXPECT_TRUE(item.ok()) << item.status() << " in " << json;
  return item.ok() ? *item : Item();
}

std::map<std::string, AttributeValue> Values(const std::string& json) {
  Item item = J(json);
  return std::map<std::string, AttributeValue>(item.begin(), item.end());
}

// The ProductCatalog item of "Using expressions in DynamoDB".
Item Bicycle() {
  return J(R"({
    "Id": {"N": "123"},
    "Title": {"S": "Bicycle 123"},
    "Description": {"S": "123 description"},
    "BicycleType": {"S": "Hybrid"},
    "Brand": {"S": "Brand-Company C"},
    "Price": {"N": "500"},
    "Color": {"SS": ["Black", "Red"]},
    "ProductCategory": {"S": "Bicycle"},
    "InStock": {"BOOL": true},
    "QuantityOnHand": {"NULL": true},
    "RelatedItems": {"L": [{"N": "341"}, {"N": "472"}, {"N": "649"}]},
    "Pictures": {"M": {
      "FrontView": {"S": "http://example.com/products/123_front.jpg"},
      "RearView": {"S": "http://example.com/products/123_rear.jpg"},
      "SideView": {"S": "http://example.com/products/123_left_side.jpg"}}},
    "ProductReviews": {"M": {
      "FiveStar": {"L": [
        {"S": "Excellent! Can't recommend it highly enough! Buy it!"},
        {"S": "Do yourself a favor and buy this."}]},
      "OneStar": {"L": [{"S": "Terrible product! Do not buy this."}]}}},
    "Comment": {"S": "This product sells out quickly during the summer"},
    "Safety.Warning": {"S": "Always wear a helmet"}
  })");
}

struct ConditionCase {
  std::string expression;
  Names names;
  std::string values;  // DynamoDB JSON map of placeholders
  bool want;
};

TEST(ExpressionEvalTest, ConditionsGiveDocumentedResults) {
  const ConditionCase cases[] = {
      {"attribute_not_exists(Price)", {}, "{}", false},
      {"attribute_exists(#pr.FiveStar)",
       {{"#pr", "ProductReviews"}},
       "{}",
       true},
      {"attribute_exists(#pr.ThreeStar)",
       {{"#pr", "ProductReviews"}},
       "{}",
       false},
      {"attribute_exists(#sw)", {{"#sw", "Safety.Warning"}}, "{}", true},
      {"attribute_exists(Safety.Warning)", {}, "{}", false},
      {"attribute_type(ProductReviews.FiveStar, :v_sub)",
       {},
       R"({":v_sub": {"S": "L"}})",
       true},
      {"attribute_type(Price, :v_sub)", {}, R"({":v_sub": {"S": "S"}})", false},
      {"begins_with(Pictures.FrontView, :v_sub)",
       {},
       R"({":v_sub": {"S": "http://"}})",
       true},
      {"contains(Color, :v_sub)", {}, R"({":v_sub": {"S": "Red"}})", true},
      {"contains(Color, :v_sub)", {}, R"({":v_sub": {"S": "Blue"}})", false},
      {"contains(Title, :v_sub)", {}, R"({":v_sub": {"S": "cycle"}})", true},
      {"size(Brand) <= :v_sub", {}, R"({":v_sub": {"N": "20"}})", true},
      {"size(Color) < :v_sub", {}, R"({":v_sub": {"N": "3"}})", true},
      {"size(RelatedItems) = :v_sub", {}, R"({":v_sub": {"N": "3"}})", true},
      {"size(ProductReviews) = :v_sub", {}, R"({":v_sub": {"N": "2"}})", true},
      {"Price BETWEEN :lo AND :hi",
       {},
       R"({":lo": {"N": "100"}, ":hi": {"N": "500"}})",
       true},
      {"Price BETWEEN :lo AND :hi",
       {},
       R"({":lo": {"N": "501"}, ":hi": {"N": "600"}})",
       false},
      {"ProductCategory IN (:cat1, :cat2)",
       {},
       R"({":cat1": {"S": "Sporting Goods"}, ":cat2": {"S": "Bicycle"}})",
       true},
      {"Price > :p", {}, R"({":p": {"N": "499.99"}})", true},
      {"Price = :p", {}, R"({":p": {"S": "500"}})", false},
      {"Price <> :p", {}, R"({":p": {"S": "500"}})", true},
      {"RelatedItems[1] = :v", {}, R"({":v": {"N": "472"}})", true},
      {"RelatedItems[5] = :v", {}, R"({":v": {"N": "472"}})", false},
      {"#c <> :v", {{"#c", "Comment"}}, R"({":v": {"S": "x"}})", true},
      {"InStock = :t AND NOT BicycleType = :mtb",
       {},
       R"({":t": {"BOOL": true}, ":mtb": {"S": "Mountain"}})",
       true},
      {"Price < :p OR attribute_exists(Pictures.SideView)",
       {},
       R"({":p": {"N": "1"}})",
       true},
      {"(Price < :p OR Brand = :b) AND size(Description) > :n",
       {},
       R"({":p": {"N": "1"}, ":b": {"S": "Brand-Company C"},
           ":n": {"N": "3"}})",
       true},
      {"attribute_type(QuantityOnHand, :t)",
       {},
       R"({":t": {"S": "NULL"}})",
       true},
  };
  const Item item = Bicycle();
  for (const ConditionCase& c : cases) {
    absl::StatusOr<Condition> condition =
        CompileConditionExpression(c.expression, c.names, Values(c.values));
    ASSERT_TRUE(condition.ok()) << c.expression << ": " << condition.status();
    absl::StatusOr<bool> got = engine::EvaluateCondition(*condition, item);
    ASSERT_TRUE(got.ok()) << c.expression << ": " << got.status();
    EXPECT_EQ(*got, c.want) << c.expression;
  }
}

void Update(Item* item, const std::string& expression, const Names& names,
            const std::string& values) {
  absl::StatusOr<std::vector<UpdateAction>> actions =
      CompileUpdateExpression(expression, names, Values(values));
  ASSERT_TRUE(actions.ok()) << expression << ": " << actions.status();
  absl::Status s = engine::ApplyUpdate(*actions, item, nullptr);
  ASSERT_TRUE(s.ok()) << expression << ": " << s;
}

// The walk-through of "Update expressions" in the Developer Guide.
TEST(ExpressionEvalTest, UpdatesFollowTheDeveloperGuide) {
  Item item = J(R"({"Id": {"N": "789"},
      "ProductCategory": {"S": "Home Improvement"}, "Price": {"N": "52"},
      "InStock": {"BOOL": true}, "Brand": {"S": "Acme"}})");
  Update(&item, "SET ProductCategory = :c, Price = :p", {},
         R"({":c": {"S": "Hardware"}, ":p": {"N": "60"}})");
  Update(&item, "SET RelatedItems = :ri, ProductReviews = :pr", {},
         R"({":ri": {"L": [{"S": "Hammer"}]},
             ":pr": {"M": {"FiveStar": {"L": [{"S": "Best product ever!"}]}}}})");
  Update(&item, "SET RelatedItems[1] = :ri", {}, R"({":ri": {"S": "Nails"}})");
  Update(&item, "SET #pr.#5star[1] = :r5, #pr.#3star = :r3",
         {{"#pr", "ProductReviews"},
          {"#5star", "FiveStar"},
          {"#3star", "ThreeStar"}},
         R"({":r5": {"S": "Very happy with my purchase"},
             ":r3": {"L": [{"S": "Just OK - not that great"}]}})");
  Update(&item, "SET Price = Price - :p", {}, R"({":p": {"N": "15"}})");
  EXPECT_EQ(item.at("Price"), AttributeValue::N("45"));
  Update(&item, "SET Price = Price + :p", {}, R"({":p": {"N": "5"}})");
  Update(&item, "SET #ri = list_append(#ri, :vals)", {{"#ri", "RelatedItems"}},
         R"({":vals": {"L": [{"S": "Screwdriver"}]}})");
  Update(&item, "SET #ri = list_append(:vals, #ri)", {{"#ri", "RelatedItems"}},
         R"({":vals": {"L": [{"S": "Chisel"}]}})");
  Update(&item, "SET Price = if_not_exists(Price, :p)", {},
         R"({":p": {"N": "100"}})");
  EXPECT_EQ(item.at("Price"), AttributeValue::N("50"));
  Update(&item, "REMOVE Brand, InStock, QuantityOnHand", {}, "{}");
  Update(&item, "REMOVE RelatedItems[1], RelatedItems[2]", {}, "{}");
  Update(&item, "ADD QuantityOnHand :q", {}, R"({":q": {"N": "5"}})");
  Update(&item, "ADD Color :c", {}, R"({":c": {"SS": ["Orange", "Purple"]}})");
  Update(&item, "DELETE Color :p", {},
         R"({":p": {"SS": ["Yellow", "Purple"]}})");
  EXPECT_EQ(item, J(R"({"Id": {"N": "789"},
      "ProductCategory": {"S": "Hardware"}, "Price": {"N": "50"},
      "RelatedItems": {"L": [{"S": "Chisel"}, {"S": "Screwdriver"}]},
      "ProductReviews": {"M": {
        "FiveStar": {"L": [{"S": "Best product ever!"},
                           {"S": "Very happy with my purchase"}]},
        "ThreeStar": {"L": [{"S": "Just OK - not that great"}]}}},
      "QuantityOnHand": {"N": "5"}, "Color": {"SS": ["Orange"]}})"))
      << ItemToJson(item);
}

TEST(ExpressionEvalTest, SetReadsTheItemBeforeTheUpdate) {
  Item item = J(R"({"a": {"N": "1"}, "b": {"N": "2"}})");
  Update(&item, "SET a = b, b = a", {}, "{}");
  EXPECT_EQ(item, J(R"({"a": {"N": "2"}, "b": {"N": "1"}})"));
}

TEST(ExpressionEvalTest, RuntimeTypeErrorsLeaveTheItemUnchanged) {
  Item item = Bicycle();
  auto actions =
      CompileUpdateExpression("SET Price = Price + :p, Brand = Brand - :p", {},
                              Values(R"({":p": {"N": "1"}})"));
  ASSERT_TRUE(actions.ok()) << actions.status();
  absl::Status s = engine::ApplyUpdate(*actions, &item, nullptr);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(item, Bicycle());
}

TEST(ExpressionEvalTest, ProjectionPicksDocumentedPaths) {
  auto paths = CompileProjectionExpression(
      "Description, RelatedItems[0], ProductReviews.FiveStar");
  ASSERT_TRUE(paths.ok()) << paths.status();
  Item projected = engine::Project(Bicycle(), *paths);
  EXPECT_EQ(projected, J(R"({
      "Description": {"S": "123 description"},
      "RelatedItems": {"L": [{"N": "341"}]},
      "ProductReviews": {"M": {"FiveStar": {"L": [
        {"S": "Excellent! Can't recommend it highly enough! Buy it!"},
        {"S": "Do yourself a favor and buy this."}]}}}})"))
      << ItemToJson(projected);
}

// A compiled expression holds everything it needs: it outlives the strings
// and placeholders it came from and evaluates any number of times.
TEST(ExpressionEvalTest, CompileOnceEvaluateMany) {
  std::optional<CompiledExpressions> compiled;
  {
    ExpressionStrings in;
    in.filter_expression = "#p BETWEEN :lo AND :hi AND contains(Tags, :t)";
    in.update_expression = "SET #c = if_not_exists(#c, :zero) + :one";
    in.expression_attribute_names = {{"#p", "Price"}, {"#c", "Counter"}};
    in.expression_attribute_values = Values(R"({":lo": {"N": "10"},
        ":hi": {"N": "109"}, ":t": {"S": "even"}, ":zero": {"N": "0"},
        ":one": {"N": "1"}})");
    absl::StatusOr<CompiledExpressions> got = CompileExpressions(in);
    ASSERT_TRUE(got.ok()) << got.status();
    compiled = std::move(*got);
  }  // the strings and placeholders are gone
  int matches = 0;
  for (int i = 0; i < 200; ++i) {
    Item item;
    item["Price"] = AttributeValue::N(i);
    item["Tags"] = AttributeValue::SS({i % 2 == 0 ? "even" : "odd"});
    absl::StatusOr<bool> got =
        engine::EvaluateCondition(*compiled->filter, item);
    ASSERT_TRUE(got.ok()) << got.status();
    matches += *got ? 1 : 0;
  }
  EXPECT_EQ(matches, 50);  // the even prices in [10, 109]
  Item counter;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(engine::ApplyUpdate(compiled->update, &counter, nullptr).ok());
  }
  EXPECT_EQ(counter.at("Counter"), AttributeValue::N("100"));
}

}  // namespace
}  // namespace eddy

// Copyright (c) Eddy authors.
//
// ProjectionExpression and KeyConditionExpression parsing, and the
// request-level checks of CompileExpressions: placeholder keys, unused
// placeholders across all expressions, key conditions bound to a schema,
// key attributes in updates.

#include "engine/expression_parser.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "eddy/expression_strings.h"
#include "eddy/status.h"
#include "engine/expression_test_util.h"
#include "gtest/gtest.h"

namespace eddy::engine {
namespace {

using testing::Render;

Placeholders TestPlaceholders() {
  Placeholders p;
  p.names = &testing::TestNames();
  p.values = &testing::TestValues();
  return p;
}

TEST(ProjectionParserTest, ParsesPathLists) {
  struct Case {
    std::string text;
    std::vector<Path> expected;
  } cases[] = {
      {"a", {Path::Attr("a")}},
      {"a, b.c, d[0], #n, #dot.x[1][2]",
       {Path::Attr("a"), Path::Attr("b").Key("c"), Path::Attr("d").Index(0),
        Path::Attr("name"), Path::Attr("x.y").Key("x").Index(1).Index(2)}},
      {"a.b, a.c, l[0], l[1]",
       {Path::Attr("a").Key("b"), Path::Attr("a").Key("c"),
        Path::Attr("l").Index(0), Path::Attr("l").Index(1)}},
      {"#c", {Path::Attr("COMMENT")}},
  };
  for (const Case& c : cases) {
    Placeholders p = TestPlaceholders();
    auto got = ParseProjectionExpression(c.text, &p);
    ASSERT_TRUE(got.ok()) << c.text << ": " << got.status();
    EXPECT_EQ(Render(*got), Render(c.expected)) << c.text;
  }
}

TEST(ProjectionParserTest, ReportsDynamoDbErrors) {
  struct Case {
    std::string text;
    std::string message;
  } cases[] = {
      {"!!!", "Syntax error; token: \"!\", near: \"!!\""},
      {"a b", "Syntax error; token: \"b\", near: \"a b\""},
      {"a,", "Syntax error; token: \"<EOF>\", near: \",\""},
      {"a, :s", "Syntax error; token: \":s\", near: \", :s\""},
      {"size(a)", "Syntax error; token: \"(\", near: \"size(a\""},
      {"#n[].#c", "Syntax error; token: \"]\", near: \"[].\""},
      {"\t", "The expression can not be empty;"},
      {"COMMENT",
       "Attribute name is a reserved keyword; reserved keyword: "
       "COMMENT"},
      {"list[0].COMMENT",
       "Attribute name is a reserved keyword; reserved "
       "keyword: list"},
      {"#m",
       "An expression attribute name used in the document path is not "
       "defined; attribute name: #m"},
      {"a, a.b",
       "Two document paths overlap with each other; must remove or "
       "rewrite one of these paths; path one: [a], path two: [a, b]"},
      {"a.b, a[0]",
       "Two document paths conflict with each other; must "
       "remove or rewrite one of these paths; path one: [a, b], "
       "path two: [a, [0]]"},
  };
  for (const Case& c : cases) {
    Placeholders p = TestPlaceholders();
    auto got = ParseProjectionExpression(c.text, &p);
    ASSERT_FALSE(got.ok()) << c.text;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(got.status().message(),
              "Invalid ProjectionExpression: " + c.message);
  }
}

std::string RenderKeys(const std::vector<KeyCondition>& keys) {
  static const char* kOps[] = {"=",  "<",       "<=",         ">",
                               ">=", "BETWEEN", "begins_with"};
  std::string out;
  for (const KeyCondition& k : keys) {
    out += k.attribute + " " + kOps[static_cast<int>(k.condition.op)] + " " +
           Render(k.condition.value);
    if (k.condition.op == SortKeyCondition::Op::kBetween) {
      out += " " + Render(k.condition.high);
    }
    out += "; ";
  }
  return out;
}

TEST(KeyConditionParserTest, ParsesKeyConditions) {
  struct Case {
    std::string text;
    std::string expected;
  } cases[] = {
      {"pk = :s", "pk = S'abc'; "},
      {"#k = :s", "pk = S'abc'; "},
      {"pk = :s AND sk = :n", "pk = S'abc'; sk = N'5'; "},
      {"sk < :n AND pk = :s", "sk < N'5'; pk = S'abc'; "},
      {"pk = :s AND sk <= :n", "pk = S'abc'; sk <= N'5'; "},
      {"pk = :s AND sk > :n", "pk = S'abc'; sk > N'5'; "},
      {"pk = :s AND sk >= :n", "pk = S'abc'; sk >= N'5'; "},
      {"pk = :s AND :n < sk", "pk = S'abc'; sk > N'5'; "},
      {":n >= sk AND pk = :s", "sk <= N'5'; pk = S'abc'; "},
      {"pk = :s AND sk BETWEEN :n AND :m",
       "pk = S'abc'; sk BETWEEN N'5' N'10'; "},
      {"pk = :s AND begins_with(sk, :t)",
       "pk = S'abc'; sk begins_with S'xyz'; "},
      {"(pk = :s) AND (sk = :n)", "pk = S'abc'; sk = N'5'; "},
  };
  for (const Case& c : cases) {
    Placeholders p = TestPlaceholders();
    auto got = ParseKeyConditionExpression(c.text, &p);
    ASSERT_TRUE(got.ok()) << c.text << ": " << got.status();
    EXPECT_EQ(RenderKeys(*got), c.expected) << c.text;
  }
}

TEST(KeyConditionParserTest, ReportsDynamoDbErrors) {
  struct Case {
    std::string text;
    std::string message;
  } cases[] = {
      {"pk = :s OR sk = :n",
       "Invalid operator used in KeyConditionExpression: OR"},
      {"NOT pk = :s", "Invalid operator used in KeyConditionExpression: NOT"},
      {"pk IN (:s, :t)", "Invalid operator used in KeyConditionExpression: IN"},
      {"pk <> :s", "Invalid operator used in KeyConditionExpression: <>"},
      {"attribute_exists(pk)",
       "Invalid operator used in KeyConditionExpression: attribute_exists"},
      {"pk = :s AND contains(sk, :t)",
       "Invalid operator used in KeyConditionExpression: contains"},
      {"size(pk) = :n",
       "KeyConditionExpressions cannot contain nested operations"},
      {"pk = sk",
       "Invalid condition in KeyConditionExpression: Multiple "
       "attribute names used in one condition"},
      {":s = :t",
       "Invalid condition in KeyConditionExpression: No key "
       "attribute specified"},
      {"pk.x = :s",
       "KeyConditionExpressions cannot have conditions on "
       "nested attributes"},
      {"pk = :s AND pk = :t",
       "KeyConditionExpressions must only contain one condition per key"},
      {"pk = :s AND sk = :n AND extra = :m",
       "Conditions can be of length 1 or 2 only"},
      {":n BETWEEN sk AND :m",
       "Invalid condition in KeyConditionExpression: BETWEEN operator must "
       "have the key attribute as its first operand"},
      {"begins_with(:s, sk)",
       "Invalid condition in KeyConditionExpression: begins_with operator "
       "must have the key attribute as its first operand"},
      {"pk =",
       "Invalid KeyConditionExpression: Syntax error; token: "
       "\"<EOF>\", near: \"=\""},
      {"status = :s",
       "Invalid KeyConditionExpression: Attribute name is a "
       "reserved keyword; reserved keyword: status"},
      {"pk = :s AND sk BETWEEN :m AND :n",
       "Invalid KeyConditionExpression: The BETWEEN operator requires upper "
       "bound to be greater than or equal to lower bound; lower bound "
       "operand: AttributeValue: {N:10}, upper bound operand: "
       "AttributeValue: {N:5}"},
  };
  for (const Case& c : cases) {
    Placeholders p = TestPlaceholders();
    auto got = ParseKeyConditionExpression(c.text, &p);
    ASSERT_FALSE(got.ok()) << c.text;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ErrorName(got.status()), "ValidationException");
    EXPECT_EQ(got.status().message(), c.message) << c.text;
  }
}

}  // namespace
}  // namespace eddy::engine

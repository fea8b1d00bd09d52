// Copyright (c) Eddy authors.
//
// Table-driven tests of UpdateExpression parsing: every clause, operand and
// function, and each validation error with DynamoDB's message.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "eddy/status.h"
#include "engine/expression_parser.h"
#include "engine/expression_test_util.h"
#include "gtest/gtest.h"

namespace eddy::engine {
namespace {

using testing::P;
using testing::Render;
using testing::V;

absl::StatusOr<std::vector<UpdateAction>> Parse(const std::string& text) {
  Placeholders p;
  p.names = &testing::TestNames();
  p.values = &testing::TestValues();
  return ParseUpdateExpression(text, &p);
}

struct ParseCase {
  std::string text;
  std::vector<UpdateAction> expected;
};

std::vector<ParseCase> ParseCases() {
  auto n5 = AttributeValue::N("5");
  auto s = AttributeValue::S("abc");
  auto l = AttributeValue::L({AttributeValue::N("1")});
  auto ss = AttributeValue::SS({"a", "b"});
  auto ns = AttributeValue::NS({"1", "2"});
  auto a = Path::Attr("a");
  using U = UpdateAction;
  return {
      {"SET a = :s", {U::Set(a, V(s))}},
      {"set a = :s", {U::Set(a, V(s))}},
      {"SET a = b", {U::Set(a, P("b"))}},
      {"SET a = :s, b = :n", {U::Set(a, V(s)), U::Set(Path::Attr("b"), V(n5))}},
      {"SET #s = :s", {U::Set(Path::Attr("status"), V(s))}},
      {"SET a.b[1].c = :s",
       {U::Set(Path::Attr("a").Key("b").Index(1).Key("c"), V(s))}},
      {"SET a = b + :n", {U::Set(a, Operand::Plus(P("b"), V(n5)))}},
      {"SET a = :n - b", {U::Set(a, Operand::Minus(V(n5), P("b")))}},
      {"SET a = a + :n", {U::Set(a, Operand::Plus(P("a"), V(n5)))}},
      {"SET a = (b + :n)", {U::Set(a, Operand::Plus(P("b"), V(n5)))}},
      {"SET a = (b) - (:n)", {U::Set(a, Operand::Minus(P("b"), V(n5)))}},
      {"SET a = if_not_exists(a, :n)",
       {U::Set(a, Operand::IfNotExists(a, V(n5)))}},
      {"SET a = if_not_exists(b.c, d)",
       {U::Set(a, Operand::IfNotExists(Path::Attr("b").Key("c"), P("d")))}},
      {"SET a = if_not_exists(a, :n) + :n",
       {U::Set(a, Operand::Plus(Operand::IfNotExists(a, V(n5)), V(n5)))}},
      {"SET a = list_append(a, :l)",
       {U::Set(a, Operand::ListAppend(P("a"), V(l)))}},
      {"SET a = list_append(:l, a)",
       {U::Set(a, Operand::ListAppend(V(l), P("a")))}},
      {"SET a = list_append(if_not_exists(a, :l), :l)",
       {U::Set(a, Operand::ListAppend(Operand::IfNotExists(a, V(l)), V(l)))}},
      {"REMOVE a", {U::Remove(a)}},
      {"REMOVE a, b[1], c.d",
       {U::Remove(a), U::Remove(Path::Attr("b").Index(1)),
        U::Remove(Path::Attr("c").Key("d"))}},
      {"REMOVE b[1], b[2]",
       {U::Remove(Path::Attr("b").Index(1)),
        U::Remove(Path::Attr("b").Index(2))}},
      {"ADD a :n", {U::Add(a, n5)}},
      {"ADD a :ss, b :ns", {U::Add(a, ss), U::Add(Path::Attr("b"), ns)}},
      {"ADD a.b :n", {U::Add(Path::Attr("a").Key("b"), n5)}},
      {"DELETE a :ss", {U::Delete(a, ss)}},
      {"DELETE a.b :ns", {U::Delete(Path::Attr("a").Key("b"), ns)}},
      {"SET a = :s REMOVE b ADD c :n DELETE d :ss",
       {U::Set(a, V(s)), U::Remove(Path::Attr("b")),
        U::Add(Path::Attr("c"), n5), U::Delete(Path::Attr("d"), ss)}},
      {"ADD c :n SET a = :s", {U::Add(Path::Attr("c"), n5), U::Set(a, V(s))}},
      {"remove b set a = :s", {U::Remove(Path::Attr("b")), U::Set(a, V(s))}},
      {"SET #a = :s, #n = :n",
       {U::Set(a, V(s)), U::Set(Path::Attr("name"), V(n5))}},
      {"SET a[0] = :s, a[1] = :s",
       {U::Set(Path::Attr("a").Index(0), V(s)),
        U::Set(Path::Attr("a").Index(1), V(s))}},
  };
}

TEST(UpdateParserTest, ParsesEveryClauseAndFunction) {
  for (const ParseCase& c : ParseCases()) {
    auto got = Parse(c.text);
    ASSERT_TRUE(got.ok()) << c.text << ": " << got.status();
    EXPECT_EQ(Render(*got), Render(c.expected)) << c.text;
  }
}

struct ErrorCase {
  std::string text;
  std::string message;  // after "Invalid UpdateExpression: "
};

std::vector<ErrorCase> ErrorCases() {
  return {
      {"a = :s", "Syntax error; token: \"a\", near: \"a =\""},
      {"SET", "Syntax error; token: \"<EOF>\", near: \"SET\""},
      {"SET a = :s,", "Syntax error; token: \"<EOF>\", near: \",\""},
      {"SET a = :s b = :n", "Syntax error; token: \"b\", near: \":s b =\""},
      {"SET a :s", "Syntax error; token: \":s\", near: \"a :s\""},
      {"ADD a", "Syntax error; token: \"<EOF>\", near: \"a\""},
      {"ADD a 1", "Syntax error; token: \"1\", near: \"a 1\""},
      {"DELETE a b", "Syntax error; token: \"b\", near: \"a b\""},
      {"ADD a b", "Syntax error; token: \"b\", near: \"a b\""},
      {"SET a = :n +", "Syntax error; token: \"<EOF>\", near: \"+\""},
      {"SET a = a * :n", "Syntax error; token: \"*\", near: \"a * :n\""},
      {"SET a = a / :n", "Syntax error; token: \"/\", near: \"a / :n\""},
      {"SET a = a + :n + :n", "Syntax error; token: \"+\", near: \":n + :n\""},
      {"SET a = (a + :n) + :n", "Syntax error; token: \"+\", near: \") + :n\""},
      {"SET a = :s REMOVE", "Syntax error; token: \"<EOF>\", near: \"REMOVE\""},
      {"REMOVE :s", "Syntax error; token: \":s\", near: \"REMOVE :s\""},
      {"SET set = :s", "Syntax error; token: \"set\", near: \"SET set =\""},
      {"SET a[0.b = :s", "Syntax error; token: \".\", near: \"0.b\""},
      {"UPDATE a = :s", "Syntax error; token: \"UPDATE\", near: \"UPDATE a\""},
      {"SET a = if_not_exists()", "Syntax error; token: \")\", near: \"()\""},
      {" \n ", "The expression can not be empty;"},
      {"SET status = :s",
       "Attribute name is a reserved keyword; reserved "
       "keyword: status"},
      {"SET #a[0].COMMENT = :s",
       "Attribute name is a reserved keyword; "
       "reserved keyword: COMMENT"},
      {"REMOVE a, name",
       "Attribute name is a reserved keyword; reserved "
       "keyword: name"},
      {"SET a = :s SET b = :s",
       "The \"SET\" section can only be used once "
       "in an update expression;"},
      {"REMOVE a REMOVE b",
       "The \"REMOVE\" section can only be used once "
       "in an update expression;"},
      {"ADD a :n ADD b :n",
       "The \"ADD\" section can only be used once in "
       "an update expression;"},
      {"DELETE a :ss delete b :ss",
       "The \"DELETE\" section can only be used "
       "once in an update expression;"},
      {"SET #x = :s",
       "An expression attribute name used in the document "
       "path is not defined; attribute name: #x"},
      {"SET a = :zz",
       "An expression attribute value used in expression is "
       "not defined; attribute value: :zz"},
      {"SET a = :s, a = :n",
       "Two document paths overlap with each other; "
       "must remove or rewrite one of these paths; "
       "path one: [a], path two: [a]"},
      {"SET a = :s REMOVE a.b",
       "Two document paths overlap with each other; "
       "must remove or rewrite one of these paths; "
       "path one: [a], path two: [a, b]"},
      {"SET b[0] = :s, b[0].ok = :s",
       "Two document paths overlap with each other; must remove or rewrite "
       "one of these paths; path one: [b, [0]], path two: [b, [0], ok]"},
      {"SET #a = :s, a = :s",
       "Two document paths overlap with each other; "
       "must remove or rewrite one of these paths; "
       "path one: [a], path two: [a]"},
      {"SET a.b = :s ADD a[0] :n",
       "Two document paths conflict with each other; must remove or rewrite "
       "one of these paths; path one: [a, b], path two: [a, [0]]"},
      {"SET a = foo(b)", "Invalid function name; function: foo"},
      {"SET a = contains(b, :s)",
       "The function is not allowed in an update "
       "expression; function: contains"},
      {"SET a = size(b)",
       "The function is not allowed in an update "
       "expression; function: size"},
      {"SET a = list_append(list_append(a, :l), :l)",
       "The function is not allowed to be used this way in an expression; "
       "function: list_append"},
      {"SET a = if_not_exists(if_not_exists(a, :n), :n)",
       "Operator or function requires a document path; operator or "
       "function: if_not_exists"},
      {"SET a = if_not_exists(:n, a)",
       "Operator or function requires a document path; operator or "
       "function: if_not_exists"},
      {"SET a = if_not_exists(a)",
       "Incorrect number of operands for operator or function; operator or "
       "function: if_not_exists, number of operands: 1"},
      {"SET a = list_append(a, :l, :l)",
       "Incorrect number of operands for operator or function; operator or "
       "function: list_append, number of operands: 3"},
      {"SET a = list_append(a, :s)",
       "Incorrect operand type for operator or function; operator or "
       "function: list_append, operand type: S"},
      {"SET a = a + :s",
       "Incorrect operand type for operator or function; "
       "operator or function: +, operand type: S"},
      {"SET a = :l - a",
       "Incorrect operand type for operator or function; "
       "operator or function: -, operand type: L"},
      {"ADD a :l",
       "Incorrect operand type for operator or function; "
       "operator: ADD, operand type: LIST, typeSet: "
       "ALLOWED_FOR_ADD_OPERAND"},
      {"ADD a :s",
       "Incorrect operand type for operator or function; "
       "operator: ADD, operand type: STRING, typeSet: "
       "ALLOWED_FOR_ADD_OPERAND"},
      {"DELETE a :s",
       "Incorrect operand type for operator or function; "
       "operator: DELETE, operand type: STRING, typeSet: "
       "ALLOWED_FOR_DELETE_OPERAND"},
      {"DELETE a :n",
       "Incorrect operand type for operator or function; "
       "operator: DELETE, operand type: NUMBER, typeSet: "
       "ALLOWED_FOR_DELETE_OPERAND"},
      {"SET a = :s, #x = :zz, status = :s",
       "Attribute name is a reserved keyword; reserved keyword: status"},
  };
}

TEST(UpdateParserTest, ReportsDynamoDbErrors) {
  for (const ErrorCase& c : ErrorCases()) {
    auto got = Parse(c.text);
    ASSERT_FALSE(got.ok()) << c.text << " parsed as " << Render(*got);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ErrorName(got.status()), "ValidationException");
    EXPECT_EQ(got.status().message(), "Invalid UpdateExpression: " + c.message)
        << c.text;
  }
}

TEST(UpdateParserTest, NeverCrashesOnTruncatedInputs) {
  const std::string text =
      "SET a.b[2] = if_not_exists(a.b[2], :n) + :n, c = list_append(c, :l) "
      "REMOVE d[1], e ADD f :ns DELETE g :ss";
  for (size_t i = 0; i <= text.size(); ++i) {
    auto got = Parse(text.substr(0, i));
    if (!got.ok()) {
      EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
  EXPECT_TRUE(Parse(text).ok());
}

}  // namespace
}  // namespace eddy::engine

// Copyright (c) Eddy authors.
//
// Table-driven tests of ConditionExpression / FilterExpression parsing:
// every operator and function, precedence, and each validation error with
// DynamoDB's message.

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

absl::StatusOr<Condition> Parse(
    const std::string& text, ExpressionKind kind = ExpressionKind::kCondition) {
  Placeholders p;
  p.names = &testing::TestNames();
  p.values = &testing::TestValues();
  return ParseConditionExpression(text, kind, &p);
}

Path PathOf(std::initializer_list<const char*> names) {
  Path p = Path::Attr(*names.begin());
  for (auto it = names.begin() + 1; it != names.end(); ++it) p.Key(*it);
  return p;
}

struct ParseCase {
  std::string text;
  Condition expected;
};

std::vector<ParseCase> ParseCases() {
  auto n5 = V(AttributeValue::N("5"));
  auto n10 = V(AttributeValue::N("10"));
  auto s = V(AttributeValue::S("abc"));
  auto cmp = [](Operand a, Comparator c, Operand b) {
    return Condition::Compare(std::move(a), c, std::move(b));
  };
  using C = Comparator;
  return {
      {"a = :n", cmp(P("a"), C::kEq, n5)},
      {"a <> :n", cmp(P("a"), C::kNe, n5)},
      {"a < :n", cmp(P("a"), C::kLt, n5)},
      {"a <= :n", cmp(P("a"), C::kLe, n5)},
      {"a > :n", cmp(P("a"), C::kGt, n5)},
      {"a >= :n", cmp(P("a"), C::kGe, n5)},
      {":n = a", cmp(n5, C::kEq, P("a"))},
      {"a = b", cmp(P("a"), C::kEq, P("b"))},
      {"a\n=\t:n  ", cmp(P("a"), C::kEq, n5)},
      {"#n = :s", cmp(P("name"), C::kEq, s)},
      {"#dot = :s", cmp(P("x.y"), C::kEq, s)},
      {"#c = :s", cmp(P("COMMENT"), C::kEq, s)},
      {"a.b[2].c = :s",
       cmp(Operand::AtPath(Path::Attr("a").Key("b").Index(2).Key("c")), C::kEq,
           s)},
      {"a[0][1] = :n",
       cmp(Operand::AtPath(Path::Attr("a").Index(0).Index(1)), C::kEq, n5)},
      {"#n.#a = :n", cmp(Operand::AtPath(PathOf({"name", "a"})), C::kEq, n5)},
      {"a . b [ 3 ] = :n",
       cmp(Operand::AtPath(Path::Attr("a").Key("b").Index(3)), C::kEq, n5)},
      {"_x1 = :n", cmp(P("_x1"), C::kEq, n5)},
      {"a BETWEEN :n AND :m", Condition::Between(P("a"), n5, n10)},
      {"a between :n and :n", Condition::Between(P("a"), n5, n5)},
      {"a IN (:n, :m, :s)", Condition::In(P("a"), {n5, n10, s})},
      {"a IN (b, :n)", Condition::In(P("a"), {P("b"), n5})},
      {"attribute_exists(a)", Condition::Exists(Path::Attr("a"))},
      {"attribute_not_exists(a.b)",
       Condition::NotExists(Path::Attr("a").Key("b"))},
      {"attribute_exists(#c)", Condition::Exists(Path::Attr("COMMENT"))},
      {"attribute_type(a, :typeN)",
       Condition::Type(Path::Attr("a"), AttributeType::kN)},
      {"begins_with(a, :s)", Condition::BeginsWith(P("a"), s)},
      {"begins_with(a, :b)",
       Condition::BeginsWith(P("a"), V(AttributeValue::B("\x01\x02")))},
      {"contains(a, :s)", Condition::Contains(P("a"), s)},
      {"contains(a, b)", Condition::Contains(P("a"), P("b"))},
      {"contains(a, size(b))",
       Condition::Contains(P("a"), Operand::Size(Path::Attr("b")))},
      {"size(a) > :n", cmp(Operand::Size(Path::Attr("a")), C::kGt, n5)},
      {"size(a.b[1]) BETWEEN :n AND :m",
       Condition::Between(Operand::Size(Path::Attr("a").Key("b").Index(1)), n5,
                          n10)},
      {"size(:s) = :n", cmp(V(AttributeValue::N("3")), C::kEq, n5)},
      {"size(:ss) = :n", cmp(V(AttributeValue::N("2")), C::kEq, n5)},
      {"a = :n AND b = :s",
       Condition::And({cmp(P("a"), C::kEq, n5), cmp(P("b"), C::kEq, s)})},
      {"a = :n AND b = :s AND c = :m",
       Condition::And({cmp(P("a"), C::kEq, n5), cmp(P("b"), C::kEq, s),
                       cmp(P("c"), C::kEq, n10)})},
      {"a = :n OR b = :s AND c = :m",
       Condition::Or({cmp(P("a"), C::kEq, n5),
                      Condition::And({cmp(P("b"), C::kEq, s),
                                      cmp(P("c"), C::kEq, n10)})})},
      {"a = :n and b = :s or c = :m",
       Condition::Or(
           {Condition::And({cmp(P("a"), C::kEq, n5), cmp(P("b"), C::kEq, s)}),
            cmp(P("c"), C::kEq, n10)})},
      {"(a = :n OR b = :s) AND c = :m",
       Condition::And(
           {Condition::Or({cmp(P("a"), C::kEq, n5), cmp(P("b"), C::kEq, s)}),
            cmp(P("c"), C::kEq, n10)})},
      {"NOT a = :n", Condition::Not(cmp(P("a"), C::kEq, n5))},
      {"not (a = :n)", Condition::Not(cmp(P("a"), C::kEq, n5))},
      {"NOT NOT a = :n",
       Condition::Not(Condition::Not(cmp(P("a"), C::kEq, n5)))},
      {"NOT a = :n AND b = :s",
       Condition::And(
           {Condition::Not(cmp(P("a"), C::kEq, n5)), cmp(P("b"), C::kEq, s)})},
      {"NOT attribute_exists(a) OR contains(b, :s)",
       Condition::Or({Condition::Not(Condition::Exists(Path::Attr("a"))),
                      Condition::Contains(P("b"), s)})},
      {"(a) = :n", cmp(P("a"), C::kEq, n5)},
      {"(a = :n)", cmp(P("a"), C::kEq, n5)},
      {"(a = :n) AND (NOT b = :s)",
       Condition::And(
           {cmp(P("a"), C::kEq, n5), Condition::Not(cmp(P("b"), C::kEq, s))})},
      {"a.b = a.c", cmp(Operand::AtPath(PathOf({"a", "b"})), C::kEq,
                        Operand::AtPath(PathOf({"a", "c"})))},
  };
}

TEST(ConditionParserTest, ParsesEveryOperatorAndFunction) {
  for (const ParseCase& c : ParseCases()) {
    absl::StatusOr<Condition> got = Parse(c.text);
    ASSERT_TRUE(got.ok()) << c.text << ": " << got.status();
    EXPECT_EQ(Render(*got), Render(c.expected)) << c.text;
  }
}

struct ErrorCase {
  std::string text;
  std::string message;  // after "Invalid ConditionExpression: "
};

std::string Repeat(const std::string& s, int n, const std::string& sep) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? sep : "") + s;
  return out;
}

std::vector<ErrorCase> ErrorCases() {
  const std::string overlap = "Two document paths";
  return {
      // Syntax errors: token and the text around it.
      {"a = AND :n", "Syntax error; token: \"AND\", near: \"= AND :n\""},
      {"a =", "Syntax error; token: \"<EOF>\", near: \"=\""},
      {"a = :n b", "Syntax error; token: \"b\", near: \":n b\""},
      {"a AND b", "Syntax error; token: \"AND\", near: \"a AND b\""},
      {"a = :n AND", "Syntax error; token: \"<EOF>\", near: \"AND\""},
      {"a[abc] = :n", "Syntax error; token: \"abc\", near: \"[abc]\""},
      {"a[-1] = :n", "Syntax error; token: \"-\", near: \"[-1\""},
      {"a[0.b = :n", "Syntax error; token: \".\", near: \"0.b\""},
      {"a[] = :n", "Syntax error; token: \"]\", near: \"[] =\""},
      {"attribute_type()", "Syntax error; token: \")\", near: \"()\""},
      {"!a = :n", "Syntax error; token: \"!\", near: \"!a\""},
      {"a IN :l", "Syntax error; token: \":l\", near: \"IN :l\""},
      {"(a = :n", "Syntax error; token: \"<EOF>\", near: \":n\""},
      {"a = :n)", "Syntax error; token: \")\", near: \":n)\""},
      {"a = #", "Syntax error; token: \"#\", near: \"= #\""},
      {"a < :n < :m", "Syntax error; token: \"<\", near: \":n < :m\""},
      {"a = 5", "Syntax error; token: \"5\", near: \"= 5\""},
      {"a BETWEEN :n OR :m", "Syntax error; token: \"OR\", near: \":n OR :m\""},
      {"(a = :n) = :m", "Syntax error; token: \"=\", near: \") = :m\""},
      {"   ", "The expression can not be empty;"},
      // Names and values.
      {"status = :n",
       "Attribute name is a reserved keyword; reserved "
       "keyword: status"},
      {"a.COMMENT = :n",
       "Attribute name is a reserved keyword; reserved "
       "keyword: COMMENT"},
      {"size = :n",
       "Attribute name is a reserved keyword; reserved "
       "keyword: size"},
      {"#x = :n",
       "An expression attribute name used in the document path "
       "is not defined; attribute name: #x"},
      {"a = :zz",
       "An expression attribute value used in expression is not "
       "defined; attribute value: :zz"},
      // Functions.
      {"foo(a)", "Invalid function name; function: foo"},
      {"ATTRIBUTE_EXISTS(a)",
       "Invalid function name; function: "
       "ATTRIBUTE_EXISTS"},
      {"size(a)",
       "The function is not allowed to be used this way in an "
       "expression; function: size"},
      {"size(contains(a, :s)) = :n",
       "The function is not allowed to be used this way in an expression; "
       "function: contains"},
      {"contains(a, :s) = :n",
       "The function is not allowed to be used this way in an expression; "
       "function: contains"},
      {"if_not_exists(a, :n) = :n",
       "The function is not allowed in a condition expression; function: "
       "if_not_exists"},
      {"list_append(a, :l) = :l",
       "The function is not allowed in a condition expression; function: "
       "list_append"},
      {"size(a, b) = :n",
       "Incorrect number of operands for operator or "
       "function; operator or function: size, number of "
       "operands: 2"},
      {"contains(a)",
       "Incorrect number of operands for operator or "
       "function; operator or function: contains, number of "
       "operands: 1"},
      {"begins_with(a, :s, :t)",
       "Incorrect number of operands for operator or function; operator or "
       "function: begins_with, number of operands: 3"},
      {"attribute_exists(a, b)",
       "Incorrect number of operands for operator or function; operator or "
       "function: attribute_exists, number of operands: 2"},
      {"begins_with(a, :n)",
       "Incorrect operand type for operator or "
       "function; operator or function: begins_with, "
       "operand type: N"},
      {"begins_with(a, size(b))",
       "Incorrect operand type for operator or function; operator or "
       "function: begins_with, operand type: N"},
      {"size(:n) = :n",
       "Incorrect operand type for operator or function; "
       "operator or function: size, operand type: N"},
      {"attribute_type(a, :n)",
       "Incorrect operand type for operator or "
       "function; operator or function: "
       "attribute_type, operand type: N"},
      {"attribute_type(a, b)",
       "Incorrect operand type for operator or function; operator or "
       "function: attribute_type, operand type: {S,SS,N,NS,B,BS,BOOL,NULL,L,"
       "M,HD,DOUBLE,FLOAT,HDS,FS,DOUBLESET,DICT,DECIMAL,INT,DECIMALSET,"
       "INTSET}"},
      {"attribute_type(a, :typeBad)",
       "Invalid attribute type name found; type: STRING, valid types: "
       "{S,SS,N,NS,B,BS,BOOL,NULL,L,M}"},
      {"attribute_exists(:s)",
       "Operator or function requires a document "
       "path; operator or function: "
       "attribute_exists"},
      {"attribute_not_exists(size(a))",
       "Operator or function requires a document path; operator or "
       "function: attribute_not_exists"},
      {"contains(a, a)",
       "The first operand must be distinct from the "
       "remaining operands for this operator or function; "
       "operator: contains, first operand: [a]"},
      {"a.b[1] = a.b[1]",
       "The first operand must be distinct from the remaining operands for "
       "this operator or function; operator: =, first operand: [a, b, [1]]"},
      // BETWEEN bounds.
      {"a BETWEEN :m AND :n",
       "The BETWEEN operator requires upper bound to be greater than or "
       "equal to lower bound; lower bound operand: AttributeValue: {N:10}, "
       "upper bound operand: AttributeValue: {N:5}"},
      {"a BETWEEN :t AND :s",
       "The BETWEEN operator requires upper bound to be greater than or "
       "equal to lower bound; lower bound operand: AttributeValue: {S:xyz}, "
       "upper bound operand: AttributeValue: {S:abc}"},
      {"a BETWEEN :n AND :s",
       "The BETWEEN operator requires same data type for lower and upper "
       "bounds; lower bound operand: AttributeValue: {N:5}, upper bound "
       "operand: AttributeValue: {S:abc}"},
      // Parentheses.
      {"((a = :n))", "The expression has redundant parentheses;"},
      {"((a)) = :n", "The expression has redundant parentheses;"},
      {"NOT ((a = :n))", "The expression has redundant parentheses;"},
      // Limits.
      {"a IN (" + Repeat(":n", 101, ", ") + ")",
       "The IN operator is provided with too many operands; number of "
       "operands: 101"},
      {Repeat("a = :n", 151, " AND "),
       "The expression contains too many operators; operator count: 301"},
      {Repeat("a", 33, ".") + " = :n",
       "The document path has too many nesting levels; nesting levels: 33"},
      {Repeat("(", 101, "") + "a = :n" + Repeat(")", 101, ""),
       "The expression is nested too deeply; maximum nesting depth: 100"},
      {Repeat("NOT", 101, " ") + " a = :n",
       "The expression is nested too deeply; maximum nesting depth: 100"},
      {"a = :n AND " + std::string(4086, ' ') + "b = :n",
       "Expression size has exceeded the maximum allowed size; expression "
       "size: 4103"},
      // Priority: the most important error wins, whatever its position.
      {"a = :zz AND status = :n",
       "Attribute name is a reserved keyword; "
       "reserved keyword: status"},
      {"status = :n AND foo(a)", "Invalid function name; function: foo"},
      {"foo(a) AND ((b = :n))", "The expression has redundant parentheses;"},
  };
}

TEST(ConditionParserTest, ReportsDynamoDbErrors) {
  for (const ErrorCase& c : ErrorCases()) {
    absl::StatusOr<Condition> got = Parse(c.text);
    ASSERT_FALSE(got.ok()) << c.text << " parsed as " << Render(*got);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ErrorName(got.status()), "ValidationException");
    EXPECT_EQ(got.status().message(),
              "Invalid ConditionExpression: " + c.message)
        << c.text.substr(0, 200);
  }
}

TEST(ConditionParserTest, AcceptsLimitsExactly) {
  EXPECT_TRUE(Parse("a IN (" + Repeat(":n", 100, ", ") + ")").ok());
  // 150 comparisons and 149 ANDs, plus a NOT: 300 operators.
  EXPECT_TRUE(Parse("NOT " + Repeat("a = :n", 150, " AND ")).ok());
  EXPECT_TRUE(Parse(Repeat("a", 32, ".") + " = :n").ok());
  EXPECT_TRUE(Parse(Repeat("(", 100, "") + "a = :n" + Repeat(")", 100, ""))
                  .status()
                  .message()
                  .find("redundant") != std::string::npos);
  std::string padded = "a = :n" + std::string(4090, ' ');
  ASSERT_EQ(padded.size(), 4096u);
  EXPECT_TRUE(Parse(padded).ok());
}

TEST(ConditionParserTest, FilterErrorsNameTheFilterExpression) {
  absl::StatusOr<Condition> got = Parse("a = ", ExpressionKind::kFilter);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(),
            "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: "
            "\"=\"");
}

TEST(ConditionParserTest, RecordsUsedPlaceholdersOnly) {
  Placeholders p;
  p.names = &testing::TestNames();
  p.values = &testing::TestValues();
  ASSERT_TRUE(ParseConditionExpression("#n = :s OR a IN (:n, :m)",
                                       ExpressionKind::kCondition, &p)
                  .ok());
  EXPECT_EQ(p.used_names, (std::set<std::string>{"#n"}));
  EXPECT_EQ(p.used_values, (std::set<std::string>{":m", ":n", ":s"}));
}

TEST(ConditionParserTest, NeverCrashesOnTruncatedInputs) {
  // Every prefix of a rich expression either parses or fails cleanly.
  const std::string text =
      "(NOT attribute_exists(#n.a[1]) OR size(b) BETWEEN :n AND :m) AND "
      "c IN (:s, :t) AND begins_with(d, :s) AND contains(e, :s)";
  for (size_t i = 0; i <= text.size(); ++i) {
    absl::StatusOr<Condition> got = Parse(text.substr(0, i));
    if (!got.ok()) {
      EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
  EXPECT_TRUE(Parse(text).ok());
}

}  // namespace
}  // namespace eddy::engine

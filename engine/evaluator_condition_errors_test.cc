// Copyright (c) Eddy authors.
//
// EvaluateCondition's errors: every malformed tree is kInvalidArgument with
// DynamoDB's message, whatever the item holds.

#include <string>
#include <vector>

#include "engine/evaluator.h"
#include "engine/evaluator_test_util.h"
#include "gtest/gtest.h"

namespace eddy::engine {
namespace {

using evaluator_test::A;
using evaluator_test::ExpectInvalid;
using evaluator_test::N;
using evaluator_test::P;
using evaluator_test::S;
using evaluator_test::V;

constexpr Comparator kEq = Comparator::kEq;
constexpr Comparator kGt = Comparator::kGt;

Item Fixture() { return evaluator_test::ConditionItem(); }

Condition Cmp(Operand a, Comparator c, Operand b) {
  return Condition::Compare(std::move(a), c, std::move(b));
}

struct ErrorCase {
  std::string name;
  Condition condition;
  std::string message;
};

Condition WithOperands(Condition::Kind kind, std::vector<Operand> operands) {
  Condition c;
  c.kind = kind;
  c.operands = std::move(operands);
  return c;
}

Condition Nested(int depth) {
  Condition c = Condition::Exists(A("s"));
  for (int i = 0; i < depth; ++i) c = Condition::Not(std::move(c));
  return c;
}

TEST(EvaluatorConditionTest, Errors) {
  using K = Condition::Kind;
  Condition bad_path = Condition::Exists(Path());
  Condition index_first = Condition::Exists(Path{{PathElement{"", 0}}});
  std::vector<Operand> too_many;
  for (int i = 0; i < 101; ++i) too_many.push_back(V(N(std::to_string(i))));
  Condition not_two = Condition::Not(Condition::Exists(A("s")));
  not_two.children.push_back(Condition::Exists(A("s")));
  Condition type_without_operand = Condition::Type(A("s"), AttributeType::kS);
  type_without_operand.operands.clear();
  Condition type_bad_name = Condition::Type(A("s"), AttributeType::kS);
  type_bad_name.operands[0] = V(S("STRING"));
  Condition type_number = Condition::Type(A("s"), AttributeType::kS);
  type_number.operands[0] = V(N("1"));
  Condition type_path = Condition::Type(A("s"), AttributeType::kS);
  type_path.operands[0] = P("s");
  const std::vector<ErrorCase> cases = {
      {"compare with one operand", WithOperands(K::kCompare, {P("s")}),
       "Incorrect number of operands for operator or function; operator or "
       "function: =, number of operands: 1"},
      {"BETWEEN with two operands",
       WithOperands(K::kBetween, {P("n"), V(N("1"))}),
       "operator or function: BETWEEN, number of operands: 2"},
      {"IN without candidates", WithOperands(K::kIn, {P("n")}),
       "operator or function: IN, number of operands: 1"},
      {"IN with 101 candidates", Condition::In(P("n"), too_many),
       "IN, number of operands: 101"},
      {"begins_with with one operand", WithOperands(K::kBeginsWith, {P("s")}),
       "begins_with, number of operands: 1"},
      {"contains with three operands",
       WithOperands(K::kContains, {P("s"), P("t"), P("u")}),
       "contains, number of operands: 3"},
      {"empty AND", Condition::And({}), "operator or function: AND"},
      {"empty OR", Condition::Or({}), "operator or function: OR"},
      {"NOT with two children", not_two, "operator or function: NOT"},
      {"empty path", bad_path, "Invalid document path"},
      {"path starting with an index", index_first, "Invalid document path"},
      {"empty operand path", Cmp(P(Path()), kEq, V(S("x"))),
       "Invalid document path"},
      {"size of an empty path", Cmp(Operand::Size(Path()), kEq, V(N("1"))),
       "Invalid document path"},
      {"attribute_type without operand", type_without_operand,
       "attribute_type, number of operands: 0"},
      {"attribute_type with an unknown name", type_bad_name,
       "Invalid attribute type name found; type: STRING"},
      {"attribute_type with a number", type_number,
       "Incorrect operand type for operator or function; operator or "
       "function: attribute_type, operand type: N"},
      {"attribute_type with a path", type_path,
       "function: attribute_type, operand type: PATH"},
      {"begins_with with an N constant",
       Condition::BeginsWith(P("s"), V(N("1"))),
       "operator or function: begins_with, operand type: N"},
      {"if_not_exists in a condition",
       Cmp(Operand::IfNotExists(A("s"), V(S("x"))), kEq, V(S("x"))),
       "function: if_not_exists"},
      {"list_append in a condition",
       Cmp(Operand::ListAppend(P("l"), P("l")), kEq, P("l")),
       "function: list_append"},
      {"arithmetic in a condition",
       Cmp(Operand::Plus(P("n"), V(N("1"))), kGt, V(N("1"))),
       "allowed only in SET"},
      {"same path on both sides", Cmp(P("s"), kEq, P("s")),
       "The first operand must be distinct from the remaining operands for "
       "this operator or function; operator: =, first operand: [s]"},
      {"same nested path in contains",
       Condition::Contains(P(A("l").Index(0)), P(A("l").Index(0))),
       "operator: contains, first operand: [l, [0]]"},
      {"BETWEEN bounds reversed",
       Condition::Between(P("n"), V(N("10")), V(N("5"))),
       "The BETWEEN operator requires upper bound to be greater than or "
       "equal to lower bound; lower bound operand: AttributeValue: {N:10}, "
       "upper bound operand: AttributeValue: {N:5}"},
      {"BETWEEN S bounds reversed",
       Condition::Between(P("s"), V(S("b")), V(S("a"))),
       "lower bound operand: AttributeValue: {S:b}"},
      {"BETWEEN bounds of different types",
       Condition::Between(P("n"), V(N("1")), V(S("5"))),
       "The BETWEEN operator requires same data type for lower and upper "
       "bounds"},
      {"too deep", Nested(300), "nested too deeply"},
  };
  const Item item = Fixture();
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    ExpectInvalid(EvaluateCondition(c.condition, item).status(), c.message);
  }
}

// A malformed branch is an error even where short-circuiting would skip it,
// so the outcome never depends on the item's contents.
TEST(EvaluatorConditionTest, ErrorsDoNotDependOnShortCircuit) {
  Condition bad = Condition::Type(A("s"), AttributeType::kS);
  bad.operands[0] = V(S("X"));
  const Item item = Fixture();
  ExpectInvalid(
      EvaluateCondition(Condition::Or({Condition::Exists(A("s")), bad}), item)
          .status(),
      "Invalid attribute type name found; type: X");
  ExpectInvalid(
      EvaluateCondition(Condition::And({Condition::Exists(A("missing")), bad}),
                        item)
          .status(),
      "Invalid attribute type name found; type: X");
}

TEST(EvaluatorConditionTest, DeepButAllowedNesting) {
  absl::StatusOr<bool> got = EvaluateCondition(Nested(200), Fixture());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(*got);  // an even number of NOTs
}

}  // namespace
}  // namespace eddy::engine

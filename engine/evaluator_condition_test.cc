// Copyright (c) Eddy authors.
//
// EvaluateCondition and ResolvePath: one case per operator, function and
// type combination, with the result DynamoDB documents. Errors are in
// evaluator_condition_errors_test.cc.

#include <string>
#include <vector>

#include "engine/evaluator.h"
#include "engine/evaluator_test_util.h"
#include "gtest/gtest.h"

namespace eddy::engine {
namespace {

using evaluator_test::A;
using evaluator_test::B;
using evaluator_test::J;
using evaluator_test::JV;
using evaluator_test::N;
using evaluator_test::P;
using evaluator_test::S;
using evaluator_test::V;

constexpr Comparator kEq = Comparator::kEq;
constexpr Comparator kNe = Comparator::kNe;
constexpr Comparator kLt = Comparator::kLt;
constexpr Comparator kLe = Comparator::kLe;
constexpr Comparator kGt = Comparator::kGt;
constexpr Comparator kGe = Comparator::kGe;

Item Fixture() { return evaluator_test::ConditionItem(); }

struct Case {
  std::string name;
  Condition condition;
  bool want;
};

Condition Cmp(Operand a, Comparator c, Operand b) {
  return Condition::Compare(std::move(a), c, std::move(b));
}

void RunCases(const std::vector<Case>& cases) {
  const Item item = Fixture();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<bool> got = EvaluateCondition(c.condition, item);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, c.want);
  }
}

TEST(EvaluatorResolvePathTest, PointsIntoTheItem) {
  const Item item = Fixture();
  EXPECT_EQ(ResolvePath(item, A("s")), &item.at("s"));
  EXPECT_EQ(ResolvePath(item, A("l").Index(2).Key("k")),
            &item.at("l").l()[2].m().at("k"));
  EXPECT_EQ(ResolvePath(item, A("m").Key("inner").Key("deep"))->s(), "d");
  EXPECT_EQ(ResolvePath(item, A("missing")), nullptr);
  EXPECT_EQ(ResolvePath(item, A("l").Index(3)), nullptr);
  EXPECT_EQ(ResolvePath(item, A("s").Key("x")), nullptr);  // not a map
  EXPECT_EQ(ResolvePath(item, A("m").Index(0)), nullptr);  // not a list
  EXPECT_EQ(ResolvePath(item, A("l").Key("0")), nullptr);  // not a map
  EXPECT_EQ(ResolvePath(item, Path()), nullptr);
}

TEST(EvaluatorConditionTest, EqualityAndInequality) {
  RunCases({
      {"S = S", Cmp(P("s"), kEq, V(S("hello"))), true},
      {"S = S differs in case", Cmp(P("s"), kEq, V(S("Hello"))), false},
      {"S = N is false", Cmp(P("n"), kEq, V(S("10"))), false},
      {"S <> N is true", Cmp(P("n"), kNe, V(S("10"))), true},
      {"S <> same S", Cmp(P("s"), kNe, V(S("hello"))), false},
      {"N = N numerically", Cmp(P("n"), kEq, V(N("10.00"))), true},
      {"N = N with exponent", Cmp(P("n"), kEq, V(N("1E1"))), true},
      {"N <> N", Cmp(P("n"), kNe, V(N("11"))), true},
      {"B = B", Cmp(P("b"), kEq, V(B("\x01\x02\x03"))), true},
      {"B = S of same bytes", Cmp(P("b"), kEq, V(S("\x01\x02\x03"))), false},
      {"BOOL = BOOL", Cmp(P("t"), kEq, V(AttributeValue::Bool(true))), true},
      {"BOOL <> BOOL", Cmp(P("t"), kNe, V(AttributeValue::Bool(false))), true},
      {"NULL = NULL", Cmp(P("z"), kEq, V(AttributeValue::Null())), true},
      {"SS = SS in another order",
       Cmp(P("ss"), kEq, V(JV(R"({"SS":["b","a"]})"))), true},
      {"SS = smaller SS", Cmp(P("ss"), kEq, V(JV(R"({"SS":["a"]})"))), false},
      {"NS = NS numerically",
       Cmp(P("ns"), kEq, V(JV(R"({"NS":["2.50","1"]})"))), true},
      {"NS = larger NS", Cmp(P("ns"), kEq, V(JV(R"({"NS":["1","2.5","3"]})"))),
       false},
      {"BS = BS", Cmp(P("bs"), kEq, V(JV(R"({"BS":["Ag==","AQ=="]})"))), true},
      {"SS = NS", Cmp(P("ss"), kEq, V(JV(R"({"NS":["1"]})"))), false},
      {"L = L", Cmp(P("l"), kEq, V(JV(R"({"L":[{"S":"x"},{"N":"1.0"},
                                       {"M":{"k":{"S":"v"}}}]})"))),
       true},
      {"L = L in another order",
       Cmp(P("l"), kEq, V(JV(R"({"L":[{"N":"1"},{"S":"x"},
                                       {"M":{"k":{"S":"v"}}}]})"))),
       false},
      {"M = M", Cmp(P("m"), kEq, V(JV(R"({"M":{"inner":{"M":{"deep":{"S":"d"}}},
                                       "a":{"N":"1"}}})"))),
       true},
      {"M = M with a different value",
       Cmp(P("m"), kEq, V(JV(R"({"M":{"a":{"N":"2"},
                               "inner":{"M":{"deep":{"S":"d"}}}}})"))),
       false},
      {"missing = S", Cmp(P("missing"), kEq, V(S("x"))), false},
      {"missing <> S", Cmp(P("missing"), kNe, V(S("x"))), true},
      {"nested map path",
       Cmp(P(A("m").Key("inner").Key("deep")), kEq, V(S("d"))), true},
      {"list index path", Cmp(P(A("l").Index(0)), kEq, V(S("x"))), true},
      {"map in list path", Cmp(P(A("l").Index(2).Key("k")), kEq, V(S("v"))),
       true},
      {"index past the end", Cmp(P(A("l").Index(5)), kEq, V(S("x"))), false},
      {"index past the end <>", Cmp(P(A("l").Index(5)), kNe, V(S("x"))), true},
      {"key into a string", Cmp(P(A("s").Key("x")), kEq, V(S("hello"))), false},
      {"path = path", Cmp(P("n"), kEq, P(A("m").Key("a"))), false},
      {"path = path, equal", Cmp(P(A("l").Index(1)), kEq, P(A("m").Key("a"))),
       true},
  });
}

TEST(EvaluatorConditionTest, Ordering) {
  RunCases({
      {"N < N", Cmp(P("n"), kLt, V(N("11"))), true},
      {"N < N false", Cmp(P("n"), kLt, V(N("9"))), false},
      {"N < N is numeric, not text", Cmp(V(N("9")), kLt, P("n")), true},
      {"N <= equal N", Cmp(P("n"), kLe, V(N("10.0"))), true},
      {"N > N", Cmp(P("n"), kGt, V(N("9.5"))), true},
      {"N >= N", Cmp(P("n"), kGe, V(N("10"))), true},
      {"N >= larger N", Cmp(P("n"), kGe, V(N("10.01"))), false},
      {"N > negative N", Cmp(P("n"), kGt, V(N("-1E+100"))), true},
      {"S < S", Cmp(P("s"), kLt, V(S("help"))), true},
      {"S > prefix", Cmp(P("s"), kGt, V(S("hell"))), true},
      {"S <= S", Cmp(P("s"), kLe, V(S("hello"))), true},
      {"S >= S false", Cmp(P("s"), kGe, V(S("i"))), false},
      {"S bytewise UTF-8: é > z", Cmp(P("u"), kGt, V(S("z"))), true},
      {"B < B", Cmp(P("b"), kLt, V(B("\x01\x02\x04"))), true},
      {"B > prefix B", Cmp(P("b"), kGt, V(B("\x01\x02"))), true},
      {"B bytewise (unsigned)", Cmp(V(B("\x7f")), kLt, V(B("\x80"))), true},
      {"N < S is false", Cmp(P("n"), kLt, V(S("11"))), false},
      {"S > N is false", Cmp(P("s"), kGt, V(N("1"))), false},
      {"BOOL < BOOL is false", Cmp(V(AttributeValue::Bool(false)), kLt, P("t")),
       false},
      {"SS < SS is false", Cmp(P("ss"), kLt, V(JV(R"({"SS":["c"]})"))), false},
      {"L <= L is false", Cmp(P("l"), kLe, V(JV(R"({"L":[]})"))), false},
      {"missing < N", Cmp(P("missing"), kLt, V(N("1"))), false},
      {"N > missing", Cmp(P("n"), kGt, P("missing")), false},
      {"missing >= missing", Cmp(P("missing"), kGe, P("other")), false},
  });
}

TEST(EvaluatorConditionTest, Size) {
  auto size = [](Path p) { return Operand::Size(std::move(p)); };
  RunCases({
      {"size(S) is bytes", Cmp(size(A("s")), kEq, V(N("5"))), true},
      {"size(S) of UTF-8", Cmp(size(A("u")), kEq, V(N("2"))), true},
      {"size of empty S", Cmp(size(A("es")), kEq, V(N("0"))), true},
      {"size(B)", Cmp(size(A("b")), kEq, V(N("3"))), true},
      {"size(L)", Cmp(size(A("l")), kEq, V(N("3"))), true},
      {"size(M)", Cmp(size(A("m")), kEq, V(N("2"))), true},
      {"size(SS)", Cmp(size(A("ss")), kEq, V(N("2"))), true},
      {"size(NS)", Cmp(size(A("ns")), kGt, V(N("1"))), true},
      {"size(BS)", Cmp(size(A("bs")), kLe, V(N("2"))), true},
      {"size of nested", Cmp(size(A("l").Index(2)), kEq, V(N("1"))), true},
      {"size(N) compares false", Cmp(size(A("n")), kEq, V(N("2"))), false},
      {"size(N) >= 0 is false", Cmp(size(A("n")), kGe, V(N("0"))), false},
      {"size(BOOL)", Cmp(size(A("t")), kGe, V(N("0"))), false},
      {"size(NULL)", Cmp(size(A("z")), kGe, V(N("0"))), false},
      {"size(missing)", Cmp(size(A("missing")), kGe, V(N("0"))), false},
      {"size = S is false", Cmp(size(A("s")), kEq, V(S("5"))), false},
      {"size in BETWEEN",
       Condition::Between(size(A("s")), V(N("1")), V(N("5"))), true},
      {"size in IN", Condition::In(size(A("l")), {V(N("2")), V(N("3"))}), true},
      {"size vs size", Cmp(size(A("ss")), kEq, size(A("ns"))), true},
  });
}

TEST(EvaluatorConditionTest, Between) {
  auto between = [](Operand v, Operand lo, Operand hi) {
    return Condition::Between(std::move(v), std::move(lo), std::move(hi));
  };
  RunCases({
      {"N inside", between(P("n"), V(N("5")), V(N("20"))), true},
      {"N at low bound", between(P("n"), V(N("10")), V(N("20"))), true},
      {"N at high bound", between(P("n"), V(N("5")), V(N("10.0"))), true},
      {"N below", between(P("n"), V(N("11")), V(N("20"))), false},
      {"N above", between(P("n"), V(N("1")), V(N("9.99"))), false},
      {"S inside", between(P("s"), V(S("a")), V(S("z"))), true},
      {"S outside", between(P("s"), V(S("i")), V(S("z"))), false},
      {"B inside", between(P("b"), V(B("\x01")), V(B("\x02"))), true},
      {"S against N bounds", between(P("s"), V(N("1")), V(N("2"))), false},
      {"BOOL",
       between(P("t"), V(AttributeValue::Bool(false)),
               V(AttributeValue::Bool(true))),
       false},
      {"missing", between(P("missing"), V(N("1")), V(N("2"))), false},
      {"missing bound", between(P("n"), V(N("1")), P("missing")), false},
      {"path bounds", between(P(A("m").Key("a")), V(N("0")), P("n")), true},
      {"bounds not checked when one is a path",
       between(P("n"), P("n"), V(N("1"))), false},
  });
}

TEST(EvaluatorConditionTest, In) {
  RunCases({
      {"S in list", Condition::In(P("s"), {V(S("a")), V(S("hello"))}), true},
      {"S not in list", Condition::In(P("s"), {V(S("a"))}), false},
      {"N numerically", Condition::In(P("n"), {V(N("10.00"))}), true},
      {"N against S", Condition::In(P("n"), {V(S("10"))}), false},
      {"missing", Condition::In(P("missing"), {V(S("x"))}), false},
      {"set", Condition::In(P("ss"), {V(JV(R"({"SS":["b","a"]})"))}), true},
      {"paths as candidates",
       Condition::In(P(A("l").Index(0)), {P("s"), P("missing"), V(S("x"))}),
       true},
  });
  std::vector<Operand> hundred;
  for (int i = 0; i < 99; ++i) hundred.push_back(V(N(std::to_string(i))));
  hundred.push_back(V(N("10")));
  absl::StatusOr<bool> got =
      EvaluateCondition(Condition::In(P("n"), hundred), Fixture());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(*got);
}

TEST(EvaluatorConditionTest, ExistsAndType) {
  auto type = [](Path p, AttributeType t) {
    return Condition::Type(std::move(p), t);
  };
  RunCases({
      {"exists", Condition::Exists(A("s")), true},
      {"exists NULL value", Condition::Exists(A("z")), true},
      {"exists missing", Condition::Exists(A("missing")), false},
      {"exists nested", Condition::Exists(A("m").Key("inner").Key("deep")),
       true},
      {"exists nested missing", Condition::Exists(A("m").Key("nope")), false},
      {"exists in list", Condition::Exists(A("l").Index(2).Key("k")), true},
      {"exists past list end", Condition::Exists(A("l").Index(3)), false},
      {"not_exists missing", Condition::NotExists(A("missing")), true},
      {"not_exists present", Condition::NotExists(A("s")), false},
      {"not_exists nested", Condition::NotExists(A("m").Key("a")), false},
      {"not_exists under a scalar", Condition::NotExists(A("s").Key("a")),
       true},
      {"type S", type(A("s"), AttributeType::kS), true},
      {"type N", type(A("n"), AttributeType::kN), true},
      {"type B", type(A("b"), AttributeType::kB), true},
      {"type BOOL", type(A("t"), AttributeType::kBool), true},
      {"type NULL", type(A("z"), AttributeType::kNull), true},
      {"type SS", type(A("ss"), AttributeType::kSS), true},
      {"type NS", type(A("ns"), AttributeType::kNS), true},
      {"type BS", type(A("bs"), AttributeType::kBS), true},
      {"type L", type(A("l"), AttributeType::kL), true},
      {"type M", type(A("m"), AttributeType::kM), true},
      {"type nested", type(A("l").Index(2), AttributeType::kM), true},
      {"type mismatch", type(A("s"), AttributeType::kN), false},
      {"type of SS is not S", type(A("ss"), AttributeType::kS), false},
      {"type of missing", type(A("missing"), AttributeType::kNull), false},
  });
}

TEST(EvaluatorConditionTest, BeginsWith) {
  auto bw = [](Operand a, Operand b) {
    return Condition::BeginsWith(std::move(a), std::move(b));
  };
  RunCases({
      {"S prefix", bw(P("s"), V(S("he"))), true},
      {"S whole", bw(P("s"), V(S("hello"))), true},
      {"S empty prefix", bw(P("s"), V(S(""))), true},
      {"S not a prefix", bw(P("s"), V(S("lo"))), false},
      {"S longer than value", bw(P("s"), V(S("hello!"))), false},
      {"B prefix", bw(P("b"), V(B("\x01\x02"))), true},
      {"B not a prefix", bw(P("b"), V(B("\x02"))), false},
      {"B against S", bw(P("b"), V(S("\x01"))), false},
      {"N attribute", bw(P("n"), V(S("1"))), false},
      {"SS attribute", bw(P("ss"), V(S("a"))), false},
      {"missing", bw(P("missing"), V(S("h"))), false},
      {"path prefix", bw(P(A("l").Index(0)), P("s")), false},
  });
}

TEST(EvaluatorConditionTest, Contains) {
  auto has = [](Operand a, Operand b) {
    return Condition::Contains(std::move(a), std::move(b));
  };
  RunCases({
      {"S substring", has(P("s"), V(S("ell"))), true},
      {"S not a substring", has(P("s"), V(S("xyz"))), false},
      {"S against N", has(P("n"), V(N("1"))), false},
      {"B subsequence", has(P("b"), V(B("\x02\x03"))), true},
      {"SS member", has(P("ss"), V(S("a"))), true},
      {"SS non-member", has(P("ss"), V(S("c"))), false},
      {"SS with an N operand", has(P("ss"), V(N("1"))), false},
      {"NS member, numerically", has(P("ns"), V(N("2.50"))), true},
      {"NS non-member", has(P("ns"), V(N("3"))), false},
      {"NS with an S operand", has(P("ns"), V(S("1"))), false},
      {"BS member", has(P("bs"), V(B("\x02"))), true},
      {"BS with an S operand", has(P("bs"), V(S("\x02"))), false},
      {"L element S", has(P("l"), V(S("x"))), true},
      {"L element N, numerically", has(P("l"), V(N("1.0"))), true},
      {"L element M", has(P("l"), V(JV(R"({"M":{"k":{"S":"v"}}})"))), true},
      {"L non-element", has(P("l"), V(S("v"))), false},
      {"M is not searched", has(P("m"), V(S("a"))), false},
      {"missing", has(P("missing"), V(S("a"))), false},
      {"missing operand", has(P("s"), P("missing")), false},
      {"path operand", has(P("ss"), P(A("m").Key("inner").Key("deep"))), false},
  });
}

TEST(EvaluatorConditionTest, Logic) {
  Condition yes = Condition::Exists(A("s"));
  Condition no = Condition::Exists(A("missing"));
  RunCases({
      {"AND true", Condition::And({yes, yes, yes}), true},
      {"AND false", Condition::And({yes, no}), false},
      {"OR true", Condition::Or({no, yes}), true},
      {"OR false", Condition::Or({no, no}), false},
      {"NOT", Condition::Not(yes), false},
      {"NOT NOT", Condition::Not(Condition::Not(yes)), true},
      {"nested", Condition::And({Condition::Or({no, yes}), Condition::Not(no)}),
       true},
      {"single child", Condition::And({yes}), true},
  });
}

TEST(EvaluatorConditionTest, EmptyItem) {
  const Item empty;
  for (const Condition& c :
       {Cmp(P("a"), kEq, V(S("x"))), Cmp(P("a"), kLt, V(N("1"))),
        Condition::Exists(A("a")), Condition::Contains(P("a"), V(S("x")))}) {
    absl::StatusOr<bool> got = EvaluateCondition(c, empty);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_FALSE(*got);
  }
  absl::StatusOr<bool> got =
      EvaluateCondition(Condition::NotExists(A("a")), empty);
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(*got);
}

}  // namespace
}  // namespace eddy::engine

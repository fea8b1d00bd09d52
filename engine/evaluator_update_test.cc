// Copyright (c) Eddy authors.
//
// ApplyUpdate: SET (values, paths, if_not_exists, list_append, + and -),
// REMOVE, ADD and DELETE with DynamoDB's results. Errors are in
// evaluator_update_errors_test.cc.

#include <string>
#include <vector>

#include "eddy/json.h"
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
using Actions = std::vector<UpdateAction>;

Item Fixture() { return evaluator_test::UpdateItem(); }

UpdateAction Set(Path p, Operand v) {
  return UpdateAction::Set(std::move(p), std::move(v));
}

// The fixture with `changes` applied: attributes in `changes` replace (or
// add to) the fixture's; names in `removed` are gone.
Item FixtureWith(std::string_view changes,
                 const std::vector<std::string>& removed = {}) {
  Item item = Fixture();
  for (auto& [name, value] : J(changes)) item[name] = value;
  for (const std::string& name : removed) item.erase(name);
  return item;
}

struct Case {
  std::string name;
  Actions actions;
  Item want;
};

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Item item = Fixture();
    absl::Status s = ApplyUpdate(c.actions, &item, nullptr);
    ASSERT_TRUE(s.ok()) << s;
    EXPECT_EQ(item, c.want)
        << "got:  " << ItemToJson(item) << "\nwant: " << ItemToJson(c.want);
  }
}

TEST(EvaluatorUpdateTest, SetValues) {
  RunCases({
      {"new attribute",
       {Set(A("t"), V(S("x")))},
       FixtureWith(R"({"t":{"S":"x"}})")},
      {"replace with another type",
       {Set(A("n"), V(S("x")))},
       FixtureWith(R"({"n":{"S":"x"}})")},
      {"nested map key",
       {Set(A("m").Key("c"), V(S("z")))},
       FixtureWith(R"({"m":{"M":{"a":{"N":"1"},"c":{"S":"z"},
                         "inner":{"M":{"x":{"S":"y"}}}}}})")},
      {"deeper map key",
       {Set(A("m").Key("inner").Key("x"), V(N("5")))},
       FixtureWith(R"({"m":{"M":{"a":{"N":"1"},
                         "inner":{"M":{"x":{"N":"5"}}}}}})")},
      {"list element",
       {Set(A("l").Index(1), V(S("B")))},
       FixtureWith(R"({"l":{"L":[{"S":"a"},{"S":"B"},{"S":"c"}]}})")},
      {"list index at the end appends",
       {Set(A("l").Index(3), V(S("d")))},
       FixtureWith(R"({"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},{"S":"d"}]}})")},
      {"list index past the end appends",
       {Set(A("l").Index(10), V(S("d")))},
       FixtureWith(R"({"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},{"S":"d"}]}})")},
      {"two appends keep action order",
       {Set(A("l").Index(10), V(S("d"))), Set(A("l").Index(11), V(S("e")))},
       FixtureWith(R"({"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},{"S":"d"},
                                {"S":"e"}]}})")},
      {"sibling paths",
       {Set(A("m").Key("a"), V(N("2"))), Set(A("m").Key("ab"), V(N("3")))},
       FixtureWith(R"({"m":{"M":{"a":{"N":"2"},"ab":{"N":"3"},
                         "inner":{"M":{"x":{"S":"y"}}}}}})")},
  });
}

TEST(EvaluatorUpdateTest, SetOperands) {
  RunCases({
      {"copy an attribute",
       {Set(A("t"), P("s"))},
       FixtureWith(R"({"t":{"S":"hello"}})")},
      {"copy a nested value",
       {Set(A("t"), P(A("m").Key("inner")))},
       FixtureWith(R"({"t":{"M":{"x":{"S":"y"}}}})")},
      {"swap reads the original item",
       {Set(A("s"), P("n")), Set(A("n"), P("s"))},
       FixtureWith(R"({"s":{"N":"10"},"n":{"S":"hello"}})")},
      {"later actions see the original value",
       {Set(A("n"), Operand::Plus(P("n"), V(N("1")))), Set(A("t"), P("n"))},
       FixtureWith(R"({"n":{"N":"11"},"t":{"N":"10"}})")},
      {"if_not_exists keeps an existing value",
       {Set(A("n"), Operand::IfNotExists(A("n"), V(N("0"))))},
       Fixture()},
      {"if_not_exists sets a missing value",
       {Set(A("c"), Operand::IfNotExists(A("c"), V(N("0"))))},
       FixtureWith(R"({"c":{"N":"0"}})")},
      {"if_not_exists on another path",
       {Set(A("c"), Operand::IfNotExists(A("s"), V(S("none"))))},
       FixtureWith(R"({"c":{"S":"hello"}})")},
      {"counter from nothing",
       {Set(A("c"),
            Operand::Plus(Operand::IfNotExists(A("c"), V(N("0"))), V(N("1"))))},
       FixtureWith(R"({"c":{"N":"1"}})")},
      {"list_append at the end",
       {Set(A("l"),
            Operand::ListAppend(P("l"), V(JV(R"({"L":[{"S":"d"}]})"))))},
       FixtureWith(R"({"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},{"S":"d"}]}})")},
      {"list_append at the front",
       {Set(A("l"),
            Operand::ListAppend(V(JV(R"({"L":[{"S":"z"}]})")), P("l")))},
       FixtureWith(R"({"l":{"L":[{"S":"z"},{"S":"a"},{"S":"b"},{"S":"c"}]}})")},
      {"list_append with if_not_exists",
       {Set(A("q"), Operand::ListAppend(
                        Operand::IfNotExists(A("q"), V(JV(R"({"L":[]})"))),
                        V(JV(R"({"L":[{"N":"1"}]})"))))},
       FixtureWith(R"({"q":{"L":[{"N":"1"}]}})")},
      {"list_append of a list with itself",
       {Set(A("t"), Operand::ListAppend(P("l"), P("l")))},
       FixtureWith(R"({"t":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},
                                {"S":"a"},{"S":"b"},{"S":"c"}]}})")},
  });
}

TEST(EvaluatorUpdateTest, Arithmetic) {
  auto plus = [](std::string a, std::string b) {
    return Actions{Set(A("r"), Operand::Plus(V(N(a)), V(N(b))))};
  };
  auto minus = [](std::string a, std::string b) {
    return Actions{Set(A("r"), Operand::Minus(V(N(a)), V(N(b))))};
  };
  auto r = [](std::string n) {
    return FixtureWith(R"({"r":{"N":")" + n + R"("}})");
  };
  RunCases({
      {"attribute + value",
       {Set(A("n"), Operand::Plus(P("n"), V(N("5"))))},
       FixtureWith(R"({"n":{"N":"15"}})")},
      {"attribute - value",
       {Set(A("n"), Operand::Minus(P("n"), V(N("15"))))},
       FixtureWith(R"({"n":{"N":"-5"}})")},
      {"exact decimals", plus("0.1", "0.2"), r("0.3")},
      {"carry into a new digit", plus("9.99", "0.01"), r("10")},
      {"carry through many digits", plus("999999.999", "0.001"), r("1000000")},
      {"to zero", minus("10", "10.0"), r("0")},
      {"borrow", minus("100", "0.01"), r("99.99")},
      {"negative result", minus("1", "2.5"), r("-1.5")},
      {"exponent input, canonical output", plus("1E2", "1"), r("101")},
      {"38 digits", plus("9999999999999999999999999999999999999", "1"),
       r("10000000000000000000000000000000000000")},
  });
}

TEST(EvaluatorUpdateTest, Remove) {
  RunCases({
      {"attribute", {UpdateAction::Remove(A("s"))}, FixtureWith("{}", {"s"})},
      {"missing attribute", {UpdateAction::Remove(A("missing"))}, Fixture()},
      {"map key",
       {UpdateAction::Remove(A("m").Key("a"))},
       FixtureWith(R"({"m":{"M":{"inner":{"M":{"x":{"S":"y"}}}}}})")},
      {"missing map key",
       {UpdateAction::Remove(A("m").Key("nope"))},
       Fixture()},
      {"list element shifts the rest",
       {UpdateAction::Remove(A("l").Index(1))},
       FixtureWith(R"({"l":{"L":[{"S":"a"},{"S":"c"}]}})")},
      {"two list elements by original index",
       {UpdateAction::Remove(A("l").Index(0)),
        UpdateAction::Remove(A("l").Index(2))},
       FixtureWith(R"({"l":{"L":[{"S":"b"}]}})")},
      {"two list elements, descending order",
       {UpdateAction::Remove(A("l").Index(2)),
        UpdateAction::Remove(A("l").Index(0))},
       FixtureWith(R"({"l":{"L":[{"S":"b"}]}})")},
      {"all list elements",
       {UpdateAction::Remove(A("l").Index(1)),
        UpdateAction::Remove(A("l").Index(0)),
        UpdateAction::Remove(A("l").Index(2))},
       FixtureWith(R"({"l":{"L":[]}})")},
      {"index past the end",
       {UpdateAction::Remove(A("l").Index(7))},
       Fixture()},
      {"SET and REMOVE in one list use original indexes",
       {UpdateAction::Remove(A("l").Index(0)), Set(A("l").Index(1), V(S("B")))},
       FixtureWith(R"({"l":{"L":[{"S":"B"},{"S":"c"}]}})")},
      {"everything",
       {UpdateAction::Remove(A("id")), UpdateAction::Remove(A("n")),
        UpdateAction::Remove(A("s")), UpdateAction::Remove(A("l")),
        UpdateAction::Remove(A("m")), UpdateAction::Remove(A("ss")),
        UpdateAction::Remove(A("ns")), UpdateAction::Remove(A("bs"))},
       Item()},
  });
}

TEST(EvaluatorUpdateTest, Add) {
  auto add = [](Path p, AttributeValue v) {
    return Actions{UpdateAction::Add(std::move(p), std::move(v))};
  };
  RunCases({
      {"number", add(A("n"), N("5")), FixtureWith(R"({"n":{"N":"15"}})")},
      {"negative number", add(A("n"), N("-10.5")),
       FixtureWith(R"({"n":{"N":"-0.5"}})")},
      {"number to a missing attribute, canonical", add(A("c"), N("007.50")),
       FixtureWith(R"({"c":{"N":"7.5"}})")},
      {"nested number", add(A("m").Key("a"), N("1")),
       FixtureWith(R"({"m":{"M":{"a":{"N":"2"},
                         "inner":{"M":{"x":{"S":"y"}}}}}})")},
      {"number to a missing nested key", add(A("m").Key("c"), N("3")),
       FixtureWith(R"({"m":{"M":{"a":{"N":"1"},"c":{"N":"3"},
                         "inner":{"M":{"x":{"S":"y"}}}}}})")},
      {"SS union stays sorted", add(A("ss"), JV(R"({"SS":["c","a","0"]})")),
       FixtureWith(R"({"ss":{"SS":["0","a","b","c"]}})")},
      {"SS to a missing attribute", add(A("t"), JV(R"({"SS":["b","a","b"]})")),
       FixtureWith(R"({"t":{"SS":["a","b"]}})")},
      {"NS union, numeric order and equality",
       add(A("ns"), JV(R"({"NS":["10","1.0","9","-1"]})")),
       FixtureWith(R"({"ns":{"NS":["-1","1","2","9","10"]}})")},
      {"NS to a missing attribute, canonical",
       add(A("t"), JV(R"({"NS":["2.0","1E1"]})")),
       FixtureWith(R"({"t":{"NS":["2","10"]}})")},
      {"BS union", add(A("bs"), JV(R"({"BS":["AA==","AQ=="]})")),
       FixtureWith(R"({"bs":{"BS":["AA==","AQ=="]}})")},
  });
}

TEST(EvaluatorUpdateTest, Delete) {
  auto del = [](Path p, std::string_view json) {
    return Actions{UpdateAction::Delete(std::move(p), JV(json))};
  };
  RunCases({
      {"SS element", del(A("ss"), R"({"SS":["a"]})"),
       FixtureWith(R"({"ss":{"SS":["b"]}})")},
      {"SS non-element", del(A("ss"), R"({"SS":["z"]})"), Fixture()},
      {"emptied set is removed", del(A("ss"), R"({"SS":["b","a"]})"),
       FixtureWith("{}", {"ss"})},
      {"NS element, numerically", del(A("ns"), R"({"NS":["1.0"]})"),
       FixtureWith(R"({"ns":{"NS":["2"]}})")},
      {"BS element", del(A("bs"), R"({"BS":["AQ=="]})"),
       FixtureWith("{}", {"bs"})},
      {"NS elements in exponent form", del(A("ns"), R"({"NS":["1E0","3"]})"),
       FixtureWith(R"({"ns":{"NS":["2"]}})")},
      {"missing attribute", del(A("t"), R"({"SS":["a"]})"), Fixture()},
      {"missing nested key", del(A("m").Key("t"), R"({"SS":["a"]})"),
       Fixture()},
  });
}

TEST(EvaluatorUpdateTest, UpdatedPaths) {
  Item item = Fixture();
  std::vector<Path> paths = {A("stale")};
  Actions actions = {Set(A("m").Key("a"), V(N("2"))),
                     UpdateAction::Remove(A("s")),
                     UpdateAction::Add(A("n"), N("1")),
                     UpdateAction::Delete(A("ss"), JV(R"({"SS":["a"]})"))};
  ASSERT_TRUE(ApplyUpdate(actions, &item, &paths).ok());
  ASSERT_EQ(paths.size(), 4u);
  EXPECT_EQ(paths[0], A("m").Key("a"));
  EXPECT_EQ(paths[1], A("s"));
  EXPECT_EQ(paths[2], A("n"));
  EXPECT_EQ(paths[3], A("ss"));
}

TEST(EvaluatorUpdateTest, NoActions) {
  Item item = Fixture();
  std::vector<Path> paths = {A("stale")};
  ASSERT_TRUE(ApplyUpdate({}, &item, &paths).ok());
  EXPECT_EQ(item, Fixture());
  EXPECT_TRUE(paths.empty());
}

TEST(EvaluatorUpdateTest, MissingItem) {
  Item item;
  Actions actions = {Set(A("id"), V(S("k"))), UpdateAction::Add(A("c"), N("1")),
                     UpdateAction::Remove(A("gone"))};
  ASSERT_TRUE(ApplyUpdate(actions, &item, nullptr).ok());
  EXPECT_EQ(item, J(R"({"id":{"S":"k"},"c":{"N":"1"}})"));
}

}  // namespace
}  // namespace eddy::engine

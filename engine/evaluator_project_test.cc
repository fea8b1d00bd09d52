// Copyright (c) Eddy authors.
//
// Project: top-level and nested paths, list elements compacted in index
// order, missing paths skipped.

#include <string>
#include <vector>

#include "eddy/json.h"
#include "engine/evaluator.h"
#include "engine/evaluator_test_util.h"
#include "gtest/gtest.h"

namespace eddy::engine {
namespace {

using evaluator_test::A;
using evaluator_test::J;

Item Fixture() {
  return J(R"({
    "id": {"S": "k"}, "n": {"N": "10"}, "s": {"S": "hello"},
    "l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]},
    "lm": {"L": [{"M": {"k": {"N": "1"}, "j": {"N": "2"}}},
                 {"M": {"k": {"N": "3"}}},
                 {"M": {"j": {"N": "4"}}}]},
    "m": {"M": {"a": {"N": "1"}, "inner": {"M": {"x": {"S": "y"},
                                                 "w": {"S": "v"}}}}},
    "e": {"M": {}}
  })");
}

struct Case {
  std::string name;
  std::vector<Path> paths;
  std::string want;  // DynamoDB JSON
};

TEST(EvaluatorProjectTest, Cases) {
  const std::vector<Case> cases = {
      {"top-level attributes",
       {A("s"), A("n")},
       R"({"s":{"S":"hello"},"n":{"N":"10"}})"},
      {"missing attributes are skipped",
       {A("s"), A("missing")},
       R"({"s":{"S":"hello"}})"},
      {"nothing found", {A("missing")}, "{}"},
      {"nested map keeps its structure",
       {A("m").Key("inner").Key("x")},
       R"({"m":{"M":{"inner":{"M":{"x":{"S":"y"}}}}}})"},
      {"two keys of one map",
       {A("m").Key("a"), A("m").Key("inner").Key("w")},
       R"({"m":{"M":{"a":{"N":"1"},"inner":{"M":{"w":{"S":"v"}}}}}})"},
      {"missing nested key leaves no empty map", {A("m").Key("nope")}, "{}"},
      {"missing key next to a found one",
       {A("m").Key("nope"), A("m").Key("a")},
       R"({"m":{"M":{"a":{"N":"1"}}}})"},
      {"list elements compacted in index order",
       {A("l").Index(2), A("l").Index(0)},
       R"({"l":{"L":[{"S":"a"},{"S":"c"}]}})"},
      {"list index past the end is skipped",
       {A("l").Index(1), A("l").Index(7)},
       R"({"l":{"L":[{"S":"b"}]}})"},
      {"only indexes past the end", {A("l").Index(7)}, "{}"},
      {"maps inside a list",
       {A("lm").Index(1).Key("k"), A("lm").Index(0).Key("k")},
       R"({"lm":{"L":[{"M":{"k":{"N":"1"}}},{"M":{"k":{"N":"3"}}}]}})"},
      {"list element without the wanted key is dropped",
       {A("lm").Index(0).Key("j"), A("lm").Index(1).Key("j"),
        A("lm").Index(2).Key("j")},
       R"({"lm":{"L":[{"M":{"j":{"N":"2"}}},{"M":{"j":{"N":"4"}}}]}})"},
      {"a whole value absorbs paths below it",
       {A("m").Key("inner").Key("x"), A("m")},
       R"({"m":{"M":{"a":{"N":"1"},"inner":{"M":{"x":{"S":"y"},
                                               "w":{"S":"v"}}}}}})"},
      {"a path below a whole value",
       {A("l"), A("l").Index(0)},
       R"({"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]}})"},
      {"the same path twice", {A("s"), A("s")}, R"({"s":{"S":"hello"}})"},
      {"key into a scalar", {A("s").Key("x")}, "{}"},
      {"index into a map", {A("m").Index(0)}, "{}"},
      {"key into a list", {A("l").Key("0")}, "{}"},
      {"empty map kept when asked for whole", {A("e")}, R"({"e":{"M":{}}})"},
      {"malformed paths are skipped",
       {Path(), Path{{PathElement{"", 0}}}, A("n")},
       R"({"n":{"N":"10"}})"},
  };
  const Item item = Fixture();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Item got = Project(item, c.paths);
    Item want = J(c.want);
    EXPECT_EQ(got, want) << "got:  " << ItemToJson(got)
                         << "\nwant: " << ItemToJson(want);
  }
}

TEST(EvaluatorProjectTest, NoPathsReturnsTheItem) {
  EXPECT_EQ(Project(Fixture(), {}), Fixture());
}

TEST(EvaluatorProjectTest, EmptyItem) {
  EXPECT_EQ(Project(Item(), {A("a"), A("b").Index(0)}), Item());
}

}  // namespace
}  // namespace eddy::engine

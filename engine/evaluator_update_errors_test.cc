// Copyright (c) Eddy authors.
//
// ApplyUpdate's errors: each is kInvalidArgument with DynamoDB's message and
// leaves the item and *updated_paths unchanged.

#include <string>
#include <vector>

#include "eddy/json.h"
#include "engine/evaluator.h"
#include "engine/evaluator_test_util.h"
#include "gtest/gtest.h"

namespace eddy::engine {
namespace {

using evaluator_test::A;
using evaluator_test::ExpectInvalid;
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

struct ErrorCase {
  std::string name;
  Actions actions;
  std::string message;
};

TEST(EvaluatorUpdateTest, Errors) {
  constexpr std::string_view kInvalidPath =
      "The document path provided in the update expression is invalid for "
      "update";
  constexpr std::string_view kDataType =
      "An operand in the update expression has an incorrect data type";
  UpdateAction add_path = UpdateAction::Add(A("n"), N("1"));
  add_path.value = P("n");
  UpdateAction bad_binary = Set(A("t"), Operand::Plus(P("n"), P("n")));
  bad_binary.value.args.pop_back();
  const std::string max = "9.9999999999999999999999999999999999999E+125";
  const std::vector<ErrorCase> cases = {
      {"SET under a missing attribute",
       {Set(A("nope").Key("x"), V(S("v")))},
       std::string(kInvalidPath)},
      {"SET under a missing map key",
       {Set(A("m").Key("nope").Key("x"), V(S("v")))},
       std::string(kInvalidPath)},
      {"SET key under a string",
       {Set(A("s").Key("x"), V(S("v")))},
       std::string(kInvalidPath)},
      {"SET key under a list",
       {Set(A("l").Key("x"), V(S("v")))},
       std::string(kInvalidPath)},
      {"SET index under a map",
       {Set(A("m").Index(0), V(S("v")))},
       std::string(kInvalidPath)},
      {"SET under a list element that is a string",
       {Set(A("l").Index(0).Key("x"), V(S("v")))},
       std::string(kInvalidPath)},
      {"SET under an index past the end",
       {Set(A("l").Index(9).Key("x"), V(S("v")))},
       std::string(kInvalidPath)},
      {"REMOVE under a missing attribute",
       {UpdateAction::Remove(A("nope").Key("x"))},
       std::string(kInvalidPath)},
      {"ADD under a missing attribute",
       {UpdateAction::Add(A("nope").Key("x"), N("1"))},
       std::string(kInvalidPath)},
      {"SET from a missing attribute",
       {Set(A("t"), P("missing"))},
       "The provided expression refers to an attribute that does not exist "
       "in the item"},
      {"SET from a missing nested path",
       {Set(A("t"), P(A("l").Index(5)))},
       "refers to an attribute that does not exist"},
      {"+ with an S attribute",
       {Set(A("t"), Operand::Plus(P("s"), V(N("1"))))},
       std::string(kDataType)},
      {"- with an L attribute",
       {Set(A("t"), Operand::Minus(V(N("1")), P("l")))},
       std::string(kDataType)},
      {"+ with an S constant",
       {Set(A("t"), Operand::Plus(P("n"), V(S("1"))))},
       "Invalid UpdateExpression: Incorrect operand type for operator or "
       "function; operator or function: +, operand type: S"},
      {"- with a BOOL constant",
       {Set(A("t"), Operand::Minus(V(AttributeValue::Bool(true)), P("n")))},
       "operator or function: -, operand type: BOOL"},
      {"+ overflows",
       {Set(A("t"), Operand::Plus(V(N(max)), V(N(max))))},
       "Number overflow"},
      {"+ needs more than 38 digits",
       {Set(A("t"), Operand::Plus(V(N("1E+30")), V(N("0.000000001"))))},
       "38 significant digits"},
      {"list_append with an S attribute",
       {Set(A("t"), Operand::ListAppend(P("s"), P("l")))},
       std::string(kDataType)},
      {"list_append with an S constant",
       {Set(A("t"), Operand::ListAppend(P("l"), V(S("x"))))},
       "Invalid UpdateExpression: Incorrect operand type for operator or "
       "function; operator or function: list_append, operand type: S"},
      {"list_append with a missing attribute",
       {Set(A("t"), Operand::ListAppend(P("missing"), P("l")))},
       "refers to an attribute that does not exist"},
      {"size() in SET", {Set(A("t"), Operand::Size(A("s")))}, "function: size"},
      {"operator without its operands",
       {bad_binary},
       "operator or function: +, number of operands: 1"},
      {"ADD to an S",
       {UpdateAction::Add(A("s"), N("1"))},
       std::string(kDataType)},
      {"ADD NS to an SS",
       {UpdateAction::Add(A("ss"), JV(R"({"NS":["1"]})"))},
       std::string(kDataType)},
      {"ADD N to an NS",
       {UpdateAction::Add(A("ns"), N("1"))},
       std::string(kDataType)},
      {"ADD needs more than 38 digits",
       {UpdateAction::Add(A("n"), N(max))},
       "38 significant digits"},
      {"ADD of an S",
       {UpdateAction::Add(A("t"), S("x"))},
       "Invalid UpdateExpression: Incorrect operand type for operator or "
       "function; operator: ADD, operand type: STRING, typeSet: "
       "ALLOWED_FOR_ADD_OPERAND"},
      {"ADD of an L",
       {UpdateAction::Add(A("l"), JV(R"({"L":[]})"))},
       "operator: ADD, operand type: LIST"},
      {"ADD of a path", {add_path}, "operand of ADD must be a value"},
      {"ADD of a non-number",
       {UpdateAction::Add(A("t"), N("abc"))},
       "cannot be converted to a numeric value"},
      {"DELETE of an N",
       {UpdateAction::Delete(A("ns"), N("1"))},
       "Invalid UpdateExpression: Incorrect operand type for operator or "
       "function; operator: DELETE, operand type: NUMBER, typeSet: "
       "ALLOWED_FOR_DELETE_OPERAND"},
      {"DELETE of a non-number",
       {UpdateAction::Delete(A("ns"), JV(R"({"NS":["x"]})"))},
       "cannot be converted to a numeric value"},
      {"DELETE SS from an NS",
       {UpdateAction::Delete(A("ns"), JV(R"({"SS":["1"]})"))},
       std::string(kDataType)},
      {"DELETE from an S",
       {UpdateAction::Delete(A("s"), JV(R"({"SS":["h"]})"))},
       std::string(kDataType)},
      {"same path twice",
       {Set(A("a"), V(S("1"))), Set(A("a"), V(S("2")))},
       "Invalid UpdateExpression: Two document paths overlap with each other; "
       "must remove or rewrite one of these paths; path one: [a], path two: "
       "[a]"},
      {"parent and child",
       {Set(A("m"), V(S("1"))), UpdateAction::Remove(A("m").Key("a"))},
       "Two document paths overlap with each other; must remove or rewrite "
       "one of these paths; path one: [m], path two: [m, a]"},
      {"child and parent",
       {UpdateAction::Add(A("m").Key("a"), N("1")),
        UpdateAction::Remove(A("m"))},
       "path one: [m, a], path two: [m]"},
      {"same list element",
       {Set(A("l").Index(0), V(S("1"))), UpdateAction::Remove(A("l").Index(0))},
       "path one: [l, [0]], path two: [l, [0]]"},
      {"map key and list index under one parent",
       {Set(A("m").Key("a"), V(S("1"))), Set(A("m").Index(0), V(S("2")))},
       "Invalid UpdateExpression: Two document paths conflict with each "
       "other; must remove or rewrite one of these paths; path one: [m, a], "
       "path two: [m, [0]]"},
      {"empty path", {Set(Path(), V(S("1")))}, std::string(kInvalidPath)},
      {"path starting with an index",
       {UpdateAction::Remove(Path{{PathElement{"", 0}}})},
       std::string(kInvalidPath)},
      {"if_not_exists with an empty path",
       {Set(A("t"), Operand::IfNotExists(Path(), V(S("x"))))},
       std::string(kInvalidPath)},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    Item item = Fixture();
    std::vector<Path> paths = {A("untouched")};
    ExpectInvalid(ApplyUpdate(c.actions, &item, &paths), c.message);
    EXPECT_EQ(item, Fixture()) << ItemToJson(item);
    ASSERT_EQ(paths.size(), 1u);
    EXPECT_EQ(paths[0], A("untouched"));
  }
}

// Earlier actions that succeeded are not committed when a later one fails.
TEST(EvaluatorUpdateTest, ItemUnchangedWhenALaterActionFails) {
  Item item = Fixture();
  Actions actions = {
      Set(A("t"), V(S("new"))), UpdateAction::Remove(A("l").Index(0)),
      UpdateAction::Add(A("n"), N("1")), Set(A("m").Key("a"), V(N("7"))),
      UpdateAction::Add(A("s"), N("1"))};  // S: fails
  ExpectInvalid(ApplyUpdate(actions, &item, nullptr),
                "An operand in the update expression has an incorrect data "
                "type");
  EXPECT_EQ(item, Fixture()) << ItemToJson(item);
}

}  // namespace
}  // namespace eddy::engine

// Copyright (c) Eddy authors.
//
// libFuzzer target for the expression parsers (engine/expression_parser.h).
// Each input is parsed as every expression kind, with a fixed set of
// ExpressionAttributeNames / ExpressionAttributeValues; whatever parses is
// also evaluated against a fixed item. Properties checked:
//   - nothing crashes, leaks or reads out of bounds (run under ASan);
//   - every failure is kInvalidArgument with a non-empty message.
//
// Build (clang): clang++ -fsanitize=fuzzer,address -std=c++20 ... this file
// plus the eddy library; seed corpus in tests/fuzz/corpus/expression_parser.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "eddy/expression_strings.h"
#include "eddy/value.h"
#include "engine/evaluator.h"
#include "engine/expression_parser.h"

namespace {

using eddy::AttributeValue;

const std::map<std::string, std::string>& Names() {
  static const auto* names =
      new std::map<std::string, std::string>{{"#n", "name"},
                                             {"#s", "status"},
                                             {"#a", "a"},
                                             {"#k", "pk"},
                                             {"#d", "x.y"}};
  return *names;
}

const std::map<std::string, AttributeValue>& Values() {
  static const auto* values = new std::map<std::string, AttributeValue>{
      {":s", AttributeValue::S("abc")},
      {":n", AttributeValue::N("5")},
      {":m", AttributeValue::N("-1.5E+3")},
      {":b", AttributeValue::B(std::string("\0\1", 2))},
      {":t", AttributeValue::Bool(true)},
      {":z", AttributeValue::Null()},
      {":l",
       AttributeValue::L({AttributeValue::N("1"), AttributeValue::S("x")})},
      {":e", AttributeValue::L({})},
      {":map", AttributeValue::M({{"k", AttributeValue::S("v")}})},
      {":ss", AttributeValue::SS({"a", "b"})},
      {":ns", AttributeValue::NS({"1", "2"})},
      {":bs", AttributeValue::BS({"x"})},
      {":type", AttributeValue::S("N")},
  };
  return *values;
}

const eddy::Item& TestItem() {
  static const auto* item = new eddy::Item{
      {"pk", AttributeValue::S("p")},
      {"a", AttributeValue::N("10")},
      {"name", AttributeValue::S("abcdef")},
      {"l",
       AttributeValue::L({AttributeValue::N("1"),
                          AttributeValue::M({{"b", AttributeValue::S("c")}})})},
      {"m", AttributeValue::M({{"a", AttributeValue::L({})}})},
      {"ss", AttributeValue::SS({"a"})},
  };
  return *item;
}

// Aborts unless `s` is OK or a proper validation error.
void Check(const absl::Status& s) {
  if (s.ok()) return;
  if (s.code() != absl::StatusCode::kInvalidArgument || s.message().empty()) {
    std::abort();
  }
}

eddy::engine::Placeholders NewPlaceholders() {
  eddy::engine::Placeholders p;
  p.names = &Names();
  p.values = &Values();
  return p;
}

void FuzzEachKind(std::string_view text) {
  using eddy::engine::ExpressionKind;
  eddy::engine::Placeholders p = NewPlaceholders();
  auto update = eddy::engine::ParseUpdateExpression(text, &p);
  Check(update.status());
  if (update.ok()) {
    eddy::Item copy = TestItem();
    Check(eddy::engine::ApplyUpdate(*update, &copy, nullptr));
  }
  for (ExpressionKind kind :
       {ExpressionKind::kCondition, ExpressionKind::kFilter}) {
    auto condition = eddy::engine::ParseConditionExpression(text, kind, &p);
    Check(condition.status());
    if (condition.ok()) {
      Check(eddy::engine::EvaluateCondition(*condition, TestItem()).status());
    }
  }
  auto keys = eddy::engine::ParseKeyConditionExpression(text, &p);
  Check(keys.status());
  if (keys.ok()) {
    eddy::KeySchema schema;
    schema.partition_key = {"pk", eddy::KeyType::kS};
    schema.sort_key = eddy::KeyAttribute{"a", eddy::KeyType::kN};
    Check(eddy::BindKeyConditions(*keys, schema).status());
  }
  auto projection = eddy::engine::ParseProjectionExpression(text, &p);
  Check(projection.status());
  if (projection.ok()) eddy::engine::Project(TestItem(), *projection);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  FuzzEachKind(text);
  // The request level: the same text in every parameter at once.
  eddy::ExpressionStrings in;
  in.update_expression = in.condition_expression = in.filter_expression =
      in.key_condition_expression = in.projection_expression =
          std::string(text);
  in.expression_attribute_names = Names();
  in.expression_attribute_values = Values();
  Check(eddy::CompileExpressions(in).status());
  return 0;
}

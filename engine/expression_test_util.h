// Copyright (c) Eddy authors.
//
// Test helpers for the expression parsers: a canonical text rendering of
// typed trees (so tests compare a parsed tree with one built from the
// factories and print both on failure), and shared placeholders.

#ifndef EDDY_ENGINE_EXPRESSION_TEST_UTIL_H_
#define EDDY_ENGINE_EXPRESSION_TEST_UTIL_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eddy/expression.h"
#include "eddy/value.h"
#include "engine/strings.h"

namespace eddy::engine::testing {

inline std::string Render(const AttributeValue& v);

inline std::string RenderList(const std::vector<std::string>& parts) {
  return absl::StrCat("[", absl::StrJoin(parts, ","), "]");
}

inline std::string Render(const AttributeValue& v) {
  std::vector<std::string> parts;
  switch (v.type()) {
    case AttributeType::kS:
      return absl::StrCat("S'", v.s(), "'");
    case AttributeType::kN:
      return absl::StrCat("N'", v.n(), "'");
    case AttributeType::kB:
      return absl::StrCat("B'", v.b(), "'");
    case AttributeType::kBool:
      return v.boolean() ? "true" : "false";
    case AttributeType::kNull:
      return "null";
    case AttributeType::kM:
      for (const auto& [k, e] : v.m()) parts.push_back(k + ":" + Render(e));
      return absl::StrCat("M", RenderList(parts));
    case AttributeType::kL:
      for (const auto& e : v.l()) parts.push_back(Render(e));
      return absl::StrCat("L", RenderList(parts));
    default:
      return absl::StrCat(Sv(AttributeTypeName(v.type())), RenderList(v.set()));
  }
}

// Path elements joined by '/', indexes in brackets: a/b/[0].
inline std::string Render(const Path& p) {
  std::vector<std::string> parts;
  for (const PathElement& e : p.elements) {
    parts.push_back(e.is_index() ? absl::StrCat("[", e.index, "]") : e.name);
  }
  return absl::StrJoin(parts, "/");
}

inline std::string Render(const Operand& o) {
  switch (o.kind) {
    case Operand::Kind::kValue:
      return Render(o.value);
    case Operand::Kind::kPath:
      return Render(o.path);
    case Operand::Kind::kSize:
      return absl::StrCat("size(", Render(o.path), ")");
    case Operand::Kind::kIfNotExists:
      return absl::StrCat("if_not_exists(", Render(o.path), ", ",
                          Render(o.args.at(0)), ")");
    case Operand::Kind::kListAppend:
      return absl::StrCat("list_append(", Render(o.args.at(0)), ", ",
                          Render(o.args.at(1)), ")");
    case Operand::Kind::kPlus:
      return absl::StrCat("(", Render(o.args.at(0)), " + ",
                          Render(o.args.at(1)), ")");
    case Operand::Kind::kMinus:
      return absl::StrCat("(", Render(o.args.at(0)), " - ",
                          Render(o.args.at(1)), ")");
  }
  return "?";
}

inline std::string Render(const std::vector<Operand>& operands) {
  std::vector<std::string> parts;
  for (const Operand& o : operands) parts.push_back(Render(o));
  return absl::StrJoin(parts, ", ");
}

inline std::string Render(const Condition& c) {
  using K = Condition::Kind;
  std::vector<std::string> children;
  for (const Condition& child : c.children) children.push_back(Render(child));
  switch (c.kind) {
    case K::kCompare:
      return absl::StrCat("(", Render(c.operands.at(0)), " ",
                          Sv(ComparatorSymbol(c.comparator)), " ",
                          Render(c.operands.at(1)), ")");
    case K::kBetween:
      return absl::StrCat("(", Render(c.operands.at(0)), " BETWEEN ",
                          Render(c.operands.at(1)), " AND ",
                          Render(c.operands.at(2)), ")");
    case K::kIn:
      return absl::StrCat("(", Render(c.operands.at(0)), " IN (",
                          Render(std::vector<Operand>(c.operands.begin() + 1,
                                                      c.operands.end())),
                          "))");
    case K::kAttributeExists:
      return absl::StrCat("attribute_exists(", Render(c.path), ")");
    case K::kAttributeNotExists:
      return absl::StrCat("attribute_not_exists(", Render(c.path), ")");
    case K::kAttributeType:
      return absl::StrCat("attribute_type(", Render(c.path), ", ",
                          Render(c.operands), ")");
    case K::kBeginsWith:
      return absl::StrCat("begins_with(", Render(c.operands), ")");
    case K::kContains:
      return absl::StrCat("contains(", Render(c.operands), ")");
    case K::kAnd:
      return absl::StrCat("(", absl::StrJoin(children, " AND "), ")");
    case K::kOr:
      return absl::StrCat("(", absl::StrJoin(children, " OR "), ")");
    case K::kNot:
      return absl::StrCat("(NOT ", absl::StrJoin(children, ""), ")");
  }
  return "?";
}

inline std::string Render(const UpdateAction& a) {
  switch (a.kind) {
    case UpdateAction::Kind::kSet:
      return absl::StrCat("SET ", Render(a.path), " = ", Render(a.value));
    case UpdateAction::Kind::kRemove:
      return absl::StrCat("REMOVE ", Render(a.path));
    case UpdateAction::Kind::kAdd:
      return absl::StrCat("ADD ", Render(a.path), " ", Render(a.value));
    case UpdateAction::Kind::kDelete:
      return absl::StrCat("DELETE ", Render(a.path), " ", Render(a.value));
  }
  return "?";
}

template <typename T>
std::string Render(const std::vector<T>& items) {
  std::vector<std::string> parts;
  for (const T& item : items) parts.push_back(Render(item));
  return absl::StrJoin(parts, "; ");
}

// Placeholders shared by the table-driven tests.
inline const std::map<std::string, std::string>& TestNames() {
  static const auto* names = new std::map<std::string, std::string>{
      {"#n", "name"},    {"#s", "status"}, {"#a", "a"},
      {"#c", "COMMENT"}, {"#dot", "x.y"},  {"#k", "pk"}};
  return *names;
}

inline const std::map<std::string, AttributeValue>& TestValues() {
  static const auto* values = new std::map<std::string, AttributeValue>{
      {":s", AttributeValue::S("abc")},
      {":t", AttributeValue::S("xyz")},
      {":n", AttributeValue::N("5")},
      {":m", AttributeValue::N("10")},
      {":b", AttributeValue::B("\x01\x02")},
      {":yes", AttributeValue::Bool(true)},
      {":null", AttributeValue::Null()},
      {":l", AttributeValue::L({AttributeValue::N("1")})},
      {":map", AttributeValue::M({{"k", AttributeValue::S("v")}})},
      {":ss", AttributeValue::SS({"a", "b"})},
      {":ns", AttributeValue::NS({"1", "2"})},
      {":bs", AttributeValue::BS({"x"})},
      {":typeN", AttributeValue::S("N")},
      {":typeBad", AttributeValue::S("STRING")},
  };
  return *values;
}

// Shorthands for building expected trees.
inline Operand P(const std::string& name) {
  return Operand::AtPath(Path::Attr(name));
}
inline Operand V(AttributeValue v) { return Operand::Value(std::move(v)); }

}  // namespace eddy::engine::testing

#endif  // EDDY_ENGINE_EXPRESSION_TEST_UTIL_H_

// Copyright (c) Eddy authors.
//
// Factories for the typed expression trees (see eddy/expression.h).

#include "eddy/expression.h"

#include <string>
#include <utility>

namespace eddy {

Path Path::Attr(std::string name) {
  Path p;
  p.elements.push_back(PathElement{std::move(name), -1});
  return p;
}

Path& Path::Key(std::string name) {
  elements.push_back(PathElement{std::move(name), -1});
  return *this;
}

Path& Path::Index(int64_t index) {
  elements.push_back(PathElement{std::string(), index});
  return *this;
}

std::string Path::ToString() const {
  std::string out;
  for (size_t i = 0; i < elements.size(); ++i) {
    const PathElement& e = elements[i];
    if (e.is_index()) {
      out += '[';
      out += std::to_string(e.index);
      out += ']';
    } else {
      if (i > 0) out += '.';
      out += e.name;
    }
  }
  return out;
}

Operand Operand::Value(AttributeValue v) {
  Operand o;
  o.kind = Kind::kValue;
  o.value = std::move(v);
  return o;
}

Operand Operand::AtPath(Path p) {
  Operand o;
  o.kind = Kind::kPath;
  o.path = std::move(p);
  return o;
}

Operand Operand::IfNotExists(Path p, Operand fallback) {
  Operand o;
  o.kind = Kind::kIfNotExists;
  o.path = std::move(p);
  o.args.push_back(std::move(fallback));
  return o;
}

namespace {

Operand Binary(Operand::Kind kind, Operand a, Operand b) {
  Operand o;
  o.kind = kind;
  o.args.reserve(2);
  o.args.push_back(std::move(a));
  o.args.push_back(std::move(b));
  return o;
}

Condition WithOperands(Condition::Kind kind, std::vector<Operand> operands) {
  Condition c;
  c.kind = kind;
  c.operands = std::move(operands);
  return c;
}

Condition WithChildren(Condition::Kind kind, std::vector<Condition> children) {
  Condition c;
  c.kind = kind;
  c.children = std::move(children);
  return c;
}

Condition WithPath(Condition::Kind kind, Path p) {
  Condition c;
  c.kind = kind;
  c.path = std::move(p);
  return c;
}

std::vector<Operand> Operands(Operand a, Operand b) {
  std::vector<Operand> v;
  v.reserve(2);
  v.push_back(std::move(a));
  v.push_back(std::move(b));
  return v;
}

}  // namespace

Operand Operand::ListAppend(Operand a, Operand b) {
  return Binary(Kind::kListAppend, std::move(a), std::move(b));
}

Operand Operand::Plus(Operand a, Operand b) {
  return Binary(Kind::kPlus, std::move(a), std::move(b));
}

Operand Operand::Minus(Operand a, Operand b) {
  return Binary(Kind::kMinus, std::move(a), std::move(b));
}

Operand Operand::Size(Path p) {
  Operand o;
  o.kind = Kind::kSize;
  o.path = std::move(p);
  return o;
}

Condition Condition::Compare(Operand a, Comparator cmp, Operand b) {
  Condition c =
      WithOperands(Kind::kCompare, Operands(std::move(a), std::move(b)));
  c.comparator = cmp;
  return c;
}

Condition Condition::Between(Operand v, Operand low, Operand high) {
  std::vector<Operand> operands;
  operands.reserve(3);
  operands.push_back(std::move(v));
  operands.push_back(std::move(low));
  operands.push_back(std::move(high));
  return WithOperands(Kind::kBetween, std::move(operands));
}

Condition Condition::In(Operand v, std::vector<Operand> candidates) {
  std::vector<Operand> operands;
  operands.reserve(candidates.size() + 1);
  operands.push_back(std::move(v));
  for (Operand& candidate : candidates)
    operands.push_back(std::move(candidate));
  return WithOperands(Kind::kIn, std::move(operands));
}

Condition Condition::Exists(Path p) {
  return WithPath(Kind::kAttributeExists, std::move(p));
}

Condition Condition::NotExists(Path p) {
  return WithPath(Kind::kAttributeNotExists, std::move(p));
}

Condition Condition::Type(Path p, AttributeType type) {
  Condition c = WithPath(Kind::kAttributeType, std::move(p));
  c.operands.push_back(
      Operand::Value(AttributeValue::S(std::string(AttributeTypeName(type)))));
  return c;
}

Condition Condition::BeginsWith(Operand a, Operand prefix) {
  return WithOperands(Kind::kBeginsWith,
                      Operands(std::move(a), std::move(prefix)));
}

Condition Condition::Contains(Operand a, Operand b) {
  return WithOperands(Kind::kContains, Operands(std::move(a), std::move(b)));
}

Condition Condition::And(std::vector<Condition> c) {
  return WithChildren(Kind::kAnd, std::move(c));
}

Condition Condition::Or(std::vector<Condition> c) {
  return WithChildren(Kind::kOr, std::move(c));
}

Condition Condition::Not(Condition c) {
  std::vector<Condition> children;
  children.push_back(std::move(c));
  return WithChildren(Kind::kNot, std::move(children));
}

UpdateAction UpdateAction::Set(Path p, Operand v) {
  UpdateAction a;
  a.kind = Kind::kSet;
  a.path = std::move(p);
  a.value = std::move(v);
  return a;
}

UpdateAction UpdateAction::Remove(Path p) {
  UpdateAction a;
  a.kind = Kind::kRemove;
  a.path = std::move(p);
  return a;
}

UpdateAction UpdateAction::Add(Path p, AttributeValue v) {
  UpdateAction a;
  a.kind = Kind::kAdd;
  a.path = std::move(p);
  a.value = Operand::Value(std::move(v));
  return a;
}

UpdateAction UpdateAction::Delete(Path p, AttributeValue v) {
  UpdateAction a;
  a.kind = Kind::kDelete;
  a.path = std::move(p);
  a.value = Operand::Value(std::move(v));
  return a;
}

std::string_view ComparatorSymbol(Comparator cmp) {
  switch (cmp) {
    case Comparator::kEq:
      return "=";
    case Comparator::kNe:
      return "<>";
    case Comparator::kLt:
      return "<";
    case Comparator::kLe:
      return "<=";
    case Comparator::kGt:
      return ">";
    case Comparator::kGe:
      return ">=";
  }
  return "?";
}

}  // namespace eddy

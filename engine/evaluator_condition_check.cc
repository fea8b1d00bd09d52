// Copyright (c) Eddy authors.
//
// Checking a condition tree before it is evaluated (see
// evaluator_condition.cc): operand counts and kinds, paths, attribute_type
// names, constant operand types and BETWEEN bounds, as DynamoDB checks them
// when it parses an expression. Messages follow DynamoDB's wording, without
// its "Invalid ConditionExpression: " prefix (the caller knows which
// expression the tree came from).

#include <string>
#include <string_view>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "engine/errors.h"
#include "engine/evaluator_internal.h"
#include "engine/strings.h"

namespace eddy::engine::evaluator_internal {
namespace {

// Bounds recursion on caller-built trees. DynamoDB's 4 KB expression limit
// keeps parsed trees far shallower.
constexpr int kMaxConditionDepth = 256;
// DynamoDB: IN takes at most 100 candidates.
constexpr size_t kMaxInCandidates = 100;

std::string_view ConditionName(const Condition& c) {
  switch (c.kind) {
    case Condition::Kind::kCompare:
      return ComparatorSymbol(c.comparator);
    case Condition::Kind::kBetween:
      return "BETWEEN";
    case Condition::Kind::kIn:
      return "IN";
    case Condition::Kind::kAttributeExists:
      return "attribute_exists";
    case Condition::Kind::kAttributeNotExists:
      return "attribute_not_exists";
    case Condition::Kind::kAttributeType:
      return "attribute_type";
    case Condition::Kind::kBeginsWith:
      return "begins_with";
    case Condition::Kind::kContains:
      return "contains";
    case Condition::Kind::kAnd:
      return "AND";
    case Condition::Kind::kOr:
      return "OR";
    case Condition::Kind::kNot:
      return "NOT";
  }
  return "?";
}

absl::Status BadPath() {
  return ValidationError(
      "Invalid document path: a path must be non-empty and start with an "
      "attribute name");
}

absl::Status OperandCount(const Condition& c, size_t count) {
  return ValidationError(
      absl::StrCat("Incorrect number of operands for operator or function; "
                   "operator or function: ",
                   Sv(ConditionName(c)), ", number of operands: ", count));
}

absl::Status IncorrectOperandType(std::string_view function,
                                  AttributeType type) {
  return ValidationError(absl::StrCat(
      "Incorrect operand type for operator or function; operator or "
      "function: ",
      Sv(function), ", operand type: ", Sv(AttributeTypeName(type))));
}

absl::Status CheckOperand(const Operand& op) {
  switch (op.kind) {
    case Operand::Kind::kValue:
      return absl::OkStatus();
    case Operand::Kind::kPath:
    case Operand::Kind::kSize:
      return IsWellFormedPath(op.path) ? absl::OkStatus() : BadPath();
    case Operand::Kind::kIfNotExists:
      return ValidationError(
          "The function is not allowed to be used this way in an "
          "expression; function: if_not_exists");
    case Operand::Kind::kListAppend:
      return ValidationError(
          "The function is not allowed to be used this way in an "
          "expression; function: list_append");
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      return ValidationError(
          "Arithmetic (+, -) is allowed only in SET actions of an update");
  }
  return ValidationError("Unknown operand kind");
}

// DynamoDB rejects `a = a`, `begins_with(a, a)` and the like.
absl::Status CheckDistinct(const Condition& c) {
  const Operand& a = c.operands[0];
  const Operand& b = c.operands[1];
  if (a.kind != Operand::Kind::kPath || b.kind != Operand::Kind::kPath ||
      !(a.path == b.path)) {
    return absl::OkStatus();
  }
  return ValidationError(absl::StrCat(
      "The first operand must be distinct from the remaining operands for "
      "this operator or function; operator: ",
      Sv(ConditionName(c)), ", first operand: ", PathForError(a.path)));
}

// Renders a BETWEEN bound as DynamoDB does: AttributeValue: {N:5}.
std::string BoundForError(const AttributeValue& v) {
  std::string text;
  switch (v.type()) {
    case AttributeType::kS:
      text = v.s();
      break;
    case AttributeType::kN:
      text = v.n();
      break;
    case AttributeType::kB:
      text = absl::Base64Escape(v.b());
      break;
    default:
      text = "...";
  }
  return absl::StrCat("AttributeValue: {", Sv(AttributeTypeName(v.type())), ":",
                      text, "}");
}

// DynamoDB checks constant BETWEEN bounds: same type, low <= high.
absl::Status CheckBetweenBounds(const Operand& low, const Operand& high) {
  if (low.kind != Operand::Kind::kValue || high.kind != Operand::Kind::kValue) {
    return absl::OkStatus();
  }
  const std::string bounds =
      absl::StrCat("lower bound operand: ", BoundForError(low.value),
                   ", upper bound operand: ", BoundForError(high.value));
  if (low.value.type() != high.value.type()) {
    return ValidationError(absl::StrCat(
        "The BETWEEN operator requires same data type for lower and upper "
        "bounds; ",
        bounds));
  }
  std::optional<int> order = CompareOrdered(low.value, high.value);
  if (order.has_value() && *order > 0) {
    return ValidationError(absl::StrCat(
        "The BETWEEN operator requires upper bound to be greater than or "
        "equal to lower bound; ",
        bounds));
  }
  return absl::OkStatus();
}

// attribute_type's second operand: an S constant naming a DynamoDB type.
absl::Status CheckTypeName(const Operand& op) {
  if (op.kind != Operand::Kind::kValue) {
    return ValidationError(
        "Incorrect operand type for operator or function; operator or "
        "function: attribute_type, operand type: PATH");
  }
  if (op.value.type() != AttributeType::kS) {
    return IncorrectOperandType("attribute_type", op.value.type());
  }
  for (int t = 0; t <= static_cast<int>(AttributeType::kBS); ++t) {
    if (op.value.s() == AttributeTypeName(static_cast<AttributeType>(t))) {
      return absl::OkStatus();
    }
  }
  return ValidationError(
      absl::StrCat("Invalid attribute type name found; type: ", op.value.s(),
                   ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"));
}

absl::Status CheckCondition(const Condition& c, int depth);

absl::Status CheckOperands(const Condition& c, size_t min, size_t max) {
  if (c.operands.size() < min || c.operands.size() > max) {
    return OperandCount(c, c.operands.size());
  }
  for (const Operand& op : c.operands) {
    absl::Status s = CheckOperand(op);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckBeginsWith(const Condition& c) {
  for (const Operand& op : c.operands) {
    if (op.kind == Operand::Kind::kValue &&
        op.value.type() != AttributeType::kS &&
        op.value.type() != AttributeType::kB) {
      return IncorrectOperandType("begins_with", op.value.type());
    }
  }
  return CheckDistinct(c);
}

absl::Status CheckChildren(const Condition& c, int depth) {
  const bool is_not = c.kind == Condition::Kind::kNot;
  if (c.children.empty() || (is_not && c.children.size() != 1)) {
    return OperandCount(c, c.children.size());
  }
  for (const Condition& child : c.children) {
    absl::Status s = CheckCondition(child, depth + 1);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckFunction(const Condition& c) {
  switch (c.kind) {
    case Condition::Kind::kAttributeExists:
    case Condition::Kind::kAttributeNotExists:
      return IsWellFormedPath(c.path) ? absl::OkStatus() : BadPath();
    case Condition::Kind::kAttributeType:
      if (!IsWellFormedPath(c.path)) return BadPath();
      if (c.operands.size() != 1) return OperandCount(c, c.operands.size());
      return CheckTypeName(c.operands[0]);
    case Condition::Kind::kBeginsWith: {
      absl::Status s = CheckOperands(c, 2, 2);
      return s.ok() ? CheckBeginsWith(c) : s;
    }
    case Condition::Kind::kContains: {
      absl::Status s = CheckOperands(c, 2, 2);
      return s.ok() ? CheckDistinct(c) : s;
    }
    default:
      return ValidationError("Unknown condition kind");
  }
}

absl::Status CheckCondition(const Condition& c, int depth) {
  if (depth > kMaxConditionDepth) {
    return ValidationError(absl::StrCat(
        "Condition nested too deeply; the limit is ", kMaxConditionDepth));
  }
  absl::Status s;
  switch (c.kind) {
    case Condition::Kind::kCompare:
      s = CheckOperands(c, 2, 2);
      return s.ok() ? CheckDistinct(c) : s;
    case Condition::Kind::kBetween:
      s = CheckOperands(c, 3, 3);
      return s.ok() ? CheckBetweenBounds(c.operands[1], c.operands[2]) : s;
    case Condition::Kind::kIn:
      if (c.operands.size() > kMaxInCandidates + 1) {
        return ValidationError(absl::StrCat(
            "Too many operands for operator or function; operator or "
            "function: IN, number of operands: ",
            c.operands.size() - 1, ", the limit is ", kMaxInCandidates));
      }
      return CheckOperands(c, 2, kMaxInCandidates + 1);
    case Condition::Kind::kAnd:
    case Condition::Kind::kOr:
    case Condition::Kind::kNot:
      return CheckChildren(c, depth);
    default:
      return CheckFunction(c);
  }
}

}  // namespace

absl::Status CheckCondition(const Condition& condition) {
  return CheckCondition(condition, 0);
}

}  // namespace eddy::engine::evaluator_internal

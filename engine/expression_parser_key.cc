// Copyright (c) Eddy authors.
//
// KeyConditionExpression: parsed as a condition, then reduced to at most
// two single-attribute conditions joined by AND, with DynamoDB's messages
// for the shapes a key condition may not take.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/errors.h"
#include "engine/expression_parser.h"
#include "engine/expression_parser_base.h"
#include "engine/strings.h"

namespace eddy::engine {
namespace {

using Op = SortKeyCondition::Op;

absl::Status InvalidOperator(std::string_view op) {
  return ValidationError(absl::StrCat(
      "Invalid operator used in KeyConditionExpression: ", Sv(op)));
}

absl::Status InvalidCondition(std::string_view what) {
  return ValidationError(
      absl::StrCat("Invalid condition in KeyConditionExpression: ", Sv(what)));
}

// `v op path` is `path Mirror(op) v`.
Op Mirror(Op op) {
  switch (op) {
    case Op::kLt:
      return Op::kGt;
    case Op::kLe:
      return Op::kGe;
    case Op::kGt:
      return Op::kLt;
    case Op::kGe:
      return Op::kLe;
    default:
      return op;
  }
}

Op FromComparator(Comparator c) {
  switch (c) {
    case Comparator::kLt:
      return Op::kLt;
    case Comparator::kLe:
      return Op::kLe;
    case Comparator::kGt:
      return Op::kGt;
    case Comparator::kGe:
      return Op::kGe;
    default:
      return Op::kEq;
  }
}

// Adds the condition `op` over `operands` (one key path, values) to *out.
absl::Status AddTerm(Op op, const std::vector<Operand>& operands,
                     std::vector<KeyCondition>* out) {
  const Path* path = nullptr;
  size_t path_index = 0;
  std::vector<const AttributeValue*> values;
  for (size_t i = 0; i < operands.size(); ++i) {
    const Operand& o = operands[i];
    if (o.kind == Operand::Kind::kSize) {
      return ValidationError(
          "KeyConditionExpressions cannot contain nested operations");
    }
    if (o.kind != Operand::Kind::kPath) {
      values.push_back(&o.value);
      continue;
    }
    if (path != nullptr) {
      return InvalidCondition("Multiple attribute names used in one condition");
    }
    if (o.path.elements.size() > 1) {
      return ValidationError(
          "KeyConditionExpressions cannot have conditions on nested "
          "attributes");
    }
    path = &o.path;
    path_index = i;
  }
  if (path == nullptr) return InvalidCondition("No key attribute specified");
  for (const KeyCondition& earlier : *out) {
    if (earlier.attribute == path->top()) {
      return ValidationError(
          "KeyConditionExpressions must only contain one condition per key");
    }
  }
  KeyCondition kc;
  kc.attribute = path->top();
  kc.condition.op = path_index == 0 ? op : Mirror(op);
  if (!values.empty()) kc.condition.value = *values[0];
  if (values.size() > 1) kc.condition.high = *values[1];
  out->push_back(std::move(kc));
  return absl::OkStatus();
}

absl::Status Collect(const Condition& c, std::vector<KeyCondition>* out) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
      for (const Condition& child : c.children) {
        EDDY_EXPR_RETURN_IF_ERROR(Collect(child, out));
      }
      return absl::OkStatus();
    case Condition::Kind::kOr:
      return InvalidOperator("OR");
    case Condition::Kind::kNot:
      return InvalidOperator("NOT");
    case Condition::Kind::kIn:
      return InvalidOperator("IN");
    case Condition::Kind::kAttributeExists:
      return InvalidOperator("attribute_exists");
    case Condition::Kind::kAttributeNotExists:
      return InvalidOperator("attribute_not_exists");
    case Condition::Kind::kAttributeType:
      return InvalidOperator("attribute_type");
    case Condition::Kind::kContains:
      return InvalidOperator("contains");
    case Condition::Kind::kCompare:
      if (c.comparator == Comparator::kNe) return InvalidOperator("<>");
      return AddTerm(FromComparator(c.comparator), c.operands, out);
    case Condition::Kind::kBetween:
    case Condition::Kind::kBeginsWith: {
      bool between = c.kind == Condition::Kind::kBetween;
      if (c.operands.empty() || c.operands[0].kind != Operand::Kind::kPath) {
        return InvalidCondition(absl::StrCat(
            between ? "BETWEEN" : "begins_with",
            " operator must have the key attribute as its first operand"));
      }
      return AddTerm(between ? Op::kBetween : Op::kBeginsWith, c.operands, out);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<KeyCondition>> ParseKeyConditionExpression(
    std::string_view text, Placeholders* placeholders) {
  EDDY_EXPR_ASSIGN_OR_RETURN(
      Condition c, ParseConditionExpression(text, ExpressionKind::kKeyCondition,
                                            placeholders));
  std::vector<KeyCondition> out;
  EDDY_EXPR_RETURN_IF_ERROR(Collect(c, &out));
  if (out.size() > 2) {
    return ValidationError("Conditions can be of length 1 or 2 only");
  }
  return out;
}

}  // namespace eddy::engine

// Copyright (c) Eddy authors.
//
// The legacy (pre-expression) parameters mapped onto typed expressions
// (engine/expression_legacy.h), and ParseComparisonOperator. Messages
// follow DynamoDB's for the same mistakes.

#include "engine/expression_legacy.h"

#include <cstddef>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eddy/expression_strings.h"
#include "engine/errors.h"
#include "engine/expression_parser_base.h"
#include "engine/strings.h"

namespace eddy {
namespace {

using engine::ValidationError;
using Op = ComparisonOperator;

constexpr absl::string_view kInvalidValues =
    "One or more parameter values were invalid: ";

struct OperatorInfo {
  std::string_view name;
  Op op;
  size_t min_values;
  size_t max_values;
  std::string_view types;  // allowed value types ("" = any)
};

constexpr size_t kMany = std::numeric_limits<size_t>::max();
constexpr OperatorInfo kOperators[] = {
    {"EQ", Op::kEq, 1, 1, ""},
    {"NE", Op::kNe, 1, 1, ""},
    {"LE", Op::kLe, 1, 1, "S N B"},
    {"LT", Op::kLt, 1, 1, "S N B"},
    {"GE", Op::kGe, 1, 1, "S N B"},
    {"GT", Op::kGt, 1, 1, "S N B"},
    {"NOT_NULL", Op::kNotNull, 0, 0, ""},
    {"NULL", Op::kNull, 0, 0, ""},
    {"CONTAINS", Op::kContains, 1, 1, "S N B"},
    {"NOT_CONTAINS", Op::kNotContains, 1, 1, "S N B"},
    {"BEGINS_WITH", Op::kBeginsWith, 1, 1, "S B"},
    {"IN", Op::kIn, 1, kMany, "S N B"},
    {"BETWEEN", Op::kBetween, 2, 2, "S N B"},
};

const OperatorInfo& Info(Op op) {
  for (const OperatorInfo& info : kOperators) {
    if (info.op == op) return info;
  }
  return kOperators[0];
}

bool TypeAllowed(std::string_view types, std::string_view type) {
  if (types.empty()) return true;
  size_t start = 0;
  while (start < types.size()) {
    size_t end = types.find(' ', start);
    if (end == std::string_view::npos) end = types.size();
    if (types.substr(start, end - start) == type) return true;
    start = end + 1;
  }
  return false;
}

// Checks a condition's number, types and order of values.
absl::Status Validate(const LegacyCondition& c, bool check_types) {
  const OperatorInfo& info = Info(c.comparison_operator);
  const std::vector<AttributeValue>& values = c.attribute_value_list;
  if (values.size() < info.min_values || values.size() > info.max_values) {
    return ValidationError(
        absl::StrCat(kInvalidValues, "Invalid number of argument(s) for the ",
                     engine::Sv(info.name), " ComparisonOperator"));
  }
  for (const AttributeValue& v : values) {
    if (v.type() != values[0].type()) {
      return ValidationError(absl::StrCat(
          kInvalidValues,
          "AttributeValues inside AttributeValueList must be of same type"));
    }
    std::string_view type = AttributeTypeName(v.type());
    if (check_types && !TypeAllowed(info.types, type)) {
      return ValidationError(absl::StrCat(
          kInvalidValues, "ComparisonOperator ", engine::Sv(info.name),
          " is not valid for ", engine::Sv(type), " AttributeValue type"));
    }
  }
  if (c.comparison_operator == Op::kBetween) {
    std::optional<int> order = engine::OrderScalarValues(values[0], values[1]);
    if (order && *order > 0) {
      return ValidationError(
          "The BETWEEN condition was provided a range where the lower bound "
          "is greater than the upper bound");
    }
  }
  return absl::OkStatus();
}

// The typed form of `attribute <op> values`. REQUIRES: Validate() passed.
Condition ToCondition(const std::string& attribute, const LegacyCondition& c) {
  Operand a = Operand::AtPath(Path::Attr(attribute));
  const std::vector<AttributeValue>& v = c.attribute_value_list;
  auto value = [&](size_t i) { return Operand::Value(v[i]); };
  switch (c.comparison_operator) {
    case Op::kEq:
      return Condition::Compare(a, Comparator::kEq, value(0));
    case Op::kNe:
      return Condition::Compare(a, Comparator::kNe, value(0));
    case Op::kLe:
      return Condition::Compare(a, Comparator::kLe, value(0));
    case Op::kLt:
      return Condition::Compare(a, Comparator::kLt, value(0));
    case Op::kGe:
      return Condition::Compare(a, Comparator::kGe, value(0));
    case Op::kGt:
      return Condition::Compare(a, Comparator::kGt, value(0));
    case Op::kNotNull:
      return Condition::Exists(Path::Attr(attribute));
    case Op::kNull:
      return Condition::NotExists(Path::Attr(attribute));
    case Op::kContains:
      return Condition::Contains(a, value(0));
    case Op::kNotContains:
      return Condition::Not(Condition::Contains(a, value(0)));
    case Op::kBeginsWith:
      return Condition::BeginsWith(a, value(0));
    case Op::kBetween:
      return Condition::Between(a, value(0), value(1));
    case Op::kIn: {
      std::vector<Operand> candidates;
      for (size_t i = 0; i < v.size(); ++i) candidates.push_back(value(i));
      return Condition::In(a, std::move(candidates));
    }
  }
  return Condition::And({});
}

std::optional<Condition> Join(std::vector<Condition> conditions,
                              std::optional<ConditionalOperator> op) {
  if (conditions.empty()) return std::nullopt;
  if (conditions.size() == 1) return std::move(conditions[0]);
  if (op == ConditionalOperator::kOr)
    return Condition::Or(std::move(conditions));
  return Condition::And(std::move(conditions));
}

absl::StatusOr<std::optional<Condition>> FromFilter(
    const std::map<std::string, LegacyCondition>& filter,
    std::optional<ConditionalOperator> op) {
  std::vector<Condition> conditions;
  for (const auto& [attribute, c] : filter) {
    EDDY_EXPR_RETURN_IF_ERROR(Validate(c, /*check_types=*/true));
    conditions.push_back(ToCondition(attribute, c));
  }
  return Join(std::move(conditions), op);
}

absl::Status InvalidFor(std::string_view what, const std::string& attribute) {
  return ValidationError(absl::StrCat(kInvalidValues, engine::Sv(what),
                                      " for Attribute: ", attribute));
}

// An Expected entry with a ComparisonOperator.
absl::StatusOr<Condition> FromExpectedOperator(
    const std::string& attribute, const ExpectedAttributeValue& e) {
  if (e.exists) {
    return InvalidFor("Exists and ComparisonOperator cannot be used together",
                      attribute);
  }
  LegacyCondition c{*e.comparison_operator, e.attribute_value_list};
  if (e.value) c.attribute_value_list.push_back(*e.value);
  Op op = *e.comparison_operator;
  if (op != Op::kNull && op != Op::kNotNull && c.attribute_value_list.empty()) {
    return InvalidFor(absl::StrCat("Value or AttributeValueList must be used "
                                   "with ComparisonOperator: ",
                                   engine::Sv(Info(op).name)),
                      attribute);
  }
  EDDY_EXPR_RETURN_IF_ERROR(Validate(c, /*check_types=*/false));
  return ToCondition(attribute, c);
}

absl::StatusOr<Condition> FromExpected(const std::string& attribute,
                                       const ExpectedAttributeValue& e) {
  if (e.value && !e.attribute_value_list.empty()) {
    return InvalidFor("Value and AttributeValueList cannot be used together",
                      attribute);
  }
  if (e.comparison_operator) return FromExpectedOperator(attribute, e);
  if (!e.attribute_value_list.empty()) {
    return InvalidFor(
        "AttributeValueList can only be used with a ComparisonOperator",
        attribute);
  }
  bool exists = !e.exists || *e.exists;
  if (exists && !e.value) {
    return InvalidFor(absl::StrCat("Value must be provided when Exists is ",
                                   e.exists ? "true" : "null"),
                      attribute);
  }
  if (!exists && e.value) {
    return InvalidFor("Value cannot be used when Exists is false", attribute);
  }
  if (!exists) return Condition::NotExists(Path::Attr(attribute));
  return Condition::Compare(Operand::AtPath(Path::Attr(attribute)),
                            Comparator::kEq, Operand::Value(*e.value));
}

absl::StatusOr<UpdateAction> FromAttributeUpdate(
    const std::string& attribute, const AttributeValueUpdate& u) {
  using Action = AttributeValueUpdate::Action;
  Path path = Path::Attr(attribute);
  if (!u.value) {
    if (u.action == Action::kDelete) return UpdateAction::Remove(path);
    return ValidationError(absl::StrCat(
        kInvalidValues,
        "Only DELETE action is allowed when no attribute value is specified"));
  }
  const AttributeValue& v = *u.value;
  switch (u.action) {
    case Action::kPut:
      return UpdateAction::Set(path, Operand::Value(v));
    case Action::kDelete:
      if (v.is_set()) return UpdateAction::Delete(path, v);
      break;
    case Action::kAdd:
      if (v.is_set() || v.type() == AttributeType::kN) {
        return UpdateAction::Add(path, v);
      }
      if (v.type() == AttributeType::kL) {  // appends, creating the list
        Operand current =
            Operand::IfNotExists(path, Operand::Value(AttributeValue::L({})));
        return UpdateAction::Set(
            path, Operand::ListAppend(std::move(current), Operand::Value(v)));
      }
      break;
  }
  return ValidationError(
      absl::StrCat(kInvalidValues, u.action == Action::kAdd ? "ADD" : "DELETE",
                   " action is not supported for the type ",
                   engine::Sv(AttributeTypeName(v.type()))));
}

// The key-condition operator of a legacy operator, if it is one.
std::optional<SortKeyCondition::Op> KeyOp(Op op) {
  using K = SortKeyCondition::Op;
  switch (op) {
    case Op::kEq:
      return K::kEq;
    case Op::kLe:
      return K::kLe;
    case Op::kLt:
      return K::kLt;
    case Op::kGe:
      return K::kGe;
    case Op::kGt:
      return K::kGt;
    case Op::kBeginsWith:
      return K::kBeginsWith;
    case Op::kBetween:
      return K::kBetween;
    default:
      return std::nullopt;
  }
}

absl::StatusOr<std::vector<KeyCondition>> FromKeyConditions(
    const std::map<std::string, LegacyCondition>& conditions) {
  std::vector<KeyCondition> out;
  for (const auto& [attribute, c] : conditions) {
    EDDY_EXPR_RETURN_IF_ERROR(Validate(c, /*check_types=*/true));
    KeyCondition kc;
    kc.attribute = attribute;
    std::optional<SortKeyCondition::Op> op = KeyOp(c.comparison_operator);
    if (!op) {
      return ValidationError(
          "Attempted conditional constraint is not an indexable operation");
    }
    kc.condition.op = *op;
    kc.condition.value = c.attribute_value_list[0];
    if (c.attribute_value_list.size() > 1) {
      kc.condition.high = c.attribute_value_list[1];
    }
    out.push_back(std::move(kc));
  }
  return out;
}

}  // namespace

absl::StatusOr<ComparisonOperator> ParseComparisonOperator(
    const std::string& name) {
  for (const OperatorInfo& info : kOperators) {
    if (info.name == name) return info.op;
  }
  return ValidationError(absl::StrCat(
      "1 validation error detected: Value '", name,
      "' at 'comparisonOperator' failed to satisfy constraint: Member must "
      "satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, "
      "NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"));
}

namespace engine {

absl::StatusOr<std::optional<Condition>> CompileExpected(
    const std::map<std::string, ExpectedAttributeValue>& expected,
    std::optional<ConditionalOperator> op) {
  std::vector<Condition> conditions;
  for (const auto& [attribute, e] : expected) {
    EDDY_EXPR_ASSIGN_OR_RETURN(Condition c, FromExpected(attribute, e));
    conditions.push_back(std::move(c));
  }
  return Join(std::move(conditions), op);
}

absl::StatusOr<std::vector<UpdateAction>> CompileAttributeUpdates(
    const std::map<std::string, AttributeValueUpdate>& updates) {
  std::vector<UpdateAction> actions;
  for (const auto& [attribute, u] : updates) {
    EDDY_EXPR_ASSIGN_OR_RETURN(UpdateAction a,
                               FromAttributeUpdate(attribute, u));
    actions.push_back(std::move(a));
  }
  return actions;
}

absl::StatusOr<std::optional<Condition>> CompileFilter(
    const std::map<std::string, LegacyCondition>& filter,
    std::optional<ConditionalOperator> op) {
  return FromFilter(filter, op);
}

absl::StatusOr<std::vector<KeyCondition>> CompileKeyConditions(
    const std::map<std::string, LegacyCondition>& conditions) {
  return FromKeyConditions(conditions);
}

}  // namespace engine
}  // namespace eddy

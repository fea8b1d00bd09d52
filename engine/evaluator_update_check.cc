// Copyright (c) Eddy authors.
//
// Checking update actions before any is applied (phase 1 of ApplyUpdate, see
// evaluator_update.cc): paths, operand kinds, constant operand types, and
// overlapping or conflicting paths. Messages follow DynamoDB's wording.

#include <algorithm>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "engine/errors.h"
#include "engine/evaluator_internal.h"
#include "engine/strings.h"

namespace eddy::engine::evaluator_internal {
namespace {

// Bounds recursion on caller-built operand trees.
constexpr int kMaxOperandDepth = 64;

// DynamoDB's long type names, used in ADD/DELETE operand errors.
absl::Status OperandTypeError(std::string_view function, AttributeType type) {
  return ValidationError(absl::StrCat(
      "Invalid UpdateExpression: Incorrect operand type for operator or "
      "function; operator or function: ",
      Sv(function), ", operand type: ", Sv(AttributeTypeName(type))));
}

absl::Status CheckSetOperand(const Operand& op, int depth);

// list_append, + and -: two operands; constants must have `type`.
absl::Status CheckBinaryOperand(const Operand& op, std::string_view name,
                                AttributeType type, int depth) {
  if (op.args.size() != 2) {
    return ValidationError(absl::StrCat(
        "Invalid UpdateExpression: Incorrect number of operands for operator "
        "or function; operator or function: ",
        Sv(name), ", number of operands: ", op.args.size()));
  }
  for (const Operand& arg : op.args) {
    if (arg.kind == Operand::Kind::kValue && arg.value.type() != type) {
      return OperandTypeError(name, arg.value.type());
    }
    absl::Status s = CheckSetOperand(arg, depth + 1);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckSetOperand(const Operand& op, int depth) {
  if (depth > kMaxOperandDepth) {
    return ValidationError(
        "Invalid UpdateExpression: operand nested too deeply");
  }
  switch (op.kind) {
    case Operand::Kind::kValue:
      return absl::OkStatus();
    case Operand::Kind::kPath:
      return IsWellFormedPath(op.path) ? absl::OkStatus()
                                       : ValidationError(kInvalidUpdatePath);
    case Operand::Kind::kIfNotExists:
      if (!IsWellFormedPath(op.path))
        return ValidationError(kInvalidUpdatePath);
      if (op.args.size() != 1) {
        return ValidationError(
            "Invalid UpdateExpression: Incorrect number of operands for "
            "operator or function; operator or function: if_not_exists");
      }
      return CheckSetOperand(op.args[0], depth + 1);
    case Operand::Kind::kListAppend:
      return CheckBinaryOperand(op, "list_append", AttributeType::kL, depth);
    case Operand::Kind::kPlus:
      return CheckBinaryOperand(op, "+", AttributeType::kN, depth);
    case Operand::Kind::kMinus:
      return CheckBinaryOperand(op, "-", AttributeType::kN, depth);
    case Operand::Kind::kSize:
      return ValidationError(
          "Invalid UpdateExpression: The function is not allowed in an "
          "update expression; function: size");
  }
  return ValidationError("Unknown operand kind");
}

// ADD takes a number or a set; DELETE a set.
absl::Status CheckAddDeleteOperand(const UpdateAction& action) {
  const bool is_add = action.kind == UpdateAction::Kind::kAdd;
  if (action.value.kind != Operand::Kind::kValue) {
    return ValidationError(
        absl::StrCat("Invalid UpdateExpression: the operand of ",
                     is_add ? "ADD" : "DELETE", " must be a value"));
  }
  const AttributeValue& v = action.value.value;
  if (v.is_set() || (is_add && v.type() == AttributeType::kN)) {
    return absl::OkStatus();
  }
  return ValidationError(absl::StrCat(
      "Invalid UpdateExpression: Incorrect operand type for operator or "
      "function; operator: ",
      is_add ? "ADD" : "DELETE", ", operand type: ", Sv(LongTypeName(v.type())),
      ", typeSet: ",
      is_add ? "ALLOWED_FOR_ADD_OPERAND" : "ALLOWED_FOR_DELETE_OPERAND"));
}

absl::Status CheckAction(const UpdateAction& action) {
  if (!IsWellFormedPath(action.path))
    return ValidationError(kInvalidUpdatePath);
  switch (action.kind) {
    case UpdateAction::Kind::kSet:
      return CheckSetOperand(action.value, 0);
    case UpdateAction::Kind::kRemove:
      return absl::OkStatus();
    case UpdateAction::Kind::kAdd:
    case UpdateAction::Kind::kDelete:
      return CheckAddDeleteOperand(action);
  }
  return ValidationError("Unknown update action kind");
}

// Two paths overlap when one is a prefix of the other; they conflict when,
// after a common prefix, one continues with a name and the other with an
// index (the parent cannot be both a map and a list).
absl::Status CheckPair(const Path& one, const Path& two) {
  const size_t common = std::min(one.elements.size(), two.elements.size());
  for (size_t k = 0; k < common; ++k) {
    const PathElement& a = one.elements[k];
    const PathElement& b = two.elements[k];
    if (a.is_index() != b.is_index()) {
      return ValidationError(absl::StrCat(
          "Invalid UpdateExpression: Two document paths conflict with each "
          "other; must remove or rewrite one of these paths; path one: ",
          PathForError(one), ", path two: ", PathForError(two)));
    }
    if (!(a == b)) return absl::OkStatus();
  }
  return ValidationError(absl::StrCat(
      "Invalid UpdateExpression: Two document paths overlap with each other; "
      "must remove or rewrite one of these paths; path one: ",
      PathForError(one), ", path two: ", PathForError(two)));
}

}  // namespace

absl::Status CheckUpdate(const std::vector<UpdateAction>& actions) {
  for (const UpdateAction& action : actions) {
    absl::Status s = CheckAction(action);
    if (!s.ok()) return s;
  }
  for (size_t i = 0; i < actions.size(); ++i) {
    for (size_t j = i + 1; j < actions.size(); ++j) {
      absl::Status s = CheckPair(actions[i].path, actions[j].path);
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace eddy::engine::evaluator_internal

// Copyright (c) Eddy authors.
//
// Helpers shared by the evaluator's files (evaluator.cc,
// evaluator_condition*.cc, evaluator_update*.cc, evaluator_project.cc). Not
// part of any public surface.

#ifndef EDDY_ENGINE_EVALUATOR_INTERNAL_H_
#define EDDY_ENGINE_EVALUATOR_INTERNAL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "eddy/expression.h"
#include "eddy/value.h"

namespace eddy::engine::evaluator_internal {

// DynamoDB's messages for update errors that depend on the item.
inline constexpr std::string_view kInvalidUpdatePath =
    "The document path provided in the update expression is invalid for "
    "update";
inline constexpr std::string_view kMissingAttribute =
    "The provided expression refers to an attribute that does not exist in "
    "the item";
inline constexpr std::string_view kIncorrectDataType =
    "An operand in the update expression has an incorrect data type";

// Checks a condition tree as DynamoDB checks a parsed expression: operand
// counts and kinds (no SET-only operands), well-formed paths, attribute_type
// names, constant operand types of begins_with, constant BETWEEN bounds
// (same type, low <= high), at most 100 IN candidates, distinct operands
// (`a = a` is refused). kInvalidArgument naming the problem; OK otherwise.
// A checked tree evaluates without errors.
absl::Status CheckCondition(const Condition& condition);

// Checks update actions without looking at the item: well-formed paths,
// SET operand trees (no size(); list_append/+/- constants of type L/N),
// ADD operands N or a set, DELETE operands a set, and no two paths that
// overlap (one a prefix of the other) or conflict (map key vs list index
// under the same parent). kInvalidArgument with DynamoDB's message.
absl::Status CheckUpdate(const std::vector<UpdateAction>& actions);

// True if `path` can be evaluated: non-empty, and its first element is a
// name.
bool IsWellFormedPath(const Path& path);

// Renders a path as DynamoDB does in error messages: `a.b[2]` is
// "[a, b, [2]]".
std::string PathForError(const Path& path);

// Numeric comparison of two decimal texts (<0, 0, >0); nullopt if either is
// not a number.
std::optional<int> CompareNumberText(std::string_view a, std::string_view b);

// DynamoDB equality: same type and equal contents. N compares numerically,
// sets compare as sets (order and duplicates ignored, NS numerically), L
// and M element-wise with these rules.
bool ValuesEqual(const AttributeValue& a, const AttributeValue& b);

// DynamoDB ordering for < <= > >= and BETWEEN: defined only when both values
// have the same type and that type is N (numeric), S or B (bytewise).
// nullopt otherwise (the comparison is then false).
std::optional<int> CompareOrdered(const AttributeValue& a,
                                  const AttributeValue& b);

// True if `element` is a member of `set` (SS, NS or BS; NS numerically).
// REQUIRES: set.is_set().
bool SetContains(const AttributeValue& set, std::string_view element);

// Puts set elements in canonical form: sorted, duplicate-free, NS elements
// as canonical number text sorted numerically (SS, BS bytewise).
// kInvalidArgument if an NS element is not a number. REQUIRES: `type` is a
// set type.
absl::Status CanonicalizeSet(AttributeType type,
                             std::vector<std::string>* elements);

}  // namespace eddy::engine::evaluator_internal

#endif  // EDDY_ENGINE_EVALUATOR_INTERNAL_H_

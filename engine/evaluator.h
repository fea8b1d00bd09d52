// Copyright (c) Eddy authors.
//
// Evaluation of typed expressions (eddy/expression.h) against items, with
// DynamoDB semantics:
//
//   Conditions: comparisons between values of different types are false
//   (<> is true); a missing attribute makes a comparison false; < <= > >=
//   apply to N (numeric), S and B (bytewise) only. size() is string length
//   in bytes, binary length, or element count of M/L/sets. contains(a, b):
//   substring of S, element of a set, element of a list. begins_with on S
//   and B.
//
//   Updates: applied in order to a copy of the item. SET creates or
//   replaces (a missing parent map or list is an error); list index past
//   the end appends; REMOVE of a missing path is a no-op; ADD on a missing
//   attribute creates it (number or set); DELETE removes set elements and
//   removes an emptied set. Arithmetic requires N operands.

#ifndef EDDY_ENGINE_EVALUATOR_H_
#define EDDY_ENGINE_EVALUATOR_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eddy/expression.h"
#include "eddy/value.h"

namespace eddy::engine {

// Returns the value at `path` in `item`, or nullptr if absent.
const AttributeValue* ResolvePath(const Item& item, const Path& path);

// Evaluates a condition against `item` (an empty Item when the item does not
// exist). kInvalidArgument for a malformed tree (wrong operand count,
// size() of a non-path, an attribute_type that names no type); a type
// mismatch in a comparison is simply false, as in DynamoDB.
absl::StatusOr<bool> EvaluateCondition(const Condition& condition,
                                       const Item& item);

// Applies `actions` to *item in order. kInvalidArgument (naming the path and
// the operator) when an operand has the wrong type, a document path does not
// resolve for SET, or two actions target overlapping paths. *item is left
// unchanged on error. On success *updated_paths (if non-null) receives the
// paths the actions targeted, in action order, for UPDATED_OLD/NEW
// (Project(old_or_new_item, *updated_paths)).
absl::Status ApplyUpdate(const std::vector<UpdateAction>& actions, Item* item,
                         std::vector<Path>* updated_paths);

// Returns the projection of `item` onto `paths` (an empty list returns the
// item unchanged). Nested paths keep their enclosing maps; list elements
// picked by index keep their relative order in a compacted list.
Item Project(const Item& item, const std::vector<Path>& paths);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_EVALUATOR_H_

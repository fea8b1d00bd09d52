// Copyright (c) Eddy authors.
//
// The legacy (pre-expression) request parameters mapped onto typed
// expressions; see CompileRequest in eddy/expression_strings.h for the
// mapping. Each function returns kInvalidArgument (ValidationException,
// with DynamoDB's message) for a parameter DynamoDB rejects.

#ifndef EDDY_ENGINE_EXPRESSION_LEGACY_H_
#define EDDY_ENGINE_EXPRESSION_LEGACY_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eddy/expression.h"
#include "eddy/expression_strings.h"

namespace eddy::engine {

// Expected -> the write's condition (nullopt when empty).
absl::StatusOr<std::optional<Condition>> CompileExpected(
    const std::map<std::string, ExpectedAttributeValue>& expected,
    std::optional<ConditionalOperator> op);

// AttributeUpdates -> update actions, in attribute-name order.
absl::StatusOr<std::vector<UpdateAction>> CompileAttributeUpdates(
    const std::map<std::string, AttributeValueUpdate>& updates);

// QueryFilter / ScanFilter -> the filter (nullopt when empty).
absl::StatusOr<std::optional<Condition>> CompileFilter(
    const std::map<std::string, LegacyCondition>& filter,
    std::optional<ConditionalOperator> op);

// KeyConditions -> key conditions (for BindKeyConditions).
absl::StatusOr<std::vector<KeyCondition>> CompileKeyConditions(
    const std::map<std::string, LegacyCondition>& conditions);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_EXPRESSION_LEGACY_H_

// Copyright (c) Eddy authors.
//
// CompileRequest (eddy/expression_strings.h): one request's expression or
// legacy parameters, never both.

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eddy/expression_strings.h"
#include "engine/errors.h"
#include "engine/expression_legacy.h"
#include "engine/expression_parser_base.h"

namespace eddy {
namespace {

using engine::ValidationError;

std::vector<std::string> ExpressionParameters(const ExpressionStrings& e) {
  std::vector<std::string> out;
  if (!e.update_expression.empty()) out.push_back("UpdateExpression");
  if (!e.condition_expression.empty()) out.push_back("ConditionExpression");
  if (!e.key_condition_expression.empty()) {
    out.push_back("KeyConditionExpression");
  }
  if (!e.filter_expression.empty()) out.push_back("FilterExpression");
  if (!e.projection_expression.empty()) out.push_back("ProjectionExpression");
  return out;
}

// The legacy parameters that may not go with expressions. KeyConditions may,
// unless KeyConditionExpression is given too (as in DynamoDB).
std::vector<std::string> LegacyParameterNames(const LegacyParameters& l,
                                              const ExpressionStrings& e) {
  std::vector<std::string> out;
  if (l.attributes_to_get) out.push_back("AttributesToGet");
  if (!l.expected.empty()) out.push_back("Expected");
  if (!l.attribute_updates.empty()) out.push_back("AttributeUpdates");
  if (!l.key_conditions.empty() && !e.key_condition_expression.empty()) {
    out.push_back("KeyConditions");
  }
  if (!l.query_filter.empty()) out.push_back("QueryFilter");
  if (!l.scan_filter.empty()) out.push_back("ScanFilter");
  if (l.conditional_operator) out.push_back("ConditionalOperator");
  return out;
}

absl::StatusOr<std::vector<Path>> FromAttributesToGet(
    const std::vector<std::string>& names) {
  if (names.empty()) {
    return ValidationError(
        "1 validation error detected: Value '[]' at 'attributesToGet' failed "
        "to satisfy constraint: Member must have length greater than or "
        "equal to 1");
  }
  std::set<std::string> seen;
  std::vector<Path> out;
  for (const std::string& name : names) {
    if (!seen.insert(name).second) {
      return ValidationError(absl::StrCat(
          "One or more parameter values were invalid: Duplicate value in "
          "attribute name: ",
          name));
    }
    out.push_back(Path::Attr(name));
  }
  return out;
}

absl::Status CompileLegacy(const LegacyParameters& l,
                           CompiledExpressions* out) {
  if (l.conditional_operator && l.expected.empty() && l.query_filter.empty() &&
      l.scan_filter.empty()) {
    return ValidationError(
        "ConditionalOperator can only be used with Expected, QueryFilter or "
        "ScanFilter");
  }
  if (!l.query_filter.empty() && !l.scan_filter.empty()) {
    return ValidationError(
        "QueryFilter and ScanFilter cannot be used together");
  }
  if (l.attributes_to_get) {
    EDDY_EXPR_ASSIGN_OR_RETURN(out->projection,
                               FromAttributesToGet(*l.attributes_to_get));
  }
  if (!l.expected.empty()) {
    EDDY_EXPR_ASSIGN_OR_RETURN(
        out->condition,
        engine::CompileExpected(l.expected, l.conditional_operator));
  }
  if (!l.attribute_updates.empty()) {
    EDDY_EXPR_ASSIGN_OR_RETURN(
        out->update, engine::CompileAttributeUpdates(l.attribute_updates));
  }
  if (!l.key_conditions.empty()) {
    EDDY_EXPR_ASSIGN_OR_RETURN(out->key_conditions,
                               engine::CompileKeyConditions(l.key_conditions));
  }
  const auto& filter = l.query_filter.empty() ? l.scan_filter : l.query_filter;
  if (!filter.empty()) {
    EDDY_EXPR_ASSIGN_OR_RETURN(
        out->filter, engine::CompileFilter(filter, l.conditional_operator));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CompiledExpressions> CompileRequest(
    const ExpressionStrings& expressions, const LegacyParameters& legacy) {
  std::vector<std::string> expression_params =
      ExpressionParameters(expressions);
  std::vector<std::string> legacy_params =
      LegacyParameterNames(legacy, expressions);
  if (!expression_params.empty() && !legacy_params.empty()) {
    return ValidationError(absl::StrCat(
        "Can not use both expression and non-expression parameters in the "
        "same request: Non-expression parameters: {",
        absl::StrJoin(legacy_params, ", "), "} Expression parameters: {",
        absl::StrJoin(expression_params, ", "), "}"));
  }
  EDDY_EXPR_ASSIGN_OR_RETURN(CompiledExpressions out,
                             CompileExpressions(expressions));
  EDDY_EXPR_RETURN_IF_ERROR(CompileLegacy(legacy, &out));
  return out;
}

}  // namespace eddy

// Copyright (c) Eddy authors.
//
// DynamoDB's expression strings, compiled into the typed trees of
// expression.h.
//
// Code written for DynamoDB sends UpdateExpression, ConditionExpression,
// KeyConditionExpression, FilterExpression and ProjectionExpression strings
// with #name and :value placeholders (ExpressionAttributeNames and
// ExpressionAttributeValues). CompileExpressions() parses and validates them
// exactly as DynamoDB does and returns typed trees; the trees hold copies of
// the placeholder values, so they can be cached and evaluated any number of
// times without re-parsing.
//
// The older, pre-expression parameters (AttributesToGet, Expected,
// AttributeUpdates, KeyConditions, QueryFilter, ScanFilter) compile onto the
// same trees through CompileRequest().
//
// Every error is kInvalidArgument with the AWS name ValidationException and
// DynamoDB's message, which says what is wrong and where, for example
//   Invalid UpdateExpression: Attribute name is a reserved keyword;
//   reserved keyword: status
//   Invalid ConditionExpression: Syntax error; token: "AND", near: "= AND :x"
//   Value provided in ExpressionAttributeValues unused in expressions:
//   keys: {:unused}
//
// Thread-safety: plain values and pure functions; safe to call concurrently.

#ifndef EDDY_EXPRESSION_STRINGS_H_
#define EDDY_EXPRESSION_STRINGS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eddy/expression.h"
#include "eddy/requests.h"
#include "eddy/table.h"
#include "eddy/value.h"

namespace eddy {

// The expression parameters of one request. An empty string means the
// parameter is absent (a string of only whitespace is present and is an
// error: "The expression can not be empty;"). Each expression may be at most
// 4096 bytes.
struct ExpressionStrings {
  std::string update_expression;
  std::string condition_expression;
  std::string key_condition_expression;
  std::string filter_expression;
  std::string projection_expression;
  // "#n" -> attribute name. Keys must match #[A-Za-z0-9_]+.
  std::map<std::string, std::string> expression_attribute_names;
  // ":v" -> value. Keys must match :[A-Za-z0-9_]+. Values are used as given
  // (the caller validates them like item values).
  std::map<std::string, AttributeValue> expression_attribute_values;

  bool empty() const {
    return update_expression.empty() && condition_expression.empty() &&
           key_condition_expression.empty() && filter_expression.empty() &&
           projection_expression.empty();
  }
};

// One condition of a KeyConditionExpression on one key attribute, with the
// attribute on the left: `attribute <op> value` (kEq also for the partition
// key), `attribute BETWEEN value AND high`, `begins_with(attribute, value)`.
struct KeyCondition {
  std::string attribute;
  SortKeyCondition condition;
};

// The typed form of a request's expressions. Fields of absent expressions
// are empty.
struct CompiledExpressions {
  std::vector<UpdateAction> update;    // in expression order
  std::optional<Condition> condition;  // ConditionExpression / Expected
  std::optional<Condition> filter;     // FilterExpression / Query-/ScanFilter
  std::vector<Path> projection;        // empty = every attribute
  std::vector<KeyCondition> key_conditions;  // 0, 1 or 2; see BindKeyConditions
};

// Parses and validates every present expression of `in`, then checks that
// each ExpressionAttributeNames / ExpressionAttributeValues entry is used by
// at least one of them. kInvalidArgument (ValidationException) for any
// syntax or validation error, reporting the first found, checking the
// expressions in the order update, condition, key condition, filter,
// projection.
absl::StatusOr<CompiledExpressions> CompileExpressions(
    const ExpressionStrings& in);

// Single-kind conveniences: compile one expression with its placeholders;
// every placeholder given must be used by it. `text` must not be empty.
absl::StatusOr<std::vector<UpdateAction>> CompileUpdateExpression(
    const std::string& text,
    const std::map<std::string, std::string>& names = {},
    const std::map<std::string, AttributeValue>& values = {});
absl::StatusOr<Condition> CompileConditionExpression(
    const std::string& text,
    const std::map<std::string, std::string>& names = {},
    const std::map<std::string, AttributeValue>& values = {});
absl::StatusOr<std::vector<Path>> CompileProjectionExpression(
    const std::string& text,
    const std::map<std::string, std::string>& names = {});

// The key part of a Query, once the key conditions are matched against the
// table's key schema.
struct QueryKey {
  AttributeValue partition_key;
  std::optional<SortKeyCondition> sort_key_condition;
};

// Matches key conditions (from CompileExpressions or legacy KeyConditions)
// against `schema`. kInvalidArgument when the partition key has no
// condition ("Query condition missed key schema element: <name>"), is not
// compared with = ("Query key condition not supported"), a condition names
// a non-key attribute, or a value's type differs from the key's ("One or
// more parameter values were invalid: Condition parameter type does not
// match schema type").
absl::StatusOr<QueryKey> BindKeyConditions(
    const std::vector<KeyCondition>& conditions, const KeySchema& schema);

// kInvalidArgument ("Cannot update attribute <name>. This attribute is part
// of the key") if an action targets a key attribute of `schema`, or a path
// inside one.
absl::Status CheckUpdateDoesNotTouchKeys(
    const std::vector<UpdateAction>& actions, const KeySchema& schema);

// ---- Legacy (non-expression) parameters ----

// ComparisonOperator of Expected, KeyConditions, QueryFilter and ScanFilter.
enum class ComparisonOperator : uint8_t {
  kEq,
  kNe,
  kLe,
  kLt,
  kGe,
  kGt,
  kNotNull,
  kNull,
  kContains,
  kNotContains,
  kBeginsWith,
  kIn,
  kBetween,
};

// Parses DynamoDB's operator name ("EQ", "NOT_NULL", "BEGINS_WITH", ...).
// kInvalidArgument for any other string.
absl::StatusOr<ComparisonOperator> ParseComparisonOperator(
    const std::string& name);

// One condition of KeyConditions / QueryFilter / ScanFilter.
struct LegacyCondition {
  ComparisonOperator comparison_operator = ComparisonOperator::kEq;
  std::vector<AttributeValue> attribute_value_list;
};

// One entry of Expected: either Value / Exists, or ComparisonOperator /
// AttributeValueList.
struct ExpectedAttributeValue {
  std::optional<AttributeValue> value;
  std::optional<bool> exists;
  std::optional<ComparisonOperator> comparison_operator;
  std::vector<AttributeValue> attribute_value_list;
};

// One entry of AttributeUpdates.
struct AttributeValueUpdate {
  enum class Action : uint8_t { kPut, kAdd, kDelete };
  Action action = Action::kPut;
  std::optional<AttributeValue> value;
};

enum class ConditionalOperator : uint8_t { kAnd, kOr };

// The legacy parameters of one request; empty maps and nullopt are absent.
struct LegacyParameters {
  std::optional<std::vector<std::string>> attributes_to_get;
  std::map<std::string, ExpectedAttributeValue> expected;
  std::map<std::string, AttributeValueUpdate> attribute_updates;
  std::map<std::string, LegacyCondition> key_conditions;
  std::map<std::string, LegacyCondition> query_filter;
  std::map<std::string, LegacyCondition> scan_filter;
  // Joins the entries of expected / query_filter / scan_filter (AND if
  // unset). Only valid together with one of them.
  std::optional<ConditionalOperator> conditional_operator;

  bool empty() const {
    return !attributes_to_get && expected.empty() &&
           attribute_updates.empty() && key_conditions.empty() &&
           query_filter.empty() && scan_filter.empty() && !conditional_operator;
  }
};

// Compiles a request given in either form. kInvalidArgument when both forms
// are used ("Can not use both expression and non-expression parameters in
// the same request: Non-expression parameters: {...} Expression parameters:
// {...}"; KeyConditions may go with expressions other than
// KeyConditionExpression, as in DynamoDB), when placeholders are given
// without expressions, or for any error of CompileExpressions or of the
// legacy mapping:
//   AttributesToGet -> projection (duplicate names are an error);
//   Expected -> condition: {Value} is =, {Exists: false} is
//     attribute_not_exists, {ComparisonOperator, AttributeValueList} as
//     below; entries joined by ConditionalOperator;
//   AttributeUpdates -> update: PUT is SET, DELETE without a value is
//     REMOVE, DELETE with a set is DELETE, ADD of a number or set is ADD,
//     ADD of a list appends to it;
//   KeyConditions -> key_conditions (EQ, LE, LT, GE, GT, BEGINS_WITH,
//     BETWEEN only);
//   QueryFilter / ScanFilter -> filter: EQ NE LE LT GE GT are comparisons,
//     NOT_NULL / NULL attribute_exists / attribute_not_exists, CONTAINS /
//     NOT_CONTAINS contains / NOT contains, BEGINS_WITH begins_with, IN and
//     BETWEEN as in expressions; each checks its number and types of
//     values as DynamoDB does.
absl::StatusOr<CompiledExpressions> CompileRequest(
    const ExpressionStrings& expressions, const LegacyParameters& legacy);

}  // namespace eddy

#endif  // EDDY_EXPRESSION_STRINGS_H_

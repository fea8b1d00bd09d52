// Copyright (c) Eddy authors.
//
// CompileExpressions and its companions (eddy/expression_strings.h): the
// request-level checks around the per-expression parsers.

#include "eddy/expression_strings.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/errors.h"
#include "engine/expression_parser.h"
#include "engine/expression_parser_base.h"
#include "engine/item_validation.h"
#include "engine/strings.h"

namespace eddy {
namespace {

using engine::ValidationError;

// True if `key` is `prefix` followed by one or more [A-Za-z0-9_].
bool IsPlaceholderKey(std::string_view key, char prefix) {
  if (key.size() < 2 || key[0] != prefix) return false;
  for (char c : key.substr(1)) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool HasValueExpression(const ExpressionStrings& in) {
  return !in.update_expression.empty() || !in.condition_expression.empty() ||
         !in.key_condition_expression.empty() || !in.filter_expression.empty();
}

absl::Status CheckPlaceholderKeys(const ExpressionStrings& in) {
  if (!in.expression_attribute_names.empty() && in.empty()) {
    return ValidationError(
        "ExpressionAttributeNames can only be specified when using "
        "expressions");
  }
  if (!in.expression_attribute_values.empty() && !HasValueExpression(in)) {
    return ValidationError(
        "ExpressionAttributeValues can only be specified when using "
        "expressions");
  }
  for (const auto& [key, name] : in.expression_attribute_names) {
    if (!IsPlaceholderKey(key, '#')) {
      return ValidationError(absl::StrCat(
          "ExpressionAttributeNames contains invalid key: Syntax error; "
          "key: \"",
          key, "\""));
    }
    if (name.empty()) {
      return ValidationError(absl::StrCat(
          "ExpressionAttributeNames contains invalid value: Empty attribute "
          "name for key ",
          key));
    }
  }
  for (const auto& [key, value] : in.expression_attribute_values) {
    if (!IsPlaceholderKey(key, ':')) {
      return ValidationError(absl::StrCat(
          "ExpressionAttributeValues contains invalid key: Syntax error; "
          "key: \"",
          key, "\""));
    }
    // The values obey the same rules as item values (numbers, sets, depth).
    AttributeValue copy = value;
    if (absl::Status s = engine::NormalizeValue(key, 0, &copy); !s.ok()) {
      return ValidationError(absl::StrCat(
          "ExpressionAttributeValues contains invalid value: ", s.message()));
    }
  }
  return absl::OkStatus();
}

template <typename Map>
absl::Status CheckUnused(const Map& map, const std::set<std::string>& used,
                         std::string_view parameter) {
  std::vector<std::string> unused;
  for (const auto& entry : map) {
    if (used.count(entry.first) == 0) unused.push_back(entry.first);
  }
  if (unused.empty()) return absl::OkStatus();
  return ValidationError(absl::StrCat(
      "Value provided in ", engine::Sv(parameter),
      " unused in expressions: keys: {", absl::StrJoin(unused, ", "), "}"));
}

bool MatchesKeyType(const AttributeValue& v, KeyType type) {
  switch (type) {
    case KeyType::kS:
      return v.type() == AttributeType::kS;
    case KeyType::kN:
      return v.type() == AttributeType::kN;
    case KeyType::kB:
      return v.type() == AttributeType::kB;
  }
  return false;
}

absl::Status TypeMismatch() {
  return ValidationError(
      "One or more parameter values were invalid: Condition parameter type "
      "does not match schema type");
}

absl::Status CheckSortKeyTypes(const KeyCondition& sk, KeyType type) {
  bool between = sk.condition.op == SortKeyCondition::Op::kBetween;
  if (!MatchesKeyType(sk.condition.value, type) ||
      (between && !MatchesKeyType(sk.condition.high, type))) {
    return TypeMismatch();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CompiledExpressions> CompileExpressions(
    const ExpressionStrings& in) {
  EDDY_EXPR_RETURN_IF_ERROR(CheckPlaceholderKeys(in));
  engine::Placeholders p;
  p.names = &in.expression_attribute_names;
  p.values = &in.expression_attribute_values;
  CompiledExpressions out;
  if (!in.update_expression.empty()) {
    EDDY_EXPR_ASSIGN_OR_RETURN(
        out.update, engine::ParseUpdateExpression(in.update_expression, &p));
  }
  if (!in.condition_expression.empty()) {
    EDDY_EXPR_ASSIGN_OR_RETURN(
        out.condition,
        engine::ParseConditionExpression(
            in.condition_expression, engine::ExpressionKind::kCondition, &p));
  }
  if (!in.key_condition_expression.empty()) {
    EDDY_EXPR_ASSIGN_OR_RETURN(
        out.key_conditions,
        engine::ParseKeyConditionExpression(in.key_condition_expression, &p));
  }
  if (!in.filter_expression.empty()) {
    EDDY_EXPR_ASSIGN_OR_RETURN(
        out.filter,
        engine::ParseConditionExpression(in.filter_expression,
                                         engine::ExpressionKind::kFilter, &p));
  }
  if (!in.projection_expression.empty()) {
    EDDY_EXPR_ASSIGN_OR_RETURN(
        out.projection,
        engine::ParseProjectionExpression(in.projection_expression, &p));
  }
  EDDY_EXPR_RETURN_IF_ERROR(CheckUnused(
      in.expression_attribute_names, p.used_names, "ExpressionAttributeNames"));
  EDDY_EXPR_RETURN_IF_ERROR(CheckUnused(in.expression_attribute_values,
                                        p.used_values,
                                        "ExpressionAttributeValues"));
  return out;
}

namespace {

absl::Status EmptyExpression(engine::ExpressionKind kind) {
  return ValidationError(
      absl::StrCat("Invalid ", engine::Sv(engine::ExpressionKindName(kind)),
                   ": The expression can not be empty;"));
}

}  // namespace

absl::StatusOr<std::vector<UpdateAction>> CompileUpdateExpression(
    const std::string& text, const std::map<std::string, std::string>& names,
    const std::map<std::string, AttributeValue>& values) {
  if (text.empty()) return EmptyExpression(engine::ExpressionKind::kUpdate);
  ExpressionStrings in;
  in.update_expression = text;
  in.expression_attribute_names = names;
  in.expression_attribute_values = values;
  EDDY_EXPR_ASSIGN_OR_RETURN(CompiledExpressions out, CompileExpressions(in));
  return std::move(out.update);
}

absl::StatusOr<Condition> CompileConditionExpression(
    const std::string& text, const std::map<std::string, std::string>& names,
    const std::map<std::string, AttributeValue>& values) {
  if (text.empty()) return EmptyExpression(engine::ExpressionKind::kCondition);
  ExpressionStrings in;
  in.condition_expression = text;
  in.expression_attribute_names = names;
  in.expression_attribute_values = values;
  EDDY_EXPR_RETURN_IF_ERROR(CheckPlaceholderKeys(in));
  engine::Placeholders p;
  p.names = &names;
  p.values = &values;
  EDDY_EXPR_ASSIGN_OR_RETURN(Condition c,
                             engine::ParseConditionExpression(
                                 text, engine::ExpressionKind::kCondition, &p));
  EDDY_EXPR_RETURN_IF_ERROR(
      CheckUnused(names, p.used_names, "ExpressionAttributeNames"));
  EDDY_EXPR_RETURN_IF_ERROR(
      CheckUnused(values, p.used_values, "ExpressionAttributeValues"));
  return c;
}

absl::StatusOr<std::vector<Path>> CompileProjectionExpression(
    const std::string& text, const std::map<std::string, std::string>& names) {
  if (text.empty()) return EmptyExpression(engine::ExpressionKind::kProjection);
  ExpressionStrings in;
  in.projection_expression = text;
  in.expression_attribute_names = names;
  EDDY_EXPR_ASSIGN_OR_RETURN(CompiledExpressions out, CompileExpressions(in));
  return std::move(out.projection);
}

absl::StatusOr<QueryKey> BindKeyConditions(
    const std::vector<KeyCondition>& conditions, const KeySchema& schema) {
  const KeyCondition* pk = nullptr;
  const KeyCondition* sk = nullptr;
  for (const KeyCondition& kc : conditions) {
    if (kc.attribute == schema.partition_key.name) {
      pk = &kc;
    } else if (schema.sort_key && kc.attribute == schema.sort_key->name) {
      sk = &kc;
    } else if (schema.sort_key) {
      return ValidationError(
          absl::StrCat("Query condition missed key schema element: ",
                       schema.sort_key->name));
    } else {
      return ValidationError("Query key condition not supported");
    }
  }
  if (pk == nullptr) {
    return ValidationError(
        absl::StrCat("Query condition missed key schema element: ",
                     schema.partition_key.name));
  }
  if (pk->condition.op != SortKeyCondition::Op::kEq) {
    return ValidationError("Query key condition not supported");
  }
  if (!MatchesKeyType(pk->condition.value, schema.partition_key.type)) {
    return TypeMismatch();
  }
  QueryKey out;
  out.partition_key = pk->condition.value;
  if (sk != nullptr) {
    EDDY_EXPR_RETURN_IF_ERROR(CheckSortKeyTypes(*sk, schema.sort_key->type));
    out.sort_key_condition = sk->condition;
  }
  return out;
}

absl::Status CheckUpdateDoesNotTouchKeys(
    const std::vector<UpdateAction>& actions, const KeySchema& schema) {
  for (const UpdateAction& action : actions) {
    if (action.path.empty()) continue;
    const std::string& top = action.path.top();
    if (top == schema.partition_key.name ||
        (schema.sort_key && top == schema.sort_key->name)) {
      return ValidationError(
          absl::StrCat("Cannot update attribute ", top,
                       ". This attribute is part of the key"));
    }
  }
  return absl::OkStatus();
}

}  // namespace eddy

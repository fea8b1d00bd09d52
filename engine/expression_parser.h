// Copyright (c) Eddy authors.
//
// Parsers of DynamoDB's five expression kinds (internal; the public entry
// point is eddy/expression_strings.h). Grammar, with keywords matched
// case-insensitively and function names case-sensitively:
//
//   path       := element ( '.' element | '[' number ']' )*
//   element    := identifier | #name
//   operand    := path | :value | function '(' operand (',' operand)* ')'
//
//   condition  := or
//   or         := and ( OR and )*
//   and        := not ( AND not )*
//   not        := NOT not | compare
//   compare    := primary [ comparator primary
//                         | BETWEEN primary AND primary
//                         | IN '(' primary (',' primary)* ')' ]
//   primary    := '(' condition ')' | operand
//   comparator := = | <> | < | <= | > | >=
//     (a primary used as a condition must be a boolean function; one used
//     as an operand must be a path, a value or size())
//
//   update     := clause+                 (each of the four at most once)
//   clause     := SET set (',' set)* | REMOVE path (',' path)*
//               | ADD path :value (',' path :value)*
//               | DELETE path :value (',' path :value)*
//   set        := path '=' setvalue
//   setvalue   := uoperand [ ('+' | '-') uoperand ] | '(' setvalue ')'
//   uoperand   := operand | '(' uoperand ')'
//
//   key condition := a condition of the form  k = :v [AND k2 <op> ...]
//   projection := path (',' path)*
//
// Syntax errors are reported at once; other errors are collected while
// parsing and the most important one is reported, as DynamoDB does.

#ifndef EDDY_ENGINE_EXPRESSION_PARSER_H_
#define EDDY_ENGINE_EXPRESSION_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "eddy/expression.h"
#include "eddy/expression_strings.h"
#include "eddy/value.h"

namespace eddy::engine {

enum class ExpressionKind : uint8_t {
  kUpdate,
  kCondition,
  kKeyCondition,
  kFilter,
  kProjection,
};

// "UpdateExpression", "ConditionExpression", ...
std::string_view ExpressionKindName(ExpressionKind kind);

// DynamoDB's limits (and one of Eddy's).
inline constexpr size_t kMaxExpressionBytes = 4096;
inline constexpr int kMaxOperators = 300;  // operators and functions
inline constexpr size_t kMaxInOperands = 100;
inline constexpr size_t kMaxPathDepth = 32;  // elements of a document path
// Eddy's bound on nested parentheses, NOTs and function calls, which keeps
// the recursive-descent parser's stack small.
inline constexpr int kMaxExpressionNesting = 100;

// The placeholders of one request, shared by all its expressions, and
// which of them the expressions parsed so far used.
struct Placeholders {
  const std::map<std::string, std::string>* names = nullptr;      // not null
  const std::map<std::string, AttributeValue>* values = nullptr;  // not null
  std::set<std::string> used_names;
  std::set<std::string> used_values;
};

// Each parser: kInvalidArgument (ValidationException) with the message
// "Invalid <Kind>: <what>" for an empty (all-whitespace) or over-long
// expression, a syntax error or a validation error. On success the used
// placeholders are added to *placeholders. REQUIRES: placeholders' maps set.

absl::StatusOr<std::vector<UpdateAction>> ParseUpdateExpression(
    std::string_view text, Placeholders* placeholders);

// `kind` is kCondition or kFilter (it names the expression in errors).
absl::StatusOr<Condition> ParseConditionExpression(std::string_view text,
                                                   ExpressionKind kind,
                                                   Placeholders* placeholders);

absl::StatusOr<std::vector<KeyCondition>> ParseKeyConditionExpression(
    std::string_view text, Placeholders* placeholders);

absl::StatusOr<std::vector<Path>> ParseProjectionExpression(
    std::string_view text, Placeholders* placeholders);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_EXPRESSION_PARSER_H_

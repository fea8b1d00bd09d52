// Copyright (c) Eddy authors.
//
// Shared machinery of the expression parsers (expression_parser.h): the
// token cursor, error collection, document paths, placeholders and
// function-call operands. Internal to the parser files.

#ifndef EDDY_ENGINE_EXPRESSION_PARSER_BASE_H_
#define EDDY_ENGINE_EXPRESSION_PARSER_BASE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eddy/expression.h"
#include "eddy/value.h"
#include "engine/errors.h"
#include "engine/expression_lexer.h"
#include "engine/expression_parser.h"

// Evaluates a StatusOr expression; returns its status on error, else moves
// its value into `lhs` (a declaration or an lvalue).
#define EDDY_EXPR_CONCAT_INNER(a, b) a##b
#define EDDY_EXPR_CONCAT(a, b) EDDY_EXPR_CONCAT_INNER(a, b)
#define EDDY_EXPR_ASSIGN_OR_RETURN(lhs, expr) \
  EDDY_EXPR_ASSIGN_IMPL(EDDY_EXPR_CONCAT(expr_result_, __LINE__), lhs, expr)
#define EDDY_EXPR_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(*tmp)
#define EDDY_EXPR_RETURN_IF_ERROR(expr)          \
  do {                                           \
    absl::Status expr_status_ = (expr);          \
    if (!expr_status_.ok()) return expr_status_; \
  } while (false)

namespace eddy::engine {

// Classes of (non-syntax) errors, most important first: when an expression
// has several, the first class's first error is reported.
enum class ErrorClass : uint8_t {
  kLimit,
  kRedundantParens,
  kUnknownFunction,
  kMisusedFunction,
  kReserved,
  kSection,
  kUndefined,
  kPathOverlap,
  kPathConflict,
  kOperandCount,
  kDistinct,
  kOperandType,
  kCount,  // number of classes
};

// An operand as parsed, before it is typed for its context.
struct RawOperand {
  enum class Kind : uint8_t { kPath, kValue, kFunction };
  Kind kind = Kind::kPath;
  Path path;                              // kPath
  const AttributeValue* value = nullptr;  // kValue; null if undefined
  std::string function;                   // kFunction: the name
  std::vector<RawOperand> args;           // kFunction
};

class ParserBase {
 public:
  ParserBase(std::string_view text, ExpressionKind kind,
             Placeholders* placeholders);
  virtual ~ParserBase() = default;
  ParserBase(const ParserBase&) = delete;
  ParserBase& operator=(const ParserBase&) = delete;

 protected:
  // Checks the text (not blank, not too long) and tokenizes it. Call first.
  absl::Status Begin();
  // After the grammar: a syntax error unless all tokens were consumed, else
  // the most important recorded error, else OK.
  absl::Status Finish();

  const Token& Peek(size_t ahead = 0) const;
  size_t pos() const { return pos_; }
  const Token& Advance();
  bool Accept(TokenKind kind);
  bool AcceptKeyword(std::string_view keyword);
  bool PeekKeyword(std::string_view keyword) const;
  absl::Status Expect(TokenKind kind);
  absl::Status SyntaxError() const { return SyntaxErrorAt(pos_); }
  absl::Status SyntaxErrorAt(size_t index) const;
  // ValidationError "Invalid <Kind>: <message>".
  absl::Status Invalid(std::string_view message) const;
  // Records `message` unless an error of class `c` is already recorded.
  void Record(ErrorClass c, std::string message);
  bool HasErrors() const;

  // Bounds recursion: Enter() before descending (error past
  // kMaxExpressionNesting), Leave() after.
  absl::Status Enter();
  void Leave() { --depth_; }
  void CountOperator() { ++operators_; }

  // True if `token` is a keyword of this expression kind (never a name).
  virtual bool IsKeywordToken(const Token& token) const = 0;
  // Parses one argument of a function call.
  virtual absl::StatusOr<RawOperand> ParseArgument() = 0;

  // path := element ('.' element | '[' number ']')*
  absl::StatusOr<Path> ParsePath();
  // :value | function '(' args ')' | path
  absl::StatusOr<RawOperand> ParseAtom();
  // The value of a :placeholder token (recording an undefined one).
  const AttributeValue* ResolveValue(const Token& token);
  // Records an overlap or conflict of `path` with an earlier path, then
  // appends it to *earlier.
  void CheckOverlap(const Path& path, std::vector<Path>* earlier);

  ExpressionKind kind() const { return kind_; }

 private:
  absl::StatusOr<PathElement> ParseElement();
  absl::StatusOr<int64_t> ParseIndex();

  std::string_view text_;
  ExpressionKind kind_;
  Placeholders* placeholders_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  int operators_ = 0;
  std::array<std::optional<std::string>,
             static_cast<size_t>(ErrorClass::kCount)>
      errors_;
};

// DynamoDB's rendering of a path in messages: [a, b, [0]].
std::string PathList(const Path& path);
// DynamoDB's rendering of a value in messages: {N:5}, {S:abc}, {B:<base64>}.
std::string ValueText(const AttributeValue& value);
// <0, 0, >0 ordering two S (bytewise), B (bytewise) or N (numeric) values
// of the same type; nullopt for other types, mixed types or bad numbers.
std::optional<int> OrderScalarValues(const AttributeValue& a,
                                     const AttributeValue& b);
// LongTypeName (engine/errors.h) names types in ADD/DELETE operand errors.

// The functions of conditions and of updates.
bool IsConditionFunction(std::string_view name);
bool IsUpdateFunction(std::string_view name);

// Messages shared by the parsers.
std::string OperandCountMessage(std::string_view function, size_t count);
std::string OperandTypeMessage(std::string_view function,
                               std::string_view type);
std::string RequiresPathMessage(std::string_view function);
std::string MisusedFunctionMessage(std::string_view function);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_EXPRESSION_PARSER_BASE_H_

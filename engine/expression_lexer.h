// Copyright (c) Eddy authors.
//
// Tokens of DynamoDB's expression language (all five expression kinds):
//
//   identifier   [A-Za-z_][A-Za-z0-9_]*        attribute or function name,
//                                              or a keyword (AND, SET, ...)
//   name         #[A-Za-z0-9_]+                ExpressionAttributeNames key
//   value        :[A-Za-z0-9_]+                ExpressionAttributeValues key
//   number       [0-9]+                        list index
//   punctuation  ( ) [ ] , . = <> < <= > >= + -
//
// Whitespace (space, tab, CR, LF) separates tokens. Any other character
// (and a lone '#' or ':') becomes a kInvalid token, which no grammar rule
// accepts, so the parser reports it as a syntax error where it stands.

#ifndef EDDY_ENGINE_EXPRESSION_LEXER_H_
#define EDDY_ENGINE_EXPRESSION_LEXER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace eddy::engine {

enum class TokenKind : uint8_t {
  kIdentifier,
  kName,   // #placeholder
  kValue,  // :placeholder
  kNumber,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kInvalid,
  kEof,  // always the last token; empty text
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string_view text;  // a view into the tokenized string
  size_t begin = 0;       // byte offsets into the tokenized string
  size_t end = 0;
};

// Splits `text` into tokens, ending with one kEof token. Never fails.
// The tokens view `text`, which must outlive them.
std::vector<Token> Tokenize(std::string_view text);

// True iff `token` is an identifier equal to `keyword` ignoring ASCII case.
bool IsKeyword(const Token& token, std::string_view keyword);

// DynamoDB's syntax-error message for an unexpected tokens[index]:
//   Syntax error; token: "<text>", near: "<source around it>"
// where <text> is "<EOF>" at the end, and the context runs from the start
// of the previous token to the end of the next one. REQUIRES: index <
// tokens.size(), and `source` is the string the tokens came from.
std::string SyntaxErrorMessage(std::string_view source,
                               const std::vector<Token>& tokens, size_t index);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_EXPRESSION_LEXER_H_

// Copyright (c) Eddy authors.

#include "engine/expression_lexer.h"

#include "absl/strings/str_cat.h"
#include "engine/strings.h"

namespace eddy::engine {
namespace {

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) { return IsAlpha(c) || IsDigit(c); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The end of a run of characters satisfying `pred`, starting at `pos`.
template <typename Pred>
size_t Scan(std::string_view text, size_t pos, Pred pred) {
  while (pos < text.size() && pred(text[pos])) ++pos;
  return pos;
}

// Kind and length of the punctuation (or invalid character) at `pos`.
std::pair<TokenKind, size_t> Punctuation(std::string_view text, size_t pos) {
  char c = text[pos];
  char next = pos + 1 < text.size() ? text[pos + 1] : '\0';
  switch (c) {
    case '(':
      return {TokenKind::kLParen, 1};
    case ')':
      return {TokenKind::kRParen, 1};
    case '[':
      return {TokenKind::kLBracket, 1};
    case ']':
      return {TokenKind::kRBracket, 1};
    case ',':
      return {TokenKind::kComma, 1};
    case '.':
      return {TokenKind::kDot, 1};
    case '=':
      return {TokenKind::kEq, 1};
    case '+':
      return {TokenKind::kPlus, 1};
    case '-':
      return {TokenKind::kMinus, 1};
    case '<':
      if (next == '>') return {TokenKind::kNe, 2};
      if (next == '=') return {TokenKind::kLe, 2};
      return {TokenKind::kLt, 1};
    case '>':
      if (next == '=') return {TokenKind::kGe, 2};
      return {TokenKind::kGt, 1};
    default:
      break;
  }
  // One invalid character; a multi-byte UTF-8 sequence stays whole.
  size_t end = pos + 1;
  if (static_cast<unsigned char>(c) >= 0xC0) {
    end = Scan(text, end, [](char b) {
      return (static_cast<unsigned char>(b) & 0xC0) == 0x80;
    });
  }
  return {TokenKind::kInvalid, end - pos};
}

// The token starting at `pos` (not whitespace, not the end).
Token NextToken(std::string_view text, size_t pos) {
  Token t;
  t.begin = pos;
  char c = text[pos];
  if (IsAlpha(c)) {
    t.kind = TokenKind::kIdentifier;
    t.end = Scan(text, pos, IsWordChar);
  } else if (IsDigit(c)) {
    t.kind = TokenKind::kNumber;
    t.end = Scan(text, pos, IsDigit);
  } else if ((c == '#' || c == ':') && pos + 1 < text.size() &&
             IsWordChar(text[pos + 1])) {
    t.kind = c == '#' ? TokenKind::kName : TokenKind::kValue;
    t.end = Scan(text, pos + 1, IsWordChar);
  } else {
    auto [kind, length] = Punctuation(text, pos);
    t.kind = kind;
    t.end = pos + length;
  }
  t.text = text.substr(t.begin, t.end - t.begin);
  return t;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t pos = Scan(text, 0, IsSpace);
  while (pos < text.size()) {
    tokens.push_back(NextToken(text, pos));
    pos = Scan(text, tokens.back().end, IsSpace);
  }
  Token eof;
  eof.begin = eof.end = text.size();
  eof.text = text.substr(text.size());
  tokens.push_back(eof);
  return tokens;
}

bool IsKeyword(const Token& token, std::string_view keyword) {
  if (token.kind != TokenKind::kIdentifier) return false;
  if (token.text.size() != keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i) {
    char a = token.text[i], b = keyword[i];
    if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 'a' + 'A');
    if (b >= 'a' && b <= 'z') b = static_cast<char>(b - 'a' + 'A');
    if (a != b) return false;
  }
  return true;
}

std::string SyntaxErrorMessage(std::string_view source,
                               const std::vector<Token>& tokens, size_t index) {
  const Token& t = tokens[index];
  bool eof = t.kind == TokenKind::kEof;
  size_t begin = index > 0 ? tokens[index - 1].begin : t.begin;
  size_t end = t.end;
  if (eof && index > 0) end = tokens[index - 1].end;
  if (!eof && index + 1 < tokens.size() &&
      tokens[index + 1].kind != TokenKind::kEof) {
    end = tokens[index + 1].end;
  }
  std::string_view near = source.substr(begin, end - begin);
  return absl::StrCat("Syntax error; token: \"",
                      eof ? std::string("<EOF>") : std::string(t.text),
                      "\", near: \"", Sv(near), "\"");
}

}  // namespace eddy::engine

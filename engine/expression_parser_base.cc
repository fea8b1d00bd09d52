// Copyright (c) Eddy authors.

#include "engine/expression_parser_base.h"

#include <limits>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/errors.h"
#include "engine/number.h"
#include "engine/reserved_words.h"
#include "engine/strings.h"

namespace eddy::engine {

std::string_view ExpressionKindName(ExpressionKind kind) {
  switch (kind) {
    case ExpressionKind::kUpdate:
      return "UpdateExpression";
    case ExpressionKind::kCondition:
      return "ConditionExpression";
    case ExpressionKind::kKeyCondition:
      return "KeyConditionExpression";
    case ExpressionKind::kFilter:
      return "FilterExpression";
    case ExpressionKind::kProjection:
      return "ProjectionExpression";
  }
  return "Expression";
}

ParserBase::ParserBase(std::string_view text, ExpressionKind kind,
                       Placeholders* placeholders)
    : text_(text), kind_(kind), placeholders_(placeholders) {}

absl::Status ParserBase::Begin() {
  if (text_.size() > kMaxExpressionBytes) {
    return Invalid(
        absl::StrCat("Expression size has exceeded the maximum allowed size; "
                     "expression size: ",
                     text_.size()));
  }
  tokens_ = Tokenize(text_);
  if (tokens_.size() == 1) return Invalid("The expression can not be empty;");
  return absl::OkStatus();
}

absl::Status ParserBase::Finish() {
  if (Peek().kind != TokenKind::kEof) return SyntaxError();
  if (operators_ > kMaxOperators) {
    Record(ErrorClass::kLimit,
           absl::StrCat("The expression contains too many operators; "
                        "operator count: ",
                        operators_));
  }
  for (const auto& error : errors_) {
    if (error) return Invalid(*error);
  }
  return absl::OkStatus();
}

const Token& ParserBase::Peek(size_t ahead) const {
  size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

const Token& ParserBase::Advance() {
  const Token& t = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return t;
}

bool ParserBase::Accept(TokenKind kind) {
  if (Peek().kind != kind) return false;
  Advance();
  return true;
}

bool ParserBase::PeekKeyword(std::string_view keyword) const {
  return IsKeyword(Peek(), keyword);
}

bool ParserBase::AcceptKeyword(std::string_view keyword) {
  if (!PeekKeyword(keyword)) return false;
  Advance();
  return true;
}

absl::Status ParserBase::Expect(TokenKind kind) {
  if (Accept(kind)) return absl::OkStatus();
  return SyntaxError();
}

absl::Status ParserBase::SyntaxErrorAt(size_t index) const {
  if (index >= tokens_.size()) index = tokens_.size() - 1;
  return Invalid(SyntaxErrorMessage(text_, tokens_, index));
}

absl::Status ParserBase::Invalid(std::string_view message) const {
  return ValidationError(absl::StrCat("Invalid ", Sv(ExpressionKindName(kind_)),
                                      ": ", Sv(message)));
}

void ParserBase::Record(ErrorClass c, std::string message) {
  auto& slot = errors_[static_cast<size_t>(c)];
  if (!slot) slot = std::move(message);
}

bool ParserBase::HasErrors() const {
  for (const auto& error : errors_) {
    if (error) return true;
  }
  return false;
}

absl::Status ParserBase::Enter() {
  if (++depth_ > kMaxExpressionNesting) {
    return Invalid(absl::StrCat(
        "The expression is nested too deeply; maximum nesting depth: ",
        kMaxExpressionNesting));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ParserBase::ParseIndex() {
  const Token& t = Peek();
  if (t.kind != TokenKind::kNumber) return SyntaxError();
  int64_t index = 0;
  for (char c : t.text) {
    index = index * 10 + (c - '0');
    if (index > std::numeric_limits<int32_t>::max()) return SyntaxError();
  }
  Advance();
  return index;
}

absl::StatusOr<PathElement> ParserBase::ParseElement() {
  const Token& t = Peek();
  PathElement element;
  if (t.kind == TokenKind::kIdentifier && !IsKeywordToken(t)) {
    if (IsReservedWord(t.text)) {
      Record(ErrorClass::kReserved,
             absl::StrCat("Attribute name is a reserved keyword; reserved "
                          "keyword: ",
                          Sv(t.text)));
    }
    element.name = std::string(t.text);
  } else if (t.kind == TokenKind::kName) {
    std::string key(t.text);
    auto it = placeholders_->names->find(key);
    if (it == placeholders_->names->end()) {
      Record(ErrorClass::kUndefined,
             absl::StrCat("An expression attribute name used in the "
                          "document path is not defined; attribute name: ",
                          key));
      element.name = key;
    } else {
      placeholders_->used_names.insert(key);
      element.name = it->second;
    }
  } else {
    return SyntaxError();
  }
  Advance();
  return element;
}

absl::StatusOr<Path> ParserBase::ParsePath() {
  Path path;
  EDDY_EXPR_ASSIGN_OR_RETURN(PathElement first, ParseElement());
  path.elements.push_back(std::move(first));
  while (true) {
    if (Accept(TokenKind::kDot)) {
      EDDY_EXPR_ASSIGN_OR_RETURN(PathElement next, ParseElement());
      path.elements.push_back(std::move(next));
    } else if (Accept(TokenKind::kLBracket)) {
      EDDY_EXPR_ASSIGN_OR_RETURN(int64_t index, ParseIndex());
      EDDY_EXPR_RETURN_IF_ERROR(Expect(TokenKind::kRBracket));
      path.elements.push_back(PathElement{std::string(), index});
    } else {
      break;
    }
  }
  if (path.elements.size() > kMaxPathDepth) {
    Record(ErrorClass::kLimit,
           absl::StrCat("The document path has too many nesting levels; "
                        "nesting levels: ",
                        path.elements.size()));
  }
  return path;
}

const AttributeValue* ParserBase::ResolveValue(const Token& token) {
  std::string key(token.text);
  auto it = placeholders_->values->find(key);
  if (it == placeholders_->values->end()) {
    Record(ErrorClass::kUndefined,
           absl::StrCat("An expression attribute value used in expression "
                        "is not defined; attribute value: ",
                        key));
    return nullptr;
  }
  placeholders_->used_values.insert(key);
  return &it->second;
}

absl::StatusOr<RawOperand> ParserBase::ParseAtom() {
  const Token& t = Peek();
  RawOperand out;
  if (t.kind == TokenKind::kValue) {
    out.kind = RawOperand::Kind::kValue;
    out.value = ResolveValue(t);
    Advance();
    return out;
  }
  if (t.kind != TokenKind::kIdentifier || IsKeywordToken(t) ||
      Peek(1).kind != TokenKind::kLParen) {
    out.kind = RawOperand::Kind::kPath;
    EDDY_EXPR_ASSIGN_OR_RETURN(out.path, ParsePath());
    return out;
  }
  out.kind = RawOperand::Kind::kFunction;
  out.function = std::string(t.text);
  if (!IsConditionFunction(out.function) && !IsUpdateFunction(out.function)) {
    Record(ErrorClass::kUnknownFunction,
           absl::StrCat("Invalid function name; function: ", out.function));
  }
  CountOperator();
  Advance();  // the name
  Advance();  // '('
  EDDY_EXPR_RETURN_IF_ERROR(Enter());
  do {
    EDDY_EXPR_ASSIGN_OR_RETURN(RawOperand arg, ParseArgument());
    out.args.push_back(std::move(arg));
  } while (Accept(TokenKind::kComma));
  Leave();
  EDDY_EXPR_RETURN_IF_ERROR(Expect(TokenKind::kRParen));
  return out;
}

void ParserBase::CheckOverlap(const Path& path, std::vector<Path>* earlier) {
  for (const Path& other : *earlier) {
    size_t n = std::min(other.elements.size(), path.elements.size());
    bool differ = false;
    for (size_t i = 0; i < n && !differ; ++i) {
      const PathElement& a = other.elements[i];
      const PathElement& b = path.elements[i];
      if (a.is_index() != b.is_index()) {
        Record(ErrorClass::kPathConflict,
               absl::StrCat("Two document paths conflict with each other; "
                            "must remove or rewrite one of these paths; "
                            "path one: ",
                            PathList(other), ", path two: ", PathList(path)));
        differ = true;
      } else if (!(a == b)) {
        differ = true;
      }
    }
    if (!differ) {
      Record(ErrorClass::kPathOverlap,
             absl::StrCat("Two document paths overlap with each other; "
                          "must remove or rewrite one of these paths; "
                          "path one: ",
                          PathList(other), ", path two: ", PathList(path)));
    }
  }
  earlier->push_back(path);
}

std::string PathList(const Path& path) {
  std::vector<std::string> parts;
  for (const PathElement& e : path.elements) {
    parts.push_back(e.is_index() ? absl::StrCat("[", e.index, "]") : e.name);
  }
  return absl::StrCat("[", absl::StrJoin(parts, ", "), "]");
}

std::string ValueText(const AttributeValue& value) {
  std::string body;
  switch (value.type()) {
    case AttributeType::kS:
      body = value.s();
      break;
    case AttributeType::kN:
      body = value.n();
      break;
    case AttributeType::kB:
      body = absl::Base64Escape(value.b());
      break;
    default:
      break;
  }
  return absl::StrCat("AttributeValue: {", Sv(AttributeTypeName(value.type())),
                      ":", body, "}");
}

std::optional<int> OrderScalarValues(const AttributeValue& a,
                                     const AttributeValue& b) {
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case AttributeType::kS:
      return a.s().compare(b.s());
    case AttributeType::kB:
      return a.b().compare(b.b());
    case AttributeType::kN: {
      absl::StatusOr<Number> x = Number::Parse(a.n());
      absl::StatusOr<Number> y = Number::Parse(b.n());
      if (!x.ok() || !y.ok()) return std::nullopt;
      return Number::Compare(*x, *y);
    }
    default:
      return std::nullopt;
  }
}

bool IsConditionFunction(std::string_view name) {
  return name == "attribute_exists" || name == "attribute_not_exists" ||
         name == "attribute_type" || name == "begins_with" ||
         name == "contains" || name == "size";
}

bool IsUpdateFunction(std::string_view name) {
  return name == "if_not_exists" || name == "list_append";
}

std::string OperandCountMessage(std::string_view function, size_t count) {
  return absl::StrCat(
      "Incorrect number of operands for operator or function; operator or "
      "function: ",
      Sv(function), ", number of operands: ", count);
}

std::string OperandTypeMessage(std::string_view function,
                               std::string_view type) {
  return absl::StrCat(
      "Incorrect operand type for operator or function; operator or "
      "function: ",
      Sv(function), ", operand type: ", Sv(type));
}

std::string RequiresPathMessage(std::string_view function) {
  return absl::StrCat(
      "Operator or function requires a document path; operator or "
      "function: ",
      Sv(function));
}

std::string MisusedFunctionMessage(std::string_view function) {
  return absl::StrCat(
      "The function is not allowed to be used this way in an expression; "
      "function: ",
      Sv(function));
}

}  // namespace eddy::engine

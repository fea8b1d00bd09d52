// Copyright (c) Eddy authors.
//
// ConditionExpression / FilterExpression (and, through them,
// KeyConditionExpression): the `condition` rule of expression_parser.h.

#include "engine/expression_parser_condition.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/expression_parser.h"
#include "engine/expression_parser_base.h"
#include "engine/strings.h"

namespace eddy::engine {
namespace {

std::optional<Comparator> ComparatorOf(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEq:
      return Comparator::kEq;
    case TokenKind::kNe:
      return Comparator::kNe;
    case TokenKind::kLt:
      return Comparator::kLt;
    case TokenKind::kLe:
      return Comparator::kLe;
    case TokenKind::kGt:
      return Comparator::kGt;
    case TokenKind::kGe:
      return Comparator::kGe;
    default:
      return std::nullopt;
  }
}

}  // namespace

bool ConditionParser::IsKeywordToken(const Token& t) const {
  return IsKeyword(t, "AND") || IsKeyword(t, "OR") || IsKeyword(t, "NOT") ||
         IsKeyword(t, "BETWEEN") || IsKeyword(t, "IN");
}

absl::StatusOr<Condition> ConditionParser::Run() {
  EDDY_EXPR_RETURN_IF_ERROR(Begin());
  EDDY_EXPR_ASSIGN_OR_RETURN(Node node, ParseOr());
  EDDY_EXPR_ASSIGN_OR_RETURN(Condition c, RequireCondition(std::move(node)));
  EDDY_EXPR_RETURN_IF_ERROR(Finish());
  return c;
}

ConditionParser::Node ConditionParser::ConditionNode(Condition c) const {
  Node n;
  n.is_condition = true;
  n.condition = std::move(c);
  n.end = pos();
  return n;
}

absl::StatusOr<ConditionParser::Node> ConditionParser::ParseChain(
    std::string_view keyword, SubParser sub, bool is_or) {
  EDDY_EXPR_ASSIGN_OR_RETURN(Node first, (this->*sub)());
  if (!PeekKeyword(keyword)) return first;
  std::vector<Condition> children;
  EDDY_EXPR_ASSIGN_OR_RETURN(Condition c0, RequireCondition(std::move(first)));
  children.push_back(std::move(c0));
  while (AcceptKeyword(keyword)) {
    CountOperator();
    EDDY_EXPR_ASSIGN_OR_RETURN(Node next, (this->*sub)());
    EDDY_EXPR_ASSIGN_OR_RETURN(Condition c, RequireCondition(std::move(next)));
    children.push_back(std::move(c));
  }
  return ConditionNode(is_or ? Condition::Or(std::move(children))
                             : Condition::And(std::move(children)));
}

absl::StatusOr<ConditionParser::Node> ConditionParser::ParseOr() {
  return ParseChain("OR", &ConditionParser::ParseAnd, /*is_or=*/true);
}

absl::StatusOr<ConditionParser::Node> ConditionParser::ParseAnd() {
  return ParseChain("AND", &ConditionParser::ParseNot, /*is_or=*/false);
}

absl::StatusOr<ConditionParser::Node> ConditionParser::ParseNot() {
  if (!AcceptKeyword("NOT")) return ParseCompare();
  CountOperator();
  EDDY_EXPR_RETURN_IF_ERROR(Enter());
  EDDY_EXPR_ASSIGN_OR_RETURN(Node inner, ParseNot());
  Leave();
  EDDY_EXPR_ASSIGN_OR_RETURN(Condition c, RequireCondition(std::move(inner)));
  return ConditionNode(Condition::Not(std::move(c)));
}

absl::StatusOr<ConditionParser::Node> ConditionParser::ParseCompare() {
  EDDY_EXPR_ASSIGN_OR_RETURN(Node left, ParsePrimary());
  if (std::optional<Comparator> cmp = ComparatorOf(Peek().kind)) {
    Advance();
    CountOperator();
    EDDY_EXPR_ASSIGN_OR_RETURN(Operand a, RequireOperand(std::move(left)));
    EDDY_EXPR_ASSIGN_OR_RETURN(Operand b, ParseOperand());
    CheckDistinct(ComparatorSymbol(*cmp), a, b);
    return ConditionNode(Condition::Compare(std::move(a), *cmp, std::move(b)));
  }
  if (AcceptKeyword("BETWEEN")) {
    CountOperator();
    EDDY_EXPR_ASSIGN_OR_RETURN(Operand v, RequireOperand(std::move(left)));
    EDDY_EXPR_ASSIGN_OR_RETURN(Operand low, ParseOperand());
    if (!AcceptKeyword("AND")) return SyntaxError();
    EDDY_EXPR_ASSIGN_OR_RETURN(Operand high, ParseOperand());
    CheckBetweenBounds(low, high);
    return ConditionNode(
        Condition::Between(std::move(v), std::move(low), std::move(high)));
  }
  if (AcceptKeyword("IN")) {
    CountOperator();
    EDDY_EXPR_ASSIGN_OR_RETURN(Operand v, RequireOperand(std::move(left)));
    EDDY_EXPR_RETURN_IF_ERROR(Expect(TokenKind::kLParen));
    std::vector<Operand> candidates;
    do {
      EDDY_EXPR_ASSIGN_OR_RETURN(Operand c, ParseOperand());
      candidates.push_back(std::move(c));
    } while (Accept(TokenKind::kComma));
    EDDY_EXPR_RETURN_IF_ERROR(Expect(TokenKind::kRParen));
    if (candidates.size() > kMaxInOperands) {
      Record(ErrorClass::kLimit,
             absl::StrCat("The IN operator is provided with too many "
                          "operands; number of operands: ",
                          candidates.size()));
    }
    return ConditionNode(Condition::In(std::move(v), std::move(candidates)));
  }
  return left;
}

absl::StatusOr<ConditionParser::Node> ConditionParser::ParsePrimary() {
  if (!Accept(TokenKind::kLParen)) {
    Node n;
    EDDY_EXPR_ASSIGN_OR_RETURN(n.operand, ParseAtom());
    n.end = pos();
    return n;
  }
  EDDY_EXPR_RETURN_IF_ERROR(Enter());
  EDDY_EXPR_ASSIGN_OR_RETURN(Node inner, ParseOr());
  Leave();
  EDDY_EXPR_RETURN_IF_ERROR(Expect(TokenKind::kRParen));
  if (inner.parens > 0) {
    Record(ErrorClass::kRedundantParens,
           "The expression has redundant parentheses;");
  }
  ++inner.parens;
  inner.end = pos();
  return inner;
}

absl::StatusOr<RawOperand> ConditionParser::ParseArgument() {
  EDDY_EXPR_ASSIGN_OR_RETURN(Node n, ParsePrimary());
  if (n.is_condition) return SyntaxErrorAt(n.end);
  return std::move(n.operand);
}

absl::StatusOr<Operand> ConditionParser::ParseOperand() {
  EDDY_EXPR_ASSIGN_OR_RETURN(Node n, ParsePrimary());
  return RequireOperand(std::move(n));
}

absl::StatusOr<Operand> ConditionParser::RequireOperand(Node node) {
  if (node.is_condition) return SyntaxErrorAt(node.end);
  return LowerOperand(node.operand);
}

absl::StatusOr<Condition> ConditionParser::RequireCondition(Node node) {
  if (node.is_condition) return std::move(node.condition);
  if (node.operand.kind != RawOperand::Kind::kFunction) {
    return SyntaxErrorAt(node.end);
  }
  return LowerFunction(node.operand);
}

void ConditionParser::CheckDistinct(std::string_view op, const Operand& a,
                                    const Operand& b) {
  if (a.kind != Operand::Kind::kPath || b.kind != Operand::Kind::kPath ||
      !(a.path == b.path)) {
    return;
  }
  Record(ErrorClass::kDistinct,
         absl::StrCat("The first operand must be distinct from the remaining "
                      "operands for this operator or function; operator: ",
                      Sv(op), ", first operand: ", PathList(a.path)));
}

void ConditionParser::CheckBetweenBounds(const Operand& low,
                                         const Operand& high) {
  if (low.kind != Operand::Kind::kValue || high.kind != Operand::Kind::kValue) {
    return;
  }
  std::string bounds =
      absl::StrCat("lower bound operand: ", ValueText(low.value),
                   ", upper bound operand: ", ValueText(high.value));
  if (low.value.type() != high.value.type()) {
    Record(ErrorClass::kOperandType,
           absl::StrCat("The BETWEEN operator requires same data type for "
                        "lower and upper bounds; ",
                        bounds));
    return;
  }
  std::optional<int> order = OrderScalarValues(low.value, high.value);
  if (order && *order > 0) {
    Record(ErrorClass::kOperandType,
           absl::StrCat("The BETWEEN operator requires upper bound to be "
                        "greater than or equal to lower bound; ",
                        bounds));
  }
}

absl::StatusOr<Condition> ParseConditionExpression(std::string_view text,
                                                   ExpressionKind kind,
                                                   Placeholders* placeholders) {
  ConditionParser parser(text, kind, placeholders);
  return parser.Run();
}

}  // namespace eddy::engine

// Copyright (c) Eddy authors.
//
// UpdateExpression: the `update` rule of expression_parser.h.
//
//   SET path = value        value: operand [+|- operand]; operands are
//                           paths, :values, if_not_exists(path, operand),
//                           list_append(operand, operand)
//   REMOVE path             (list elements too)
//   ADD path :value         :value a number or a set
//   DELETE path :value      :value a set
//
// Clauses come in any order, each at most once; no two target paths may
// overlap (one a prefix of the other) or conflict (a name where the other
// has an index).

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/expression_parser.h"
#include "engine/expression_parser_base.h"
#include "engine/strings.h"

namespace eddy::engine {
namespace {

constexpr std::string_view kClauses[] = {"SET", "REMOVE", "ADD", "DELETE"};

Operand PlaceholderOperand() { return Operand::Value(AttributeValue::Null()); }

bool IsArithmetic(const Operand& o) {
  return o.kind == Operand::Kind::kPlus || o.kind == Operand::Kind::kMinus;
}

class UpdateParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

  absl::StatusOr<std::vector<UpdateAction>> Run() {
    EDDY_EXPR_RETURN_IF_ERROR(Begin());
    do {
      EDDY_EXPR_RETURN_IF_ERROR(ParseClause());
    } while (Peek().kind != TokenKind::kEof);
    EDDY_EXPR_RETURN_IF_ERROR(Finish());
    return std::move(actions_);
  }

 private:
  bool IsKeywordToken(const Token& t) const override {
    for (std::string_view clause : kClauses) {
      if (IsKeyword(t, clause)) return true;
    }
    return false;
  }

  // uoperand := '(' uoperand ')' | operand
  absl::StatusOr<RawOperand> ParseArgument() override {
    if (!Accept(TokenKind::kLParen)) return ParseAtom();
    EDDY_EXPR_RETURN_IF_ERROR(Enter());
    EDDY_EXPR_ASSIGN_OR_RETURN(RawOperand inner, ParseArgument());
    Leave();
    EDDY_EXPR_RETURN_IF_ERROR(Expect(TokenKind::kRParen));
    return inner;
  }

  absl::Status ParseClause() {
    for (size_t i = 0; i < std::size(kClauses); ++i) {
      if (!AcceptKeyword(kClauses[i])) continue;
      if (seen_[i]) {
        Record(ErrorClass::kSection,
               absl::StrCat("The \"", Sv(kClauses[i]),
                            "\" section can only be used once in an update "
                            "expression;"));
      }
      seen_[i] = true;
      do {
        EDDY_EXPR_RETURN_IF_ERROR(i == 0   ? ParseSet()
                                  : i == 1 ? ParseRemove()
                                           : ParseAddOrDelete(i == 2));
      } while (Accept(TokenKind::kComma));
      return absl::OkStatus();
    }
    return SyntaxError();
  }

  absl::Status ParseSet() {
    EDDY_EXPR_ASSIGN_OR_RETURN(Path path, ParsePath());
    EDDY_EXPR_RETURN_IF_ERROR(Expect(TokenKind::kEq));
    EDDY_EXPR_ASSIGN_OR_RETURN(Operand value, ParseSetValue());
    CheckOverlap(path, &targets_);
    actions_.push_back(UpdateAction::Set(std::move(path), std::move(value)));
    return absl::OkStatus();
  }

  absl::Status ParseRemove() {
    EDDY_EXPR_ASSIGN_OR_RETURN(Path path, ParsePath());
    CheckOverlap(path, &targets_);
    actions_.push_back(UpdateAction::Remove(std::move(path)));
    return absl::OkStatus();
  }

  absl::Status ParseAddOrDelete(bool is_add) {
    EDDY_EXPR_ASSIGN_OR_RETURN(Path path, ParsePath());
    if (Peek().kind != TokenKind::kValue) return SyntaxError();
    const AttributeValue* value = ResolveValue(Advance());
    CheckOverlap(path, &targets_);
    AttributeValue v = value ? *value : AttributeValue::Null();
    bool ok = v.is_set() || (is_add && v.type() == AttributeType::kN);
    if (value != nullptr && !ok) {
      std::string_view op = is_add ? "ADD" : "DELETE";
      Record(
          ErrorClass::kOperandType,
          absl::StrCat("Incorrect operand type for operator or function; "
                       "operator: ",
                       Sv(op), ", operand type: ", Sv(LongTypeName(v.type())),
                       ", typeSet: ALLOWED_FOR_", Sv(op), "_OPERAND"));
    }
    actions_.push_back(
        is_add ? UpdateAction::Add(std::move(path), std::move(v))
               : UpdateAction::Delete(std::move(path), std::move(v)));
    return absl::OkStatus();
  }

  // value := term [('+' | '-') term]
  absl::StatusOr<Operand> ParseSetValue() {
    EDDY_EXPR_ASSIGN_OR_RETURN(Operand first, ParseSetTerm());
    TokenKind k = Peek().kind;
    if (k != TokenKind::kPlus && k != TokenKind::kMinus) return first;
    size_t op_index = pos();
    Advance();
    CountOperator();
    EDDY_EXPR_ASSIGN_OR_RETURN(Operand second, ParseSetTerm());
    if (IsArithmetic(first) || IsArithmetic(second)) {
      return SyntaxErrorAt(op_index);
    }
    std::string_view op = k == TokenKind::kPlus ? "+" : "-";
    for (const Operand* o : {&first, &second}) {
      if (o->kind == Operand::Kind::kValue &&
          o->value.type() != AttributeType::kN) {
        Record(ErrorClass::kOperandType,
               OperandTypeMessage(op, AttributeTypeName(o->value.type())));
      }
    }
    return k == TokenKind::kPlus
               ? Operand::Plus(std::move(first), std::move(second))
               : Operand::Minus(std::move(first), std::move(second));
  }

  // term := '(' value ')' | operand
  absl::StatusOr<Operand> ParseSetTerm() {
    if (!Accept(TokenKind::kLParen)) {
      EDDY_EXPR_ASSIGN_OR_RETURN(RawOperand raw, ParseAtom());
      return Lower(raw, /*in_list_append=*/false);
    }
    EDDY_EXPR_RETURN_IF_ERROR(Enter());
    EDDY_EXPR_ASSIGN_OR_RETURN(Operand inner, ParseSetValue());
    Leave();
    EDDY_EXPR_RETURN_IF_ERROR(Expect(TokenKind::kRParen));
    return inner;
  }

  // Types an operand of SET, recording misused functions (list_append
  // directly inside list_append is one).
  Operand Lower(const RawOperand& raw, bool in_list_append) {
    switch (raw.kind) {
      case RawOperand::Kind::kPath:
        return Operand::AtPath(raw.path);
      case RawOperand::Kind::kValue:
        return Operand::Value(raw.value ? *raw.value : AttributeValue::Null());
      case RawOperand::Kind::kFunction:
        break;
    }
    const std::string& name = raw.function;
    if (IsConditionFunction(name)) {
      Record(ErrorClass::kMisusedFunction,
             absl::StrCat("The function is not allowed in an update "
                          "expression; function: ",
                          name));
      return PlaceholderOperand();
    }
    if (!IsUpdateFunction(name)) return PlaceholderOperand();  // recorded
    if (raw.args.size() != 2) {
      Record(ErrorClass::kOperandCount,
             OperandCountMessage(name, raw.args.size()));
      return PlaceholderOperand();
    }
    if (name == "if_not_exists") return LowerIfNotExists(raw);
    if (in_list_append) {
      Record(ErrorClass::kMisusedFunction, MisusedFunctionMessage(name));
    }
    Operand a = Lower(raw.args[0], /*in_list_append=*/true);
    Operand b = Lower(raw.args[1], /*in_list_append=*/true);
    for (const Operand* o : {&a, &b}) {
      if (o->kind == Operand::Kind::kValue &&
          o->value.type() != AttributeType::kL) {
        Record(ErrorClass::kOperandType,
               OperandTypeMessage(name, AttributeTypeName(o->value.type())));
      }
    }
    return Operand::ListAppend(std::move(a), std::move(b));
  }

  Operand LowerIfNotExists(const RawOperand& raw) {
    const RawOperand& target = raw.args[0];
    if (target.kind != RawOperand::Kind::kPath) {
      if (target.kind == RawOperand::Kind::kFunction) {
        Lower(target, /*in_list_append=*/false);
      }
      Record(ErrorClass::kOperandType, RequiresPathMessage(raw.function));
      return PlaceholderOperand();
    }
    Operand fallback = Lower(raw.args[1], /*in_list_append=*/false);
    return Operand::IfNotExists(target.path, std::move(fallback));
  }

  std::vector<UpdateAction> actions_;
  std::vector<Path> targets_;
  bool seen_[std::size(kClauses)] = {};
};

}  // namespace

absl::StatusOr<std::vector<UpdateAction>> ParseUpdateExpression(
    std::string_view text, Placeholders* placeholders) {
  UpdateParser parser(text, ExpressionKind::kUpdate, placeholders);
  return parser.Run();
}

}  // namespace eddy::engine

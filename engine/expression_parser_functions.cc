// Copyright (c) Eddy authors.
//
// Typing of condition operands and functions: which function may stand
// where, how many operands it takes and of what type.
//
//   attribute_exists(path), attribute_not_exists(path)
//   attribute_type(path, :type)   :type an S naming a type ("N", "SS"...)
//   begins_with(a, b)             values must be S or B
//   contains(a, b)
//   size(path)                    an operand, not a condition; size(:v) of
//                                 a value is folded into a constant
//   if_not_exists, list_append    not allowed in conditions

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/expression_parser_condition.h"
#include "engine/strings.h"

namespace eddy::engine {
namespace {

// What DynamoDB names as the accepted types when attribute_type's second
// operand is not a value.
constexpr std::string_view kAnyType =
    "{S,SS,N,NS,B,BS,BOOL,NULL,L,M,HD,DOUBLE,FLOAT,HDS,FS,DOUBLESET,DICT,"
    "DECIMAL,INT,DECIMALSET,INTSET}";

Operand PlaceholderOperand() { return Operand::Value(AttributeValue::Null()); }
Condition PlaceholderCondition() { return Condition::And({}); }

std::string NotInConditionMessage(std::string_view function) {
  return absl::StrCat(
      "The function is not allowed in a condition expression; function: ",
      Sv(function));
}

// size() of a value, or nullopt for types without a size (N, BOOL, NULL).
std::optional<int64_t> ValueSize(const AttributeValue& v) {
  switch (v.type()) {
    case AttributeType::kS:
      return static_cast<int64_t>(v.s().size());
    case AttributeType::kB:
      return static_cast<int64_t>(v.b().size());
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS:
      return static_cast<int64_t>(v.set().size());
    case AttributeType::kL:
      return static_cast<int64_t>(v.l().size());
    case AttributeType::kM:
      return static_cast<int64_t>(v.m().size());
    default:
      return std::nullopt;
  }
}

std::optional<AttributeType> TypeFromName(std::string_view name) {
  static constexpr AttributeType kTypes[] = {
      AttributeType::kS,    AttributeType::kN,    AttributeType::kB,
      AttributeType::kBool, AttributeType::kNull, AttributeType::kM,
      AttributeType::kL,    AttributeType::kSS,   AttributeType::kNS,
      AttributeType::kBS};
  for (AttributeType t : kTypes) {
    if (AttributeTypeName(t) == name) return t;
  }
  return std::nullopt;
}

}  // namespace

Operand ConditionParser::LowerOperand(const RawOperand& raw) {
  switch (raw.kind) {
    case RawOperand::Kind::kPath:
      return Operand::AtPath(raw.path);
    case RawOperand::Kind::kValue:
      return Operand::Value(raw.value ? *raw.value : AttributeValue::Null());
    case RawOperand::Kind::kFunction:
      break;
  }
  if (raw.function == "size") return LowerSize(raw);
  if (IsConditionFunction(raw.function)) {
    Record(ErrorClass::kMisusedFunction, MisusedFunctionMessage(raw.function));
  } else if (IsUpdateFunction(raw.function)) {
    Record(ErrorClass::kMisusedFunction, NotInConditionMessage(raw.function));
  }
  return PlaceholderOperand();
}

Operand ConditionParser::LowerSize(const RawOperand& raw) {
  if (raw.args.size() != 1) {
    Record(ErrorClass::kOperandCount,
           OperandCountMessage(raw.function, raw.args.size()));
    return PlaceholderOperand();
  }
  const RawOperand& arg = raw.args[0];
  if (arg.kind == RawOperand::Kind::kPath) return Operand::Size(arg.path);
  if (arg.kind == RawOperand::Kind::kFunction) {
    if (LowerOperand(arg).kind == Operand::Kind::kSize) {
      Record(ErrorClass::kOperandType, OperandTypeMessage("size", "N"));
    }
    return PlaceholderOperand();
  }
  if (arg.value == nullptr) return PlaceholderOperand();
  std::optional<int64_t> size = ValueSize(*arg.value);
  if (!size) {
    Record(ErrorClass::kOperandType,
           OperandTypeMessage("size", AttributeTypeName(arg.value->type())));
    return PlaceholderOperand();
  }
  return Operand::Value(AttributeValue::N(*size));
}

bool ConditionParser::RequirePathArgument(const RawOperand& raw) {
  const RawOperand& arg = raw.args[0];
  if (arg.kind == RawOperand::Kind::kPath) return true;
  if (arg.kind == RawOperand::Kind::kFunction) LowerOperand(arg);
  Record(ErrorClass::kOperandType, RequiresPathMessage(raw.function));
  return false;
}

Condition ConditionParser::LowerFunction(const RawOperand& raw) {
  const std::string& name = raw.function;
  if (name == "size") {
    Record(ErrorClass::kMisusedFunction, MisusedFunctionMessage(name));
    return PlaceholderCondition();
  }
  if (IsUpdateFunction(name)) {
    Record(ErrorClass::kMisusedFunction, NotInConditionMessage(name));
    return PlaceholderCondition();
  }
  if (!IsConditionFunction(name)) return PlaceholderCondition();  // recorded
  bool unary = name == "attribute_exists" || name == "attribute_not_exists";
  size_t arity = unary ? 1 : 2;
  if (raw.args.size() != arity) {
    Record(ErrorClass::kOperandCount,
           OperandCountMessage(name, raw.args.size()));
    return PlaceholderCondition();
  }
  if (name == "attribute_type") return LowerAttributeType(raw);
  if (unary) {
    if (!RequirePathArgument(raw)) return PlaceholderCondition();
    const Path& path = raw.args[0].path;
    return name == "attribute_exists" ? Condition::Exists(path)
                                      : Condition::NotExists(path);
  }
  Operand a = LowerOperand(raw.args[0]);
  Operand b = LowerOperand(raw.args[1]);
  CheckDistinct(name, a, b);
  if (name == "contains") {
    return Condition::Contains(std::move(a), std::move(b));
  }
  CheckBeginsWithOperand(a);
  CheckBeginsWithOperand(b);
  return Condition::BeginsWith(std::move(a), std::move(b));
}

void ConditionParser::CheckBeginsWithOperand(const Operand& o) {
  std::string_view type;
  if (o.kind == Operand::Kind::kSize) type = "N";
  if (o.kind == Operand::Kind::kValue && o.value.type() != AttributeType::kS &&
      o.value.type() != AttributeType::kB) {
    type = AttributeTypeName(o.value.type());
  }
  if (!type.empty()) {
    Record(ErrorClass::kOperandType, OperandTypeMessage("begins_with", type));
  }
}

Condition ConditionParser::LowerAttributeType(const RawOperand& raw) {
  bool path_ok = RequirePathArgument(raw);
  const RawOperand& arg = raw.args[1];
  if (arg.kind != RawOperand::Kind::kValue) {
    if (arg.kind == RawOperand::Kind::kFunction) LowerOperand(arg);
    Record(ErrorClass::kOperandType,
           OperandTypeMessage(raw.function, kAnyType));
    return PlaceholderCondition();
  }
  if (arg.value == nullptr) return PlaceholderCondition();
  if (arg.value->type() != AttributeType::kS) {
    Record(
        ErrorClass::kOperandType,
        OperandTypeMessage(raw.function, AttributeTypeName(arg.value->type())));
    return PlaceholderCondition();
  }
  std::optional<AttributeType> type = TypeFromName(arg.value->s());
  if (!type) {
    Record(ErrorClass::kOperandType,
           absl::StrCat(
               "Invalid attribute type name found; type: ", arg.value->s(),
               ", valid types: {S,SS,N,NS,B,BS,BOOL,NULL,L,M}"));
    return PlaceholderCondition();
  }
  if (!path_ok) return PlaceholderCondition();
  return Condition::Type(raw.args[0].path, *type);
}

}  // namespace eddy::engine

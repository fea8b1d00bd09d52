// Copyright (c) Eddy authors.
//
// EvaluateCondition (see engine/evaluator.h). A condition is first checked
// as a whole (evaluator_condition_check.cc), so that a malformed tree is an
// error whatever the item holds, even in a branch short-circuiting would
// skip; then it is evaluated. Evaluation itself cannot fail: a type mismatch
// or a missing attribute is just false.

#include <string>

#include "engine/evaluator.h"
#include "engine/evaluator_internal.h"

namespace eddy::engine {
namespace {

using evaluator_internal::CompareOrdered;
using evaluator_internal::SetContains;
using evaluator_internal::ValuesEqual;

// An operand's value: borrowed from the item or the tree, or held in
// `storage` (size()). `value` is null when the operand is absent.
struct OperandValue {
  const AttributeValue* value = nullptr;
  AttributeValue storage;

  OperandValue() = default;
  OperandValue(const OperandValue&) = delete;
  OperandValue& operator=(const OperandValue&) = delete;
};

// DynamoDB's size(): absent for N, BOOL, NULL and missing attributes.
void ResolveSize(const AttributeValue* v, OperandValue* out) {
  if (v == nullptr) return;
  size_t size = 0;
  switch (v->type()) {
    case AttributeType::kS:
      size = v->s().size();
      break;
    case AttributeType::kB:
      size = v->b().size();
      break;
    case AttributeType::kL:
      size = v->l().size();
      break;
    case AttributeType::kM:
      size = v->m().size();
      break;
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS:
      size = v->set().size();
      break;
    default:
      return;
  }
  out->storage = AttributeValue::N(static_cast<int64_t>(size));
  out->value = &out->storage;
}

void Resolve(const Operand& op, const Item& item, OperandValue* out) {
  switch (op.kind) {
    case Operand::Kind::kValue:
      out->value = &op.value;
      return;
    case Operand::Kind::kPath:
      out->value = ResolvePath(item, op.path);
      return;
    case Operand::Kind::kSize:
      ResolveSize(ResolvePath(item, op.path), out);
      return;
    default:
      return;  // rejected by CheckOperand
  }
}

bool Compare(Comparator cmp, const AttributeValue* a, const AttributeValue* b) {
  if (cmp == Comparator::kEq || cmp == Comparator::kNe) {
    const bool equal = a != nullptr && b != nullptr && ValuesEqual(*a, *b);
    return cmp == Comparator::kEq ? equal : !equal;
  }
  if (a == nullptr || b == nullptr) return false;
  std::optional<int> order = CompareOrdered(*a, *b);
  if (!order.has_value()) return false;
  switch (cmp) {
    case Comparator::kLt:
      return *order < 0;
    case Comparator::kLe:
      return *order <= 0;
    case Comparator::kGt:
      return *order > 0;
    case Comparator::kGe:
      return *order >= 0;
    default:
      return false;
  }
}

bool Between(const AttributeValue* v, const AttributeValue* low,
             const AttributeValue* high) {
  if (v == nullptr || low == nullptr || high == nullptr) return false;
  std::optional<int> above_low = CompareOrdered(*v, *low);
  std::optional<int> below_high = CompareOrdered(*v, *high);
  return above_low.has_value() && below_high.has_value() && *above_low >= 0 &&
         *below_high <= 0;
}

bool BeginsWith(const AttributeValue& a, const AttributeValue& prefix) {
  if (a.type() != prefix.type()) return false;
  if (a.type() == AttributeType::kS) return a.s().starts_with(prefix.s());
  if (a.type() == AttributeType::kB) return a.b().starts_with(prefix.b());
  return false;
}

bool Contains(const AttributeValue& a, const AttributeValue& b) {
  switch (a.type()) {
    case AttributeType::kS:
      return b.type() == AttributeType::kS &&
             a.s().find(b.s()) != std::string::npos;
    case AttributeType::kB:
      return b.type() == AttributeType::kB &&
             a.b().find(b.b()) != std::string::npos;
    case AttributeType::kSS:
      return b.type() == AttributeType::kS && SetContains(a, b.s());
    case AttributeType::kNS:
      return b.type() == AttributeType::kN && SetContains(a, b.n());
    case AttributeType::kBS:
      return b.type() == AttributeType::kB && SetContains(a, b.b());
    case AttributeType::kL:
      for (const AttributeValue& e : a.l()) {
        if (ValuesEqual(e, b)) return true;
      }
      return false;
    default:
      return false;
  }
}

bool Evaluate(const Condition& c, const Item& item);

bool EvaluateIn(const Condition& c, const Item& item) {
  OperandValue v;
  Resolve(c.operands[0], item, &v);
  if (v.value == nullptr) return false;
  for (size_t i = 1; i < c.operands.size(); ++i) {
    OperandValue candidate;
    Resolve(c.operands[i], item, &candidate);
    if (candidate.value != nullptr && ValuesEqual(*v.value, *candidate.value)) {
      return true;
    }
  }
  return false;
}

// Conditions over two operands: comparisons, begins_with, contains.
bool EvaluateBinary(const Condition& c, const Item& item) {
  OperandValue a;
  OperandValue b;
  Resolve(c.operands[0], item, &a);
  Resolve(c.operands[1], item, &b);
  if (c.kind == Condition::Kind::kCompare) {
    return Compare(c.comparator, a.value, b.value);
  }
  if (a.value == nullptr || b.value == nullptr) return false;
  if (c.kind == Condition::Kind::kBeginsWith) {
    return BeginsWith(*a.value, *b.value);
  }
  return Contains(*a.value, *b.value);
}

bool EvaluateLogical(const Condition& c, const Item& item) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
      for (const Condition& child : c.children) {
        if (!Evaluate(child, item)) return false;
      }
      return true;
    case Condition::Kind::kOr:
      for (const Condition& child : c.children) {
        if (Evaluate(child, item)) return true;
      }
      return false;
    default:  // kNot
      return !Evaluate(c.children[0], item);
  }
}

bool Evaluate(const Condition& c, const Item& item) {
  switch (c.kind) {
    case Condition::Kind::kCompare:
    case Condition::Kind::kBeginsWith:
    case Condition::Kind::kContains:
      return EvaluateBinary(c, item);
    case Condition::Kind::kBetween: {
      OperandValue v, low, high;
      Resolve(c.operands[0], item, &v);
      Resolve(c.operands[1], item, &low);
      Resolve(c.operands[2], item, &high);
      return Between(v.value, low.value, high.value);
    }
    case Condition::Kind::kIn:
      return EvaluateIn(c, item);
    case Condition::Kind::kAttributeExists:
      return ResolvePath(item, c.path) != nullptr;
    case Condition::Kind::kAttributeNotExists:
      return ResolvePath(item, c.path) == nullptr;
    case Condition::Kind::kAttributeType: {
      const AttributeValue* v = ResolvePath(item, c.path);
      return v != nullptr &&
             AttributeTypeName(v->type()) == c.operands[0].value.s();
    }
    default:
      return EvaluateLogical(c, item);
  }
}

}  // namespace

absl::StatusOr<bool> EvaluateCondition(const Condition& condition,
                                       const Item& item) {
  absl::Status checked = evaluator_internal::CheckCondition(condition);
  if (!checked.ok()) return checked;
  return Evaluate(condition, item);
}

}  // namespace eddy::engine

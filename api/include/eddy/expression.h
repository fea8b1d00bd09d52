// Copyright (c) Eddy authors.
//
// Typed expressions: document paths, operands, conditions and update actions.
//
// These are the trees DynamoDB's expression strings describe. A caller can
// build them directly (the "typed form"), or have the Database parse
// DynamoDB expression strings into them (see ExpressionStrings in
// database.h). Either way the same evaluator runs them.
//
// Thread-safety: value types; a const tree may be shared across threads.

#ifndef EDDY_EXPRESSION_H_
#define EDDY_EXPRESSION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/value.h"

namespace eddy {

// One step of a document path: a map key (or, first, an attribute name), or
// a list index.
struct PathElement {
  std::string name;    // used when index < 0
  int64_t index = -1;  // >= 0: list index

  bool is_index() const { return index >= 0; }
  friend bool operator==(const PathElement& a, const PathElement& b) {
    return a.name == b.name && a.index == b.index;
  }
};

// A document path such as `a.b[2].c`. REQUIRES for use: non-empty, and the
// first element is a name.
struct Path {
  std::vector<PathElement> elements;

  // Path{"a"}.Key("b").Index(2) is `a.b[2]`.
  static Path Attr(std::string name);
  Path& Key(std::string name);
  Path& Index(int64_t index);

  bool empty() const { return elements.empty(); }
  const std::string& top() const { return elements.front().name; }
  // Renders as DynamoDB prints paths: `a.b[2].c`.
  std::string ToString() const;

  friend bool operator==(const Path& a, const Path& b) {
    return a.elements == b.elements;
  }
};

// A value-producing term of a condition or a SET action.
struct Operand {
  enum class Kind : uint8_t {
    kValue,        // value
    kPath,         // the attribute at path (absent if missing)
    kIfNotExists,  // if_not_exists(path, args[0]); SET only
    kListAppend,   // list_append(args[0], args[1]); SET only
    kPlus,         // args[0] + args[1]; SET only
    kMinus,        // args[0] - args[1]; SET only
    kSize,         // size(path); conditions only
  };

  Kind kind = Kind::kValue;
  AttributeValue value;
  Path path;
  std::vector<Operand> args;

  static Operand Value(AttributeValue v);
  static Operand AtPath(Path p);
  static Operand IfNotExists(Path p, Operand fallback);
  static Operand ListAppend(Operand a, Operand b);
  static Operand Plus(Operand a, Operand b);
  static Operand Minus(Operand a, Operand b);
  static Operand Size(Path p);
};

enum class Comparator : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
// "=", "<>", "<", "<=", ">" or ">=".
std::string_view ComparatorSymbol(Comparator cmp);

// A boolean condition on one item, as in ConditionExpression and
// FilterExpression.
struct Condition {
  enum class Kind : uint8_t {
    kCompare,             // operands[0] <cmp> operands[1]
    kBetween,             // operands[0] BETWEEN operands[1] AND operands[2]
    kIn,                  // operands[0] IN (operands[1..])
    kAttributeExists,     // attribute_exists(path)
    kAttributeNotExists,  // attribute_not_exists(path)
    kAttributeType,       // attribute_type(path, operands[0]) (an S: "N"...)
    kBeginsWith,          // begins_with(operands[0], operands[1])
    kContains,            // contains(operands[0], operands[1])
    kAnd,                 // children[0] AND children[1] AND ...
    kOr,                  // children[0] OR children[1] OR ...
    kNot,                 // NOT children[0]
  };

  Kind kind = Kind::kAnd;
  Comparator comparator = Comparator::kEq;
  Path path;
  std::vector<Operand> operands;
  std::vector<Condition> children;

  static Condition Compare(Operand a, Comparator cmp, Operand b);
  static Condition Between(Operand v, Operand low, Operand high);
  static Condition In(Operand v, std::vector<Operand> candidates);
  static Condition Exists(Path p);
  static Condition NotExists(Path p);
  static Condition Type(Path p, AttributeType type);
  static Condition BeginsWith(Operand a, Operand prefix);
  static Condition Contains(Operand a, Operand b);
  static Condition And(std::vector<Condition> c);
  static Condition Or(std::vector<Condition> c);
  static Condition Not(Condition c);
};

// One action of an update, as in UpdateExpression's clauses.
struct UpdateAction {
  enum class Kind : uint8_t {
    kSet,     // path = value (an Operand tree)
    kRemove,  // remove path (a list element shifts the rest down)
    kAdd,     // number: add; set: union; missing: create
    kDelete,  // remove elements of a set; an emptied set is removed
  };

  Kind kind = Kind::kSet;
  Path path;
  Operand value;  // unused for kRemove; a kValue operand for kAdd/kDelete

  static UpdateAction Set(Path p, Operand v);
  static UpdateAction Remove(Path p);
  static UpdateAction Add(Path p, AttributeValue v);
  static UpdateAction Delete(Path p, AttributeValue v);
};

}  // namespace eddy

#endif  // EDDY_EXPRESSION_H_

// Copyright (c) Eddy authors.
//
// The compiled form of EventFilter patterns (cdc/event_filter.h), shared by
// the compiler (event_filter_compile.cc) and the matcher (event_filter.cc).
// Internal: nothing outside cdc/event_filter*.cc includes this.

#ifndef EDDY_CDC_EVENT_FILTER_INTERNAL_H_
#define EDDY_CDC_EVENT_FILTER_INTERNAL_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc::event_filter_internal {

enum class MatchKind : uint8_t {
  kString,            // text, exactly
  kNumber,            // number, same representation (integer or float)
  kBool,              // bool_value
  kNull,              // JSON null
  kEqualsIgnoreCase,  // text, ASCII case-insensitively
  kPrefix,            // string starting with text
  kPrefixIgnoreCase,  // ... case-insensitively
  kSuffix,            // string ending with text
  kSuffixIgnoreCase,  // ... case-insensitively
  kNumeric,           // JSON number within [low, high] (bounds per flags)
  kExists,            // any leaf value
  kAnythingBut,       // any leaf value that matches none of `excluded`
};

// One matcher of a leaf array. Only the members of its kind are set.
struct Matcher {
  MatchKind kind = MatchKind::kExists;
  std::string text;  // kString, ...IgnoreCase, kPrefix, kSuffix: for the
                     // IgnoreCase kinds, already lowercased (ASCII)
  // kNumber: the pattern's literal; exactly one of the three is used.
  enum class NumberType : uint8_t { kSigned, kUnsigned, kFloat };
  NumberType number_type = NumberType::kSigned;
  int64_t signed_value = 0;
  uint64_t unsigned_value = 0;
  double float_value = 0;
  bool bool_value = false;  // kBool
  // kNumeric.
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool low_inclusive = false;
  bool high_inclusive = false;
  std::vector<Matcher> excluded;  // kAnythingBut: non-empty, no nesting
};

// A leaf: the matchers of one array, ORed.
struct Leaf {
  std::vector<Matcher> matchers;  // may be empty if only exists:false
  bool matches_absent = false;    // it holds {"exists": false}
};

struct Node;

// One key of a pattern object: either a leaf or a nested object.
struct Field {
  std::string name;
  std::unique_ptr<Leaf> leaf;  // exactly one of leaf / node is set
  std::unique_ptr<Node> node;
};

// A pattern object: every field must match, and, if any_of is non-empty
// ("$or"), at least one of its alternatives.
struct Node {
  std::vector<Field> fields;
  std::vector<Node> any_of;
};

struct Compiled {
  std::vector<Node> patterns;  // ORed; never empty
};

// Helpers of the compiler (event_filter_operators.cc).
// ASCII lowercase copy.
std::string LowerAscii(std::string_view s);
// "a string", "an object", ... for error messages.
std::string_view TypeName(const nlohmann::json& v);
// REQUIRES: v is a string or a number. Its kString / kNumber matcher.
Matcher Literal(const nlohmann::json& v);
// {"numeric": operand} / {"anything-but": operand} into *out; false with
// *reason (a sentence without the path) if the operand is malformed.
bool CompileNumeric(const nlohmann::json& operand, Matcher* out,
                    std::string* reason);
bool CompileAnythingBut(const nlohmann::json& operand, Matcher* out,
                        std::string* reason);

// Compiles one pattern. `field` names it in errors
// ("FilterCriteria.Filters[i].Pattern"). kInvalidArgument on bad syntax.
absl::StatusOr<Node> CompilePattern(const std::string& field,
                                    const std::string& text);

}  // namespace eddy::cdc::event_filter_internal

#endif  // EDDY_CDC_EVENT_FILTER_INTERNAL_H_

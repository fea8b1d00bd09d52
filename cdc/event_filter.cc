// Copyright (c) Eddy authors.
//
// Matching records against compiled filter patterns (cdc/event_filter.h).
// Walks the record only along the pattern's paths; allocates nothing.

#include "cdc/event_filter.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "cdc/event_filter_internal.h"

namespace eddy::cdc {
namespace {

using event_filter_internal::Compiled;
using event_filter_internal::Leaf;
using event_filter_internal::Matcher;
using event_filter_internal::MatchKind;
using event_filter_internal::Node;

char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// `lower` is already lowercase.
bool EqualsIgnoreCaseAt(std::string_view value, size_t offset,
                        std::string_view lower) {
  for (size_t i = 0; i < lower.size(); ++i) {
    if (LowerAscii(value[offset + i]) != lower[i]) return false;
  }
  return true;
}

bool StringMatches(const Matcher& m, std::string_view s) {
  const std::string_view t = m.text;
  switch (m.kind) {
    case MatchKind::kString:
      return s == t;
    case MatchKind::kEqualsIgnoreCase:
      return s.size() == t.size() && EqualsIgnoreCaseAt(s, 0, t);
    case MatchKind::kPrefix:
      return s.substr(0, t.size()) == t;
    case MatchKind::kPrefixIgnoreCase:
      return s.size() >= t.size() && EqualsIgnoreCaseAt(s, 0, t);
    case MatchKind::kSuffix:
      return s.size() >= t.size() && s.substr(s.size() - t.size()) == t;
    case MatchKind::kSuffixIgnoreCase:
      return s.size() >= t.size() &&
             EqualsIgnoreCaseAt(s, s.size() - t.size(), t);
    default:
      return false;
  }
}

// Exact number equality, keeping integers and floats apart (AWS compares
// the numbers' text: 300 and 300.0 differ).
template <typename J>
bool NumberEquals(const Matcher& m, const J& v) {
  using NumberType = Matcher::NumberType;
  if (m.number_type == NumberType::kFloat) {
    return v.is_number_float() && v.template get<double>() == m.float_value;
  }
  if (!v.is_number_integer()) return false;  // also excludes floats
  // Both integers: compare as mathematical values.
  const bool v_unsigned = v.is_number_unsigned();
  const bool v_negative = !v_unsigned && v.template get<int64_t>() < 0;
  const bool m_negative =
      m.number_type == NumberType::kSigned && m.signed_value < 0;
  if (v_negative || m_negative) {
    return v_negative && m_negative &&
           v.template get<int64_t>() == m.signed_value;
  }
  const uint64_t mv = m.number_type == NumberType::kUnsigned
                          ? m.unsigned_value
                          : static_cast<uint64_t>(m.signed_value);
  return v.template get<uint64_t>() == mv;
}

bool InRange(const Matcher& m, double x) {
  if (m.low_inclusive ? x < m.low : x <= m.low) return false;
  if (m.high_inclusive ? x > m.high : x >= m.high) return false;
  return true;
}

// REQUIRES: v is neither an array nor an object.
template <typename J>
bool ScalarMatches(const Matcher& m, const J& v) {
  switch (m.kind) {
    case MatchKind::kNumber:
      return NumberEquals(m, v);
    case MatchKind::kBool:
      return v.is_boolean() && v.template get<bool>() == m.bool_value;
    case MatchKind::kNull:
      return v.is_null();
    case MatchKind::kNumeric:
      return v.is_number() && InRange(m, v.template get<double>());
    case MatchKind::kExists:
      return true;
    case MatchKind::kAnythingBut:
      for (const Matcher& e : m.excluded) {
        if (ScalarMatches(e, v)) return false;
      }
      return true;
    default:  // the string kinds
      return v.is_string() &&
             StringMatches(m,
                           v.template get_ref<const typename J::string_t&>());
  }
}

// Tries every leaf value in v (flattening arrays); sets *saw_value if there
// is at least one.
template <typename J>
bool AnyValueMatches(const Leaf& leaf, const J& v, int nesting,
                     bool* saw_value) {
  if (v.is_array()) {
    if (nesting >= EventFilter::kMaxArrayNesting) return false;
    for (const J& e : v) {
      if (AnyValueMatches(leaf, e, nesting + 1, saw_value)) return true;
    }
    return false;
  }
  if (v.is_object()) return false;  // not a leaf value
  *saw_value = true;
  for (const Matcher& m : leaf.matchers) {
    if (ScalarMatches(m, v)) return true;
  }
  return false;
}

// v == nullptr: the field is absent.
template <typename J>
bool LeafMatches(const Leaf& leaf, const J* v) {
  bool saw_value = false;
  if (v != nullptr && AnyValueMatches(leaf, *v, 0, &saw_value)) return true;
  return !saw_value && leaf.matches_absent;
}

template <typename J>
bool NodeMatchesAt(const Node& node, const J* v);

// REQUIRES: object is null (absent) or a JSON object.
template <typename J>
bool ObjectMatches(const Node& node, const J* object) {
  for (const event_filter_internal::Field& field : node.fields) {
    const J* child = nullptr;
    if (object != nullptr) {
      auto it = object->find(field.name);
      if (it != object->end()) child = &*it;
    }
    const bool ok = field.leaf != nullptr ? LeafMatches(*field.leaf, child)
                                          : NodeMatchesAt(*field.node, child);
    if (!ok) return false;
  }
  if (node.any_of.empty()) return true;
  for (const Node& alternative : node.any_of) {
    if (ObjectMatches(alternative, object)) return true;
  }
  return false;
}

// Tries each object in the array v (flattening nested arrays); sets
// *saw_object if there is at least one.
template <typename J>
bool AnyElementMatches(const Node& node, const J& v, int nesting,
                       bool* saw_object) {
  for (const J& e : v) {
    if (e.is_array()) {
      if (nesting + 1 < EventFilter::kMaxArrayNesting &&
          AnyElementMatches(node, e, nesting + 1, saw_object)) {
        return true;
      }
    } else if (e.is_object()) {
      *saw_object = true;
      if (ObjectMatches(node, &e)) return true;
    }
  }
  return false;
}

// A pattern object against the record's value v (null: absent). A scalar,
// or an array without objects, has no fields: it is matched as absent.
template <typename J>
bool NodeMatchesAt(const Node& node, const J* v) {
  if (v != nullptr && v->is_object()) return ObjectMatches(node, v);
  if (v != nullptr && v->is_array()) {
    bool saw_object = false;
    if (AnyElementMatches(node, *v, 0, &saw_object)) return true;
    if (saw_object) return false;
  }
  return ObjectMatches<J>(node, nullptr);
}

template <typename J>
bool AnyPatternMatches(const Compiled& compiled, const J& record) {
  for (const Node& pattern : compiled.patterns) {
    if (NodeMatchesAt(pattern, &record)) return true;
  }
  return false;
}

}  // namespace

bool EventFilter::Matches(const nlohmann::json& record) const {
  return compiled_ == nullptr || AnyPatternMatches(*compiled_, record);
}

bool EventFilter::Matches(const nlohmann::ordered_json& record) const {
  return compiled_ == nullptr || AnyPatternMatches(*compiled_, record);
}

}  // namespace eddy::cdc

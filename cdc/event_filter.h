// Copyright (c) Eddy authors.
//
// EventFilter: Lambda event filtering (FilterCriteria) for the records an
// event source mapping reads. A record reaches the function only if it
// matches at least one of the mapping's filter patterns; a mapping without
// filters passes every record.
//
// Pattern syntax (AWS Lambda's, which is EventBridge's event pattern
// language). A pattern is a JSON object mirroring the record's shape:
//
//   {"eventName": ["INSERT", "MODIFY"],
//    "dynamodb": {"NewImage": {"Breed": {"S": [{"prefix": "Bea"}]}}}}
//
//   - An object value descends into the record's field of that name.
//   - An array value is a leaf: a list of matchers, ORed. A leaf matches if
//     one of the record's values at that path matches one of its matchers.
//   - All keys of an object must match (AND). An empty object has no
//     conditions: {} matches every record (AWS does not document this case).
//   - "$or": [pattern, pattern, ...] inside any object: at least one of the
//     sub-patterns (objects at the same level) must match, ANDed with the
//     object's other keys.
//
// Matchers (elements of a leaf array):
//   "text"                          the string, exactly (no case folding)
//   ""                              the empty string
//   123, 1.5                        a JSON number of the same representation
//                                   (300 and 300.0 differ, as in AWS)
//   true, false                     the JSON boolean
//   null                            a JSON null (not an absent field)
//   {"equals-ignore-case": "text"}  the string, ASCII case-insensitively
//   {"prefix": "text"}              a string starting with "text"
//   {"prefix": {"equals-ignore-case": "text"}}   ... case-insensitively
//   {"suffix": "text"}              a string ending with "text"
//   {"suffix": {"equals-ignore-case": "text"}}   ... case-insensitively
//   {"numeric": ["=", 5]}           a JSON number equal to 5
//   {"numeric": [">", 0, "<=", 5]}  a JSON number in a range: one or two
//                                   comparisons among = < <= > >=; with two,
//                                   one lower bound (> >=) and one upper
//                                   bound (< <=), lower < upper
//   {"exists": true}                the field has a value (a leaf)
//   {"exists": false}               the field is absent
//   {"anything-but": X}             a value that does not match X, where X
//                                   is a string, a number, a non-empty array
//                                   of strings or of numbers, or one of
//                                   {"prefix": s}, {"suffix": s},
//                                   {"equals-ignore-case": s | [s, ...]}
//
// Values. The record's value at a leaf path is a string, number, boolean or
// null; if it is an array, the leaf matches if any element does (arrays of
// arrays flatten). An object, an empty array, or a missing field is
// "absent": only {"exists": false} matches it, so, as AWS documents for
// DynamoDB, "exists" works on leaf nodes only: use
// {"NewImage": {"Age": {"N": [{"exists": true}]}}}, not {"Age": [...]}.
// Where a pattern object meets an array of objects in the record, each
// element is tried on its own (fields matched together come from one
// element).
//
// DynamoDB numbers. Stream records carry numbers as strings ({"N": "101"}),
// and AWS documents that numeric operators do not apply to them: a
// {"numeric": ...} matcher matches JSON numbers only, so it never matches
// an "N" value. Match "N" values as strings: {"N": ["101"]}.
//
// Limits (AWS's): at most kMaxFilters patterns; each at most
// kMaxPatternChars characters (UTF-8 code points). Eddy's: objects nest at
// most kMaxPatternDepth levels; record arrays flatten at most
// kMaxArrayNesting levels (deeper elements are ignored).
//
// Not supported (kInvalidArgument "unknown operator"): "wildcard", "cidr",
// "anything-but" with "wildcard". Case folding is ASCII only.

#ifndef EDDY_CDC_EVENT_FILTER_H_
#define EDDY_CDC_EVENT_FILTER_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "eddy/triggers.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc {

namespace event_filter_internal {
struct Compiled;
}  // namespace event_filter_internal

// One compiled FilterCriteria: up to kMaxFilters patterns, ORed.
// Immutable after Compile; copies share the compiled form. Thread-safe:
// any number of threads may call Matches on one object (or its copies).
class EventFilter {
 public:
  static constexpr size_t kMaxFilters = 10;
  static constexpr size_t kMaxPatternChars = 4096;
  static constexpr int kMaxPatternDepth = 64;
  static constexpr int kMaxArrayNesting = 32;

  // An empty filter: matches every record.
  EventFilter();

  // Compiles `filters`. An empty list gives a filter matching everything.
  // Errors: kInvalidArgument (ValidationException) naming the field, e.g.
  // "FilterCriteria.Filters[2].Pattern: at \"dynamodb.NewImage\": ..."
  // (indexes from 0), for more than kMaxFilters filters
  // ("FilterCriteria.Filters: ..."), a pattern over kMaxPatternChars, not
  // JSON, not a JSON object, nested too deep, or with bad rule syntax
  // (unknown operator, wrong operand type, malformed numeric range, empty
  // matcher array, a scalar where a matcher array belongs...).
  static absl::StatusOr<EventFilter> Compile(
      const std::vector<eddy::Filter>& filters);

  // True if any pattern matches `record`, a change record in its Lambda
  // event shape ({"eventID":..,"eventName":..,"dynamodb":{"Keys":..,
  // "NewImage":{"Name":{"S":"x"}},..},..}); true when empty(). Never
  // fails: a record of any shape either matches or not. Allocates nothing.
  bool Matches(const nlohmann::json& record) const;
  // The same for an insertion-ordered record (as cdc/record_json.cc builds).
  bool Matches(const nlohmann::ordered_json& record) const;

  // True if there are no patterns (every record matches).
  bool empty() const;

 private:
  explicit EventFilter(
      std::shared_ptr<const event_filter_internal::Compiled> compiled);

  // Null when empty.
  std::shared_ptr<const event_filter_internal::Compiled> compiled_;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_EVENT_FILTER_H_

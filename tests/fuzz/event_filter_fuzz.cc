// Copyright (c) Eddy authors.
//
// libFuzzer target for Lambda event filtering (cdc/event_filter.h).
// Input: filter patterns separated by '\t' on the first line, then the
// record JSON on the rest, e.g.
//   {"eventName":["INSERT"]}\t{"a":[{"prefix":"x"}]}\n{"eventName":"INSERT"}
// Properties checked:
//   - nothing crashes, leaks or reads out of bounds (run under ASan/UBSan),
//     whatever the patterns and the record (invalid JSON records included);
//   - every Compile failure is kInvalidArgument naming "FilterCriteria.";
//   - Matches agrees for the record as nlohmann::json and as ordered_json;
//   - the compiled criteria match exactly when one of their patterns,
//     compiled alone, matches (filters are ORed).
//
// Seed corpus in tests/fuzz/corpus/event_filter.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "cdc/event_filter.h"
#include "eddy/triggers.h"
#include "nlohmann/json.hpp"

namespace {

using eddy::cdc::EventFilter;

constexpr size_t kMaxPatterns = 12;  // above EventFilter::kMaxFilters

std::vector<eddy::Filter> SplitPatterns(std::string_view line) {
  std::vector<eddy::Filter> filters;
  while (filters.size() < kMaxPatterns) {
    const size_t tab = line.find('\t');
    filters.push_back({std::string(line.substr(0, tab))});
    if (tab == std::string_view::npos) break;
    line.remove_prefix(tab + 1);
  }
  return filters;
}

void CheckError(const absl::Status& s) {
  if (s.code() != absl::StatusCode::kInvalidArgument ||
      std::string(s.message()).rfind("FilterCriteria.", 0) != 0) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view patterns = input.substr(0, newline);
  const std::string_view record_text = newline == std::string_view::npos
                                           ? std::string_view()
                                           : input.substr(newline + 1);

  const std::vector<eddy::Filter> filters = SplitPatterns(patterns);
  absl::StatusOr<EventFilter> filter = EventFilter::Compile(filters);
  if (!filter.ok()) {
    CheckError(filter.status());
    return 0;
  }
  const nlohmann::json record =
      nlohmann::json::parse(record_text, nullptr, /*allow_exceptions=*/false);
  const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(
      record_text, nullptr, /*allow_exceptions=*/false);
  const bool matches = filter->Matches(record);
  if (filter->Matches(ordered) != matches) std::abort();

  bool any = filter->empty();
  for (const eddy::Filter& f : filters) {
    absl::StatusOr<EventFilter> one = EventFilter::Compile({f});
    if (!one.ok()) std::abort();  // it compiled as part of the list
    any = any || one->Matches(record);
  }
  if (any != matches) std::abort();
  return 0;
}

// Copyright (c) Eddy authors.
//
// Small std::string_view helpers for the protocol code (Debian's abseil has
// its own absl::string_view, so absl::StrSplit does not take std's).

#ifndef EDDY_API_SERVER_TEXT_H_
#define EDDY_API_SERVER_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace eddy::server {

// Splits `text` at each `separator`; empty pieces are dropped when
// `skip_empty`.
inline std::vector<std::string_view> Split(std::string_view text,
                                           char separator,
                                           bool skip_empty = false) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    std::string_view piece = text.substr(start, end == std::string_view::npos
                                                    ? std::string_view::npos
                                                    : end - start);
    if (!skip_empty || !piece.empty()) out.push_back(piece);
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// `text` without leading and trailing spaces, tabs, CR and LF.
inline std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

}  // namespace eddy::server

#endif  // EDDY_API_SERVER_TEXT_H_

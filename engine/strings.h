// Copyright (c) Eddy authors.
//
// Debian 12's abseil is built with ABSL_OPTION_USE_STD_STRING_VIEW=0, so
// absl::string_view is its own type and std::string_view does not convert to
// it. Eddy's public API speaks std::string_view; code passing one to abseil
// (StrCat, Status, StrSplit...) converts with Sv().

#ifndef EDDY_ENGINE_STRINGS_H_
#define EDDY_ENGINE_STRINGS_H_

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace eddy::engine {

inline absl::string_view Sv(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
inline absl::string_view Sv(const std::string& s) {
  return absl::string_view(s.data(), s.size());
}
inline absl::string_view Sv(const char* s) { return absl::string_view(s); }
inline std::string_view Sv(absl::string_view s) {
  return std::string_view(s.data(), s.size());
}

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_STRINGS_H_

// Copyright (c) Eddy authors.
//
// Writing JSON text directly, for output paths hot enough that building an
// nlohmann document first shows (stream records rendered for Lambda
// events). The text is the same as nlohmann's compact dump with invalid
// UTF-8 replaced; engine/json_test.cc checks that for random values.

#ifndef EDDY_ENGINE_JSON_TEXT_H_
#define EDDY_ENGINE_JSON_TEXT_H_

#include <string>
#include <string_view>

namespace eddy::engine {

// Appends `s` as a JSON string literal: quoted, with '"', '\\' and control
// characters escaped and each invalid UTF-8 sequence replaced by U+FFFD.
void AppendJsonString(std::string* out, std::string_view s);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_JSON_TEXT_H_

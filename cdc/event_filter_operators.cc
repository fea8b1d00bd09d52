// Copyright (c) Eddy authors.
//
// Operand parsing for the filter operators with structured operands
// ("numeric", "anything-but"), and the small helpers the pattern compiler
// (event_filter_compile.cc) shares with them.

#include <cctype>
#include <cmath>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "cdc/event_filter_internal.h"
#include "engine/strings.h"

namespace eddy::cdc::event_filter_internal {

using Json = nlohmann::json;
using engine::Sv;

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string_view TypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return "a number";
  }
}

Matcher Literal(const Json& v) {
  Matcher m;
  if (v.is_string()) {
    m.kind = MatchKind::kString;
    m.text = v.get_ref<const std::string&>();
    return m;
  }
  m.kind = MatchKind::kNumber;
  if (v.is_number_unsigned()) {
    m.number_type = Matcher::NumberType::kUnsigned;
    m.unsigned_value = v.get<uint64_t>();
  } else if (v.is_number_integer()) {
    m.number_type = Matcher::NumberType::kSigned;
    m.signed_value = v.get<int64_t>();
  } else {
    m.number_type = Matcher::NumberType::kFloat;
    m.float_value = v.get<double>();
  }
  return m;
}

namespace {

// Applies one comparison ("op", value) of a "numeric" operand to *out.
bool AddComparison(const Json& op, const Json& value, bool alone, Matcher* out,
                   std::string* reason) {
  if (!op.is_string()) {
    *reason = absl::StrCat("\"numeric\" operators are strings, not ",
                           Sv(TypeName(op)));
    return false;
  }
  if (!value.is_number()) {
    *reason = absl::StrCat("\"numeric\" compares with numbers, not ",
                           Sv(TypeName(value)));
    return false;
  }
  const double v = value.get<double>();
  if (!std::isfinite(v)) {
    *reason = "\"numeric\" bounds must be finite";
    return false;
  }
  const std::string& o = op.get_ref<const std::string&>();
  const bool lower = o == ">" || o == ">=";
  const bool upper = o == "<" || o == "<=";
  if (o == "=") {
    if (!alone) {
      *reason = "\"numeric\" \"=\" cannot be combined with a range";
      return false;
    }
    out->low = out->high = v;
    out->low_inclusive = out->high_inclusive = true;
    return true;
  }
  if (!lower && !upper) {
    *reason = absl::StrCat("unknown \"numeric\" operator \"", o,
                           "\" (use = < <= > >=)");
    return false;
  }
  const bool taken = lower ? out->low_inclusive || std::isfinite(out->low)
                           : out->high_inclusive || std::isfinite(out->high);
  if (taken) {
    *reason = absl::StrCat("\"numeric\" has two ", lower ? "lower" : "upper",
                           " bounds");
    return false;
  }
  if (lower) {
    out->low = v;
    out->low_inclusive = o == ">=";
  } else {
    out->high = v;
    out->high_inclusive = o == "<=";
  }
  return true;
}

bool AnythingButObject(const Json& operand, Matcher* out, std::string* reason) {
  if (operand.size() != 1) {
    *reason = "an \"anything-but\" object must have exactly one key";
    return false;
  }
  const std::string& op = operand.begin().key();
  const Json& value = operand.begin().value();
  if (op == "prefix" || op == "suffix") {
    if (!value.is_string()) {
      *reason = absl::StrCat("\"anything-but\" \"", op,
                             "\" takes a string, not ", Sv(TypeName(value)));
      return false;
    }
    Matcher m;
    m.kind = op == "prefix" ? MatchKind::kPrefix : MatchKind::kSuffix;
    m.text = value.get_ref<const std::string&>();
    out->excluded.push_back(std::move(m));
    return true;
  }
  if (op != "equals-ignore-case") {
    *reason =
        absl::StrCat("unknown operator \"", op, "\" inside \"anything-but\"");
    return false;
  }
  const bool list = value.is_array() && !value.empty();
  if (!value.is_string() && !list) {
    *reason =
        "\"anything-but\" \"equals-ignore-case\" takes a string or a "
        "non-empty array of strings";
    return false;
  }
  for (const Json& s : list ? value : Json::array({value})) {
    if (!s.is_string()) {
      *reason = absl::StrCat(
          "\"anything-but\" \"equals-ignore-case\" takes strings, not ",
          Sv(TypeName(s)));
      return false;
    }
    Matcher m;
    m.kind = MatchKind::kEqualsIgnoreCase;
    m.text = LowerAscii(s.get_ref<const std::string&>());
    out->excluded.push_back(std::move(m));
  }
  return true;
}

}  // namespace

bool CompileNumeric(const Json& operand, Matcher* out, std::string* reason) {
  if (!operand.is_array() || (operand.size() != 2 && operand.size() != 4)) {
    *reason = "\"numeric\" takes [op, number] or [op, number, op, number]";
    return false;
  }
  out->kind = MatchKind::kNumeric;
  const bool alone = operand.size() == 2;
  for (size_t i = 0; i < operand.size(); i += 2) {
    if (!AddComparison(operand[i], operand[i + 1], alone, out, reason)) {
      return false;
    }
  }
  if (!alone && !(out->low < out->high)) {
    *reason =
        "\"numeric\" range is empty: the lower bound must be below the "
        "upper bound";
    return false;
  }
  return true;
}

bool CompileAnythingBut(const Json& operand, Matcher* out,
                        std::string* reason) {
  out->kind = MatchKind::kAnythingBut;
  if (operand.is_string() || operand.is_number()) {
    out->excluded.push_back(Literal(operand));
    return true;
  }
  if (operand.is_object()) return AnythingButObject(operand, out, reason);
  if (!operand.is_array()) {
    *reason = absl::StrCat(
        "\"anything-but\" takes a string, a number, an array of them, or an "
        "object with \"prefix\", \"suffix\" or \"equals-ignore-case\", not ",
        Sv(TypeName(operand)));
    return false;
  }
  if (operand.empty()) {
    *reason = "\"anything-but\" takes a non-empty array";
    return false;
  }
  const bool strings = operand[0].is_string();
  for (const Json& v : operand) {
    if (!v.is_string() && !v.is_number()) {
      *reason = absl::StrCat("\"anything-but\" takes strings or numbers, not ",
                             Sv(TypeName(v)));
      return false;
    }
    if (v.is_string() != strings) {
      *reason = "\"anything-but\" cannot mix strings and numbers";
      return false;
    }
    out->excluded.push_back(Literal(v));
  }
  return true;
}

}  // namespace eddy::cdc::event_filter_internal

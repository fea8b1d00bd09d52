// Copyright (c) Eddy authors.
//
// DynamoDB numbers: decimals of up to 38 significant digits, magnitude in
// [1E-130, 9.9999999999999999999999999999999999999E+125], or zero.
//
// A Number is held normalized: sign, the significant digits with no leading
// or trailing zeros, and the decimal exponent. Canonical text is plain
// decimal notation without exponent ("1.5", "-0.001", "120000", "0").

#ifndef EDDY_ENGINE_NUMBER_H_
#define EDDY_ENGINE_NUMBER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace eddy::engine {

class Number {
 public:
  // Zero.
  Number() = default;

  // Parses decimal text: optional sign, digits with an optional point, an
  // optional exponent (e/E, optional sign, digits). Leading and trailing
  // zeros are allowed ("01.50"). kInvalidArgument if the text is not a
  // number, has more than 38 significant digits, or is out of range; the
  // message says which.
  static absl::StatusOr<Number> Parse(std::string_view text);
  static Number FromInt(int64_t v);

  // Canonical text (see file comment).
  std::string ToString() const;

  bool is_zero() const { return digits_.empty(); }
  bool negative() const { return negative_; }

  // Total order by numeric value: <0, 0, >0.
  static int Compare(const Number& a, const Number& b);

  // Exact sums. kInvalidArgument if the result needs more than 38
  // significant digits or leaves the range (DynamoDB rejects these too).
  static absl::StatusOr<Number> Add(const Number& a, const Number& b);
  static absl::StatusOr<Number> Subtract(const Number& a, const Number& b);

  // Appends an order-preserving, self-delimiting encoding: bytewise
  // comparison of encodings equals Compare(). Persistent format: see
  // engine/key_codec.h.
  void AppendOrderedEncoding(std::string* out) const;
  // Decodes an encoding at the front of *in and advances it. False if the
  // bytes are not a valid encoding.
  static bool ConsumeOrderedEncoding(std::string_view* in, Number* out);

  friend bool operator==(const Number& a, const Number& b) {
    return Compare(a, b) == 0;
  }

 private:
  bool negative_ = false;
  // Significant digits '1'..'9' first and last, as ASCII. Empty for zero.
  std::string digits_;
  // Value = 0.d1d2d3... * 10^exponent_ (so 1.5 is digits "15", exponent 1).
  int32_t exponent_ = 0;
};

// Returns the canonical text of `text`, or the Parse error.
absl::StatusOr<std::string> CanonicalNumber(std::string_view text);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_NUMBER_H_

// Copyright (c) Eddy authors.
//
// DynamoDB numbers (see engine/number.h). All arithmetic is exact decimal
// arithmetic on digit strings; no floating point is involved anywhere.

#include "engine/number.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "engine/errors.h"
#include "engine/strings.h"

namespace eddy::engine {
namespace {

// Value = 0.d1d2... * 10^exponent, so 1E-130 has exponent -129 and
// 9.99...E+125 has exponent 126.
constexpr size_t kMaxDigits = 38;
constexpr int32_t kMaxExponent = 126;
constexpr int32_t kMinExponent = -129;
// Exponents in text are clamped to this magnitude while parsing, so that
// "1e99999999999999999999" cannot overflow the arithmetic (it is out of range
// either way).
constexpr int64_t kExponentClamp = 1'000'000'000;

// Ordered encoding (persistent; see engine/key_codec.h).
constexpr uint8_t kZeroTag = 0x80;
constexpr uint8_t kPositiveTag = 0xC0;
constexpr uint8_t kNegativeTag = 0x40;
constexpr uint32_t kExponentBias = 0x8000;

constexpr std::string_view kTooManyDigits =
    "Attempting to store more than 38 significant digits in a Number";
constexpr std::string_view kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger "
    "than supported range";
constexpr std::string_view kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller "
    "than supported range";

absl::Status NotANumber(std::string_view text) {
  constexpr std::string_view kMessage =
      "The parameter cannot be converted to a numeric value";
  if (text.empty()) return ValidationError(kMessage);
  constexpr size_t kQuoteMax = 64;  // bound the message size
  std::string_view quoted = text.substr(0, kQuoteMax);
  return ValidationError(absl::StrCat(Sv(kMessage), ": ", Sv(quoted),
                                      text.size() > kQuoteMax ? "..." : ""));
}

// Checks a normalized magnitude (digit count, exponent) against the limits.
absl::Status CheckLimits(size_t digit_count, int64_t exponent) {
  if (exponent > kMaxExponent) return ValidationError(kOverflow);
  if (exponent < kMinExponent) return ValidationError(kUnderflow);
  if (digit_count > kMaxDigits) return ValidationError(kTooManyDigits);
  return absl::OkStatus();
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The syntactic parts of decimal text.
struct Scanned {
  bool negative = false;
  std::string_view mantissa;  // digits and at most one '.'; >= 1 digit
  int64_t exp10 = 0;          // clamped to +-kExponentClamp
};

// Splits `text` per the grammar in number.h. False if it does not match.
bool Scan(std::string_view text, Scanned* out) {
  size_t pos = 0;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    out->negative = text[pos] == '-';
    ++pos;
  }
  const size_t mantissa_start = pos;
  bool seen_point = false;
  size_t digit_count = 0;
  for (; pos < text.size(); ++pos) {
    if (IsDigit(text[pos])) {
      ++digit_count;
    } else if (text[pos] == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (digit_count == 0) return false;
  out->mantissa = text.substr(mantissa_start, pos - mantissa_start);
  if (pos == text.size()) return true;
  if (text[pos] != 'e' && text[pos] != 'E') return false;
  ++pos;
  bool exp_negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    exp_negative = text[pos] == '-';
    ++pos;
  }
  if (pos == text.size()) return false;
  int64_t exp = 0;
  for (; pos < text.size(); ++pos) {
    if (!IsDigit(text[pos])) return false;
    exp = std::min(exp * 10 + (text[pos] - '0'), kExponentClamp);
  }
  out->exp10 = exp_negative ? -exp : exp;
  return true;
}

// Exact magnitude arithmetic. A magnitude is 0.digits * 10^exponent with
// normalized digits. Digit places are powers of ten: the digit at place p
// is worth 10^p. Valid numbers span places [-129-38, 126], so a sum fits.
constexpr size_t kPlacesMax = 2 * kMaxDigits + kMaxExponent - kMinExponent + 2;

struct Magnitude {
  std::string_view digits;
  int32_t exponent;
};

int CompareMagnitudes(const Magnitude& a, const Magnitude& b) {
  if (a.exponent != b.exponent) return a.exponent < b.exponent ? -1 : 1;
  int c = a.digits.compare(b.digits);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Computes a + b (subtract=false) or a - b (subtract=true; REQUIRES a > b)
// into *digits / *exponent, normalized. Returns false if the result is 0.
bool CombineMagnitudes(const Magnitude& a, const Magnitude& b, bool subtract,
                       std::string* digits, int32_t* exponent) {
  const int32_t low =
      std::min(a.exponent - static_cast<int32_t>(a.digits.size()),
               b.exponent - static_cast<int32_t>(b.digits.size()));
  const int32_t high = std::max(a.exponent, b.exponent);  // carry place
  const size_t width = static_cast<size_t>(high - low + 1);
  assert(width <= kPlacesMax);
  std::array<int8_t, kPlacesMax> place{};  // index 0 is place `low`
  for (size_t i = 0; i < a.digits.size(); ++i) {
    place[a.exponent - 1 - static_cast<int32_t>(i) - low] += a.digits[i] - '0';
  }
  const int8_t sign = subtract ? -1 : 1;
  for (size_t i = 0; i < b.digits.size(); ++i) {
    place[b.exponent - 1 - static_cast<int32_t>(i) - low] +=
        sign * (b.digits[i] - '0');
  }
  for (size_t i = 0; i + 1 < width; ++i) {
    if (place[i] < 0) {
      place[i] += 10;
      place[i + 1] -= 1;
    } else if (place[i] >= 10) {
      place[i] -= 10;
      place[i + 1] += 1;
    }
  }
  size_t top = width;
  while (top > 0 && place[top - 1] == 0) --top;
  if (top == 0) return false;
  size_t bottom = 0;
  while (place[bottom] == 0) ++bottom;
  digits->clear();
  digits->reserve(top - bottom);
  for (size_t i = top; i > bottom; --i) digits->push_back('0' + place[i - 1]);
  *exponent = low + static_cast<int32_t>(top);
  return true;
}

}  // namespace

absl::StatusOr<Number> Number::Parse(std::string_view text) {
  Scanned scanned;
  if (!Scan(text, &scanned)) return NotANumber(text);
  Number n;
  int64_t int_len = -1;   // digits before the point
  int64_t first_nz = -1;  // index of the first non-zero digit
  int64_t pending_zeros = 0;
  int64_t index = 0;
  for (char c : scanned.mantissa) {
    if (c == '.') {
      int_len = index;
      continue;
    }
    if (c != '0') {
      if (first_nz < 0) first_nz = index;
      if (n.digits_.size() + pending_zeros + 1 > kMaxDigits) {
        return ValidationError(kTooManyDigits);
      }
      n.digits_.append(static_cast<size_t>(pending_zeros), '0');
      n.digits_.push_back(c);
      pending_zeros = 0;
    } else if (first_nz >= 0) {
      ++pending_zeros;
    }
    ++index;
  }
  if (first_nz < 0) return Number();  // zero, whatever sign and exponent
  if (int_len < 0) int_len = index;
  const int64_t exponent = int_len - first_nz + scanned.exp10;
  absl::Status limits = CheckLimits(n.digits_.size(), exponent);
  if (!limits.ok()) return limits;
  n.negative_ = scanned.negative;
  n.exponent_ = static_cast<int32_t>(exponent);
  return n;
}

Number Number::FromInt(int64_t v) {
  Number n;
  if (v == 0) return n;
  n.negative_ = v < 0;
  uint64_t magnitude =
      v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  char buf[20];
  size_t len = 0;
  for (; magnitude > 0; magnitude /= 10) buf[len++] = '0' + magnitude % 10;
  n.exponent_ = static_cast<int32_t>(len);
  size_t skip = 0;  // trailing zeros of the integer, at the front of buf
  while (buf[skip] == '0') ++skip;
  n.digits_.reserve(len - skip);
  for (size_t i = len; i > skip; --i) n.digits_.push_back(buf[i - 1]);
  return n;
}

std::string Number::ToString() const {
  if (is_zero()) return "0";
  std::string out;
  const int64_t len = static_cast<int64_t>(digits_.size());
  out.reserve(static_cast<size_t>(
      3 + len + std::max<int64_t>(std::abs(int64_t{exponent_}), 0)));
  if (negative_) out.push_back('-');
  if (exponent_ <= 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-exponent_), '0');
    out.append(digits_);
  } else if (exponent_ < len) {
    out.append(digits_, 0, static_cast<size_t>(exponent_));
    out.push_back('.');
    out.append(digits_, static_cast<size_t>(exponent_));
  } else {
    out.append(digits_);
    out.append(static_cast<size_t>(exponent_ - len), '0');
  }
  return out;
}

int Number::Compare(const Number& a, const Number& b) {
  const int sa = a.is_zero() ? 0 : (a.negative_ ? -1 : 1);
  const int sb = b.is_zero() ? 0 : (b.negative_ ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  const int c = CompareMagnitudes(Magnitude{a.digits_, a.exponent_},
                                  Magnitude{b.digits_, b.exponent_});
  return sa > 0 ? c : -c;
}

absl::StatusOr<Number> Number::Add(const Number& a, const Number& b) {
  if (a.is_zero()) return b;
  if (b.is_zero()) return a;
  Magnitude ma{a.digits_, a.exponent_};
  Magnitude mb{b.digits_, b.exponent_};
  Number result;
  bool nonzero;
  if (a.negative_ == b.negative_) {
    result.negative_ = a.negative_;
    nonzero = CombineMagnitudes(ma, mb, /*subtract=*/false, &result.digits_,
                                &result.exponent_);
  } else {
    const int c = CompareMagnitudes(ma, mb);
    if (c == 0) return Number();
    const bool a_larger = c > 0;
    result.negative_ = a_larger ? a.negative_ : b.negative_;
    nonzero = CombineMagnitudes(a_larger ? ma : mb, a_larger ? mb : ma,
                                /*subtract=*/true, &result.digits_,
                                &result.exponent_);
  }
  assert(nonzero);
  if (!nonzero) return Number();
  absl::Status limits = CheckLimits(result.digits_.size(), result.exponent_);
  if (!limits.ok()) return limits;
  return result;
}

absl::StatusOr<Number> Number::Subtract(const Number& a, const Number& b) {
  Number negated = b;
  if (!negated.is_zero()) negated.negative_ = !negated.negative_;
  return Add(a, negated);
}

void Number::AppendOrderedEncoding(std::string* out) const {
  if (is_zero()) {
    out->push_back(static_cast<char>(kZeroTag));
    return;
  }
  const uint8_t flip = negative_ ? 0xFF : 0x00;
  const uint32_t biased = static_cast<uint32_t>(exponent_ + kExponentBias);
  const size_t start = out->size();
  out->resize(start + 3 + digits_.size() + 1);
  char* p = out->data() + start;
  *p++ = static_cast<char>(negative_ ? kNegativeTag : kPositiveTag);
  *p++ = static_cast<char>(((biased >> 8) & 0xFF) ^ flip);
  *p++ = static_cast<char>((biased & 0xFF) ^ flip);
  for (char d : digits_) *p++ = static_cast<char>((d - '0' + 1) ^ flip);
  *p = static_cast<char>(flip);  // terminator 0x00, complemented if negative
}

bool Number::ConsumeOrderedEncoding(std::string_view* in, Number* out) {
  if (in->empty()) return false;
  const uint8_t tag = static_cast<uint8_t>((*in)[0]);
  if (tag == kZeroTag) {
    *out = Number();
    in->remove_prefix(1);
    return true;
  }
  if (tag != kPositiveTag && tag != kNegativeTag) return false;
  const uint8_t flip = tag == kNegativeTag ? 0xFF : 0x00;
  if (in->size() < 3) return false;
  const auto byte = [&](size_t i) {
    return static_cast<uint8_t>(static_cast<uint8_t>((*in)[i]) ^ flip);
  };
  const int32_t exponent =
      static_cast<int32_t>((uint32_t{byte(1)} << 8) | byte(2)) -
      static_cast<int32_t>(kExponentBias);
  if (exponent < kMinExponent || exponent > kMaxExponent) return false;
  size_t end = 3;
  for (; end < in->size() && byte(end) != 0; ++end) {
    if (byte(end) > 10 || end - 3 >= kMaxDigits) return false;
  }
  if (end == in->size()) return false;  // no terminator
  const size_t count = end - 3;
  if (count == 0 || byte(3) == 1 || byte(end - 1) == 1) return false;
  out->negative_ = tag == kNegativeTag;
  out->exponent_ = exponent;
  out->digits_.resize(count);
  for (size_t i = 0; i < count; ++i) {
    out->digits_[i] = static_cast<char>('0' + byte(3 + i) - 1);
  }
  in->remove_prefix(end + 1);
  return true;
}

absl::StatusOr<std::string> CanonicalNumber(std::string_view text) {
  absl::StatusOr<Number> n = Number::Parse(text);
  if (!n.ok()) return n.status();
  return n->ToString();
}

}  // namespace eddy::engine

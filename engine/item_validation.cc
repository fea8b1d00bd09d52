// Copyright (c) Eddy authors.
//
// DynamoDB's item rules (see engine/item_validation.h). This runs on every
// write, so the happy path allocates only what canonicalization needs:
// attribute paths for messages are built only when an error is returned.

#include "engine/item_validation.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/errors.h"
#include "engine/number.h"
#include "engine/strings.h"

namespace eddy::engine {
namespace {

constexpr size_t kMaxAttributeNameBytes = 65535;
constexpr size_t kContainerOverheadBytes = 3;  // M and L
constexpr size_t kElementOverheadBytes = 1;    // each M or L element

// The path to a value, as a chain of stack frames; rendered only on error.
struct Path {
  const Path* parent = nullptr;
  std::string_view name;  // root path or member name
  size_t index = 0;       // list element index
  enum class Kind { kRoot, kMember, kElement } kind = Kind::kRoot;

  void AppendTo(std::string* out) const {
    if (parent != nullptr) parent->AppendTo(out);
    switch (kind) {
      case Kind::kRoot:
        out->append(name);
        break;
      case Kind::kMember:
        if (!out->empty()) out->push_back('.');
        out->append(name);
        break;
      case Kind::kElement:
        absl::StrAppend(out, "[", index, "]");
        break;
    }
  }
};

absl::Status Invalid(const Path& path, std::string_view problem) {
  std::string text;
  path.AppendTo(&text);
  return ValidationError(absl::StrCat("Attribute '", text, "': ", Sv(problem)));
}

absl::Status NormalizeAt(const Path& path, int depth, AttributeValue* value);

// A fast path for NormalizeNumber: true if `text` is surely canonical
// (Number::ToString form: no exponent, no superfluous zeros, not "-0") and
// within DynamoDB's limits, which holds whenever it has at most 38 digits in
// all (magnitude then lies in [1E-38, 1E38)). False means "parse to know".
bool IsSimpleCanonical(std::string_view text) {
  constexpr size_t kMaxDigits = 38;
  size_t i = (!text.empty() && text[0] == '-') ? 1 : 0;
  const bool negative = i == 1;
  if (i == text.size()) return false;
  size_t digits = 0;
  if (text[i] == '0') {  // "0" alone, or "0." followed by a fraction
    ++i;
    ++digits;
    if (i == text.size()) return !negative;
    if (text[i] != '.') return false;
  } else {
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) ++digits;
    if (digits == 0) return false;
    if (i == text.size()) return digits <= kMaxDigits;
    if (text[i] != '.') return false;
  }
  ++i;  // the point
  const size_t fraction_begin = i;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) ++digits;
  return i == text.size() && i > fraction_begin && text[i - 1] != '0' &&
         digits <= kMaxDigits;
}

absl::Status NormalizeNumber(const Path& path, std::string* text) {
  if (IsSimpleCanonical(*text)) return absl::OkStatus();
  absl::StatusOr<std::string> canonical = CanonicalNumber(*text);
  if (!canonical.ok()) return Invalid(path, Sv(canonical.status().message()));
  if (*canonical != *text) *text = *std::move(canonical);
  return absl::OkStatus();
}

absl::Status Duplicates(const Path& path) {
  return Invalid(path,
                 "One or more parameter values were invalid: Input collection "
                 "contains duplicates");
}

absl::Status NormalizeNumberSet(const Path& path,
                                std::vector<std::string>* set) {
  std::vector<Number> numbers;
  numbers.reserve(set->size());
  for (const std::string& text : *set) {
    absl::StatusOr<Number> n = Number::Parse(text);
    if (!n.ok()) return Invalid(path, Sv(n.status().message()));
    numbers.push_back(*std::move(n));
  }
  auto less = [](const Number& a, const Number& b) {
    return Number::Compare(a, b) < 0;
  };
  const bool was_sorted = std::is_sorted(numbers.begin(), numbers.end(), less);
  if (!was_sorted) std::sort(numbers.begin(), numbers.end(), less);
  auto equal = [](const Number& a, const Number& b) {
    return Number::Compare(a, b) == 0;
  };
  if (std::adjacent_find(numbers.begin(), numbers.end(), equal) !=
      numbers.end()) {
    return Duplicates(path);
  }
  for (size_t i = 0; i < numbers.size(); ++i) {
    // Sorted and canonical already (the usual case): nothing to rewrite.
    if (!was_sorted || !IsSimpleCanonical((*set)[i])) {
      (*set)[i] = numbers[i].ToString();
    }
  }
  return absl::OkStatus();
}

absl::Status NormalizeSet(const Path& path, AttributeValue* value) {
  std::vector<std::string>* set = value->mutable_set();
  if (set->empty()) {
    return Invalid(path,
                   absl::StrCat("One or more parameter values were invalid: "
                                "An ",
                                Sv(AttributeTypeName(value->type())),
                                " set may not be empty"));
  }
  if (value->type() == AttributeType::kNS) return NormalizeNumberSet(path, set);
  // SS and BS: bytewise (std::string compares as unsigned char).
  if (!std::is_sorted(set->begin(), set->end())) {
    std::sort(set->begin(), set->end());
  }
  if (std::adjacent_find(set->begin(), set->end()) != set->end()) {
    return Duplicates(path);
  }
  return absl::OkStatus();
}

absl::Status CheckName(const Path& parent, std::string_view name) {
  if (name.empty()) {
    return Invalid(parent, "An attribute name must not be empty");
  }
  if (name.size() > kMaxAttributeNameBytes) {
    return Invalid(parent, "An attribute name exceeds 65535 bytes");
  }
  return absl::OkStatus();
}

absl::Status NormalizeMap(const Path& path, int depth, AttributeMap* map) {
  for (auto& [name, member] : *map) {
    if (absl::Status s = CheckName(path, name); !s.ok()) return s;
    const Path child{&path, name, 0, Path::Kind::kMember};
    if (absl::Status s = NormalizeAt(child, depth + 1, &member); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status NormalizeList(const Path& path, int depth, AttributeList* list) {
  for (size_t i = 0; i < list->size(); ++i) {
    const Path child{&path, {}, i, Path::Kind::kElement};
    if (absl::Status s = NormalizeAt(child, depth + 1, &(*list)[i]); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status NormalizeAt(const Path& path, int depth, AttributeValue* value) {
  // A top-level attribute is depth 0; DynamoDB accepts 31 levels of M/L
  // around a value and rejects 32.
  if (depth >= kMaxNestingDepth) {
    return Invalid(path,
                   "Nesting Levels have exceeded supported limits: Attributes "
                   "in the item have nested levels beyond supported limit");
  }
  switch (value->type()) {
    case AttributeType::kN:
      return NormalizeNumber(path, value->mutable_scalar());
    case AttributeType::kM:
      if (value->m().empty()) return absl::OkStatus();
      return NormalizeMap(path, depth, value->mutable_m());
    case AttributeType::kL:
      return NormalizeList(path, depth, value->mutable_l());
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS:
      return NormalizeSet(path, value);
    default:  // S, B (empty allowed outside keys), BOOL, NULL
      return absl::OkStatus();
  }
}

AttributeType ToAttributeType(KeyType type) {
  switch (type) {
    case KeyType::kS:
      return AttributeType::kS;
    case KeyType::kN:
      return AttributeType::kN;
    case KeyType::kB:
      return AttributeType::kB;
  }
  return AttributeType::kS;
}

// Checks a present key attribute: type, non-empty, size.
absl::Status CheckKeyValue(const KeyAttribute& attr, const AttributeValue& v,
                           size_t max_bytes, bool partition) {
  const AttributeType want = ToAttributeType(attr.type);
  if (v.type() != want) {
    return ValidationError(absl::StrCat(
        "One or more parameter values were invalid: Type mismatch for key ",
        attr.name, " expected: ", Sv(AttributeTypeName(want)),
        " actual: ", Sv(AttributeTypeName(v.type()))));
  }
  if (want == AttributeType::kN) return absl::OkStatus();  // <= 38 digits
  const std::string& bytes = want == AttributeType::kS ? v.s() : v.b();
  if (bytes.empty()) {
    return ValidationError(absl::StrCat(
        "One or more parameter values are not valid. The AttributeValue for "
        "a key attribute cannot contain an empty ",
        want == AttributeType::kS ? "string" : "binary",
        " value. Key: ", attr.name));
  }
  if (bytes.size() > max_bytes) {
    return ValidationError(
        absl::StrCat("One or more parameter values were invalid: Size of ",
                     partition ? "hashkey" : "rangekey",
                     " has exceeded the maximum size limit of ", max_bytes,
                     " bytes. Key: ", attr.name));
  }
  return absl::OkStatus();
}

// Checks the schema's key attributes of an item (or key).
absl::Status CheckKeys(const KeySchema& schema, const Item& item, bool is_key) {
  struct Want {
    const KeyAttribute* attr;
    size_t max_bytes;
    bool partition;
  };
  const Want wants[2] = {
      {&schema.partition_key, kMaxPartitionKeyBytes, true},
      {schema.sort_key ? &*schema.sort_key : nullptr, kMaxSortKeyBytes, false}};
  for (const Want& want : wants) {
    if (want.attr == nullptr) continue;
    auto it = item.find(want.attr->name);
    if (it == item.end()) {
      if (is_key) {
        return ValidationError(
            "The provided key element does not match the schema");
      }
      return ValidationError(absl::StrCat(
          "One or more parameter values were invalid: Missing the key ",
          want.attr->name, " in the item"));
    }
    absl::Status s =
        CheckKeyValue(*want.attr, it->second, want.max_bytes, want.partition);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

size_t NumberSize(std::string_view text) {
  // Significant digits of the mantissa: no sign, point, exponent, or
  // leading and trailing zeros.
  size_t first = std::string_view::npos, last = 0, count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == 'e' || c == 'E') break;
    if (c < '0' || c > '9') continue;
    if (c != '0') {
      if (first == std::string_view::npos) first = count;
      last = count;
    }
    ++count;
  }
  const size_t digits = first == std::string_view::npos ? 0 : last - first + 1;
  return (digits + 1) / 2 + 1;
}

// Orders two IsSimpleCanonical texts numerically: sign, then the length of
// the integer part, then bytewise ("0.5" < "1" < "1.25" < "1.5" < "12").
int CompareSimpleCanonical(std::string_view a, std::string_view b) {
  const bool neg_a = a[0] == '-', neg_b = b[0] == '-';
  if (neg_a != neg_b) return neg_a ? -1 : 1;
  if (neg_a) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  const size_t int_a = std::min(a.find('.'), a.size());
  const size_t int_b = std::min(b.find('.'), b.size());
  int c = int_a != int_b ? (int_a < int_b ? -1 : 1) : a.compare(b);
  if (c != 0) c = c < 0 ? -1 : 1;
  return neg_a ? -c : c;
}

// True if `value` is valid and NormalizeAt would leave it unchanged. False
// when unsure (NormalizeAt then decides and reports any error).
bool CheckCanonical(int depth, const AttributeValue& value) {
  if (depth >= kMaxNestingDepth) return false;
  switch (value.type()) {
    case AttributeType::kN:
      return IsSimpleCanonical(value.n());
    case AttributeType::kM:
      for (const auto& [name, member] : value.m()) {
        if (name.empty() || name.size() > kMaxAttributeNameBytes) return false;
        if (!CheckCanonical(depth + 1, member)) return false;
      }
      return true;
    case AttributeType::kL:
      for (const AttributeValue& e : value.l()) {
        if (!CheckCanonical(depth + 1, e)) return false;
      }
      return true;
    case AttributeType::kSS:
    case AttributeType::kBS: {
      const std::vector<std::string>& set = value.set();
      if (set.empty()) return false;
      for (size_t i = 1; i < set.size(); ++i) {
        if (!(set[i - 1] < set[i])) return false;
      }
      return true;
    }
    case AttributeType::kNS: {
      const std::vector<std::string>& set = value.set();
      if (set.empty()) return false;
      for (size_t i = 0; i < set.size(); ++i) {
        if (!IsSimpleCanonical(set[i])) return false;
        if (i > 0 && CompareSimpleCanonical(set[i - 1], set[i]) >= 0) {
          return false;
        }
      }
      return true;
    }
    default:
      return true;
  }
}

}  // namespace

bool IsValidCanonicalItem(const KeySchema& schema, const Item& item) {
  for (const auto& [name, value] : item) {
    if (name.empty() || name.size() > kMaxAttributeNameBytes) return false;
    if (!CheckCanonical(0, value)) return false;
  }
  return CheckKeys(schema, item, false).ok() && ItemSize(item) <= kMaxItemBytes;
}

absl::Status NormalizeValue(std::string_view path, int depth,
                            AttributeValue* value) {
  const Path root{nullptr, path, 0, Path::Kind::kRoot};
  return NormalizeAt(root, depth, value);
}

absl::Status NormalizeItem(const KeySchema& schema, Item* item) {
  for (auto& [name, value] : *item) {
    if (name.empty()) {
      return ValidationError("An attribute name must not be empty");
    }
    if (name.size() > kMaxAttributeNameBytes) {
      return ValidationError(absl::StrCat(
          "Attribute name '", Sv(std::string_view(name).substr(0, 64)),
          "...' exceeds 65535 bytes"));
    }
    const Path root{nullptr, name, 0, Path::Kind::kRoot};
    if (absl::Status s = NormalizeAt(root, 0, &value); !s.ok()) return s;
  }
  if (absl::Status s = CheckKeys(schema, *item, false); !s.ok()) return s;
  if (ItemSize(*item) > kMaxItemBytes) {
    return ValidationError(
        "Item size has exceeded the maximum allowed size of 409600 bytes");
  }
  return absl::OkStatus();
}

bool IsValidCanonicalKey(const KeySchema& schema, const Item& key) {
  const size_t want = schema.sort_key ? 2 : 1;
  if (key.size() != want || !CheckKeys(schema, key, true).ok()) return false;
  for (const auto& [name, value] : key) {
    if (!CheckCanonical(0, value)) return false;
  }
  return true;
}

absl::Status NormalizeKey(const KeySchema& schema, Item* key) {
  const size_t want = schema.sort_key ? 2 : 1;
  if (key->size() != want) {
    return ValidationError(
        "The provided key element does not match the schema");
  }
  if (absl::Status s = CheckKeys(schema, *key, true); !s.ok()) return s;
  for (auto& [name, value] : *key) {
    if (value.type() != AttributeType::kN) continue;
    const Path root{nullptr, name, 0, Path::Kind::kRoot};
    if (absl::Status s = NormalizeNumber(root, value.mutable_scalar());
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

size_t ValueSize(const AttributeValue& value) {
  size_t size = 0;
  switch (value.type()) {
    case AttributeType::kS:
      return value.s().size();
    case AttributeType::kB:
      return value.b().size();
    case AttributeType::kN:
      return NumberSize(value.n());
    case AttributeType::kBool:
    case AttributeType::kNull:
      return 1;
    case AttributeType::kM:
      size = kContainerOverheadBytes;
      for (const auto& [name, member] : value.m()) {
        size += name.size() + ValueSize(member) + kElementOverheadBytes;
      }
      return size;
    case AttributeType::kL:
      size = kContainerOverheadBytes;
      for (const AttributeValue& e : value.l()) {
        size += ValueSize(e) + kElementOverheadBytes;
      }
      return size;
    case AttributeType::kSS:
    case AttributeType::kBS:
      for (const std::string& e : value.set()) size += e.size();
      return size;
    case AttributeType::kNS:
      for (const std::string& e : value.set()) size += NumberSize(e);
      return size;
  }
  return size;
}

size_t ItemSize(const Item& item) {
  size_t size = 0;
  for (const auto& [name, value] : item) size += name.size() + ValueSize(value);
  return size;
}

Item ExtractKey(const KeySchema& schema, const Item& item) {
  Item key;
  auto copy = [&](const KeyAttribute& attr) {
    auto it = item.find(attr.name);
    if (it != item.end()) key.emplace_hint(key.end(), it->first, it->second);
  };
  copy(schema.partition_key);
  if (schema.sort_key) copy(*schema.sort_key);
  return key;
}

}  // namespace eddy::engine

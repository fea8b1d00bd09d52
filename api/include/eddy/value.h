// Copyright (c) Eddy authors.
//
// DynamoDB attribute values and items.
//
// An AttributeValue holds one of DynamoDB's ten types: S (string), N (number),
// B (binary), BOOL, NULL, M (map), L (list), SS, NS and BS (sets). An Item is
// a map from attribute name to value.
//
// Numbers are carried as decimal text. Values built by a caller may hold any
// text in an N; the Database validates and canonicalizes every number it is
// given ("01.50" becomes "1.5"), and every value it returns is canonical.
// Sets returned by the Database are sorted (SS and BS bytewise, NS by numeric
// value) and duplicate-free; equality of canonical values is therefore plain
// structural equality.
//
// Thread-safety: AttributeValue is a value type. Distinct objects may be used
// concurrently; a single object needs external synchronization for writes.

#ifndef EDDY_VALUE_H_
#define EDDY_VALUE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace eddy {

// The DynamoDB type of an attribute value. These numeric values are part of
// the persistent item format (engine/item.fbs) and must never change.
enum class AttributeType : uint8_t {
  kS = 0,
  kN = 1,
  kB = 2,
  kBool = 3,
  kNull = 4,
  kM = 5,
  kL = 6,
  kSS = 7,
  kNS = 8,
  kBS = 9,
};

// Returns DynamoDB's name of `type`: "S", "N", "B", "BOOL", "NULL", "M", "L",
// "SS", "NS" or "BS".
std::string_view AttributeTypeName(AttributeType type);

class AttributeValue;

// Map of attribute name to value. Ordered, so that iteration (and JSON
// output) is deterministic. Heterogeneous lookup with string_view works.
using AttributeMap = std::map<std::string, AttributeValue, std::less<>>;
using AttributeList = std::vector<AttributeValue>;

// An item: its attributes by name. A key is an Item holding exactly the key
// attributes of its table.
using Item = AttributeMap;

class AttributeValue {
 public:
  // A NULL value.
  AttributeValue();
  AttributeValue(const AttributeValue& other);
  AttributeValue(AttributeValue&& other) noexcept;
  AttributeValue& operator=(const AttributeValue& other);
  AttributeValue& operator=(AttributeValue&& other) noexcept;
  ~AttributeValue();

  // Factories, one per type. N and NS take decimal text ("12", "-0.5",
  // "1E+3"); it is validated when the value reaches the Database.
  // B and BS take raw bytes (not base64).
  static AttributeValue S(std::string s);
  static AttributeValue N(std::string decimal);
  static AttributeValue N(int64_t n);
  static AttributeValue B(std::string bytes);
  static AttributeValue Bool(bool b);
  static AttributeValue Null();
  static AttributeValue M(AttributeMap m);
  static AttributeValue L(AttributeList l);
  static AttributeValue SS(std::vector<std::string> ss);
  static AttributeValue NS(std::vector<std::string> ns);
  static AttributeValue BS(std::vector<std::string> bs);

  AttributeType type() const { return type_; }
  bool is_set() const {
    return type_ == AttributeType::kSS || type_ == AttributeType::kNS ||
           type_ == AttributeType::kBS;
  }

  // Accessors. REQUIRES: type() matches (s(): kS, n(): kN, b(): kB,
  // boolean(): kBool, m(): kM, l(): kL, set(): kSS/kNS/kBS). A mismatch is a
  // programming error and asserts in debug builds.
  const std::string& s() const;
  const std::string& n() const;
  const std::string& b() const;
  bool boolean() const;
  const AttributeMap& m() const;
  const AttributeList& l() const;
  const std::vector<std::string>& set() const;

  // Mutable accessors, with the same REQUIRES as their const twins.
  std::string* mutable_scalar();  // kS, kN or kB
  AttributeMap* mutable_m();
  AttributeList* mutable_l();
  std::vector<std::string>* mutable_set();

  // Structural equality: same type and equal contents. Numbers compare as
  // text, so compare canonical values (those the Database returns).
  friend bool operator==(const AttributeValue& a, const AttributeValue& b);
  friend bool operator!=(const AttributeValue& a, const AttributeValue& b) {
    return !(a == b);
  }

 private:
  explicit AttributeValue(AttributeType type) : type_(type) {}

  AttributeType type_ = AttributeType::kNull;
  bool bool_ = false;
  std::string scalar_;                 // S, N (decimal text), B (bytes)
  std::vector<std::string> set_;       // SS, NS, BS
  AttributeList list_;                 // L
  std::unique_ptr<AttributeMap> map_;  // M; null when empty or not a map
};

}  // namespace eddy

#endif  // EDDY_VALUE_H_

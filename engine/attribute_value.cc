// Copyright (c) Eddy authors.
//
// AttributeValue: the public value type (see eddy/value.h).

#include <cassert>
#include <string>
#include <utility>

#include "eddy/value.h"

namespace eddy {

std::string_view AttributeTypeName(AttributeType type) {
  switch (type) {
    case AttributeType::kS:
      return "S";
    case AttributeType::kN:
      return "N";
    case AttributeType::kB:
      return "B";
    case AttributeType::kBool:
      return "BOOL";
    case AttributeType::kNull:
      return "NULL";
    case AttributeType::kM:
      return "M";
    case AttributeType::kL:
      return "L";
    case AttributeType::kSS:
      return "SS";
    case AttributeType::kNS:
      return "NS";
    case AttributeType::kBS:
      return "BS";
  }
  assert(false && "unknown AttributeType");
  return "";
}

AttributeValue::AttributeValue() = default;

AttributeValue::AttributeValue(const AttributeValue& other)
    : type_(other.type_),
      bool_(other.bool_),
      scalar_(other.scalar_),
      set_(other.set_),
      list_(other.list_),
      map_(other.map_ ? std::make_unique<AttributeMap>(*other.map_) : nullptr) {
}

AttributeValue::AttributeValue(AttributeValue&& other) noexcept = default;

AttributeValue& AttributeValue::operator=(const AttributeValue& other) {
  if (this != &other) {
    AttributeValue copy(other);
    *this = std::move(copy);
  }
  return *this;
}

AttributeValue& AttributeValue::operator=(AttributeValue&& other) noexcept =
    default;

AttributeValue::~AttributeValue() = default;

AttributeValue AttributeValue::S(std::string s) {
  AttributeValue v(AttributeType::kS);
  v.scalar_ = std::move(s);
  return v;
}

AttributeValue AttributeValue::N(std::string decimal) {
  AttributeValue v(AttributeType::kN);
  v.scalar_ = std::move(decimal);
  return v;
}

AttributeValue AttributeValue::N(int64_t n) { return N(std::to_string(n)); }

AttributeValue AttributeValue::B(std::string bytes) {
  AttributeValue v(AttributeType::kB);
  v.scalar_ = std::move(bytes);
  return v;
}

AttributeValue AttributeValue::Bool(bool b) {
  AttributeValue v(AttributeType::kBool);
  v.bool_ = b;
  return v;
}

AttributeValue AttributeValue::Null() { return AttributeValue(); }

AttributeValue AttributeValue::M(AttributeMap m) {
  AttributeValue v(AttributeType::kM);
  if (!m.empty()) v.map_ = std::make_unique<AttributeMap>(std::move(m));
  return v;
}

AttributeValue AttributeValue::L(AttributeList l) {
  AttributeValue v(AttributeType::kL);
  v.list_ = std::move(l);
  return v;
}

AttributeValue AttributeValue::SS(std::vector<std::string> ss) {
  AttributeValue v(AttributeType::kSS);
  v.set_ = std::move(ss);
  return v;
}

AttributeValue AttributeValue::NS(std::vector<std::string> ns) {
  AttributeValue v(AttributeType::kNS);
  v.set_ = std::move(ns);
  return v;
}

AttributeValue AttributeValue::BS(std::vector<std::string> bs) {
  AttributeValue v(AttributeType::kBS);
  v.set_ = std::move(bs);
  return v;
}

const std::string& AttributeValue::s() const {
  assert(type_ == AttributeType::kS);
  return scalar_;
}

const std::string& AttributeValue::n() const {
  assert(type_ == AttributeType::kN);
  return scalar_;
}

const std::string& AttributeValue::b() const {
  assert(type_ == AttributeType::kB);
  return scalar_;
}

bool AttributeValue::boolean() const {
  assert(type_ == AttributeType::kBool);
  return bool_;
}

const AttributeMap& AttributeValue::m() const {
  assert(type_ == AttributeType::kM);
  static const AttributeMap* const kEmpty = new AttributeMap();
  return map_ ? *map_ : *kEmpty;
}

const AttributeList& AttributeValue::l() const {
  assert(type_ == AttributeType::kL);
  return list_;
}

const std::vector<std::string>& AttributeValue::set() const {
  assert(is_set());
  return set_;
}

std::string* AttributeValue::mutable_scalar() {
  assert(type_ == AttributeType::kS || type_ == AttributeType::kN ||
         type_ == AttributeType::kB);
  return &scalar_;
}

AttributeMap* AttributeValue::mutable_m() {
  assert(type_ == AttributeType::kM);
  if (!map_) map_ = std::make_unique<AttributeMap>();
  return map_.get();
}

AttributeList* AttributeValue::mutable_l() {
  assert(type_ == AttributeType::kL);
  return &list_;
}

std::vector<std::string>* AttributeValue::mutable_set() {
  assert(is_set());
  return &set_;
}

bool operator==(const AttributeValue& a, const AttributeValue& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case AttributeType::kS:
    case AttributeType::kN:
    case AttributeType::kB:
      return a.scalar_ == b.scalar_;
    case AttributeType::kBool:
      return a.bool_ == b.bool_;
    case AttributeType::kNull:
      return true;
    case AttributeType::kM:
      return a.m() == b.m();
    case AttributeType::kL:
      return a.list_ == b.list_;
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS:
      return a.set_ == b.set_;
  }
  return false;
}

}  // namespace eddy

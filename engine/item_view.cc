// Copyright (c) Eddy authors.
//
// ItemView and ValueView: reads of a verified item buffer in place
// (format: engine/item.fbs). Every accessor relies on the checks
// ItemViewInternal::FromStored ran: types are known, names are present and
// sorted, N values have text.

#include "eddy/item_view.h"

#include <cassert>
#include <cstdint>
#include <utility>

#include "engine/item_codec.h"
#include "engine/item_generated.h"
#include "engine/item_view_internal.h"

namespace eddy {
namespace {

using Members = flatbuffers::Vector<flatbuffers::Offset<fb::Value>>;

const fb::Value* AsValue(const void* p) {
  return static_cast<const fb::Value*>(p);
}

std::string_view View(const flatbuffers::String* s) {
  return s == nullptr ? std::string_view()
                      : std::string_view(s->data(), s->size());
}

std::string_view View(const flatbuffers::Vector<uint8_t>* b) {
  return b == nullptr
             ? std::string_view()
             : std::string_view(reinterpret_cast<const char*>(b->data()),
                                b->size());
}

// Binary search over members sorted by name (bytewise, as std::string_view
// compares).
const fb::Value* FindMember(const Members* members, std::string_view name) {
  if (members == nullptr) return nullptr;
  flatbuffers::uoffset_t lo = 0;
  flatbuffers::uoffset_t hi = members->size();
  while (lo < hi) {
    const flatbuffers::uoffset_t mid = lo + (hi - lo) / 2;
    const fb::Value* member = members->Get(mid);
    const int c = View(member->name()).compare(name);
    if (c == 0) return member;
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return nullptr;
}

}  // namespace

// --- ValueView ---

AttributeType ValueView::type() const {
  return static_cast<AttributeType>(AsValue(value_)->type());
}

std::string_view ValueView::s() const {
  assert(type() == AttributeType::kS);
  return type() == AttributeType::kS ? View(AsValue(value_)->s())
                                     : std::string_view();
}

std::string_view ValueView::n() const {
  assert(type() == AttributeType::kN);
  return type() == AttributeType::kN ? View(AsValue(value_)->s())
                                     : std::string_view();
}

std::string_view ValueView::b() const {
  assert(type() == AttributeType::kB);
  return type() == AttributeType::kB ? View(AsValue(value_)->b())
                                     : std::string_view();
}

bool ValueView::boolean() const {
  assert(type() == AttributeType::kBool);
  return type() == AttributeType::kBool && AsValue(value_)->boolean();
}

size_t ValueView::size() const {
  const fb::Value* v = AsValue(value_);
  switch (type()) {
    case AttributeType::kM:
      return v->members() == nullptr ? 0 : v->members()->size();
    case AttributeType::kL:
      return v->list() == nullptr ? 0 : v->list()->size();
    case AttributeType::kSS:
    case AttributeType::kNS:
      return v->strings() == nullptr ? 0 : v->strings()->size();
    case AttributeType::kBS:
      return v->binaries() == nullptr ? 0 : v->binaries()->size();
    default:
      return 0;
  }
}

std::string_view ValueView::member_name(size_t i) const {
  assert(type() == AttributeType::kM && i < size());
  return View(AsValue(value_)->members()->Get(i)->name());
}

ValueView ValueView::member(size_t i) const {
  assert(type() == AttributeType::kM && i < size());
  return ValueView(AsValue(value_)->members()->Get(i));
}

std::optional<ValueView> ValueView::Find(std::string_view name) const {
  if (type() != AttributeType::kM) return std::nullopt;
  const fb::Value* found = FindMember(AsValue(value_)->members(), name);
  if (found == nullptr) return std::nullopt;
  return ValueView(found);
}

ValueView ValueView::element(size_t i) const {
  assert(type() == AttributeType::kL && i < size());
  return ValueView(AsValue(value_)->list()->Get(i));
}

std::string_view ValueView::set_element(size_t i) const {
  assert(is_set() && i < size());
  const fb::Value* v = AsValue(value_);
  if (type() == AttributeType::kBS) return View(v->binaries()->Get(i)->data());
  return View(v->strings()->Get(i));
}

AttributeValue ValueView::ToValue() const {
  return engine::DecodeVerifiedValue(*AsValue(value_));
}

// --- ItemView ---

const void* ItemView::root() const {
  return bytes_.empty() ? nullptr : fb::GetItem(bytes_.data());
}

size_t ItemView::size() const {
  const auto* item = static_cast<const fb::Item*>(root());
  if (item == nullptr || item->attributes() == nullptr) return 0;
  return item->attributes()->size();
}

std::string_view ItemView::name(size_t i) const {
  assert(i < size());
  const auto* item = static_cast<const fb::Item*>(root());
  return View(item->attributes()->Get(i)->name());
}

ValueView ItemView::value(size_t i) const {
  assert(i < size());
  const auto* item = static_cast<const fb::Item*>(root());
  return ValueView(item->attributes()->Get(i));
}

std::optional<ValueView> ItemView::Find(std::string_view name) const {
  const auto* item = static_cast<const fb::Item*>(root());
  if (item == nullptr) return std::nullopt;
  const fb::Value* found = FindMember(item->attributes(), name);
  if (found == nullptr) return std::nullopt;
  return ValueView(found);
}

Item ItemView::ToItem() const {
  Item item;
  for (size_t i = 0, n = size(); i < n; ++i) {
    item.emplace_hint(item.end(), std::string(name(i)), value(i).ToValue());
  }
  return item;
}

// --- ItemViewInternal ---

absl::StatusOr<ItemView> ItemViewInternal::FromStored(std::string bytes) {
  // Heap storage: malloc aligns it for FlatBuffers, and moving the string
  // keeps it in place. Only a value shorter than the small-string buffer
  // (never a valid item) could live inline; reserve() moves it out.
  constexpr size_t kHeapBytesMin = 32;
  if (bytes.capacity() < kHeapBytesMin) bytes.reserve(kHeapBytesMin);
  assert(reinterpret_cast<uintptr_t>(bytes.data()) % alignof(uint64_t) == 0);
  if (absl::Status s = engine::VerifyItem(bytes); !s.ok()) return s;
  ItemView view;
  view.bytes_ = std::move(bytes);
  return view;
}

}  // namespace eddy

// Copyright (c) Eddy authors.
//
// ItemView and ValueView: reads of a verified format-2 item buffer in place
// (engine/item.fbs, engine/item_slots.h). Every accessor relies on the
// checks ItemViewInternal::FromStored ran: types are known, every range
// lies inside the buffer, names are sorted, N values have text.

#include "eddy/item_view.h"

#include <cassert>
#include <cstdint>
#include <utility>

#include "engine/item_codec.h"
#include "engine/item_generated.h"
#include "engine/item_slots.h"
#include "engine/item_view_internal.h"

namespace eddy {
namespace {

using engine::SlotItem;

SlotItem Slots(const void* slots, const char* heap) {
  SlotItem item;
  item.slots = static_cast<const fb::Slot*>(slots);
  item.heap = heap;
  return item;
}

}  // namespace

// --- ValueView ---

AttributeType ValueView::type() const {
  return static_cast<AttributeType>(Slots(slots_, heap_).slot(index_).type());
}

std::string_view ValueView::s() const {
  assert(type() == AttributeType::kS);
  const SlotItem item = Slots(slots_, heap_);
  return type() == AttributeType::kS ? item.Bytes(item.slot(index_))
                                     : std::string_view();
}

std::string_view ValueView::n() const {
  assert(type() == AttributeType::kN);
  const SlotItem item = Slots(slots_, heap_);
  return type() == AttributeType::kN ? item.Bytes(item.slot(index_))
                                     : std::string_view();
}

std::string_view ValueView::b() const {
  assert(type() == AttributeType::kB);
  const SlotItem item = Slots(slots_, heap_);
  return type() == AttributeType::kB ? item.Bytes(item.slot(index_))
                                     : std::string_view();
}

bool ValueView::boolean() const {
  assert(type() == AttributeType::kBool);
  return type() == AttributeType::kBool &&
         Slots(slots_, heap_).slot(index_).data() != 0;
}

size_t ValueView::size() const {
  switch (type()) {
    case AttributeType::kM:
    case AttributeType::kL:
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS:
      return Slots(slots_, heap_).slot(index_).size();
    default:
      return 0;
  }
}

std::string_view ValueView::member_name(size_t i) const {
  assert(type() == AttributeType::kM && i < size());
  const SlotItem item = Slots(slots_, heap_);
  return item.Name(item.slot(item.Child(index_, i)));
}

ValueView ValueView::member(size_t i) const {
  assert(type() == AttributeType::kM && i < size());
  return ValueView(slots_, heap_, Slots(slots_, heap_).Child(index_, i));
}

std::optional<ValueView> ValueView::Find(std::string_view name) const {
  if (type() != AttributeType::kM) return std::nullopt;
  const SlotItem item = Slots(slots_, heap_);
  const int64_t found = FindMemberSlot(item, item.slot(index_), name);
  if (found < 0) return std::nullopt;
  return ValueView(slots_, heap_, static_cast<uint32_t>(found));
}

ValueView ValueView::element(size_t i) const {
  assert(type() == AttributeType::kL && i < size());
  return ValueView(slots_, heap_, Slots(slots_, heap_).Child(index_, i));
}

std::string_view ValueView::set_element(size_t i) const {
  assert(is_set() && i < size());
  const SlotItem item = Slots(slots_, heap_);
  return item.Bytes(item.slot(item.Child(index_, i)));
}

AttributeValue ValueView::ToValue() const {
  return engine::DecodeSlot(Slots(slots_, heap_), index_);
}

// --- ItemView ---

ValueView ItemView::top() const {
  assert(!bytes_.empty());
  const SlotItem item = engine::SlotsOf(*fb::GetItem(bytes_.data()));
  return ValueView(item.slots, item.heap, 0);
}

size_t ItemView::size() const { return bytes_.empty() ? 0 : top().size(); }

std::string_view ItemView::name(size_t i) const {
  assert(i < size());
  return top().member_name(i);
}

ValueView ItemView::value(size_t i) const {
  assert(i < size());
  return top().member(i);
}

std::optional<ValueView> ItemView::Find(std::string_view name) const {
  if (bytes_.empty()) return std::nullopt;
  return top().Find(name);
}

Item ItemView::ToItem() const {
  Item item;
  if (!bytes_.empty()) {
    const ValueView root = top();
    engine::DecodeMapSlot(Slots(root.slots_, root.heap_), root.index_, &item);
  }
  return item;
}

// --- ItemViewInternal ---

absl::StatusOr<ItemView> ItemViewInternal::FromStored(std::string bytes) {
  if (absl::Status s = engine::VerifyAndUpgradeItem(&bytes); !s.ok()) return s;
  // Heap storage: malloc aligns it for FlatBuffers, and moving the string
  // keeps it in place. Only a value shorter than the small-string buffer
  // (never a valid item) could live inline; reserve() moves it out.
  constexpr size_t kHeapBytesMin = 32;
  if (bytes.capacity() < kHeapBytesMin) bytes.reserve(kHeapBytesMin);
  assert(reinterpret_cast<uintptr_t>(bytes.data()) % alignof(uint64_t) == 0);
  ItemView view;
  view.bytes_ = std::move(bytes);
  return view;
}

}  // namespace eddy

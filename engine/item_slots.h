// Copyright (c) Eddy authors.
//
// The slot layout of stored items (format 2, engine/item.fbs): encoding,
// the checks the FlatBuffers verifier cannot make, and decoding. Internal
// to engine/item_codec.cc and engine/item_view.cc; everything else goes
// through engine/item_codec.h.

#ifndef EDDY_ENGINE_ITEM_SLOTS_H_
#define EDDY_ENGINE_ITEM_SLOTS_H_

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "eddy/value.h"
#include "engine/item_generated.h"
#include "flatbuffers/flatbuffers.h"

namespace eddy::engine {

// Deepest slot below the root that a reader accepts (DynamoDB allows 32
// levels of nesting; the margin keeps every valid item readable).
inline constexpr int kSlotDepthMax = 64;

// A format-2 item in a verified buffer: its slots and heap.
struct SlotItem {
  const fb::Slot* slots = nullptr;
  const char* heap = nullptr;

  const fb::Slot& slot(uint32_t i) const { return slots[i]; }
  std::string_view Bytes(const fb::Slot& s) const {
    return std::string_view(heap + s.data(), s.size());
  }
  std::string_view Name(const fb::Slot& s) const {
    return std::string_view(heap + s.name(), s.name_size());
  }
  // The index of child k of container slot i (children are consecutive,
  // from the container's data()). REQUIRES: k < slot(i).size().
  uint32_t Child(uint32_t i, size_t k) const {
    return slot(i).data() + static_cast<uint32_t>(k);
  }
};

// The slots of a root that passed CheckSlots.
inline SlotItem SlotsOf(const fb::Item& root) {
  SlotItem item;
  item.slots = root.slots()->Get(0);
  item.heap = root.heap() == nullptr
                  ? nullptr
                  : reinterpret_cast<const char*>(root.heap()->data());
  return item;
}

// kDataLoss "corrupt item value: <what>": what every check of a stored
// item returns, in either format.
absl::Status CorruptItem(std::string_view what);

// Finishes *fbb with `item` in format 2 (fbb is cleared first).
// REQUIRES: item is valid (ValidateItem).
void EncodeSlots(const Item& item, flatbuffers::FlatBufferBuilder* fbb);

// Checks a buffer that passed the FlatBuffers verifier and has slots:
// every rule of format 2 in engine/item.fbs. On success *out reads it.
absl::Status CheckSlots(const fb::Item& root, SlotItem* out);

// Decodes slot `i` of an item that passed CheckSlots.
AttributeValue DecodeSlot(const SlotItem& item, uint32_t i);

// Decodes the members of map slot `i` (slot 0: the item's attributes) into
// *out. REQUIRES: the item passed CheckSlots, slot i is a map, *out is
// empty.
void DecodeMapSlot(const SlotItem& item, uint32_t i, AttributeMap* out);

// Binary search among the children of map slot `map` for `name`; the
// child's index, or -1.
int64_t FindMemberSlot(const SlotItem& item, const fb::Slot& map,
                       std::string_view name);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_ITEM_SLOTS_H_

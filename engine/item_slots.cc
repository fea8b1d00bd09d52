// Copyright (c) Eddy authors.
//
// Format 2 of stored items: a breadth-first table of 20-byte slots and a
// heap of names and scalar bytes (rules: engine/item.fbs). Encoding is a
// walk that appends to two per-thread arrays and hands them to the builder
// as two vectors; checking is one pass over the slots.

#include "engine/item_slots.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace eddy::engine {
absl::Status CorruptItem(std::string_view what) {
  return absl::DataLossError(absl::StrCat(
      "corrupt item value: ", absl::string_view(what.data(), what.size())));
}

namespace {

uint8_t TypeByte(AttributeType t) { return static_cast<uint8_t>(t); }

// The per-thread state of one encoding. `sources[i]` is the value slot i
// encodes while its children are still to be added (nullptr for scalars
// and for the root, whose children are added first).
struct SlotEncoder {
  std::vector<fb::Slot> slots;
  std::vector<const AttributeValue*> sources;
  std::string heap;

  uint32_t Append(std::string_view bytes) {
    const auto at = static_cast<uint32_t>(heap.size());
    heap.append(bytes.data(), bytes.size());
    return at;
  }

  void Add(std::string_view name, const AttributeValue& v) {
    const uint32_t name_at = name.empty() ? 0 : Append(name);
    const auto name_size = static_cast<uint32_t>(name.size());
    uint32_t data = 0;
    uint32_t size = 0;
    const AttributeValue* source = nullptr;
    switch (v.type()) {
      case AttributeType::kS:
      case AttributeType::kN:
      case AttributeType::kB: {
        const std::string& bytes = v.type() == AttributeType::kS   ? v.s()
                                   : v.type() == AttributeType::kN ? v.n()
                                                                   : v.b();
        data = bytes.empty() ? 0 : Append(bytes);
        size = static_cast<uint32_t>(bytes.size());
        break;
      }
      case AttributeType::kBool:
        data = v.boolean() ? 1 : 0;
        break;
      case AttributeType::kNull:
        break;
      default:
        source = &v;  // children, and so data/size, come later
        break;
    }
    slots.emplace_back(name_at, name_size, data, size, TypeByte(v.type()));
    sources.push_back(source);
  }

  void AddElement(AttributeType type, const std::string& bytes) {
    const uint32_t data = bytes.empty() ? 0 : Append(bytes);
    slots.emplace_back(0, 0, data, static_cast<uint32_t>(bytes.size()),
                       TypeByte(type));
    sources.push_back(nullptr);
  }

  // Adds the children of container slot i at the end.
  void Expand(uint32_t i) {
    const AttributeValue& v = *sources[i];
    const auto first = static_cast<uint32_t>(slots.size());
    uint32_t count = 0;
    switch (v.type()) {
      case AttributeType::kM:
        for (const auto& [name, member] : v.m()) Add(name, member);
        count = static_cast<uint32_t>(v.m().size());
        break;
      case AttributeType::kL:
        for (const AttributeValue& element : v.l()) Add({}, element);
        count = static_cast<uint32_t>(v.l().size());
        break;
      default: {  // a set
        const AttributeType element =
            v.type() == AttributeType::kSS   ? AttributeType::kS
            : v.type() == AttributeType::kNS ? AttributeType::kN
                                             : AttributeType::kB;
        for (const std::string& bytes : v.set()) AddElement(element, bytes);
        count = static_cast<uint32_t>(v.set().size());
        break;
      }
    }
    const fb::Slot& s = slots[i];
    slots[i] = fb::Slot(s.name(), s.name_size(), first, count, s.type());
  }
};

// Retained per-thread capacity; a larger item's buffers are given back.
constexpr size_t kRetainedSlots = 4096;
constexpr size_t kRetainedHeapBytes = size_t{1} << 20;

}  // namespace

void EncodeSlots(const Item& item, flatbuffers::FlatBufferBuilder* fbb) {
  thread_local SlotEncoder enc;
  enc.slots.clear();
  enc.sources.clear();
  enc.heap.clear();
  enc.slots.emplace_back(0, 0, 1, static_cast<uint32_t>(item.size()),
                         TypeByte(AttributeType::kM));
  enc.sources.push_back(nullptr);
  for (const auto& [name, value] : item) enc.Add(name, value);
  // Breadth-first: each container's children go after every slot so far.
  for (uint32_t i = 1; i < enc.slots.size(); ++i) {
    if (enc.sources[i] != nullptr) enc.Expand(i);
  }
  fbb->Clear();
  auto heap = fbb->CreateVector(
      reinterpret_cast<const uint8_t*>(enc.heap.data()), enc.heap.size());
  auto slots = fbb->CreateVectorOfStructs(enc.slots.data(), enc.slots.size());
  fb::ItemBuilder b(*fbb);
  b.add_heap(heap);
  b.add_slots(slots);
  fbb->Finish(b.Finish(), fb::ItemIdentifier());
  if (enc.slots.capacity() > kRetainedSlots) {
    std::vector<fb::Slot>().swap(enc.slots);
    std::vector<const AttributeValue*>().swap(enc.sources);
  }
  if (enc.heap.capacity() > kRetainedHeapBytes) std::string().swap(enc.heap);
}

absl::Status CheckSlots(const fb::Item& root, SlotItem* out) {
  if (root.attributes() != nullptr) {
    return CorruptItem("both attribute tables and slots");
  }
  const auto* slots = root.slots();
  const uint64_t n = slots->size();
  if (n == 0) return CorruptItem("no root slot");
  const uint64_t heap_size = root.heap() == nullptr ? 0 : root.heap()->size();
  const SlotItem item = SlotsOf(root);
  const auto in_heap = [heap_size](uint32_t at, uint32_t size) {
    return uint64_t{at} + size <= heap_size;
  };
  uint64_t next = 1;       // the next child a container must claim
  uint64_t level_end = 1;  // end of the current breadth-first level
  int depth = 0;
  for (uint64_t i = 0; i < n; ++i) {
    if (i > 0 && i >= next) return CorruptItem("slot without a parent");
    if (i == level_end) {
      level_end = next;
      if (++depth > kSlotDepthMax) return CorruptItem("slots nested too deep");
    }
    const fb::Slot& s = item.slot(static_cast<uint32_t>(i));
    if (s.type() > TypeByte(AttributeType::kBS)) {
      return CorruptItem(absl::StrCat("unknown attribute type ", s.type()));
    }
    if (!in_heap(s.name(), s.name_size()))
      return CorruptItem("name out of range");
    if (i == 0 &&
        (s.type() != TypeByte(AttributeType::kM) || s.name_size() != 0)) {
      return CorruptItem("root slot is not a map");
    }
    switch (static_cast<AttributeType>(s.type())) {
      case AttributeType::kN:
        if (s.size() == 0) return CorruptItem("N value without text");
        [[fallthrough]];
      case AttributeType::kS:
      case AttributeType::kB:
        if (!in_heap(s.data(), s.size()))
          return CorruptItem("value out of range");
        continue;
      case AttributeType::kBool:
        if (s.data() > 1 || s.size() != 0) return CorruptItem("malformed BOOL");
        continue;
      case AttributeType::kNull:
        if (s.data() != 0 || s.size() != 0)
          return CorruptItem("malformed NULL");
        continue;
      default:
        break;
    }
    // A container: its children are the next s.size() unclaimed slots.
    if (s.data() != next || next + s.size() > n) {
      return CorruptItem("children out of order or out of range");
    }
    const auto first = static_cast<uint32_t>(next);
    next += s.size();
    const auto end = static_cast<uint32_t>(next);
    const auto type = static_cast<AttributeType>(s.type());
    std::string_view previous;
    for (uint32_t c = first; c < end; ++c) {
      const fb::Slot& child = item.slot(c);
      if (type == AttributeType::kM) {
        if (!in_heap(child.name(), child.name_size())) {
          return CorruptItem("name out of range");
        }
        const std::string_view name = item.Name(child);
        if (c > first && !(previous < name)) {
          return CorruptItem("attribute names out of order or repeated");
        }
        previous = name;
        continue;
      }
      if (child.name_size() != 0) return CorruptItem("element with a name");
      const AttributeType want =
          type == AttributeType::kSS   ? AttributeType::kS
          : type == AttributeType::kNS ? AttributeType::kN
          : type == AttributeType::kBS ? AttributeType::kB
                                       : type;
      if (want != type && child.type() != TypeByte(want)) {
        return CorruptItem("set element of another type");
      }
    }
  }
  if (next != n) return CorruptItem("slot without a parent");
  *out = item;
  return absl::OkStatus();
}

AttributeValue DecodeSlot(const SlotItem& item, uint32_t i) {
  const fb::Slot& s = item.slot(i);
  const uint32_t first = s.data();
  const uint32_t end = s.data() + s.size();
  switch (static_cast<AttributeType>(s.type())) {
    case AttributeType::kS:
      return AttributeValue::S(std::string(item.Bytes(s)));
    case AttributeType::kN:
      return AttributeValue::N(std::string(item.Bytes(s)));
    case AttributeType::kB:
      return AttributeValue::B(std::string(item.Bytes(s)));
    case AttributeType::kBool:
      return AttributeValue::Bool(s.data() != 0);
    case AttributeType::kNull:
      return AttributeValue();
    case AttributeType::kM: {
      AttributeValue out = AttributeValue::M({});
      if (s.size() > 0) DecodeMapSlot(item, i, out.mutable_m());
      return out;
    }
    case AttributeType::kL: {
      AttributeList list;
      list.reserve(s.size());
      for (uint32_t c = first; c < end; ++c)
        list.push_back(DecodeSlot(item, c));
      return AttributeValue::L(std::move(list));
    }
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS: {
      std::vector<std::string> set;
      set.reserve(s.size());
      for (uint32_t c = first; c < end; ++c)
        set.emplace_back(item.Bytes(item.slot(c)));
      if (s.type() == TypeByte(AttributeType::kSS))
        return AttributeValue::SS(std::move(set));
      if (s.type() == TypeByte(AttributeType::kNS))
        return AttributeValue::NS(std::move(set));
      return AttributeValue::BS(std::move(set));
    }
  }
  return AttributeValue();
}

void DecodeMapSlot(const SlotItem& item, uint32_t i, AttributeMap* out) {
  const fb::Slot& map = item.slot(i);
  for (uint32_t c = map.data(), end = map.data() + map.size(); c < end; ++c) {
    // Names are strictly increasing, so each goes at the end.
    out->emplace_hint(out->end(), std::string(item.Name(item.slot(c))),
                      DecodeSlot(item, c));
  }
}

int64_t FindMemberSlot(const SlotItem& item, const fb::Slot& map,
                       std::string_view name) {
  uint32_t lo = map.data();
  uint32_t hi = map.data() + map.size();
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    const int c = item.Name(item.slot(mid)).compare(name);
    if (c == 0) return mid;
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return -1;
}

}  // namespace eddy::engine

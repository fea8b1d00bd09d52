// Copyright (c) Eddy authors.
//
// ItemView: a read-only, zero-copy view of an item as Eddy stores it.
//
// Database::GetItemView returns one instead of decoding the stored bytes
// into an Item (a std::map of AttributeValues: an allocation per attribute,
// name and set element). The view holds the stored bytes, already checked
// by the FlatBuffers verifier and the item format's own rules, and reads
// attributes from them in place: accessors return string_views into the
// view and allocate nothing. ToItem() / ToValue() decode when a copy is
// wanted.
//
//   absl::StatusOr<std::optional<eddy::ItemView>> got =
//       db->GetItemView({.table_name = "Dogs", .key = key});
//   if (got.ok() && *got) {
//     if (auto name = (*got)->Find("Name"); name && name->type() == kS) {
//       Use(name->s());  // a string_view into the view
//     }
//   }
//
// Values are canonical, as everywhere the Database returns items: numbers
// are canonical decimal text; map members are sorted by name (bytewise);
// SS and BS elements are sorted bytewise and NS numerically.
//
// Lifetime: a ValueView and every string_view obtained from a view point
// into the ItemView's storage. They stay valid while that storage lives:
// until the ItemView is destroyed or assigned to. Moving an ItemView moves
// its storage along, so views taken from it stay valid and now belong to the
// ItemView it was moved into.
//
// Thread-safety: an ItemView is immutable after construction; any number of
// threads may read one concurrently.

#ifndef EDDY_ITEM_VIEW_H_
#define EDDY_ITEM_VIEW_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "eddy/value.h"

namespace eddy {

class ValueView {
 public:
  AttributeType type() const;

  // Scalars. REQUIRES: type() matches (s(): kS, n(): kN, b(): kB,
  // boolean(): kBool); a mismatch asserts in debug builds and returns an
  // empty value (false) otherwise.
  std::string_view s() const;
  std::string_view n() const;  // canonical decimal text
  std::string_view b() const;  // raw bytes
  bool boolean() const;

  // The number of members (kM), elements (kL) or set elements (kSS, kNS,
  // kBS); 0 for every other type.
  size_t size() const;

  // kM: the i-th member in name order, and lookup by name (a binary
  // search). REQUIRES: type() == kM and i < size().
  std::string_view member_name(size_t i) const;
  ValueView member(size_t i) const;
  // nullopt if there is no such member, or if type() is not kM.
  std::optional<ValueView> Find(std::string_view name) const;

  // kL: the i-th element. REQUIRES: type() == kL and i < size().
  ValueView element(size_t i) const;

  // kSS, kNS, kBS: the i-th element (text, canonical number, raw bytes).
  // REQUIRES: is_set() and i < size().
  std::string_view set_element(size_t i) const;

  bool is_set() const {
    AttributeType t = type();
    return t == AttributeType::kSS || t == AttributeType::kNS ||
           t == AttributeType::kBS;
  }

  // A decoded copy of this value.
  AttributeValue ToValue() const;

 private:
  friend class ItemView;
  friend class ItemViewInternal;
  ValueView(const void* slots, const char* heap, uint32_t index)
      : slots_(slots), heap_(heap), index_(index) {}

  const void* slots_;  // the eddy::fb::Slot array of a verified item
  const char* heap_;   // the item's heap of names and bytes
  uint32_t index_;     // this value's slot
};

class ItemView {
 public:
  // An empty item (no attributes).
  ItemView() = default;

  // Attributes, in name order (bytewise).
  size_t size() const;
  bool empty() const { return size() == 0; }
  // REQUIRES: i < size().
  std::string_view name(size_t i) const;
  ValueView value(size_t i) const;
  // The attribute called `name` (a binary search); nullopt if absent.
  std::optional<ValueView> Find(std::string_view name) const;

  // A decoded copy: equal to what Database::GetItem returns for the item.
  Item ToItem() const;

  // The encoding (engine/item.fbs, format 2); empty for ItemView(). An
  // item stored in format 1 is held re-encoded in format 2.
  std::string_view encoded() const { return bytes_; }

 private:
  friend class ItemViewInternal;

  // The root slot's view (the item as a map); REQUIRES: !bytes_.empty().
  ValueView top() const;

  // Verified item bytes, in heap storage (never the small-string buffer):
  // FlatBuffers needs them aligned, and a move must not relocate them.
  std::string bytes_;
};

}  // namespace eddy

#endif  // EDDY_ITEM_VIEW_H_

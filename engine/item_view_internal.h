// Copyright (c) Eddy authors.
//
// ItemViewInternal: how the engine builds an eddy::ItemView (the public
// class has no constructor from bytes, so that a view always holds verified
// bytes).

#ifndef EDDY_ENGINE_ITEM_VIEW_INTERNAL_H_
#define EDDY_ENGINE_ITEM_VIEW_INTERNAL_H_

#include <string>

#include "absl/status/statusor.h"
#include "eddy/item_view.h"

namespace eddy {

class ItemViewInternal {
 public:
  // Takes stored item bytes (engine/item.fbs), checks them as DecodeItem
  // does (the FlatBuffers verifier and the format's rules) and wraps them
  // without decoding. kDataLoss if they are malformed; nothing is kept then.
  static absl::StatusOr<ItemView> FromStored(std::string bytes);
};

}  // namespace eddy

#endif  // EDDY_ENGINE_ITEM_VIEW_INTERNAL_H_

// Copyright (c) Eddy authors.
//
// libFuzzer target: stored item bytes (engine/item_codec.h), the verifier
// path every read takes. Properties checked:
//   - no input crashes, leaks or reads out of bounds (run under ASan);
//   - VerifyItem and DecodeItem agree; every failure is kDataLoss;
//   - a decoded item renders as JSON and re-encodes to bytes that decode
//     to the same item;
//   - ItemView accepts exactly the inputs DecodeItem accepts, and reads
//     back the same item.
// Seeds: tests/fuzz/corpus/item_bytes/ (encoded items).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "eddy/item_view.h"
#include "eddy/json.h"
#include "engine/item_codec.h"
#include "engine/item_view_internal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  absl::Status verified = eddy::engine::VerifyItem(bytes);
  auto item = eddy::engine::DecodeItem(bytes);
  if (verified.ok() != item.ok()) std::abort();
  auto view = eddy::ItemViewInternal::FromStored(std::string(bytes));
  if (view.ok() != item.ok()) std::abort();
  if (!item.ok()) {
    if (item.status().code() != absl::StatusCode::kDataLoss) std::abort();
    if (verified.code() != absl::StatusCode::kDataLoss) std::abort();
    return 0;
  }
  if (!(view->ToItem() == *item)) std::abort();
  for (const auto& [name, value] : *item) {
    auto found = view->Find(name);
    if (!found || !(found->ToValue() == value)) std::abort();
  }
  (void)eddy::ItemToJson(*item);
  std::string again;
  eddy::engine::EncodeItem(*item, &again);
  auto decoded = eddy::engine::DecodeItem(again);
  if (!decoded.ok() || !(*decoded == *item)) std::abort();
  return 0;
}

// Copyright (c) Eddy authors.
//
// libFuzzer target: DynamoDB JSON items (eddy/json.h) through validation
// (engine/item_validation.h) and the stored encoding (engine/item_codec.h).
// Properties checked:
//   - nothing crashes, leaks or reads out of bounds (run under ASan);
//   - every parse or validation failure is kInvalidArgument with a message;
//   - a valid item round-trips exactly: JSON -> Item -> JSON -> Item, and
//     Item -> stored bytes -> Item; validation is idempotent;
//   - ItemToJson's direct text is nlohmann's compact dump of the item.
// Seeds: tests/fuzz/corpus/item_json/.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "eddy/json.h"
#include "eddy/table.h"
#include "engine/item_codec.h"
#include "engine/item_validation.h"
#include "engine/json_parsed.h"

namespace {

void CheckValidationError(const absl::Status& s) {
  if (s.code() != absl::StatusCode::kInvalidArgument || s.message().empty()) {
    std::abort();
  }
}

void CheckRoundTrips(const eddy::Item& item) {
  std::string json = eddy::ItemToJson(item);
  if (json != eddy::ItemToParsedJson(item).dump(
                  -1, ' ', false, nlohmann::json::error_handler_t::replace)) {
    std::abort();
  }
  auto again = eddy::ItemFromJson(json);
  if (!again.ok() || !(*again == item)) std::abort();
  if (eddy::ItemToJson(*again) != json) std::abort();
  std::string bytes;
  eddy::engine::EncodeItem(item, &bytes);
  if (!eddy::engine::VerifyItem(bytes).ok()) std::abort();
  auto decoded = eddy::engine::DecodeItem(bytes);
  if (!decoded.ok() || !(*decoded == item)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto value = eddy::ValueFromJson(text);
  if (!value.ok()) CheckValidationError(value.status());
  auto item = eddy::ItemFromJson(text);
  if (!item.ok()) {
    CheckValidationError(item.status());
    return 0;
  }
  // Give it a key so that the whole-item rules apply.
  eddy::KeySchema schema;
  schema.partition_key = {"pk", eddy::KeyType::kS};
  item->emplace("pk", eddy::AttributeValue::S("key"));
  absl::Status s = eddy::engine::NormalizeItem(schema, &*item);
  if (!s.ok()) {
    CheckValidationError(s);
    return 0;
  }
  eddy::Item normalized = *item;
  if (!eddy::engine::NormalizeItem(schema, &normalized).ok() ||
      !(normalized == *item)) {
    std::abort();  // not idempotent
  }
  CheckRoundTrips(*item);
  return 0;
}

// Copyright (c) Eddy authors.
//
// DynamoDB JSON conversions (eddy/json.h) on an already parsed
// nlohmann::json, for callers that hold the parsed request anyway (the
// endpoint, api/server/), so an item is not dumped to text and parsed a
// second time. Same rules and error messages as ItemFromJson/ItemToJson.

#ifndef EDDY_ENGINE_JSON_PARSED_H_
#define EDDY_ENGINE_JSON_PARSED_H_

#include "absl/status/statusor.h"
#include "eddy/value.h"
#include "nlohmann/json.hpp"

namespace eddy {

// As ItemFromJson, on a parsed JSON object. Errors: kInvalidArgument
// naming the attribute. Never throws.
absl::StatusOr<Item> ItemFromParsedJson(const nlohmann::json& json);

// As ValueFromJson, on a parsed JSON value. Never throws.
absl::StatusOr<AttributeValue> ValueFromParsedJson(const nlohmann::json& json);

// As ItemToJson, returning the JSON object instead of its text.
nlohmann::json ItemToParsedJson(const Item& item);

}  // namespace eddy

#endif  // EDDY_ENGINE_JSON_PARSED_H_

// Copyright (c) Eddy authors.
//
// DynamoDB JSON: the wire form of attribute values, e.g.
//   {"Id":{"N":"101"},"Tags":{"SS":["a","b"]},"Blob":{"B":"AAEC"}}
// B and BS values are base64 (RFC 4648, padded). Round trip is exact for
// canonical values: ItemToJson(ItemFromJson(j)) == j up to key order and
// whitespace.

#ifndef EDDY_JSON_H_
#define EDDY_JSON_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "eddy/value.h"

namespace eddy {

// Parses one item (`{"name": {"TYPE": ...}, ...}`). kInvalidArgument names the
// attribute and what is wrong (unknown type tag, bad base64, not an object,
// more than one type tag...). Numbers are not canonicalized here.
absl::StatusOr<Item> ItemFromJson(std::string_view json);
// Parses one attribute value (`{"S":"x"}`).
absl::StatusOr<AttributeValue> ValueFromJson(std::string_view json);

// Renders compact JSON, attributes in name order.
std::string ItemToJson(const Item& item);
std::string ValueToJson(const AttributeValue& value);

}  // namespace eddy

#endif  // EDDY_JSON_H_

// Copyright (c) Eddy authors.
//
// Shorthands for the evaluator's tests (evaluator_*_test.cc).

#ifndef EDDY_ENGINE_EVALUATOR_TEST_UTIL_H_
#define EDDY_ENGINE_EVALUATOR_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "eddy/expression.h"
#include "eddy/json.h"
#include "eddy/value.h"
#include "gtest/gtest.h"

namespace eddy::engine::evaluator_test {

// An item from DynamoDB JSON (B values in base64).
inline Item J(std::string_view json) {
  absl::StatusOr<Item> item = ItemFromJson(json);
  EXPECT_TRUE(item.ok()) << item.status() << " in " << json;
  return item.ok() ? *std::move(item) : Item();
}

// A value from DynamoDB JSON.
inline AttributeValue JV(std::string_view json) {
  absl::StatusOr<AttributeValue> v = ValueFromJson(json);
  EXPECT_TRUE(v.ok()) << v.status() << " in " << json;
  return v.ok() ? *std::move(v) : AttributeValue();
}

inline AttributeValue S(std::string s) {
  return AttributeValue::S(std::move(s));
}
inline AttributeValue N(std::string n) {
  return AttributeValue::N(std::move(n));
}
inline AttributeValue B(std::string b) {
  return AttributeValue::B(std::move(b));
}

// Paths: A("a") is `a`; A("a").Key("b").Index(2) is `a.b[2]`.
inline Path A(std::string name) { return Path::Attr(std::move(name)); }

inline Operand V(AttributeValue v) { return Operand::Value(std::move(v)); }
inline Operand P(Path p) { return Operand::AtPath(std::move(p)); }
inline Operand P(std::string name) {
  return Operand::AtPath(A(std::move(name)));
}

// The item the condition tests run against. b is bytes 01 02 03; bs holds
// 01 and 02; u is "é" (bytes c3 a9).
inline Item ConditionItem() {
  return J(R"({
    "s": {"S": "hello"}, "u": {"S": "é"}, "es": {"S": ""},
    "n": {"N": "10"}, "b": {"B": "AQID"}, "t": {"BOOL": true},
    "z": {"NULL": true},
    "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]},
    "bs": {"BS": ["AQ==", "Ag=="]},
    "l": {"L": [{"S": "x"}, {"N": "1"}, {"M": {"k": {"S": "v"}}}]},
    "m": {"M": {"a": {"N": "1"}, "inner": {"M": {"deep": {"S": "d"}}}}}
  })");
}

// The item the update tests start from.
inline Item UpdateItem() {
  return J(R"({
    "id": {"S": "k"}, "n": {"N": "10"}, "s": {"S": "hello"},
    "l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]},
    "m": {"M": {"a": {"N": "1"}, "inner": {"M": {"x": {"S": "y"}}}}},
    "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]},
    "bs": {"BS": ["AQ=="]}
  })");
}

// Expects kInvalidArgument (ValidationException) with `substring` in the
// message.
inline void ExpectInvalid(const absl::Status& status,
                          std::string_view substring) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_NE(status.message().find(std::string(substring)), std::string::npos)
      << "message: " << status.message() << "\nwanted: " << substring;
}

}  // namespace eddy::engine::evaluator_test

#endif  // EDDY_ENGINE_EVALUATOR_TEST_UTIL_H_

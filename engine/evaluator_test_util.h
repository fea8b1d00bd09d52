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

// Copyright (c) Eddy authors.
//
// ExpressionAttributeValues obey the rules of item values.

#include <gtest/gtest.h>

#include "eddy/expression_strings.h"
#include "eddy/status.h"

namespace eddy {
namespace {

using V = AttributeValue;

TEST(ExpressionValuesTest, InvalidValuesAreRejectedNamingThePlaceholder) {
  struct Case {
    V value;
    const char* what;
  };
  for (const Case& c :
       {Case{V::N("abc"), "not a number"}, Case{V::NS({}), "empty set"},
        Case{V::SS({"a", "a"}), "duplicate set element"}}) {
    auto r = CompileConditionExpression("a = :v", {}, {{":v", c.value}});
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.what;
    EXPECT_EQ(ErrorName(r.status()), "ValidationException") << c.what;
    EXPECT_NE(r.status().message().find("ExpressionAttributeValues"),
              std::string::npos)
        << r.status();
    EXPECT_NE(r.status().message().find(":v"), std::string::npos) << r.status();
    auto u = CompileUpdateExpression("SET a = :v", {}, {{":v", c.value}});
    EXPECT_EQ(u.status().code(), absl::StatusCode::kInvalidArgument) << c.what;
  }
  EXPECT_TRUE(
      CompileConditionExpression("a = :v", {}, {{":v", V::N("01.50")}}).ok());
}

}  // namespace
}  // namespace eddy

// Copyright (c) Eddy authors.

#include "cdc/shard_iterator.h"

#include <cstdint>
#include <string>

#include "eddy/status.h"
#include "gtest/gtest.h"

namespace eddy::cdc {
namespace {

void ExpectInvalid(const std::string& text) {
  absl::StatusOr<ShardIteratorToken> t = DecodeShardIterator(text);
  ASSERT_FALSE(t.ok()) << text;
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(t.status().message(), "Invalid ShardIterator");
}

TEST(ShardIteratorTest, RoundTrips) {
  for (ShardIteratorToken want :
       {ShardIteratorToken{1, 0, 1, 0},
        ShardIteratorToken{7, 3, 123456789012345ull, 1790000000123},
        ShardIteratorToken{UINT32_MAX, UINT32_MAX, UINT64_MAX, INT64_MAX},
        ShardIteratorToken{2, 1, 5, -42}}) {
    std::string text = EncodeShardIterator(want);
    EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "abcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << text;
    absl::StatusOr<ShardIteratorToken> got = DecodeShardIterator(text);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, want);
  }
}

TEST(ShardIteratorTest, DistinctTokensForDistinctPositions) {
  EXPECT_NE(EncodeShardIterator({1, 0, 10, 5}),
            EncodeShardIterator({1, 0, 11, 5}));
}

TEST(ShardIteratorTest, RejectsEveryOneCharacterEdit) {
  const std::string good = EncodeShardIterator({3, 2, 99, 1790000000000});
  const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (size_t i = 0; i < good.size(); ++i) {
    for (char c : alphabet) {
      if (c == good[i]) continue;
      std::string bad = good;
      bad[i] = c;
      ExpectInvalid(bad);
    }
  }
}

TEST(ShardIteratorTest, RejectsMalformedStrings) {
  const std::string good = EncodeShardIterator({3, 2, 99, 1790000000000});
  ExpectInvalid("");
  ExpectInvalid("not a token");
  ExpectInvalid(good.substr(1));
  ExpectInvalid(good + "A");
  ExpectInvalid(good + "=");
  ExpectInvalid(" " + good);
  ExpectInvalid("arn:aws:dynamodb:us-east-1:000000000000:table/T");
}

TEST(ShardIteratorTest, ErrorIsValidationException) {
  absl::StatusOr<ShardIteratorToken> t = DecodeShardIterator("x");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(ErrorName(t.status()), "ValidationException");
}

}  // namespace
}  // namespace eddy::cdc

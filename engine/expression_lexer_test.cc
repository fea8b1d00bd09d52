// Copyright (c) Eddy authors.

#include "engine/expression_lexer.h"

#include <string>
#include <vector>

#include "engine/reserved_words.h"
#include "gtest/gtest.h"

namespace eddy::engine {
namespace {

std::string Kinds(const std::vector<Token>& tokens) {
  static const char* kNames[] = {
      "id", "#",  ":", "num", "(", ")",  "[", "]", ",", ".",
      "=",  "<>", "<", "<=",  ">", ">=", "+", "-", "?", "$"};
  std::string out;
  for (const Token& t : tokens) {
    out += kNames[static_cast<int>(t.kind)];
    out += ' ';
  }
  return out;
}

TEST(ExpressionLexerTest, TokenizesEveryKind) {
  std::vector<Token> tokens =
      Tokenize(" a_1 #n :v 12 ( ) [ ] , . = <> < <= > >= + - * ");
  EXPECT_EQ(Kinds(tokens), "id # : num ( ) [ ] , . = <> < <= > >= + - ? $ ");
  EXPECT_EQ(tokens[0].text, "a_1");
  EXPECT_EQ(tokens[0].begin, 1u);
  EXPECT_EQ(tokens[1].text, "#n");
  EXPECT_EQ(tokens[2].text, ":v");
  EXPECT_EQ(tokens.back().text, "");
}

TEST(ExpressionLexerTest, SplitsAdjacentTokens) {
  EXPECT_EQ(Kinds(Tokenize("a.b[0]>=:x")), "id . id [ num ] >= : $ ");
  EXPECT_EQ(Kinds(Tokenize("1abc")), "num id $ ");
  EXPECT_EQ(Kinds(Tokenize("#")), "? $ ");
  EXPECT_EQ(Kinds(Tokenize(": x")), "? id $ ");
  EXPECT_EQ(Kinds(Tokenize("a\t\r\nb")), "id id $ ");
  EXPECT_EQ(Kinds(Tokenize("")), "$ ");
}

TEST(ExpressionLexerTest, KeepsUtf8SequencesWhole) {
  std::vector<Token> tokens = Tokenize("a = \xC3\xA9");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[2].kind, TokenKind::kInvalid);
  EXPECT_EQ(tokens[2].text, "\xC3\xA9");
}

TEST(ExpressionLexerTest, KeywordsIgnoreCase) {
  std::vector<Token> tokens = Tokenize("and AnD ANDY #and");
  EXPECT_TRUE(IsKeyword(tokens[0], "AND"));
  EXPECT_TRUE(IsKeyword(tokens[1], "AND"));
  EXPECT_FALSE(IsKeyword(tokens[2], "AND"));
  EXPECT_FALSE(IsKeyword(tokens[3], "AND"));
}

TEST(ExpressionLexerTest, SyntaxErrorShowsNeighbours) {
  std::string text = "a = AND :x ";
  std::vector<Token> tokens = Tokenize(text);
  EXPECT_EQ(SyntaxErrorMessage(text, tokens, 2),
            "Syntax error; token: \"AND\", near: \"= AND :x\"");
  EXPECT_EQ(SyntaxErrorMessage(text, tokens, 0),
            "Syntax error; token: \"a\", near: \"a =\"");
  EXPECT_EQ(SyntaxErrorMessage(text, tokens, 3),
            "Syntax error; token: \":x\", near: \"AND :x\"");
  EXPECT_EQ(SyntaxErrorMessage(text, tokens, 4),
            "Syntax error; token: \"<EOF>\", near: \":x\"");
}

TEST(ReservedWordsTest, HasDynamoDbsFullList) {
  EXPECT_EQ(ReservedWordCount(), 573u);
  for (const char* word :
       {"ABORT", "status", "Name", "COMMENT", "size", "FLATTERN", "INNTER",
        "LOGED", "zone", "TTL", "value", "data", "year", "user", "count"}) {
    EXPECT_TRUE(IsReservedWord(word)) << word;
  }
  for (const char* word :
       {"", "a", "pk", "statuses", "ABORTED", "flatten", "my_status",
        "attribute_exists", "LOCALTIMESTAMPS", "_status"}) {
    EXPECT_FALSE(IsReservedWord(word)) << word;
  }
}

}  // namespace
}  // namespace eddy::engine

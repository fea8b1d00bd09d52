// Copyright (c) Eddy authors.
//
// The condition grammar's parser class (see expression_parser.h), shared by
// expression_parser_condition.cc (grammar) and
// expression_parser_functions.cc (typing of operands and functions).

#ifndef EDDY_ENGINE_EXPRESSION_PARSER_CONDITION_H_
#define EDDY_ENGINE_EXPRESSION_PARSER_CONDITION_H_

#include <cstddef>
#include <string_view>

#include "absl/status/statusor.h"
#include "eddy/expression.h"
#include "engine/expression_parser.h"
#include "engine/expression_parser_base.h"

namespace eddy::engine {

class ConditionParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

  // Parses the whole text as a condition. Call once.
  absl::StatusOr<Condition> Run();

 private:
  // A parsed piece: a condition, or an operand (path, value or function
  // call) whose role the context decides.
  struct Node {
    bool is_condition = false;
    Condition condition;
    RawOperand operand;
    int parens = 0;  // parentheses directly around it
    size_t end = 0;  // index of the token after it
  };
  using SubParser = absl::StatusOr<Node> (ConditionParser::*)();

  bool IsKeywordToken(const Token& token) const override;
  absl::StatusOr<RawOperand> ParseArgument() override;

  absl::StatusOr<Node> ParseChain(std::string_view keyword, SubParser sub,
                                  bool is_or);
  absl::StatusOr<Node> ParseOr();
  absl::StatusOr<Node> ParseAnd();
  absl::StatusOr<Node> ParseNot();
  absl::StatusOr<Node> ParseCompare();
  absl::StatusOr<Node> ParsePrimary();
  absl::StatusOr<Operand> ParseOperand();
  Node ConditionNode(Condition c) const;

  // A node used as an operand / as a condition: a syntax error if it cannot
  // be one, else the typed form (recording misused functions).
  absl::StatusOr<Operand> RequireOperand(Node node);
  absl::StatusOr<Condition> RequireCondition(Node node);

  // Typing (expression_parser_functions.cc). Never fail: problems are
  // recorded and a placeholder result returned.
  Operand LowerOperand(const RawOperand& raw);
  Operand LowerSize(const RawOperand& raw);
  Condition LowerFunction(const RawOperand& raw);
  Condition LowerAttributeType(const RawOperand& raw);
  bool RequirePathArgument(const RawOperand& raw);
  void CheckBeginsWithOperand(const Operand& o);

  void CheckDistinct(std::string_view op, const Operand& a, const Operand& b);
  void CheckBetweenBounds(const Operand& low, const Operand& high);
};

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_EXPRESSION_PARSER_CONDITION_H_

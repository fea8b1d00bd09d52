// Copyright (c) Eddy authors.
//
// ProjectionExpression: path (',' path)*, no two paths overlapping.

#include <utility>
#include <vector>

#include "engine/expression_parser.h"
#include "engine/expression_parser_base.h"

namespace eddy::engine {
namespace {

class ProjectionParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

  absl::StatusOr<std::vector<Path>> Run() {
    EDDY_EXPR_RETURN_IF_ERROR(Begin());
    std::vector<Path> paths;
    do {
      EDDY_EXPR_ASSIGN_OR_RETURN(Path path, ParsePath());
      CheckOverlap(path, &paths);
    } while (Accept(TokenKind::kComma));
    EDDY_EXPR_RETURN_IF_ERROR(Finish());
    return paths;
  }

 private:
  bool IsKeywordToken(const Token&) const override { return false; }
  // Projections have no function calls; ParseAtom is never used.
  absl::StatusOr<RawOperand> ParseArgument() override { return SyntaxError(); }
};

}  // namespace

absl::StatusOr<std::vector<Path>> ParseProjectionExpression(
    std::string_view text, Placeholders* placeholders) {
  ProjectionParser parser(text, ExpressionKind::kProjection, placeholders);
  return parser.Run();
}

}  // namespace eddy::engine

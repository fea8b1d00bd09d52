// Copyright (c) Eddy authors.
//
// Compiling filter patterns (syntax in cdc/event_filter.h) into the tree of
// cdc/event_filter_internal.h, with a kInvalidArgument naming the pattern
// and the path inside it for every syntax error.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cdc/event_filter.h"
#include "cdc/event_filter_internal.h"
#include "engine/errors.h"
#include "engine/strings.h"

namespace eddy::cdc::event_filter_internal {
namespace {

using Json = nlohmann::json;
using engine::Sv;

// Compiles one pattern, remembering where it is for error messages.
class PatternCompiler {
 public:
  explicit PatternCompiler(const std::string& field) : field_(field) {}

  absl::Status CompileObject(const Json& object, const std::string& path,
                             int depth, Node* out);

 private:
  absl::Status Error(std::string_view path, std::string_view reason) const {
    if (path.empty()) {
      return engine::ValidationError(
          absl::StrCat(Sv(field_), ": ", Sv(reason)));
    }
    return engine::ValidationError(
        absl::StrCat(Sv(field_), ": at \"", Sv(path), "\": ", Sv(reason)));
  }
  absl::Status CompileOr(const Json& alternatives, const std::string& path,
                         int depth, Node* out);
  absl::Status CompileLeaf(const Json& array, const std::string& path,
                           Leaf* out);
  absl::Status CompileOperator(const std::string& op, const Json& operand,
                               const std::string& path, Leaf* out);
  absl::Status CompileAffix(const std::string& op, const Json& operand,
                            const std::string& path, Matcher* out);

  const std::string& field_;
};

absl::Status PatternCompiler::CompileObject(const Json& object,
                                            const std::string& path, int depth,
                                            Node* out) {
  if (depth > EventFilter::kMaxPatternDepth) {
    return Error(path, absl::StrCat("objects nest deeper than ",
                                    EventFilter::kMaxPatternDepth, " levels"));
  }
  for (const auto& [key, value] : object.items()) {
    std::string child = path.empty() ? key : absl::StrCat(Sv(path), ".", key);
    if (key == "$or") {
      absl::Status s = CompileOr(value, child, depth, out);
      if (!s.ok()) return s;
      continue;
    }
    Field field;
    field.name = key;
    if (value.is_object()) {
      field.node = std::make_unique<Node>();
      absl::Status s = CompileObject(value, child, depth + 1, field.node.get());
      if (!s.ok()) return s;
    } else if (value.is_array()) {
      field.leaf = std::make_unique<Leaf>();
      absl::Status s = CompileLeaf(value, child, field.leaf.get());
      if (!s.ok()) return s;
    } else {
      return Error(child, absl::StrCat("must be an array of matchers or an "
                                       "object, not ",
                                       Sv(TypeName(value))));
    }
    out->fields.push_back(std::move(field));
  }
  return absl::OkStatus();
}

absl::Status PatternCompiler::CompileOr(const Json& alternatives,
                                        const std::string& path, int depth,
                                        Node* out) {
  if (!alternatives.is_array() || alternatives.empty()) {
    return Error(path, "\"$or\" takes a non-empty array of objects");
  }
  for (size_t i = 0; i < alternatives.size(); ++i) {
    std::string child = absl::StrCat(Sv(path), "[", i, "]");
    if (!alternatives[i].is_object()) {
      return Error(child, absl::StrCat("a \"$or\" alternative must be an "
                                       "object, not ",
                                       Sv(TypeName(alternatives[i]))));
    }
    Node alternative;
    absl::Status s =
        CompileObject(alternatives[i], child, depth + 1, &alternative);
    if (!s.ok()) return s;
    out->any_of.push_back(std::move(alternative));
  }
  return absl::OkStatus();
}

absl::Status PatternCompiler::CompileLeaf(const Json& array,
                                          const std::string& path, Leaf* out) {
  if (array.empty()) return Error(path, "the array of matchers is empty");
  for (const Json& m : array) {
    if (m.is_array()) return Error(path, "a matcher cannot be an array");
    if (m.is_string() || m.is_number()) {
      out->matchers.push_back(Literal(m));
    } else if (m.is_boolean()) {
      Matcher b;
      b.kind = MatchKind::kBool;
      b.bool_value = m.get<bool>();
      out->matchers.push_back(std::move(b));
    } else if (m.is_null()) {
      Matcher n;
      n.kind = MatchKind::kNull;
      out->matchers.push_back(std::move(n));
    } else {  // an object: {"operator": operand}
      if (m.size() != 1) {
        return Error(path, absl::StrCat("a matcher object must have exactly "
                                        "one key, not ",
                                        m.size()));
      }
      absl::Status s =
          CompileOperator(m.begin().key(), m.begin().value(), path, out);
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status PatternCompiler::CompileOperator(const std::string& op,
                                              const Json& operand,
                                              const std::string& path,
                                              Leaf* out) {
  Matcher m;
  absl::Status s;
  if (op == "exists") {
    if (!operand.is_boolean()) {
      return Error(path, "\"exists\" takes true or false");
    }
    if (!operand.get<bool>()) {
      out->matches_absent = true;
      return absl::OkStatus();
    }
    m.kind = MatchKind::kExists;
  } else if (op == "prefix" || op == "suffix" || op == "equals-ignore-case") {
    s = CompileAffix(op, operand, path, &m);
  } else if (op == "numeric" || op == "anything-but") {
    std::string reason;
    bool ok = op == "numeric" ? CompileNumeric(operand, &m, &reason)
                              : CompileAnythingBut(operand, &m, &reason);
    if (!ok) return Error(path, reason);
  } else {
    return Error(path, absl::StrCat("unknown operator \"", op, "\""));
  }
  if (!s.ok()) return s;
  out->matchers.push_back(std::move(m));
  return absl::OkStatus();
}

// "prefix" / "suffix": a string or {"equals-ignore-case": string};
// "equals-ignore-case": a string.
absl::Status PatternCompiler::CompileAffix(const std::string& op,
                                           const Json& operand,
                                           const std::string& path,
                                           Matcher* out) {
  const bool ignore_case_op = op == "equals-ignore-case";
  const Json* text = &operand;
  bool ignore_case = ignore_case_op;
  if (!ignore_case_op && operand.is_object() && operand.size() == 1 &&
      operand.begin().key() == "equals-ignore-case") {
    text = &operand.begin().value();
    ignore_case = true;
  }
  if (!text->is_string()) {
    return Error(path,
                 absl::StrCat("\"", op, "\" takes a string",
                              ignore_case_op ? ""
                                             : " or {\"equals-ignore-case\": "
                                               "string}",
                              ", not ", Sv(TypeName(*text))));
  }
  const std::string& value = text->get_ref<const std::string&>();
  out->text = ignore_case ? LowerAscii(value) : value;
  if (ignore_case_op) {
    out->kind = MatchKind::kEqualsIgnoreCase;
  } else if (op == "prefix") {
    out->kind = ignore_case ? MatchKind::kPrefixIgnoreCase : MatchKind::kPrefix;
  } else {
    out->kind = ignore_case ? MatchKind::kSuffixIgnoreCase : MatchKind::kSuffix;
  }
  return absl::OkStatus();
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

absl::StatusOr<Node> CompilePattern(const std::string& field,
                                    const std::string& text) {
  const size_t chars = CountCodePoints(text);
  if (chars > EventFilter::kMaxPatternChars) {
    return engine::ValidationError(absl::StrCat(Sv(field), ": is ", chars,
                                                " characters long; the limit "
                                                "is ",
                                                EventFilter::kMaxPatternChars));
  }
  Json pattern = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (pattern.is_discarded()) {
    return engine::ValidationError(
        absl::StrCat(Sv(field), ": is not valid JSON"));
  }
  if (!pattern.is_object()) {
    return engine::ValidationError(absl::StrCat(
        Sv(field), ": must be a JSON object, not ", Sv(TypeName(pattern))));
  }
  Node root;
  PatternCompiler compiler(field);
  absl::Status s = compiler.CompileObject(pattern, "", 1, &root);
  if (!s.ok()) return s;
  return root;
}

}  // namespace eddy::cdc::event_filter_internal

namespace eddy::cdc {

using event_filter_internal::Compiled;

EventFilter::EventFilter() = default;

EventFilter::EventFilter(std::shared_ptr<const Compiled> compiled)
    : compiled_(std::move(compiled)) {}

absl::StatusOr<EventFilter> EventFilter::Compile(
    const std::vector<eddy::Filter>& filters) {
  if (filters.size() > kMaxFilters) {
    return engine::ValidationError(
        absl::StrCat("FilterCriteria.Filters: at most ", kMaxFilters,
                     " filters are allowed, got ", filters.size()));
  }
  if (filters.empty()) return EventFilter();
  auto compiled = std::make_shared<Compiled>();
  for (size_t i = 0; i < filters.size(); ++i) {
    std::string field = absl::StrCat("FilterCriteria.Filters[", i, "].Pattern");
    absl::StatusOr<event_filter_internal::Node> node =
        event_filter_internal::CompilePattern(field, filters[i].pattern);
    if (!node.ok()) return node.status();
    compiled->patterns.push_back(*std::move(node));
  }
  return EventFilter(std::move(compiled));
}

bool EventFilter::empty() const { return compiled_ == nullptr; }

}  // namespace eddy::cdc

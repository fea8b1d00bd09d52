// Copyright (c) Eddy authors.
//
// Path resolution and the value comparisons the evaluator is built on (see
// engine/evaluator.h). Conditions live in evaluator_condition.cc, updates in
// evaluator_update.cc, projections in evaluator_project.cc.

#include "engine/evaluator.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/evaluator_internal.h"
#include "engine/number.h"
#include "engine/strings.h"

namespace eddy::engine {

const AttributeValue* ResolvePath(const Item& item, const Path& path) {
  if (!evaluator_internal::IsWellFormedPath(path)) return nullptr;
  auto top = item.find(path.top());
  if (top == item.end()) return nullptr;
  const AttributeValue* value = &top->second;
  for (size_t i = 1; i < path.elements.size(); ++i) {
    const PathElement& step = path.elements[i];
    if (step.is_index()) {
      if (value->type() != AttributeType::kL) return nullptr;
      const AttributeList& list = value->l();
      if (static_cast<uint64_t>(step.index) >= list.size()) return nullptr;
      value = &list[static_cast<size_t>(step.index)];
    } else {
      if (value->type() != AttributeType::kM) return nullptr;
      auto it = value->m().find(step.name);
      if (it == value->m().end()) return nullptr;
      value = &it->second;
    }
  }
  return value;
}

namespace evaluator_internal {
namespace {

// A set's elements sorted and deduplicated, for order-free comparison.
// Elements of an NS that are not numbers sort after all numbers, bytewise.
struct SortedSet {
  std::vector<std::string> text;  // SS, BS; and NS elements that don't parse
  std::vector<Number> numbers;    // NS
};

SortedSet Sorted(AttributeType type, const std::vector<std::string>& set) {
  SortedSet out;
  for (const std::string& e : set) {
    if (type == AttributeType::kNS) {
      absl::StatusOr<Number> n = Number::Parse(e);
      if (n.ok()) {
        out.numbers.push_back(*std::move(n));
        continue;
      }
    }
    out.text.push_back(e);
  }
  std::sort(out.text.begin(), out.text.end());
  out.text.erase(std::unique(out.text.begin(), out.text.end()), out.text.end());
  auto less = [](const Number& a, const Number& b) {
    return Number::Compare(a, b) < 0;
  };
  std::sort(out.numbers.begin(), out.numbers.end(), less);
  out.numbers.erase(std::unique(out.numbers.begin(), out.numbers.end()),
                    out.numbers.end());
  return out;
}

bool SetsEqual(AttributeType type, const std::vector<std::string>& a,
               const std::vector<std::string>& b) {
  if (a == b) return true;  // the common case: both canonical
  SortedSet sa = Sorted(type, a);
  SortedSet sb = Sorted(type, b);
  return sa.text == sb.text && sa.numbers == sb.numbers;
}

bool MapsEqual(const AttributeMap& a, const AttributeMap& b) {
  if (a.size() != b.size()) return false;
  auto ib = b.begin();
  for (auto ia = a.begin(); ia != a.end(); ++ia, ++ib) {
    if (ia->first != ib->first || !ValuesEqual(ia->second, ib->second)) {
      return false;
    }
  }
  return true;
}

bool ListsEqual(const AttributeList& a, const AttributeList& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!ValuesEqual(a[i], b[i])) return false;
  }
  return true;
}

}  // namespace

bool IsWellFormedPath(const Path& path) {
  return !path.empty() && !path.elements.front().is_index();
}

std::string PathForError(const Path& path) {
  std::string out = "[";
  for (size_t i = 0; i < path.elements.size(); ++i) {
    const PathElement& e = path.elements[i];
    if (i > 0) out += ", ";
    if (e.is_index()) {
      absl::StrAppend(&out, "[", e.index, "]");
    } else {
      out += e.name;
    }
  }
  out += "]";
  return out;
}

std::optional<int> CompareNumberText(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  absl::StatusOr<Number> na = Number::Parse(a);
  absl::StatusOr<Number> nb = Number::Parse(b);
  if (!na.ok() || !nb.ok()) return std::nullopt;
  return Number::Compare(*na, *nb);
}

bool ValuesEqual(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case AttributeType::kS:
      return a.s() == b.s();
    case AttributeType::kB:
      return a.b() == b.b();
    case AttributeType::kN:
      return CompareNumberText(a.n(), b.n()) == std::optional<int>(0);
    case AttributeType::kBool:
      return a.boolean() == b.boolean();
    case AttributeType::kNull:
      return true;
    case AttributeType::kM:
      return MapsEqual(a.m(), b.m());
    case AttributeType::kL:
      return ListsEqual(a.l(), b.l());
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS:
      return SetsEqual(a.type(), a.set(), b.set());
  }
  return false;
}

std::optional<int> CompareOrdered(const AttributeValue& a,
                                  const AttributeValue& b) {
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case AttributeType::kN:
      return CompareNumberText(a.n(), b.n());
    case AttributeType::kS:
      // std::string compares as unsigned bytes: UTF-8 bytewise order.
      return a.s().compare(b.s());
    case AttributeType::kB:
      return a.b().compare(b.b());
    default:
      return std::nullopt;
  }
}

bool SetContains(const AttributeValue& set, std::string_view element) {
  const std::vector<std::string>& elements = set.set();
  if (set.type() != AttributeType::kNS) {
    return std::find(elements.begin(), elements.end(), element) !=
           elements.end();
  }
  absl::StatusOr<Number> wanted = Number::Parse(element);
  for (const std::string& e : elements) {
    if (e == element) return true;
    if (!wanted.ok()) continue;
    absl::StatusOr<Number> n = Number::Parse(e);
    if (n.ok() && Number::Compare(*n, *wanted) == 0) return true;
  }
  return false;
}

absl::Status CanonicalizeSet(AttributeType type,
                             std::vector<std::string>* elements) {
  if (type != AttributeType::kNS) {
    std::sort(elements->begin(), elements->end());
    elements->erase(std::unique(elements->begin(), elements->end()),
                    elements->end());
    return absl::OkStatus();
  }
  std::vector<Number> numbers;
  numbers.reserve(elements->size());
  for (const std::string& e : *elements) {
    absl::StatusOr<Number> n = Number::Parse(e);
    if (!n.ok()) return n.status();
    numbers.push_back(*std::move(n));
  }
  std::sort(numbers.begin(), numbers.end(),
            [](const Number& a, const Number& b) {
              return Number::Compare(a, b) < 0;
            });
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  elements->clear();
  for (const Number& n : numbers) elements->push_back(n.ToString());
  return absl::OkStatus();
}

}  // namespace evaluator_internal
}  // namespace eddy::engine

// Copyright (c) Eddy authors.
//
// Project (see engine/evaluator.h). The paths are merged into a tree first
// (a path that names a whole value absorbs any longer path below it), then
// the item is walked once along that tree.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "engine/evaluator.h"
#include "engine/evaluator_internal.h"

namespace eddy::engine {
namespace {

// What to keep of one value: all of it, or some map entries / list elements.
struct Selection {
  bool whole = false;
  std::map<std::string, std::unique_ptr<Selection>, std::less<>> names;
  std::map<int64_t, std::unique_ptr<Selection>> indexes;  // ascending
};

void Add(Selection* root, const Path& path) {
  Selection* node = root;
  for (const PathElement& e : path.elements) {
    if (node->whole) return;  // an enclosing value is kept whole already
    std::unique_ptr<Selection>& child =
        e.is_index() ? node->indexes[e.index] : node->names[e.name];
    if (child == nullptr) child = std::make_unique<Selection>();
    node = child.get();
  }
  node->whole = true;
  node->names.clear();
  node->indexes.clear();
}

std::optional<AttributeValue> Select(const AttributeValue& v,
                                     const Selection& selection);

std::optional<AttributeValue> SelectMap(const AttributeMap& map,
                                        const Selection& selection) {
  AttributeMap out;
  for (const auto& [name, child] : selection.names) {
    auto it = map.find(name);
    if (it == map.end()) continue;
    std::optional<AttributeValue> picked = Select(it->second, *child);
    if (picked.has_value()) out.emplace(name, *std::move(picked));
  }
  if (out.empty()) return std::nullopt;
  return AttributeValue::M(std::move(out));
}

// DynamoDB compacts the picked elements into a list, in index order.
std::optional<AttributeValue> SelectList(const AttributeList& list,
                                         const Selection& selection) {
  AttributeList out;
  for (const auto& [index, child] : selection.indexes) {
    if (static_cast<uint64_t>(index) >= list.size()) break;
    std::optional<AttributeValue> picked =
        Select(list[static_cast<size_t>(index)], *child);
    if (picked.has_value()) out.push_back(*std::move(picked));
  }
  if (out.empty()) return std::nullopt;
  return AttributeValue::L(std::move(out));
}

// The part of `v` that `selection` keeps; nullopt if nothing.
std::optional<AttributeValue> Select(const AttributeValue& v,
                                     const Selection& selection) {
  if (selection.whole) return v;
  if (v.type() == AttributeType::kM && !selection.names.empty()) {
    return SelectMap(v.m(), selection);
  }
  if (v.type() == AttributeType::kL && !selection.indexes.empty()) {
    return SelectList(v.l(), selection);
  }
  return std::nullopt;
}

}  // namespace

Item Project(const Item& item, const std::vector<Path>& paths) {
  if (paths.empty()) return item;
  Selection root;
  for (const Path& path : paths) {
    if (evaluator_internal::IsWellFormedPath(path)) Add(&root, path);
  }
  Item out;
  for (const auto& [name, child] : root.names) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    std::optional<AttributeValue> picked = Select(it->second, *child);
    if (picked.has_value()) out.emplace(name, *std::move(picked));
  }
  return out;
}

}  // namespace eddy::engine

// Copyright (c) Eddy authors.
//
// ApplyUpdate (see engine/evaluator.h), in three phases:
//
//   1. Check the actions as a whole (evaluator_update_check.cc): paths,
//      operand kinds, constant operand types, overlapping paths. Errors there
//      do not depend on the item.
//   2. Evaluate every SET right-hand side against the ORIGINAL item
//      (DynamoDB semantics: `SET a = b, b = a` swaps).
//   3. Apply the actions to a workspace holding copies of only the touched
//      top-level attributes: SET, ADD and DELETE in action order, then REMOVE
//      in descending path order, so that every list index names a position
//      in the original item. The workspace is committed to *item only when
//      every action succeeded.

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "engine/errors.h"
#include "engine/evaluator.h"
#include "engine/evaluator_internal.h"
#include "engine/number.h"

namespace eddy::engine {
namespace {

using evaluator_internal::CanonicalizeSet;
using evaluator_internal::kIncorrectDataType;
using evaluator_internal::kInvalidUpdatePath;
using evaluator_internal::kMissingAttribute;

// Phase 2: SET right-hand sides, against the original item.
absl::StatusOr<AttributeValue> EvaluateSetOperand(const Operand& op,
                                                  const Item& original);

absl::StatusOr<AttributeValue> Arithmetic(bool plus, const AttributeValue& a,
                                          const AttributeValue& b) {
  if (a.type() != AttributeType::kN || b.type() != AttributeType::kN) {
    return ValidationError(kIncorrectDataType);
  }
  absl::StatusOr<Number> na = Number::Parse(a.n());
  if (!na.ok()) return na.status();
  absl::StatusOr<Number> nb = Number::Parse(b.n());
  if (!nb.ok()) return nb.status();
  absl::StatusOr<Number> result =
      plus ? Number::Add(*na, *nb) : Number::Subtract(*na, *nb);
  if (!result.ok()) return result.status();
  return AttributeValue::N(result->ToString());
}

absl::StatusOr<AttributeValue> EvaluateBinary(const Operand& op,
                                              const Item& original) {
  absl::StatusOr<AttributeValue> a = EvaluateSetOperand(op.args[0], original);
  if (!a.ok()) return a;
  absl::StatusOr<AttributeValue> b = EvaluateSetOperand(op.args[1], original);
  if (!b.ok()) return b;
  if (op.kind != Operand::Kind::kListAppend) {
    return Arithmetic(op.kind == Operand::Kind::kPlus, *a, *b);
  }
  if (a->type() != AttributeType::kL || b->type() != AttributeType::kL) {
    return ValidationError(kIncorrectDataType);
  }
  AttributeList* list = a->mutable_l();
  AttributeList* tail = b->mutable_l();
  list->insert(list->end(), std::make_move_iterator(tail->begin()),
               std::make_move_iterator(tail->end()));
  return a;
}

absl::StatusOr<AttributeValue> EvaluateSetOperand(const Operand& op,
                                                  const Item& original) {
  switch (op.kind) {
    case Operand::Kind::kValue:
      return op.value;
    case Operand::Kind::kPath: {
      const AttributeValue* v = ResolvePath(original, op.path);
      if (v == nullptr) return ValidationError(kMissingAttribute);
      return *v;
    }
    case Operand::Kind::kIfNotExists: {
      const AttributeValue* v = ResolvePath(original, op.path);
      if (v != nullptr) return *v;
      return EvaluateSetOperand(op.args[0], original);
    }
    case Operand::Kind::kListAppend:
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      return EvaluateBinary(op, original);
    case Operand::Kind::kSize:
      break;  // rejected by CheckSetOperand
  }
  return ValidationError("Unsupported operand in SET");
}

// Phase 3: applying the actions.
// Copies of the top-level attributes the update touches; nullopt marks an
// attribute that is absent (or removed).
class Workspace {
 public:
  explicit Workspace(const Item& original) : original_(original) {}

  // The slot for top-level attribute `name`, loaded from the original item
  // on first use when `load` (callers that replace it whole pass false).
  std::optional<AttributeValue>* Slot(const std::string& name, bool load) {
    auto it = touched_.find(name);
    if (it != touched_.end()) return &it->second;
    std::optional<AttributeValue> initial;
    auto original = original_.find(name);
    if (load && original != original_.end()) initial = original->second;
    return &touched_.emplace(name, std::move(initial)).first->second;
  }

  void CommitTo(Item* item) {
    for (auto& [name, slot] : touched_) {
      if (slot.has_value()) {
        (*item)[name] = std::move(*slot);
      } else {
        item->erase(name);
      }
    }
  }

 private:
  const Item& original_;
  std::map<std::string, std::optional<AttributeValue>, std::less<>> touched_;
};

// Where an action's path lands: a top-level slot, or an element of a parent
// map or list in the workspace.
struct Place {
  std::optional<AttributeValue>* slot = nullptr;
  AttributeValue* parent = nullptr;  // kM or kL
  const PathElement* leaf = nullptr;

  AttributeValue* Existing() const {
    if (slot != nullptr) return slot->has_value() ? &**slot : nullptr;
    if (leaf->is_index()) {
      AttributeList* list = parent->mutable_l();
      const size_t i = static_cast<size_t>(leaf->index);
      return i < list->size() ? &(*list)[i] : nullptr;
    }
    AttributeMap* map = parent->mutable_m();
    auto it = map->find(leaf->name);
    return it == map->end() ? nullptr : &it->second;
  }

  // Creates or replaces; an index past the end of a list appends.
  void Put(AttributeValue v) const {
    if (slot != nullptr) {
      *slot = std::move(v);
    } else if (leaf->is_index()) {
      AttributeList* list = parent->mutable_l();
      const size_t i = static_cast<size_t>(leaf->index);
      if (i < list->size()) {
        (*list)[i] = std::move(v);
      } else {
        list->push_back(std::move(v));
      }
    } else {
      (*parent->mutable_m())[leaf->name] = std::move(v);
    }
  }

  // Removes if present; later list elements shift down.
  void Erase() const {
    if (slot != nullptr) {
      slot->reset();
    } else if (leaf->is_index()) {
      AttributeList* list = parent->mutable_l();
      const size_t i = static_cast<size_t>(leaf->index);
      if (i < list->size()) list->erase(list->begin() + i);
    } else {
      parent->mutable_m()->erase(leaf->name);
    }
  }
};

AttributeValue* MutableChild(AttributeValue* v, const PathElement& step) {
  if (step.is_index()) {
    if (v->type() != AttributeType::kL) return nullptr;
    AttributeList* list = v->mutable_l();
    const size_t i = static_cast<size_t>(step.index);
    return i < list->size() ? &(*list)[i] : nullptr;
  }
  if (v->type() != AttributeType::kM) return nullptr;
  AttributeMap* map = v->mutable_m();
  auto it = map->find(step.name);
  return it == map->end() ? nullptr : &it->second;
}

// Finds the place of `path`; every element but the last must exist and be
// the right container. `load` as in Workspace::Slot, for top-level paths.
absl::StatusOr<Place> Locate(Workspace* ws, const Path& path, bool load) {
  const std::vector<PathElement>& el = path.elements;
  if (el.size() == 1) return Place{ws->Slot(el[0].name, load), nullptr, &el[0]};
  std::optional<AttributeValue>* slot = ws->Slot(el[0].name, true);
  if (!slot->has_value()) return ValidationError(kInvalidUpdatePath);
  AttributeValue* parent = &**slot;
  for (size_t i = 1; i + 1 < el.size(); ++i) {
    parent = MutableChild(parent, el[i]);
    if (parent == nullptr) return ValidationError(kInvalidUpdatePath);
  }
  const AttributeType needed =
      el.back().is_index() ? AttributeType::kL : AttributeType::kM;
  if (parent->type() != needed) return ValidationError(kInvalidUpdatePath);
  return Place{nullptr, parent, &el.back()};
}

// A copy of `v` in canonical form, for ADD to a missing attribute.
absl::StatusOr<AttributeValue> Canonical(const AttributeValue& v) {
  AttributeValue out = v;
  if (out.type() == AttributeType::kN) {
    absl::StatusOr<std::string> text = CanonicalNumber(v.n());
    if (!text.ok()) return text.status();
    *out.mutable_scalar() = *std::move(text);
    return out;
  }
  absl::Status s = CanonicalizeSet(out.type(), out.mutable_set());
  if (!s.ok()) return s;
  return out;
}

absl::Status ApplyAdd(const Place& place, const AttributeValue& v) {
  AttributeValue* existing = place.Existing();
  if (existing == nullptr) {
    absl::StatusOr<AttributeValue> fresh = Canonical(v);
    if (!fresh.ok()) return fresh.status();
    place.Put(*std::move(fresh));
    return absl::OkStatus();
  }
  if (existing->type() != v.type()) return ValidationError(kIncorrectDataType);
  if (v.type() == AttributeType::kN) {
    absl::StatusOr<AttributeValue> sum = Arithmetic(true, *existing, v);
    if (!sum.ok()) return sum.status();
    *existing = *std::move(sum);
    return absl::OkStatus();
  }
  std::vector<std::string>* set = existing->mutable_set();
  set->insert(set->end(), v.set().begin(), v.set().end());
  return CanonicalizeSet(v.type(), set);
}

absl::Status ApplyDelete(const Place& place, const AttributeValue& v) {
  AttributeValue* existing = place.Existing();
  if (existing == nullptr) return absl::OkStatus();
  if (existing->type() != v.type()) return ValidationError(kIncorrectDataType);
  // Compare canonical texts, so that NS elements match numerically.
  const bool numeric = v.type() == AttributeType::kNS;
  std::vector<std::string> doomed_list = v.set();
  absl::Status s = CanonicalizeSet(v.type(), &doomed_list);
  if (!s.ok()) return s;
  const std::set<std::string> doomed(doomed_list.begin(), doomed_list.end());
  auto is_doomed = [&](const std::string& e) {
    if (!numeric) return doomed.count(e) > 0;
    absl::StatusOr<std::string> canonical = CanonicalNumber(e);
    return doomed.count(canonical.ok() ? *canonical : e) > 0;
  };
  // Order-preserving, so a canonical set stays canonical.
  std::vector<std::string>* set = existing->mutable_set();
  set->erase(std::remove_if(set->begin(), set->end(), is_doomed), set->end());
  if (set->empty()) place.Erase();
  return absl::OkStatus();
}

// Orders paths so that, within one list, higher indexes come first: removing
// in this order leaves the positions of the elements still to remove intact.
bool RemoveBefore(const Path& a, const Path& b) {
  const size_t common = std::min(a.elements.size(), b.elements.size());
  for (size_t k = 0; k < common; ++k) {
    const PathElement& x = a.elements[k];
    const PathElement& y = b.elements[k];
    if (x.is_index() != y.is_index()) return x.is_index();
    if (x.is_index() && x.index != y.index) return x.index > y.index;
    if (!x.is_index() && x.name != y.name) return x.name > y.name;
  }
  return a.elements.size() > b.elements.size();
}

absl::Status ApplyActions(const std::vector<UpdateAction>& actions,
                          std::vector<AttributeValue> set_values,
                          Workspace* ws) {
  std::vector<const Path*> removes;
  for (size_t i = 0; i < actions.size(); ++i) {
    const UpdateAction& action = actions[i];
    if (action.kind == UpdateAction::Kind::kRemove) {
      removes.push_back(&action.path);
      continue;
    }
    const bool is_set = action.kind == UpdateAction::Kind::kSet;
    absl::StatusOr<Place> place = Locate(ws, action.path, !is_set);
    if (!place.ok()) return place.status();
    absl::Status s;
    if (is_set) {
      place->Put(std::move(set_values[i]));
    } else if (action.kind == UpdateAction::Kind::kAdd) {
      s = ApplyAdd(*place, action.value.value);
    } else {
      s = ApplyDelete(*place, action.value.value);
    }
    if (!s.ok()) return s;
  }
  std::sort(removes.begin(), removes.end(),
            [](const Path* a, const Path* b) { return RemoveBefore(*a, *b); });
  for (const Path* path : removes) {
    absl::StatusOr<Place> place = Locate(ws, *path, false);
    if (!place.ok()) return place.status();
    place->Erase();
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyUpdate(const std::vector<UpdateAction>& actions, Item* item,
                         std::vector<Path>* updated_paths) {
  absl::Status checked = evaluator_internal::CheckUpdate(actions);
  if (!checked.ok()) return checked;
  // One slot per action (unused for all but SET).
  std::vector<AttributeValue> set_values(actions.size());
  for (size_t i = 0; i < actions.size(); ++i) {
    if (actions[i].kind != UpdateAction::Kind::kSet) continue;
    absl::StatusOr<AttributeValue> v =
        EvaluateSetOperand(actions[i].value, *item);
    if (!v.ok()) return v.status();
    set_values[i] = *std::move(v);
  }
  Workspace ws(*item);
  absl::Status applied = ApplyActions(actions, std::move(set_values), &ws);
  if (!applied.ok()) return applied;
  ws.CommitTo(item);
  if (updated_paths != nullptr) {
    updated_paths->clear();
    for (const UpdateAction& action : actions) {
      updated_paths->push_back(action.path);
    }
  }
  return absl::OkStatus();
}

}  // namespace eddy::engine

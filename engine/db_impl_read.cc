// Copyright (c) Eddy authors.
//
// Reads: GetItem, Query and Scan. Reads take the shared catalog lock but no
// item lock: each RocksDB read sees a consistent committed state.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "engine/db_impl.h"
#include "engine/errors.h"
#include "engine/evaluator.h"
#include "engine/item_codec.h"
#include "engine/item_validation.h"
#include "engine/item_view_internal.h"
#include "engine/key_codec.h"
#include "engine/strings.h"

namespace eddy::engine {

// A key range [lo, hi) of encoded item keys, plus the per-item filters that
// apply while iterating it.
struct RangeScan {
  std::string lo;
  std::string hi;
  bool forward = true;
  int32_t limit = 0;
  const std::optional<Condition>* filter = nullptr;
  const std::vector<Path>* projection = nullptr;
  int32_t segment = 0;
  int32_t total_segments = 1;
};

namespace {

// DynamoDB stops a Query/Scan page after 1 MB of item data.
constexpr size_t kPageBytesMax = 1 << 20;

// FNV-1a: a hash that is stable across processes, so parallel-scan segments
// are the same for every client.
uint64_t StableHash(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

absl::Status NormalizeKeyValue(const KeyAttribute& attr, AttributeValue* v,
                               std::string_view role) {
  AttributeType want = attr.type == KeyType::kS   ? AttributeType::kS
                       : attr.type == KeyType::kN ? AttributeType::kN
                                                  : AttributeType::kB;
  if (v->type() != want) {
    return ValidationError(absl::StrCat(
        "One or more parameter values were invalid: Condition parameter type "
        "does not match schema type for ",
        Sv(role), " key ", attr.name));
  }
  if (absl::Status s = NormalizeValue(attr.name, 0, v); !s.ok()) return s;
  if (want != AttributeType::kN && v->mutable_scalar()->empty()) {
    return ValidationError(absl::StrCat(
        "One or more parameter values are not valid. The AttributeValue for a "
        "key attribute cannot contain an empty ",
        want == AttributeType::kS ? "string" : "binary",
        " value. Key: ", attr.name));
  }
  return absl::OkStatus();
}

// Appends the bounds for a sort-key condition to the partition prefix.
absl::Status SortKeyBounds(const KeyAttribute& sk, SortKeyCondition cond,
                           const std::string& prefix, std::string* lo,
                           std::string* hi) {
  using Op = SortKeyCondition::Op;
  if (cond.op == Op::kBeginsWith) {
    if (sk.type == KeyType::kN) {
      return ValidationError(
          "Invalid KeyConditionExpression: Incorrect operand type for "
          "operator or function; operator or function: begins_with, operand "
          "type: N");
    }
  }
  if (absl::Status s = NormalizeKeyValue(sk, &cond.value, "sort"); !s.ok()) {
    return s;
  }
  std::string v = prefix;
  AppendKeyValue(sk.type, cond.value, &v);
  std::string v_next = v + '\0';
  *lo = prefix;
  *hi = PrefixSuccessor(prefix);
  switch (cond.op) {
    case Op::kEq:
      *lo = v;
      *hi = v_next;
      break;
    case Op::kLt:
      *hi = v;
      break;
    case Op::kLe:
      *hi = v_next;
      break;
    case Op::kGt:
      *lo = v_next;
      break;
    case Op::kGe:
      *lo = v;
      break;
    case Op::kBetween: {
      if (absl::Status s = NormalizeKeyValue(sk, &cond.high, "sort"); !s.ok()) {
        return s;
      }
      std::string h = prefix;
      AppendKeyValue(sk.type, cond.high, &h);
      if (h < v) {
        return ValidationError(
            "Invalid KeyConditionExpression: The BETWEEN operator requires "
            "upper bound to be greater than or equal to lower bound");
      }
      *lo = v;
      *hi = h + '\0';
      break;
    }
    case Op::kBeginsWith: {
      std::string p = prefix;
      AppendKeyPrefix(cond.value.type() == AttributeType::kS ? cond.value.s()
                                                             : cond.value.b(),
                      &p);
      *lo = p;
      *hi = PrefixSuccessor(p);
      break;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<std::string>> DBImpl::ReadRequested(
    const GetItemRequest& r) const {
  absl::ReaderMutexLock catalog(&catalog_mu_);
  absl::StatusOr<const TableInfo*> table = FindTable(r.table_name);
  if (!table.ok()) return table.status();
  absl::StatusOr<std::string> key = EncodeRequestKey(**table, r.key);
  if (!key.ok()) return key.status();
  return ReadRaw(*key);
}

absl::StatusOr<ItemResult> DBImpl::GetItem(const GetItemRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  absl::StatusOr<std::optional<std::string>> bytes = ReadRequested(r);
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<std::optional<Item>> item = DecodeStored(*bytes);
  if (!item.ok()) return item.status();
  ItemResult result;
  if (item->has_value()) {
    result.item = r.projection.empty() ? **std::move(item)
                                       : Project(**item, r.projection);
  }
  return result;
}

absl::StatusOr<std::optional<ItemView>> DBImpl::GetItemView(
    const GetItemRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  if (!r.projection.empty()) {
    return ValidationError(
        "GetItemView takes no projection: it returns the stored item as is "
        "(use GetItem to project)");
  }
  absl::StatusOr<std::optional<std::string>> bytes = ReadRequested(r);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::optional<ItemView>();
  absl::StatusOr<ItemView> view =
      ItemViewInternal::FromStored(**std::move(bytes));
  if (!view.ok()) return view.status();
  return std::optional<ItemView>(*std::move(view));
}

absl::StatusOr<QueryResult> DBImpl::Query(const QueryRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  if (r.limit < 0) return ValidationError("Limit must be greater than 0");
  absl::ReaderMutexLock catalog(&catalog_mu_);
  absl::StatusOr<const TableInfo*> found = FindTable(r.table_name);
  if (!found.ok()) return found.status();
  const TableInfo& table = **found;
  const KeySchema& schema = table.schema();
  AttributeValue pk = r.partition_key;
  if (absl::Status s =
          NormalizeKeyValue(schema.partition_key, &pk, "partition");
      !s.ok()) {
    return s;
  }
  std::string prefix = table.key_prefix;
  AppendKeyValue(schema.partition_key.type, pk, &prefix);
  RangeScan scan;
  scan.lo = prefix;
  scan.hi = PrefixSuccessor(prefix);
  if (r.sort_key_condition) {
    if (!schema.sort_key) {
      return ValidationError(
          "Query condition missed key schema element: the table has no sort "
          "key");
    }
    absl::Status s = SortKeyBounds(*schema.sort_key, *r.sort_key_condition,
                                   prefix, &scan.lo, &scan.hi);
    if (!s.ok()) return s;
  }
  if (r.exclusive_start_key) {
    Item esk = *r.exclusive_start_key;
    absl::StatusOr<std::string> start = EncodeKey(table, &esk);
    if (!start.ok()) return start.status();
    if (start->compare(0, prefix.size(), prefix) != 0) {
      return ValidationError(
          "The provided starting key is invalid: ExclusiveStartKey is not in "
          "the queried partition");
    }
    if (r.scan_index_forward) {
      scan.lo = std::max(scan.lo, *start + '\0');
    } else {
      scan.hi = std::min(scan.hi, *start);
    }
  }
  scan.forward = r.scan_index_forward;
  scan.limit = r.limit;
  scan.filter = &r.filter;
  scan.projection = &r.projection;
  return RunScan(table, scan);
}

absl::StatusOr<QueryResult> DBImpl::Scan(const ScanRequest& r) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  if (r.limit < 0) return ValidationError("Limit must be greater than 0");
  if (r.total_segments < 1 || r.total_segments > 1000000) {
    return ValidationError("TotalSegments must be between 1 and 1000000");
  }
  if (r.segment < 0 || r.segment >= r.total_segments) {
    return ValidationError(
        "Segment must be greater than or equal to 0 and less than "
        "TotalSegments");
  }
  absl::ReaderMutexLock catalog(&catalog_mu_);
  absl::StatusOr<const TableInfo*> found = FindTable(r.table_name);
  if (!found.ok()) return found.status();
  const TableInfo& table = **found;
  RangeScan scan;
  scan.lo = table.key_prefix;
  scan.hi = PrefixSuccessor(table.key_prefix);
  if (r.exclusive_start_key) {
    Item esk = *r.exclusive_start_key;
    absl::StatusOr<std::string> start = EncodeKey(table, &esk);
    if (!start.ok()) return start.status();
    scan.lo = *start + '\0';
  }
  scan.limit = r.limit;
  scan.filter = &r.filter;
  scan.projection = &r.projection;
  scan.segment = r.segment;
  scan.total_segments = r.total_segments;
  return RunScan(table, scan);
}

absl::StatusOr<QueryResult> DBImpl::RunScan(const TableInfo& table,
                                            const RangeScan& scan) const {
  rocksdb::ReadOptions ro;
  rocksdb::Slice lo(scan.lo), hi(scan.hi);
  ro.iterate_lower_bound = &lo;
  ro.iterate_upper_bound = &hi;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, items_cf_));
  scan.forward ? it->Seek(lo) : it->SeekToLast();
  QueryResult result;
  size_t bytes = 0;
  const KeySchema& schema = table.schema();
  for (; it->Valid(); scan.forward ? it->Next() : it->Prev()) {
    absl::StatusOr<Item> item =
        DecodeItem(std::string_view(it->value().data(), it->value().size()));
    if (!item.ok()) return item.status();
    if (scan.total_segments > 1) {
      std::string pk;
      AppendKeyValue(schema.partition_key.type,
                     item->find(schema.partition_key.name)->second, &pk);
      if (StableHash(pk) % scan.total_segments !=
          static_cast<uint64_t>(scan.segment)) {
        continue;
      }
    }
    ++result.scanned_count;
    bytes += it->value().size();
    bool keep = true;
    if (*scan.filter) {
      absl::StatusOr<bool> pass = EvaluateCondition(**scan.filter, *item);
      if (!pass.ok()) return pass.status();
      keep = *pass;
    }
    bool page_full = (scan.limit > 0 && result.scanned_count >= scan.limit) ||
                     bytes >= kPageBytesMax;
    if (page_full) result.last_evaluated_key = ExtractKey(schema, *item);
    if (keep) {
      result.items.push_back(scan.projection->empty()
                                 ? *std::move(item)
                                 : Project(*item, *scan.projection));
    }
    if (page_full) break;
  }
  if (!it->status().ok()) return FromRocks(it->status());
  return result;
}

}  // namespace eddy::engine

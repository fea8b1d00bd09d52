// Copyright (c) Eddy authors.
//
// A test-only way to change stored items behind the Database's back: opens
// a closed database directory with RocksDB directly and rewrites the value
// of every item record (to simulate corruption, or data an older Eddy
// wrote).

#ifndef EDDY_TESTS_RAW_ITEMS_UTIL_H_
#define EDDY_TESTS_RAW_ITEMS_UTIL_H_

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rocksdb/db.h"

namespace eddy::testing {

// Replaces each stored item value v with rewrite(v) and returns how many
// items there were. REQUIRES: no Database has `path` open. Test failures
// (not exceptions) report RocksDB errors.
inline int RewriteStoredItems(
    const std::string& path,
    const std::function<std::string(std::string_view)>& rewrite) {
  std::vector<std::string> names;
  EXPECT_TRUE(
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const std::string& name : names) cfs.push_back({name, {}});
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::Open(rocksdb::DBOptions(), path, cfs, &handles, &raw);
  EXPECT_TRUE(s.ok()) << s.ToString();
  if (!s.ok()) return 0;
  std::unique_ptr<rocksdb::DB> owner(raw);
  rocksdb::ColumnFamilyHandle* items = nullptr;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "items") items = handles[i];
  }
  EXPECT_NE(items, nullptr);
  int count = 0;
  if (items != nullptr) {
    std::vector<std::pair<std::string, std::string>> updates;
    std::unique_ptr<rocksdb::Iterator> it(
        raw->NewIterator(rocksdb::ReadOptions(), items));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const rocksdb::Slice v = it->value();
      updates.emplace_back(it->key().ToString(),
                           rewrite(std::string_view(v.data(), v.size())));
    }
    EXPECT_TRUE(it->status().ok()) << it->status().ToString();
    for (const auto& [key, value] : updates) {
      EXPECT_TRUE(raw->Put(rocksdb::WriteOptions(), items, key, value).ok());
    }
    count = static_cast<int>(updates.size());
  }
  for (auto* h : handles) EXPECT_TRUE(raw->DestroyColumnFamilyHandle(h).ok());
  EXPECT_TRUE(raw->Close().ok());
  return count;
}

}  // namespace eddy::testing

#endif  // EDDY_TESTS_RAW_ITEMS_UTIL_H_

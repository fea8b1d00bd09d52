// Copyright (c) Eddy authors.
//
// Test helpers: a temporary directory removed at scope exit, and a database
// opened in one.

#ifndef EDDY_TESTS_TESTING_UTIL_H_
#define EDDY_TESTS_TESTING_UTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "eddy/database.h"
#include "eddy/status.h"

namespace eddy::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "eddy-test-XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::unique_ptr<Database> OpenOrDie(const std::string& path,
                                           DatabaseOptions options = {}) {
  auto db = Database::Open(path, options);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : nullptr;
}

inline KeySchema HashKey(const std::string& name, KeyType type) {
  return KeySchema{KeyAttribute{name, type}, std::nullopt};
}

inline KeySchema HashRangeKey(const std::string& pk, KeyType pk_type,
                              const std::string& sk, KeyType sk_type) {
  return KeySchema{KeyAttribute{pk, pk_type}, KeyAttribute{sk, sk_type}};
}

}  // namespace eddy::testing

#endif  // EDDY_TESTS_TESTING_UTIL_H_

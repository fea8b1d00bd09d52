// Copyright (c) Eddy authors.
//
// DBTesting: test-only ways into a Database that the public API does not
// offer (LevelDB's FooInternal style). Never installed; production code
// must not include this header.

#ifndef EDDY_ENGINE_DB_TESTING_H_
#define EDDY_ENGINE_DB_TESTING_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "eddy/database.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace eddy::engine {

class DBTesting {
 public:
  // Database::Open, with RocksDB doing all its file I/O through `env`
  // (e.g. a fault-injecting FileSystem wrapped in rocksdb::CompositeEnv).
  // Same contract and errors as Database::Open. `env` is not owned and must
  // outlive the Database. nullptr behaves as Database::Open.
  static absl::StatusOr<std::unique_ptr<Database>> OpenWithEnv(
      const std::string& path, const DatabaseOptions& options,
      rocksdb::Env* env);
};

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_DB_TESTING_H_

// Copyright (c) Eddy authors.

#include "engine/db_testing.h"

#include "engine/db_impl.h"

namespace eddy::engine {

absl::StatusOr<std::unique_ptr<Database>> DBTesting::OpenWithEnv(
    const std::string& path, const DatabaseOptions& options,
    rocksdb::Env* env) {
  return DBImpl::OpenImpl(path, options, env);
}

}  // namespace eddy::engine

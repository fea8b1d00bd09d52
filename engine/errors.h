// Copyright (c) Eddy authors.
//
// Constructors for the errors Eddy returns (see eddy/status.h), and the one
// place where rocksdb::Status becomes absl::Status.

#ifndef EDDY_ENGINE_ERRORS_H_
#define EDDY_ENGINE_ERRORS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "eddy/value.h"

namespace rocksdb {
class Status;
}

namespace eddy::engine {

// kInvalidArgument, ValidationException.
absl::Status ValidationError(std::string_view message);
// kNotFound, ResourceNotFoundException.
absl::Status ResourceNotFound(std::string_view message);
// kAlreadyExists, ResourceInUseException.
absl::Status ResourceInUse(std::string_view message);
// kFailedPrecondition, ConditionalCheckFailedException.
absl::Status ConditionalCheckFailed();
// kAborted, TransactionCanceledException with one reason per action.
absl::Status TransactionCanceled(const std::vector<std::string>& reasons);
// kOutOfRange, TrimmedDataAccessException.
absl::Status TrimmedDataAccess(std::string_view message);
// kFailedPrecondition, ExpiredIteratorException.
absl::Status ExpiredIterator(std::string_view message);
// kUnavailable: the database is closed.
absl::Status DatabaseClosed();

// The type names DynamoDB's error messages use: "STRING", "NUMBER", "BINARY",
// "BOOLEAN", "NULL", "MAP", "LIST", "STRING_SET", "NUMBER_SET", "BINARY_SET".
std::string_view LongTypeName(AttributeType type);

// Converts a RocksDB status. The only conversion point in Eddy.
absl::Status FromRocks(const rocksdb::Status& s);

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_ERRORS_H_

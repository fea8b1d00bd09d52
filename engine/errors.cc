// Copyright (c) Eddy authors.

#include "engine/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eddy/status.h"
#include "engine/strings.h"
#include "rocksdb/status.h"

namespace eddy::engine {
namespace {

absl::Status Named(absl::StatusCode code, std::string_view name,
                   std::string_view message) {
  absl::Status s(code, Sv(message));
  s.SetPayload(Sv(kErrorNamePayload), absl::Cord(Sv(name)));
  return s;
}

}  // namespace

absl::Status ValidationError(std::string_view message) {
  return Named(absl::StatusCode::kInvalidArgument, "ValidationException",
               message);
}

absl::Status ResourceNotFound(std::string_view message) {
  return Named(absl::StatusCode::kNotFound, "ResourceNotFoundException",
               message);
}

absl::Status ResourceInUse(std::string_view message) {
  return Named(absl::StatusCode::kAlreadyExists, "ResourceInUseException",
               message);
}

absl::Status ConditionalCheckFailed() {
  return Named(absl::StatusCode::kFailedPrecondition,
               "ConditionalCheckFailedException",
               "The conditional request failed");
}

absl::Status TransactionCanceled(const std::vector<std::string>& reasons) {
  absl::Status s =
      Named(absl::StatusCode::kAborted, "TransactionCanceledException",
            absl::StrCat("Transaction cancelled, please refer cancellation "
                         "reasons for specific reasons [",
                         absl::StrJoin(reasons, ", "), "]"));
  s.SetPayload(Sv(kCancellationReasonsPayload),
               absl::Cord(absl::StrJoin(reasons, ",")));
  return s;
}

absl::Status TrimmedDataAccess(std::string_view message) {
  return Named(absl::StatusCode::kOutOfRange, "TrimmedDataAccessException",
               message);
}

absl::Status ExpiredIterator(std::string_view message) {
  return Named(absl::StatusCode::kFailedPrecondition,
               "ExpiredIteratorException", message);
}

absl::Status DatabaseClosed() {
  return absl::UnavailableError("the database is closed");
}

std::string_view LongTypeName(AttributeType type) {
  switch (type) {
    case AttributeType::kS:
      return "STRING";
    case AttributeType::kN:
      return "NUMBER";
    case AttributeType::kB:
      return "BINARY";
    case AttributeType::kBool:
      return "BOOLEAN";
    case AttributeType::kNull:
      return "NULL";
    case AttributeType::kM:
      return "MAP";
    case AttributeType::kL:
      return "LIST";
    case AttributeType::kSS:
      return "STRING_SET";
    case AttributeType::kNS:
      return "NUMBER_SET";
    case AttributeType::kBS:
      return "BINARY_SET";
  }
  return "?";
}

absl::Status FromRocks(const rocksdb::Status& s) {
  if (s.ok()) return absl::OkStatus();
  std::string message = absl::StrCat("rocksdb: ", s.ToString());
  switch (s.code()) {
    case rocksdb::Status::kNotFound:
      return absl::NotFoundError(message);
    case rocksdb::Status::kCorruption:
      return absl::DataLossError(message);
    case rocksdb::Status::kInvalidArgument:
      return absl::InvalidArgumentError(message);
    case rocksdb::Status::kBusy:
    case rocksdb::Status::kTryAgain:
    case rocksdb::Status::kTimedOut:
      return absl::UnavailableError(message);
    case rocksdb::Status::kIOError:
      if (s.subcode() == rocksdb::Status::kNoSpace) {
        return absl::ResourceExhaustedError(message);
      }
      if (s.subcode() == rocksdb::Status::kLockLimit ||
          message.find("lock") != std::string::npos) {
        return absl::FailedPreconditionError(message);
      }
      return absl::InternalError(message);
    default:
      return absl::InternalError(message);
  }
}

}  // namespace eddy::engine

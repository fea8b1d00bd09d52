// Copyright (c) Eddy authors.
//
// Errors. Every Eddy operation returns absl::Status / absl::StatusOr with the
// most specific canonical code:
//
//   kInvalidArgument     the caller's input is wrong (DynamoDB's
//                        ValidationException); the message names the field.
//   kNotFound            the table (or stream, ...) does not exist
//                        (ResourceNotFoundException).
//   kAlreadyExists       the table already exists (ResourceInUseException).
//   kFailedPrecondition  a write's condition is false
//                        (ConditionalCheckFailedException), or the resource is
//                        in a state that forbids the call.
//   kAborted             a transaction was cancelled; retry it
//                        (TransactionCanceledException).
//   kOutOfRange          a stream position was removed by retention
//                        (TrimmedDataAccessException).
//   kFailedPrecondition  also: an expired shard iterator
//                        (ExpiredIteratorException).
//   kDataLoss            stored bytes failed verification.
//   kUnavailable         the database is closed or refusing writes.
//   kInternal            a RocksDB error that fits none of the above.
//
// On top of the code, errors that DynamoDB names carry a payload with the
// AWS exception name; ErrorName() reads it. Nothing that failed changed any
// data.

#ifndef EDDY_STATUS_H_
#define EDDY_STATUS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace eddy {

// The payload type URL under which the AWS exception name is stored.
inline constexpr std::string_view kErrorNamePayload = "eddy/error-name";
// The payload under which a cancelled transaction stores its reasons,
// comma-separated, one per action ("None", "ConditionalCheckFailed", ...).
inline constexpr std::string_view kCancellationReasonsPayload =
    "eddy/cancellation-reasons";

// Returns the AWS exception name carried by `status` (for example
// "ConditionalCheckFailedException"), or "" if it carries none.
std::string ErrorName(const absl::Status& status);

// True iff `status` is a failed write condition.
bool IsConditionalCheckFailed(const absl::Status& status);

// For a cancelled transaction (kAborted, TransactionCanceledException): one
// reason per action, in request order ("None" where that action was fine).
// Empty for any other status.
std::vector<std::string> CancellationReasons(const absl::Status& status);

}  // namespace eddy

#endif  // EDDY_STATUS_H_

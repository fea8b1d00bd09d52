// Copyright (c) Eddy authors.

#include "eddy/status.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_split.h"
#include "absl/types/optional.h"
#include "engine/strings.h"

namespace eddy {
namespace {

std::string PayloadString(const absl::Status& status, std::string_view url) {
  absl::optional<absl::Cord> payload = status.GetPayload(engine::Sv(url));
  return payload ? std::string(*payload) : std::string();
}

}  // namespace

std::string ErrorName(const absl::Status& status) {
  return PayloadString(status, kErrorNamePayload);
}

bool IsConditionalCheckFailed(const absl::Status& status) {
  return status.code() == absl::StatusCode::kFailedPrecondition &&
         ErrorName(status) == "ConditionalCheckFailedException";
}

std::vector<std::string> CancellationReasons(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kAborted) return {};
  std::string reasons = PayloadString(status, kCancellationReasonsPayload);
  if (reasons.empty()) return {};
  return absl::StrSplit(reasons, ',');
}

}  // namespace eddy

// Copyright (c) Eddy authors.
//
// libFuzzer target: stored change records and their keys
// (cdc/change_record.h). Properties checked:
//   - no input crashes, leaks or reads out of bounds (run under ASan);
//   - DecodeChangeRecord fails only with kDataLoss; a decoded record renders
//     as JSON (StreamRecordToJson);
//   - ParseChangeKey and ParseSequence accept exactly what ChangeKey and
//     SequenceToString produce (parse then format gives the input back).
// Seeds: tests/fuzz/corpus/record_bytes/ (encoded records).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "cdc/change_record.h"
#include "eddy/streams.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto record = eddy::cdc::DecodeChangeRecord(bytes, 7, 12345);
  if (!record.ok()) {
    if (record.status().code() != absl::StatusCode::kDataLoss) std::abort();
  } else {
    (void)eddy::StreamRecordToJson(*record, "arn:fuzz");
  }
  uint32_t stream = 0;
  uint64_t sequence = 0;
  if (eddy::cdc::ParseChangeKey(bytes, &stream, &sequence) &&
      eddy::cdc::ChangeKey(stream, sequence) != bytes) {
    std::abort();
  }
  if (eddy::cdc::ParseSequence(bytes, &sequence) &&
      eddy::cdc::SequenceToString(sequence) != bytes) {
    std::abort();
  }
  return 0;
}

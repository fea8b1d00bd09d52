// Copyright (c) Eddy authors.

#include "cdc/trigger_batch_source.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cdc/change_record.h"
#include "cdc/change_record_generated.h"
#include "eddy/streams.h"
#include "flatbuffers/flatbuffers.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc {
namespace {

class BatchSource final : public EventSource {
 public:
  explicit BatchSource(BatchSourceSpec spec) : spec_(std::move(spec)) {}

  const std::string& event_source_arn() const override {
    return spec_.event_source_arn;
  }
  size_t record_count() const override { return spec_.end - spec_.begin; }
  const std::vector<StreamRecord>& records() const override {
    if (!decoded_) Decode();
    return records_;
  }
  std::vector<std::string> sequence_numbers() const override {
    std::vector<std::string> out;
    out.reserve(record_count());
    for (size_t i = spec_.begin; i < spec_.end; ++i) {
      out.push_back(SequenceToString((*spec_.records)[i].seq));
    }
    return out;
  }
  const std::string& json() const override {
    if (!rendered_) Render();
    return json_;
  }
  const std::optional<TumblingWindow>& window() const override {
    return spec_.window;
  }

 private:
  void Decode() const {
    decoded_ = true;
    records_.reserve(record_count());
    for (size_t i = spec_.begin; i < spec_.end; ++i) {
      const RawRecord& raw = (*spec_.records)[i];
      absl::StatusOr<StreamRecord> r =
          DecodeChangeRecord(raw.value, spec_.stream_id, raw.seq);
      StreamRecord rec;
      if (r.ok()) rec = *std::move(r);
      // Records were verified when read; a failure here is a bug. Keep the
      // position visible rather than dropping it.
      if (!r.ok()) rec.sequence_number = SequenceToString(raw.seq);
      rec.aws_region = spec_.region;
      records_.push_back(std::move(rec));
    }
  }

  void Render() const {
    rendered_ = true;
    std::string out = "{\"Records\":[";
    const std::vector<StreamRecord>& recs = records();
    for (size_t i = 0; i < recs.size(); ++i) {
      if (i > 0) out.push_back(',');
      out += StreamRecordToJson(recs[i], spec_.event_source_arn);
    }
    out.push_back(']');
    if (spec_.window) {
      const TumblingWindow& w = *spec_.window;
      nlohmann::json state = nlohmann::json::parse(w.state_json, nullptr,
                                                   /*allow_exceptions=*/false);
      if (state.is_discarded()) state = nlohmann::json::object();
      nlohmann::json window = {{"start", IsoTime(w.start_ms)},
                               {"end", IsoTime(w.end_ms)}};
      absl::StrAppend(
          &out, ",\"window\":", window.dump(), ",\"state\":", state.dump(),
          ",\"shardId\":", nlohmann::json(w.shard_id).dump(),
          ",\"eventSourceARN\":", nlohmann::json(spec_.event_source_arn).dump(),
          ",\"isFinalInvokeForWindow\":",
          w.is_final_invoke_for_window ? "true" : "false",
          ",\"isWindowTerminatedEarly\":",
          w.is_window_terminated_early ? "true" : "false");
    }
    out.push_back('}');
    json_ = std::move(out);
  }

  const BatchSourceSpec spec_;
  mutable bool decoded_ = false;
  mutable std::vector<StreamRecord> records_;
  mutable bool rendered_ = false;
  mutable std::string json_;
};

}  // namespace

std::shared_ptr<EventSource> StreamBatchSource(BatchSourceSpec spec) {
  if (spec.records == nullptr) spec.begin = spec.end = 0;
  return std::make_shared<BatchSource>(std::move(spec));
}

int64_t RecordCreatedMs(std::string_view value) {
  value = AlignedRecordBytes(value);
  flatbuffers::Verifier verifier(reinterpret_cast<const uint8_t*>(value.data()),
                                 value.size());
  if (!fb::VerifyChangeRecordBuffer(verifier)) return 0;
  return fb::GetChangeRecord(value.data())->created_ms();
}

std::string IsoTime(int64_t ms) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromUnixMillis(ms),
                          absl::UTCTimeZone());
}

}  // namespace eddy::cdc

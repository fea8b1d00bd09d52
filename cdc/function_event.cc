// Copyright (c) Eddy authors.
//
// FunctionEvent (a thin handle on an EventSource), the payload source of a
// direct invoke, and the FunctionResult factories.

#include <string>
#include <utility>

#include "cdc/event_source.h"
#include "eddy/functions.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc {
namespace {

class PayloadSource final : public EventSource {
 public:
  explicit PayloadSource(std::string payload) : payload_(std::move(payload)) {}
  const std::string& event_source_arn() const override { return empty_; }
  size_t record_count() const override { return 0; }
  const std::vector<StreamRecord>& records() const override { return records_; }
  std::vector<std::string> sequence_numbers() const override { return {}; }
  const std::string& json() const override { return payload_; }
  const std::optional<TumblingWindow>& window() const override {
    return window_;
  }

 private:
  const std::string payload_;
  const std::string empty_;
  const std::vector<StreamRecord> records_;
  const std::optional<TumblingWindow> window_;
};

}  // namespace

std::shared_ptr<EventSource> PayloadEventSource(std::string payload_json) {
  return std::make_shared<PayloadSource>(std::move(payload_json));
}

}  // namespace eddy::cdc

namespace eddy {

FunctionEvent::FunctionEvent(std::string payload_json)
    : source_(cdc::PayloadEventSource(std::move(payload_json))) {}

FunctionEvent::FunctionEvent(std::shared_ptr<cdc::EventSource> source)
    : source_(std::move(source)) {}

const std::string& FunctionEvent::event_source_arn() const {
  return source_->event_source_arn();
}
size_t FunctionEvent::record_count() const { return source_->record_count(); }
const std::vector<StreamRecord>& FunctionEvent::records() const {
  return source_->records();
}
std::vector<std::string> FunctionEvent::sequence_numbers() const {
  return source_->sequence_numbers();
}
const std::string& FunctionEvent::json() const { return source_->json(); }
const std::optional<TumblingWindow>& FunctionEvent::window() const {
  return source_->window();
}

FunctionResult FunctionResult::Success(std::string payload_json) {
  FunctionResult result;
  result.payload = std::move(payload_json);
  return result;
}

FunctionResult FunctionResult::Error(std::string error_type,
                                     std::string error_message) {
  FunctionResult result;
  result.function_error = true;
  nlohmann::json body = {{"errorType", error_type},
                         {"errorMessage", error_message}};
  result.payload = body.dump();
  result.error_type = std::move(error_type);
  result.error_message = std::move(error_message);
  return result;
}

FunctionResult FunctionResult::BatchItemFailures(
    const std::vector<std::string>& failed_sequence_numbers,
    std::optional<std::string> state_json) {
  nlohmann::json failures = nlohmann::json::array();
  for (const std::string& seq : failed_sequence_numbers) {
    failures.push_back({{"itemIdentifier", seq}});
  }
  nlohmann::json body = {{"batchItemFailures", std::move(failures)}};
  if (state_json.has_value()) {
    body["state"] = nlohmann::json::parse(*state_json, nullptr,
                                          /*allow_exceptions=*/false);
  }
  return Success(body.dump());
}

}  // namespace eddy

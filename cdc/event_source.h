// Copyright (c) Eddy authors.
//
// EventSource: what a FunctionEvent (eddy/functions.h) reads its data from.
// A direct invoke's source holds a JSON payload; a stream batch's source
// holds the records' stored bytes and decodes or renders them on first use.
//
// Thread-compatible, like FunctionEvent: the lazily built members are not
// synchronized.

#ifndef EDDY_CDC_EVENT_SOURCE_H_
#define EDDY_CDC_EVENT_SOURCE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "eddy/functions.h"

namespace eddy::cdc {

class EventSource {
 public:
  virtual ~EventSource() = default;
  virtual const std::string& event_source_arn() const = 0;
  virtual size_t record_count() const = 0;
  virtual const std::vector<StreamRecord>& records() const = 0;
  virtual std::vector<std::string> sequence_numbers() const = 0;
  virtual const std::string& json() const = 0;
  virtual const std::optional<TumblingWindow>& window() const = 0;
};

// A direct invoke's payload.
std::shared_ptr<EventSource> PayloadEventSource(std::string payload_json);

}  // namespace eddy::cdc

namespace eddy {

// Builds FunctionEvents over internal sources (cdc/ only).
class FunctionEventInternal {
 public:
  static FunctionEvent FromSource(std::shared_ptr<cdc::EventSource> source) {
    return FunctionEvent(std::move(source));
  }
};

}  // namespace eddy

#endif  // EDDY_CDC_EVENT_SOURCE_H_

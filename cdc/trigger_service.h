// Copyright (c) Eddy authors.
//
// TriggerService: event source mappings (placeholder; see issue 4).

#ifndef EDDY_CDC_TRIGGER_SERVICE_H_
#define EDDY_CDC_TRIGGER_SERVICE_H_

namespace eddy::cdc {

class TriggerService {
 public:
  virtual ~TriggerService() = default;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_TRIGGER_SERVICE_H_

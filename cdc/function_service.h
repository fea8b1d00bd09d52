// Copyright (c) Eddy authors.
//
// FunctionService: out-of-process functions (placeholder; see issue 5).

#ifndef EDDY_CDC_FUNCTION_SERVICE_H_
#define EDDY_CDC_FUNCTION_SERVICE_H_

namespace eddy::cdc {

class FunctionService {
 public:
  virtual ~FunctionService() = default;
};

}  // namespace eddy::cdc

#endif  // EDDY_CDC_FUNCTION_SERVICE_H_

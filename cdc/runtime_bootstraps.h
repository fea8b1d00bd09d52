// Copyright (c) Eddy authors.
//
// The runtime bootstraps Eddy ships (cdc/runtimes/), embedded at build time
// (cmake/runtime_bootstraps.cc.in). The function service writes them into
// <db>/functions/runtimes/ at start, so workers never read the source tree.

#ifndef EDDY_CDC_RUNTIME_BOOTSTRAPS_H_
#define EDDY_CDC_RUNTIME_BOOTSTRAPS_H_

namespace eddy::cdc {

// cdc/runtimes/node/bootstrap.js: the nodejs* runtime.
extern const char* const kNodeBootstrap;
// cdc/runtimes/python/bootstrap.py: the python3* runtime.
extern const char* const kPythonBootstrap;

}  // namespace eddy::cdc

#endif  // EDDY_CDC_RUNTIME_BOOTSTRAPS_H_

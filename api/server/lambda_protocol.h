// Copyright (c) Eddy authors.
//
// Lambda's REST JSON protocol (API version 2015-03-31):
//
//   POST   /2015-03-31/functions                      CreateFunction (201)
//   GET    /2015-03-31/functions/                     ListFunctions
//   GET    /2015-03-31/functions/{name}               GetFunction
//   DELETE /2015-03-31/functions/{name}               DeleteFunction (204)
//   GET    /2015-03-31/functions/{name}/configuration GetFunctionConfiguration
//   PUT    /2015-03-31/functions/{name}/code          UpdateFunctionCode
//   PUT    /2015-03-31/functions/{name}/configuration
//   UpdateFunctionConfiguration POST   /2015-03-31/functions/{name}/invocations
//   Invoke POST   /2015-03-31/event-source-mappings/ CreateEventSourceMapping
//   (202) GET    /2015-03-31/event-source-mappings/ ListEventSourceMappings GET
//   /2015-03-31/event-source-mappings/{uuid}   GetEventSourceMapping PUT
//   /2015-03-31/event-source-mappings/{uuid}   UpdateEventSourceMapping (202)
//   DELETE /2015-03-31/event-source-mappings/{uuid}   DeleteEventSourceMapping
//   (202)
//
// {name} may be a function name or ARN. The role ARN is recorded, never
// enforced. Errors: x-amzn-ErrorType header and {"Type","message"} body.

#ifndef EDDY_API_SERVER_LAMBDA_PROTOCOL_H_
#define EDDY_API_SERVER_LAMBDA_PROTOCOL_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/server/endpoint.h"
#include "eddy/database.h"

namespace eddy::server {

// A Lambda request, with its path split into decoded segments after
// "/2015-03-31/" and its query parameters decoded.
struct LambdaCall {
  const HttpRequest* request = nullptr;
  std::vector<std::string> segments;  // e.g. {"functions", "f", "code"}
  std::map<std::string, std::string> query;
};

// True if `path` (no query) is a Lambda path.
bool IsLambdaPath(std::string_view path);

// Routes and serves a Lambda request.
HttpResponse HandleLambda(Database& db, const HttpRequest& request);

// The routes (lambda_functions.cc, lambda_mappings.cc). Each returns the
// complete response, error or not.
HttpResponse LambdaFunctions(Database& db, const LambdaCall& call);
HttpResponse LambdaMappings(Database& db, const LambdaCall& call);

// "2026-11-24T01:21:43.123+0000", as Lambda renders LastModified.
std::string LambdaTimestamp(int64_t unix_ms);

}  // namespace eddy::server

#endif  // EDDY_API_SERVER_LAMBDA_PROTOCOL_H_

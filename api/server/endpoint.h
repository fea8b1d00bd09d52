// Copyright (c) Eddy authors.
//
// Endpoint: the AWS wire protocols over one Database, independent of any
// socket. An HTTP request goes in, an HTTP response comes out:
//
//   POST /  X-Amz-Target: DynamoDB_20120810.<Op>         DynamoDB, JSON 1.0
//   POST /  X-Amz-Target: DynamoDBStreams_20120810.<Op>  Streams, JSON 1.0
//   POST /  X-Amz-Target: Logs_20140328.<Op>             CloudWatch Logs, 1.1
//   *    /2015-03-31/functions...                         Lambda, REST JSON
//   *    /2015-03-31/event-source-mappings...             Lambda, REST JSON
//
// Every error is returned in the protocol's own shape with AWS's exception
// name; malformed input (bad JSON, unknown operation or path, wrong types)
// is a 400, never a crash or an exception escaping Handle().
//
// Thread-safety: Handle() may be called concurrently from any number of
// threads (the Database is thread-safe; the Endpoint holds no mutable
// state).

#ifndef EDDY_API_SERVER_ENDPOINT_H_
#define EDDY_API_SERVER_ENDPOINT_H_

#include <map>
#include <memory>
#include <string>

#include "api/server/sigv4.h"
#include "eddy/database.h"

namespace eddy::server {

// One HTTP request. `target` is the request-target as sent (path and
// optional "?query", still percent-encoded). Header names are lowercase.
struct HttpRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::map<std::string, std::string> headers;  // besides Content-Length
  std::string body;
};

struct EndpointOptions {
  // Access keys whose SigV4 signatures are verified; nullptr = accept any
  // request (signed or not), as local emulators do. Not owned; must outlive
  // the Endpoint.
  const CredentialStore* credentials = nullptr;
};

class Endpoint {
 public:
  // `db` is not owned and must outlive the Endpoint.
  Endpoint(Database* db, EndpointOptions options);

  // Serves one request. Never throws; always returns a complete response.
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  Database* db_;
  EndpointOptions options_;
};

// The fuzz-friendly form: Handle() on an Endpoint over `db` with default
// options. Header names may be given in any case.
HttpResponse HandleRequest(Database* db, const std::string& method,
                           const std::string& target,
                           const std::map<std::string, std::string>& headers,
                           const std::string& body);

}  // namespace eddy::server

#endif  // EDDY_API_SERVER_ENDPOINT_H_

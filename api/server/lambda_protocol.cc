// Copyright (c) Eddy authors.

#include "api/server/lambda_protocol.h"

#include <string>
#include <utility>

#include "absl/time/time.h"
#include "api/server/errors.h"
#include "api/server/text.h"
#include "nlohmann/json.hpp"

namespace eddy::server {
namespace {

constexpr std::string_view kPrefix = "/2015-03-31/";

std::string Decode(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (in[i] == '%' && i + 2 < in.size() && hex(in[i + 1]) >= 0 &&
        hex(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2])));
      i += 2;
    } else if (in[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

}  // namespace

bool IsLambdaPath(std::string_view path) {
  return path.substr(0, kPrefix.size()) == kPrefix;
}

std::string LambdaTimestamp(int64_t unix_ms) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3S+0000",
                          absl::FromUnixMillis(unix_ms), absl::UTCTimeZone());
}

HttpResponse HandleLambda(Database& db, const HttpRequest& request) {
  std::string_view target = request.target;
  const size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  LambdaCall call{.request = &request};
  for (std::string_view segment :
       Split(path.substr(kPrefix.size()), '/', true)) {
    call.segments.push_back(Decode(segment));
  }
  if (question != std::string_view::npos) {
    for (std::string_view part :
         Split(target.substr(question + 1), '&', true)) {
      const size_t eq = part.find('=');
      call.query[Decode(part.substr(0, eq))] =
          eq == std::string_view::npos ? "" : Decode(part.substr(eq + 1));
    }
  }
  try {
    if (!call.segments.empty() && call.segments[0] == "functions") {
      return LambdaFunctions(db, call);
    }
    if (!call.segments.empty() && call.segments[0] == "event-source-mappings") {
      return LambdaMappings(db, call);
    }
  } catch (const nlohmann::json::exception& e) {
    return LambdaError(
        "InvalidRequestContentException",
        std::string("Could not parse request body into json: ") + e.what(),
        400);
  }
  return LambdaError("UnknownOperationException", "Unknown operation", 404);
}

}  // namespace eddy::server

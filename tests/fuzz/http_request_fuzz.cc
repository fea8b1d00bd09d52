// Copyright (c) Eddy authors.
//
// libFuzzer target for the AWS protocol layer of `eddy serve`
// (api/server/endpoint.h HandleRequest), independent of sockets. Input:
//   line 1: HTTP method        line 2: request-target (path?query)
//   line 3: X-Amz-Target       rest:   the body
// against a Database (temp dir, opened once) holding a streamed table "Tab"
// (hash key Id:S, sort key N:N). Properties checked:
//   - nothing crashes, throws, leaks or reads out of bounds (ASan/UBSan);
//   - every response has a status in 200..599 and the JSON protocols answer
//     with a JSON body that parses.
// Seed corpus: tests/fuzz/corpus/http_request.

#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "api/server/endpoint.h"
#include "eddy/database.h"
#include "nlohmann/json.hpp"

namespace {

eddy::Database* Db() {
  static eddy::Database* db = [] {
    std::string dir =
        (std::filesystem::temp_directory_path() / "eddy-http-fuzz-XXXXXX")
            .string();
    if (mkdtemp(dir.data()) == nullptr) abort();
    auto opened = eddy::Database::Open(dir + "/db", {});
    if (!opened.ok()) abort();
    eddy::Database* raw = opened->release();
    (void)raw->CreateTable(
        {.table_name = "Tab",
         .key_schema = {.partition_key = {"Id", eddy::KeyType::kS},
                        .sort_key = eddy::KeyAttribute{"N", eddy::KeyType::kN}},
         .stream_specification =
             eddy::StreamSpecification{.stream_enabled = true}});
    return raw;  // deliberately never closed: lives for the process
  }();
  return db;
}

std::string_view NextLine(std::string_view* in) {
  const size_t end = in->find('\n');
  std::string_view line = in->substr(0, end);
  in->remove_prefix(end == std::string_view::npos ? in->size() : end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::string method(NextLine(&in));
  const std::string target(NextLine(&in));
  const std::string amz_target(NextLine(&in));
  // Invoking functions would spawn processes; the protocol layer in front
  // of Invoke is still fuzzed up to the Database call.
  if (target.find("/invocations") != std::string::npos) return 0;
  eddy::server::HttpResponse response = eddy::server::HandleRequest(
      Db(), method, target.empty() ? "/" : target,
      {{"X-Amz-Target", amz_target}}, std::string(in));
  if (response.status < 200 || response.status > 599) abort();
  auto type = response.headers.find("Content-Type");
  if (type != response.headers.end() &&
      type->second.rfind("application/x-amz-json", 0) == 0 &&
      !nlohmann::json::accept(response.body)) {
    abort();
  }
  return 0;
}

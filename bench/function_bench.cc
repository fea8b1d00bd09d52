// Copyright (c) Eddy authors.
//
// function_bench: warm invoke round trip of a small payload to a Node.js
// worker (Database::Invoke, RequestResponse, through the Lambda Runtime API
// over 127.0.0.1), against the same call to an in-process C++ function in
// the same process as a baseline. Prints p50 / p90 / p99 / max in
// microseconds. Issue 5 targets: Node.js p50 <= 1 ms, p99 <= 3 ms.
//
//   function_bench [--invokes N] [--warmup N] [--runtime nodejs|python]

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "eddy/database.h"

namespace eddy::bench {
namespace {

struct Flags {
  int invokes = 5000;
  int warmup = 200;
  std::string runtime = "nodejs";
};

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--invokes")) f.invokes = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--warmup")) f.warmup = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--runtime")) f.runtime = argv[i + 1];
  }
  return f;
}

void Report(const char* name, std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[size_t(q * (us.size() - 1))]; };
  std::printf(
      "%-28s n=%zu p50=%8.1f us p90=%8.1f us p99=%8.1f us max=%9.1f us\n", name,
      us.size(), at(0.5), at(0.9), at(0.99), us.back());
}

std::vector<double> Measure(Database* db, const std::string& name,
                            const Flags& flags) {
  InvokeRequest r;
  r.function_name = name;
  r.payload_json = R"({"key":"value","n":1})";
  std::vector<double> us;
  for (int i = 0; i < flags.warmup + flags.invokes; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto result = db->Invoke(r);
    auto t1 = std::chrono::steady_clock::now();
    if (!result.ok() || result->result.function_error) {
      std::fprintf(stderr, "invoke failed: %s %s\n",
                   result.ok() ? result->result.payload.c_str()
                               : std::string(result.status().message()).c_str(),
                   "");
      std::exit(1);
    }
    if (i >= flags.warmup) {
      us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
  }
  return us;
}

int Main(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);
  char tmpl[] = "/tmp/eddy-function-bench-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  auto db = Database::Open(dir + "/db", {});
  if (!db.ok()) {
    std::fprintf(stderr, "open: %s\n", db.status().ToString().c_str());
    return 1;
  }
  CreateFunctionRequest r;
  r.configuration.function_name = "echo";
  std::filesystem::create_directories(dir + "/code");
  if (flags.runtime == "python") {
    r.configuration.runtime = "python3.11";
    r.configuration.handler = "lambda_function.handler";
    std::ofstream(dir + "/code/lambda_function.py")
        << "def handler(event, context):\n    return event\n";
  } else {
    r.configuration.runtime = "nodejs20.x";
    r.configuration.handler = "index.handler";
    std::ofstream(dir + "/code/index.js")
        << "exports.handler = async (event) => event;\n";
  }
  r.code.directory = dir + "/code";
  auto created = (*db)->CreateFunction(r);
  if (!created.ok()) {
    std::fprintf(stderr, "create: %s\n", created.status().ToString().c_str());
    return 1;
  }
  (void)(*db)->RegisterFunction(
      "inproc",
      [](const FunctionEvent& e, const InvokeContext&) {
        return FunctionResult::Success(e.json());
      },
      {});
  std::printf("warm invoke round trip, %d invokes after %d warm-up\n",
              flags.invokes, flags.warmup);
  // Interleave in two halves so drift hits both alike.
  Flags half = flags;
  half.invokes = flags.invokes / 2;
  std::vector<double> oop = Measure(db->get(), "echo", half);
  std::vector<double> inproc = Measure(db->get(), "inproc", half);
  std::vector<double> oop2 = Measure(db->get(), "echo", half);
  std::vector<double> inproc2 = Measure(db->get(), "inproc", half);
  oop.insert(oop.end(), oop2.begin(), oop2.end());
  inproc.insert(inproc.end(), inproc2.begin(), inproc2.end());
  Report((flags.runtime + " worker").c_str(), oop);
  Report("in-process (baseline)", inproc);
  (void)(*db)->Close();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace eddy::bench

int main(int argc, char** argv) { return eddy::bench::Main(argc, argv); }

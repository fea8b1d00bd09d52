// Copyright (c) Eddy authors.
//
// The crash suite's mappings and handlers (tests/crash/deliveries.h).

#include "tests/crash/deliveries.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <stdexcept>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "tests/crash/oracle.h"

namespace eddy::crash {
namespace {

// The Node handler: one line per record, appended and fsynced before it
// returns; with CRASH_FAULTS=1 it throws (15%) or appends half its lines
// and exits (10%). Seeded by CRASH_SEED and the worker's pid.
constexpr char kNodeCode[] = R"JS(const fs = require('fs');
const path = process.env.CRASH_LOG;
const faults = process.env.CRASH_FAULTS === '1';
let state = (Number(process.env.CRASH_SEED || '1') ^ process.pid) >>> 0;
function rand() {
  state = (state + 0x6D2B79F5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function append(records) {
  if (records.length === 0) return;
  let s = '';
  for (const r of records) {
    s += `crash_node ${r.dynamodb.Keys.k.N} ${r.dynamodb.SequenceNumber} ` +
         `${process.pid}\n`;
  }
  const fd = fs.openSync(path, 'a');
  try {
    fs.appendFileSync(fd, s);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
exports.handler = async (event) => {
  const records = event.Records;
  if (faults) {
    const dice = rand();
    if (dice < 0.15) throw new Error('injected fault');
    if (dice < 0.25) {
      append(records.slice(0, records.length >> 1));
      process.exit(1);
    }
  }
  append(records);
  return {};
};
)JS";

constexpr int64_t kFaultTimeoutMs = 200;

std::string Destination(const char* function) {
  return absl::StrCat(function, "-failures");
}

// Appends `text` to `path` with one write, then fdatasync. False on error.
bool AppendDurably(const std::string& path, const std::string& text) {
  if (text.empty()) return true;
  int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  bool ok = write(fd, text.data(), text.size()) ==
                static_cast<ssize_t>(text.size()) &&
            fdatasync(fd) == 0;
  close(fd);
  return ok;
}

struct HandlerState {
  std::string path, session;
  bool faults = false;
  absl::Mutex mu;
  std::mt19937_64 rng ABSL_GUARDED_BY(mu);
  double Dice() {
    absl::MutexLock lock(&mu);
    return std::uniform_real_distribution<>(0, 1)(rng);
  }
};

// Lines for every record of `event` not in `skip`.
std::string LinesFor(const HandlerState& st, const FunctionEvent& event,
                     const std::set<std::string>& skip) {
  std::string text;
  for (const StreamRecord& r : event.records()) {
    if (skip.count(r.sequence_number)) continue;
    absl::StrAppend(&text, kInProcFunction, " ", r.keys.at("k").n(), " ",
                    r.sequence_number, " ", st.session, "\n");
  }
  return text;
}

FunctionResult Handle(HandlerState* st, const FunctionEvent& event) {
  std::set<std::string> failed;
  if (st->faults) {
    double dice = st->Dice();
    if (dice < 0.10) return FunctionResult::Error("Injected", "error");
    if (dice < 0.20) throw std::runtime_error("injected exception");
    if (dice < 0.25) {  // a hang past the timeout: its result is discarded
      std::this_thread::sleep_for(
          std::chrono::milliseconds(kFaultTimeoutMs + 50));
      return FunctionResult::Success();
    }
    if (dice < 0.40) {  // partial failure: a random non-empty subset
      std::vector<std::string> seqs = event.sequence_numbers();
      for (const std::string& s : seqs) {
        if (st->Dice() < 0.3) failed.insert(s);
      }
      if (failed.empty() && !seqs.empty()) failed.insert(seqs.back());
    }
  }
  if (!AppendDurably(st->path, LinesFor(*st, event, failed))) {
    return FunctionResult::Error("IoError", "cannot append the delivery log");
  }
  if (failed.empty()) return FunctionResult::Success();
  return FunctionResult::BatchItemFailures({failed.begin(), failed.end()});
}

EventSourceMappingConfig Config(TriggerMode mode, const char* function) {
  EventSourceMappingConfig c;
  c.batch_size = 10;
  if (mode == TriggerMode::kFaults) {
    c.maximum_retry_attempts = 1;
    c.bisect_batch_on_function_error = true;
    c.report_batch_item_failures = function == std::string(kInProcFunction);
    c.on_failure_destination = Destination(function);
  }
  return c;
}

}  // namespace

std::string DeliveryLogPath(const std::string& db_dir, const char* function) {
  return absl::StrCat(db_dir, ".", function, ".log");
}

std::string FailureDestination(const char* function) {
  return Destination(function);
}

bool TrimTornDeliveryLines(const std::string& db_dir) {
  for (const char* f : {kInProcFunction, kNodeFunction}) {
    const std::string path = DeliveryLogPath(db_dir, f);
    std::string text;
    {
      std::ifstream in(path, std::ios::binary);
      if (!in) continue;  // no deliveries yet
      text.assign(std::istreambuf_iterator<char>(in),
                  std::istreambuf_iterator<char>());
    }
    if (text.empty() || text.back() == '\n') continue;
    const size_t keep = text.rfind('\n') + 1;  // npos + 1 == 0
    std::error_code ec;
    std::filesystem::resize_file(path, keep, ec);
    if (ec) return false;
  }
  return true;
}

absl::Status CreateMappings(Database* db, const std::string& db_dir,
                            TriggerMode mode, uint64_t seed) {
  std::error_code ec;
  for (const char* f : {kInProcFunction, kNodeFunction}) {
    std::filesystem::remove(DeliveryLogPath(db_dir, f), ec);
  }
  std::string code_dir = db_dir + ".code";
  std::filesystem::remove_all(code_dir, ec);
  std::filesystem::create_directories(code_dir, ec);
  std::ofstream(code_dir + "/index.js") << kNodeCode;
  CreateFunctionRequest r;
  r.configuration.function_name = kNodeFunction;
  r.configuration.runtime = "nodejs20.x";
  r.configuration.handler = "index.handler";
  r.configuration.timeout_ms = mode == TriggerMode::kFaults ? 3000 : 60000;
  r.configuration.environment = {
      {"CRASH_LOG", DeliveryLogPath(db_dir, kNodeFunction)},
      {"CRASH_FAULTS", mode == TriggerMode::kFaults ? "1" : "0"},
      {"CRASH_SEED", std::to_string(seed & 0x7fffffff)}};
  r.code.directory = code_dir;
  auto created = db->CreateFunction(r);
  if (!created.ok()) return created.status();
  auto desc = db->DescribeTable(kTable);
  if (!desc.ok()) return desc.status();
  for (const char* f : {kInProcFunction, kNodeFunction}) {
    auto m = db->CreateEventSourceMapping(
        {.event_source_arn = desc->latest_stream_arn,
         .function_name = f,
         .starting_position = StartingPosition::kTrimHorizon,
         .config = Config(mode, f)});
    if (!m.ok()) return m.status();
  }
  return absl::OkStatus();
}

absl::Status RegisterInProcess(Database* db, const std::string& db_dir,
                               TriggerMode mode, uint64_t seed) {
  static std::atomic<uint64_t> opens{0};
  auto st = std::make_shared<HandlerState>();
  st->path = DeliveryLogPath(db_dir, kInProcFunction);
  st->session = absl::StrCat("p", getpid(), "-", ++opens);
  st->faults = mode == TriggerMode::kFaults;
  {
    absl::MutexLock lock(&st->mu);
    st->rng.seed(seed);
  }
  InProcessFunctionOptions options;
  options.timeout_ms = mode == TriggerMode::kFaults ? kFaultTimeoutMs : 60000;
  return db->RegisterFunction(
      kInProcFunction,
      [st](const FunctionEvent& e, const InvokeContext&) {
        return Handle(st.get(), e);
      },
      options);
}

}  // namespace eddy::crash

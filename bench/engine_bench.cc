// Copyright (c) Eddy authors.
//
// Engine benchmarks (issue #2, "Measured"): key encoding, item encode and
// decode, and table PutItem / GetItem against a raw RocksDB Put / Get of
// the same bytes, all in one process so the ratios compare like with like.
//
// A ratio is the median over --eddy_rounds rounds of eddy_rate / raw_rate,
// where each round runs every eddy benchmark right next to its raw twin
// (alternating which goes first), so machine noise hits both alike. Targets:
// PutItem >= 0.9x raw Put, GetItem >= 0.9x raw Get. See bench/README.md.
//
// Own flags (besides every --benchmark_* flag):
//   --eddy_rounds=N   rounds of the table benchmarks (default 5)
//   --eddy_scale=X    multiplies every iteration budget (default 1)
//   --eddy_dir=PATH   scratch directory (default: a fresh /tmp dir)
//   --eddy_no_micro   skip the codec micro benchmarks
//   --eddy_mutex_ignore  absl::SetMutexDeadlockDetectionMode(kIgnore)
//                     before anything runs (Debian's abseil keeps deadlock
//                     detection on; Database::Open does the same in NDEBUG
//                     builds, so in Release this changes nothing)
//   --eddy_no_get     skip the Get benchmarks and their preloaded fixtures
//                     (for profiling the Put path alone)

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "bench/codec_micro.h"
#include "bench/engine_bench_env.h"
#include "bench/ratio_reporter.h"
#include "benchmark/benchmark.h"

namespace eddy::bench {
namespace {

constexpr uint64_t kSeed = 42;
constexpr uint32_t kKeySpace = 1000000;

struct Config {
  int rounds = 5;
  double scale = 1.0;
  std::string dir;
  bool micro = true;
  bool get = true;
  bool mutex_ignore = false;
};

constexpr const char* kPhase[2] = {"memtable", "sst"};

Config g_cfg;
KeySet g_keys;
Workload g_work[2];
ReadFixture g_read[2][2];  // [workload][phase]
// The databases of the Put run in progress (fresh for every run).
std::unique_ptr<Database> g_put_eddy;
std::unique_ptr<RawDb> g_put_raw;
std::string g_put_dir;
bool g_remove_dir = false;  // the scratch directory is ours to delete

// Where thread t of this run starts in g_keys.random: the same positions
// for eddy and raw.
size_t StartPos(const benchmark::State& state) {
  return g_keys.random.size() / state.threads() * state.thread_index();
}

void Next(size_t* pos) {
  if (++*pos == g_keys.random.size()) *pos = 0;
}

// --- PutItem vs Put ---

// Setup and teardown run once per run, before and after all its threads;
// each Put run writes into a fresh, empty database.
void SetupPutEddy(const benchmark::State&) {
  g_put_dir = NewDir(g_cfg.dir, "put-eddy");
  g_put_eddy = OpenEddy(g_put_dir, true);
}
void TeardownPutEddy(const benchmark::State&) {
  Check(g_put_eddy->Close(), "close eddy");
  g_put_eddy.reset();
  std::filesystem::remove_all(g_put_dir);
}
void SetupPutRaw(const benchmark::State&) {
  g_put_dir = NewDir(g_cfg.dir, "put-raw");
  g_put_raw = RawDb::Open(g_put_dir);
}
void TeardownPutRaw(const benchmark::State&) {
  g_put_raw.reset();
  std::filesystem::remove_all(g_put_dir);
}

void EddyPut(benchmark::State& state, const Workload* w) {
  PutItemRequest r;
  r.table_name = kTable;
  r.item = w->item;
  std::string* id = r.item.find(kPk)->second.mutable_scalar();
  size_t pos = StartPos(state);
  for (auto _ : state) {
    *id = g_keys.ids[g_keys.random[pos]];
    Next(&pos);
    absl::StatusOr<ItemResult> res = g_put_eddy->PutItem(r);
    if (!res.ok()) state.SkipWithError(res.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}

// Raw Put of the same key bytes and the pre-encoded item. With `encode`,
// the item is encoded per call too (how much of the gap is EncodeItem).
void RawPut(benchmark::State& state, const Workload* w, bool encode) {
  rocksdb::WriteOptions wo;
  wo.sync = false;
  Item item = w->item;
  std::string* id = item.find(kPk)->second.mutable_scalar();
  std::string value = w->value;
  size_t pos = StartPos(state);
  for (auto _ : state) {
    uint32_t k = g_keys.random[pos];
    Next(&pos);
    if (encode) {
      *id = g_keys.ids[k];
      engine::EncodeItem(item, &value);
    }
    rocksdb::Status s =
        g_put_raw->db()->Put(wo, g_put_raw->cf(), g_keys.encoded[k], value);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}

// --- GetItem vs Get ---

// Reads keys of the preloaded set through `read(request)`, which
// returns whether the item was found.
template <typename Read>
void EddyRead(benchmark::State& state, const Workload* w, Read read) {
  GetItemRequest r;
  r.table_name = kTable;
  r.key[kPk] = AttributeValue::N(g_keys.ids[0]);
  std::string* id = r.key.find(kPk)->second.mutable_scalar();
  size_t pos = StartPos(state);
  for (auto _ : state) {
    *id = g_keys.ids[g_keys.random[pos] % w->read_keys];
    Next(&pos);
    if (!read(r)) state.SkipWithError("read missed");
  }
  state.SetItemsProcessed(state.iterations());
}

// GetItem: the item decoded into an Item.
void EddyGet(benchmark::State& state, const Workload* w, Database* db) {
  EddyRead(state, w, [db](const GetItemRequest& r) {
    absl::StatusOr<ItemResult> res = db->GetItem(r);
    benchmark::DoNotOptimize(res);
    return res.ok() && res->item.has_value();
  });
}

// GetItemView: the same read, returning the verified stored bytes as a
// zero-copy ItemView instead of a decoded Item.
void EddyGetView(benchmark::State& state, const Workload* w, Database* db) {
  EddyRead(state, w, [db](const GetItemRequest& r) {
    absl::StatusOr<std::optional<ItemView>> res = db->GetItemView(r);
    benchmark::DoNotOptimize(res);
    return res.ok() && res->has_value();
  });
}

// What the raw side does with each value besides the Get, to show where the
// gap goes: nothing, DecodeItem (GetItem's decode), or VerifyItem (the
// checks every read of a stored item runs, GetItemView's only extra work).
enum class RawGetThen { kNothing, kDecode, kVerify };

// Raw Get into a PinnableSlice, then `then`.
void RawGet(benchmark::State& state, const Workload* w, RawDb* raw,
            RawGetThen then) {
  rocksdb::PinnableSlice value;
  rocksdb::ReadOptions ro;
  size_t pos = StartPos(state);
  for (auto _ : state) {
    const std::string& key = g_keys.encoded[g_keys.random[pos] % w->read_keys];
    Next(&pos);
    value.Reset();
    rocksdb::Status s = raw->db()->Get(ro, raw->cf(), key, &value);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    const std::string_view bytes(value.data(), value.size());
    if (then == RawGetThen::kDecode) {
      absl::StatusOr<Item> item = engine::DecodeItem(bytes);
      benchmark::DoNotOptimize(item);
    } else if (then == RawGetThen::kVerify) {
      absl::Status verified = engine::VerifyItem(bytes);
      benchmark::DoNotOptimize(verified);
    }
    benchmark::DoNotOptimize(value.data());
  }
  state.SetItemsProcessed(state.iterations());
}

// --- Fixtures ---

void BuildReadFixtures() {
  for (int wi = 0; wi < 2; ++wi) {
    const Workload& w = g_work[wi];
    for (int phase = 0; phase < 2; ++phase) {
      ReadFixture& f = g_read[wi][phase];
      std::string tag = "get-" + w.name + "-" + kPhase[phase];
      std::string eddy_dir = NewDir(g_cfg.dir, tag + "-eddy");
      f.eddy = OpenEddy(eddy_dir, true);
      f.raw = RawDb::Open(NewDir(g_cfg.dir, tag + "-raw"));
      Preload(g_keys, w, &f);
      if (phase == 1) {
        Check(f.eddy->Close(), "close eddy");
        f.eddy = OpenEddy(eddy_dir, false);
        f.raw->FlushAndReopen();
        Warm(g_keys, w, &f);
      }
      std::printf("fixture %-22s raw: L0 files %s, memtable %s bytes\n",
                  tag.c_str(),
                  f.raw->Property("rocksdb.num-files-at-level0").c_str(),
                  f.raw->Property("rocksdb.cur-size-all-mem-tables").c_str());
    }
  }
}

// --- Registration ---

using Fn = std::function<void(benchmark::State&)>;

void Register(const std::string& name, int round, int threads, int64_t iters,
              Fn fn, void (*setup)(const benchmark::State&) = nullptr,
              void (*teardown)(const benchmark::State&) = nullptr) {
  std::string full = name + "/r" + std::to_string(round);
  auto* b = benchmark::RegisterBenchmark(full.c_str(), std::move(fn));
  b->Iterations(std::max<int64_t>(1, iters * g_cfg.scale))
      ->Threads(threads)
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
  if (setup != nullptr) b->Setup(setup);
  if (teardown != nullptr) b->Teardown(teardown);
}

void RegisterPut(int round, int wi, int threads, bool eddy_first) {
  const Workload* w = &g_work[wi];
  auto eddy = [&] {
    Register(
        "PutItem/eddy/" + w->name, round, threads, w->put_iterations,
        [w](benchmark::State& s) { EddyPut(s, w); }, SetupPutEddy,
        TeardownPutEddy);
  };
  auto raw = [&] {
    Register(
        "Put/raw/" + w->name, round, threads, w->put_iterations,
        [w](benchmark::State& s) { RawPut(s, w, false); }, SetupPutRaw,
        TeardownPutRaw);
  };
  if (eddy_first) {
    eddy();
    raw();
  } else {
    raw();
    eddy();
  }
  // At both thread counts: the bound of PutItem's ratio when the encoding
  // is the only extra work.
  Register(
      "Put+EncodeItem/raw/" + w->name, round, threads, w->put_iterations,
      [w](benchmark::State& s) { RawPut(s, w, true); }, SetupPutRaw,
      TeardownPutRaw);
}

void RegisterGet(int round, int wi, int phase, int threads, bool eddy_first) {
  const Workload* w = &g_work[wi];
  ReadFixture* f = &g_read[wi][phase];
  std::string suffix = w->name + "/" + kPhase[phase];
  auto eddy = [&] {
    Register("GetItem/eddy/" + suffix, round, threads, w->get_iterations,
             [w, f](benchmark::State& s) { EddyGet(s, w, f->eddy.get()); });
  };
  auto view = [&] {
    Register("GetItemView/eddy/" + suffix, round, threads, w->get_iterations,
             [w, f](benchmark::State& s) { EddyGetView(s, w, f->eddy.get()); });
  };
  auto raw = [&](const std::string& name, RawGetThen then, int t) {
    Register(name + suffix, round, t, w->get_iterations,
             [w, f, then](benchmark::State& s) {
               RawGet(s, w, f->raw.get(), then);
             });
  };
  // The raw Get sits next to both Eddy reads, in alternating order.
  if (eddy_first) {
    eddy();
    raw("Get/raw/", RawGetThen::kNothing, threads);
    view();
  } else {
    view();
    raw("Get/raw/", RawGetThen::kNothing, threads);
    eddy();
  }
  if (threads == 1) {
    if (phase == 0) raw("Get+DecodeItem/raw/", RawGetThen::kDecode, 1);
    raw("Get+VerifyItem/raw/", RawGetThen::kVerify, 1);
  }
}

void RegisterTable() {
  for (int round = 0; round < g_cfg.rounds; ++round) {
    bool eddy_first = round % 2 == 0;
    for (int wi = 0; wi < 2; ++wi) {
      for (int threads : {1, 2}) {
        for (int phase = 0; phase < 2 && g_cfg.get; ++phase) {
          RegisterGet(round, wi, phase, threads, eddy_first);
        }
        RegisterPut(round, wi, threads, eddy_first);
      }
    }
  }
}

// --- Reporting ---

void PrintSummary(const RatioReporter& rep) {
  std::printf(
      "\n=== Eddy vs raw RocksDB: eddy_rate / raw_rate, median over %d "
      "round(s) of the per-round ratio, seed %llu, target >= 0.90 ===\n"
      "(first number: wall-clock ops/s, then its min-max over rounds; cpu: "
      "ops per CPU-second of the benchmark threads; [median ops/s])\n",
      g_cfg.rounds, static_cast<unsigned long long>(kSeed));
  for (const Workload& w : g_work) {
    for (int t : {1, 2}) {
      PrintRatio(rep, "PutItem/RawPut", "PutItem/eddy/" + w.name,
                 "Put/raw/" + w.name, t, w.name, 0.9);
    }
  }
  for (int phase = 0; phase < 2; ++phase) {
    for (const Workload& w : g_work) {
      std::string s = w.name + "/" + kPhase[phase];
      for (int t : {1, 2}) {
        PrintRatio(rep, "GetItem/RawGet", "GetItem/eddy/" + s, "Get/raw/" + s,
                   t, s, 0.9);
      }
      for (int t : {1, 2}) {
        PrintRatio(rep, "GetItemView/RawGet", "GetItemView/eddy/" + s,
                   "Get/raw/" + s, t, s, 0.9);
      }
    }
  }
  std::printf("--- breakdown (raw side doing Eddy's codec work too) ---\n");
  for (const Workload& w : g_work) {
    for (int t : {1, 2}) {
      PrintRatio(rep, "(RawPut+EncodeItem)/RawPut",
                 "Put+EncodeItem/raw/" + w.name, "Put/raw/" + w.name, t, w.name,
                 0);
    }
    std::string s = w.name + "/memtable";
    PrintRatio(rep, "(RawGet+DecodeItem)/RawGet", "Get+DecodeItem/raw/" + s,
               "Get/raw/" + s, 1, s, 0);
    for (const char* phase : kPhase) {
      s = w.name + "/" + phase;
      PrintRatio(rep, "(RawGet+VerifyItem)/RawGet", "Get+VerifyItem/raw/" + s,
                 "Get/raw/" + s, 1, s, 0);
    }
  }
}

// --- Main ---

void ParseOwnFlags(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--eddy_rounds=", 0) == 0) {
      g_cfg.rounds = std::max(1, std::atoi(a.c_str() + 14));
    } else if (a.rfind("--eddy_scale=", 0) == 0) {
      g_cfg.scale = std::atof(a.c_str() + 13);
    } else if (a.rfind("--eddy_dir=", 0) == 0) {
      g_cfg.dir = a.substr(11);
    } else if (a == "--eddy_no_micro") {
      g_cfg.micro = false;
    } else if (a == "--eddy_mutex_ignore") {
      g_cfg.mutex_ignore = true;
    } else if (a == "--eddy_no_get") {
      g_cfg.get = false;
    } else {
      Check(false, "unknown flag " + a + " (see bench/README.md)");
    }
  }
}

void SetUp() {
  if (g_cfg.mutex_ignore) {
    absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  }
  if (g_cfg.dir.empty()) {
    char tmpl[] = "/tmp/eddy-bench-XXXXXX";
    Check(mkdtemp(tmpl) != nullptr, "mkdtemp");
    g_cfg.dir = tmpl;
    g_remove_dir = true;
  }
  std::filesystem::create_directories(g_cfg.dir);
  g_keys = MakeKeys(kKeySpace, kSeed);
  g_work[0] = MakeWorkload("100B", SmallItem(g_keys.ids[0]));
  g_work[1] = MakeWorkload("1KB", LargeItem(g_keys.ids[0]));
  // Few enough keys that the memtable phase never flushes: a 64 MiB
  // memtable holds ~140k 100B items (424 B encoded) or ~40k 1KB ones.
  g_work[0].read_keys = 100000;
  g_work[1].read_keys = 30000;
  g_work[0].put_iterations = 100000;
  g_work[1].put_iterations = 40000;
  g_work[0].get_iterations = 100000;
  g_work[1].get_iterations = 100000;
  std::printf(
      "engine_bench: seed=%llu key space=%u dir=%s rounds=%d scale=%g "
      "absl deadlock detection=%s (Open sets kIgnore in NDEBUG builds)\n",
      static_cast<unsigned long long>(kSeed), kKeySpace, g_cfg.dir.c_str(),
      g_cfg.rounds, g_cfg.scale, g_cfg.mutex_ignore ? "kIgnore" : "default");
  for (const Workload& w : g_work) {
    std::printf("item %-4s: DynamoDB size %zu B, encoded %zu B, key %zu B\n",
                w.name.c_str(), engine::ItemSize(w.item), w.value.size(),
                g_keys.encoded[0].size());
  }
}

}  // namespace
}  // namespace eddy::bench

int main(int argc, char** argv) {
  using namespace eddy::bench;
  benchmark::Initialize(&argc, argv);
  ParseOwnFlags(argc, argv);
  SetUp();
  if (g_cfg.micro) RegisterMicro(g_work);
  if (g_cfg.get) BuildReadFixtures();
  RegisterTable();
  // Colour only on a terminal (the library's --benchmark_color applies to
  // its own reporter, not to one passed in).
  RatioReporter reporter(isatty(STDOUT_FILENO)
                             ? benchmark::ConsoleReporter::OO_Defaults
                             : benchmark::ConsoleReporter::OO_Tabular);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  PrintSummary(reporter);
  for (auto& per_work : g_read) {
    for (ReadFixture& f : per_work) {
      if (f.eddy) Check(f.eddy->Close(), "close eddy");
      f.eddy.reset();
      f.raw.reset();
    }
  }
  benchmark::Shutdown();
  if (g_remove_dir) std::filesystem::remove_all(g_cfg.dir);
  return 0;
}

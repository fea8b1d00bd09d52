// Copyright (c) Eddy authors.
//
// streams_bench: what change capture costs. For each configuration it runs
// the same operations against, in one process:
//   raw      a raw RocksDB Put/Delete of the same key and value bytes
//   off      Eddy, stream disabled
//   KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES   Eddy, stream on
// and prints ops/s and the ratio to raw. Configurations: PutItem, UpdateItem
// and DeleteItem; sync off and on; 1 and 2 writer threads; 100 B and 1 KB
// items. Systems are interleaved per configuration so drift on a noisy
// machine hits all of them alike.
//
//   streams_bench [--ops N] [--sync-ops N] [--rounds N] [--quick]
//                 [--only TEXT]
// --only runs just the configurations whose name ("PutItem/100B/off/1":
// op/item/sync/threads) contains TEXT.
//
// --rounds N repeats every configuration N times (raw and Eddy interleaved)
// and prints the median of the per-round ratios.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "bench/engine_bench_env.h"
#include "rocksdb/write_batch.h"

namespace eddy::bench {
namespace {

enum class Op { kPut, kUpdate, kDelete };
const char* OpName(Op op) {
  return op == Op::kPut      ? "PutItem"
         : op == Op::kUpdate ? "UpdateItem"
                             : "DeleteItem";
}

struct Config {
  Op op;
  bool sync;
  int threads;
  const Workload* workload;
  int64_t ops;  // total, split over threads
};

constexpr uint32_t kKeys = 100000;

// Runs `body(thread, i)` for ops/threads iterations per thread; returns ops/s.
template <typename F>
double Timed(const Config& c, F body) {
  int64_t per_thread = c.ops / c.threads;
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> ts;
  for (int t = 0; t < c.threads; ++t) {
    ts.emplace_back([&, t] {
      for (int64_t i = 0; i < per_thread; ++i) body(t, i);
    });
  }
  for (auto& th : ts) th.join();
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return double(per_thread * c.threads) / secs;
}

// The key index an op uses: threads take disjoint strides of the fixed-seed
// random sequence, so deletes find their items.
uint32_t KeyIndex(const KeySet& keys, const Config& c, int t, int64_t i) {
  return keys.random[(i * c.threads + t) % kKeys];
}

double RunRaw(const Config& c, const KeySet& keys, const std::string& dir) {
  auto raw = RawDb::Open(dir);
  rocksdb::WriteOptions wo;
  wo.sync = c.sync;
  if (c.op == Op::kDelete) {
    for (uint32_t k = 0; k < kKeys; ++k) {
      Check(raw->db()->Put(rocksdb::WriteOptions(), raw->cf(), keys.encoded[k],
                           c.workload->value),
            "raw preload");
    }
  }
  return Timed(c, [&](int t, int64_t i) {
    const std::string& key = keys.encoded[KeyIndex(keys, c, t, i)];
    rocksdb::Status s =
        c.op == Op::kDelete
            ? raw->db()->Delete(wo, raw->cf(), key)
            : raw->db()->Put(wo, raw->cf(), key, c.workload->value);
    Check(s, "raw write");
  });
}

double RunEddy(const Config& c, const KeySet& keys, const std::string& dir,
               std::optional<StreamViewType> view) {
  auto db = Database::Open(dir, {});
  Check(db.status(), "open eddy");
  CreateTableRequest create{.table_name = kTable, .key_schema = BenchSchema()};
  if (view) create.stream_specification = StreamSpecification{true, *view};
  Check((*db)->CreateTable(create).status(), "create table");
  WriteOptions wo{.durability =
                      c.sync ? Durability::kSync : Durability::kNoSync};
  if (c.op == Op::kDelete) {
    for (uint32_t k = 0; k < kKeys; ++k) {
      Item item = c.workload->item;
      item[kPk] = AttributeValue::N(keys.ids[k]);
      Check((*db)->PutItem({.table_name = kTable, .item = item}).status(),
            "eddy preload");
    }
  }
  // One PutItem request per thread, built before the clock starts; each op
  // only rewrites its key and "seq" in place (building an application's
  // item is not Eddy's cost; the raw side writes pre-encoded bytes).
  std::vector<PutItemRequest> puts(c.threads);
  for (PutItemRequest& put : puts) {
    put = {.table_name = kTable, .item = c.workload->item, .write_options = wo};
    put.item["seq"] = AttributeValue::N(0);
  }
  double rate = Timed(c, [&](int t, int64_t i) {
    const std::string& id = keys.ids[KeyIndex(keys, c, t, i)];
    absl::Status s;
    if (c.op == Op::kPut) {
      Item& item = puts[t].item;
      item[kPk].mutable_scalar()->assign(id);
      *item["seq"].mutable_scalar() = std::to_string(i);  // always a change
      s = (*db)->PutItem(puts[t]).status();
    } else if (c.op == Op::kUpdate) {
      s = (*db)
              ->UpdateItem({.table_name = kTable,
                            .key = {{kPk, AttributeValue::N(id)}},
                            .actions = {UpdateAction::Add(
                                Path::Attr("n"), AttributeValue::N(1))},
                            .write_options = wo})
              .status();
    } else {
      s = (*db)
              ->DeleteItem({.table_name = kTable,
                            .key = {{kPk, AttributeValue::N(id)}},
                            .write_options = wo})
              .status();
    }
    Check(s, "eddy write");
  });
  Check((*db)->Close(), "close");
  return rate;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string FreshDir(const std::string& base, int n) {
  std::string dir = base + "/run" + std::to_string(n);
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace
}  // namespace eddy::bench

int main(int argc, char** argv) {
  using namespace eddy::bench;
  using eddy::StreamViewType;
  int64_t ops = 200000, sync_ops = 4000;
  int rounds = 1;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--ops") && i + 1 < argc)
      ops = atoll(argv[++i]);
    else if (!strcmp(argv[i], "--sync-ops") && i + 1 < argc)
      sync_ops = atoll(argv[++i]);
    else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
      rounds = std::max(1, atoi(argv[++i]));
    else if (!strcmp(argv[i], "--only") && i + 1 < argc)
      only = argv[++i];
    else if (!strcmp(argv[i], "--quick")) {
      ops = 2000;
      sync_ops = 100;
    } else {
      fprintf(stderr,
              "usage: %s [--ops N] [--sync-ops N] [--rounds N] [--quick] "
              "[--only TEXT]\n",
              argv[0]);
      return 2;
    }
  }
  std::string base =
      std::filesystem::temp_directory_path() / "eddy-streams-bench";
  std::filesystem::create_directories(base);
  KeySet keys = MakeKeys(kKeys, 42);
  Workload small = MakeWorkload("100B", SmallItem(keys.ids[0]));
  Workload large = MakeWorkload("1KB", LargeItem(keys.ids[0]));
  const std::vector<std::optional<StreamViewType>> views = {
      std::nullopt, StreamViewType::kKeysOnly, StreamViewType::kNewImage,
      StreamViewType::kOldImage, StreamViewType::kNewAndOldImages};
  printf("%-10s %-4s %-5s %-2s %12s %8s %8s %8s %8s %8s %8s\n", "op", "item",
         "sync", "th", "raw ops/s", "off", "KEYS", "NEW", "OLD", "NEW+OLD",
         "min");
  int run = 0;
  for (bool sync : {false, true}) {
    for (const Workload* w : {&small, &large}) {
      for (int threads : {1, 2}) {
        for (Op op : {Op::kPut, Op::kUpdate, Op::kDelete}) {
          Config c{op, sync, threads, w, sync ? sync_ops : ops};
          const std::string name = std::string(OpName(op)) + "/" + w->name +
                                   (sync ? "/on/" : "/off/") +
                                   std::to_string(threads);
          if (name.find(only) == std::string::npos) continue;
          // Per round: raw, then every Eddy variant; the ratio printed is
          // the median over rounds of each round's ratio.
          std::vector<double> raws;
          std::vector<std::vector<double>> per_view(views.size());
          for (int r = 0; r < rounds; ++r) {
            double raw = RunRaw(c, keys, FreshDir(base, run++));
            raws.push_back(raw);
            for (size_t v = 0; v < views.size(); ++v) {
              per_view[v].push_back(
                  RunEddy(c, keys, FreshDir(base, run++), views[v]) / raw);
            }
          }
          double raw = Median(raws);
          std::vector<double> ratios;
          for (auto& rs : per_view) ratios.push_back(Median(rs));
          double min_streamed =
              *std::min_element(ratios.begin() + 1, ratios.end());
          printf(
              "%-10s %-4s %-5s %-2d %12.0f %8.2f %8.2f %8.2f %8.2f %8.2f "
              "%8.2f\n",
              OpName(op), w->name.c_str(), sync ? "on" : "off", threads, raw,
              ratios[0], ratios[1], ratios[2], ratios[3], ratios[4],
              min_streamed);
          fflush(stdout);
        }
      }
    }
  }
  std::filesystem::remove_all(base);
  return 0;
}

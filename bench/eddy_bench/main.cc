// Copyright (c) Eddy authors.
//
// eddy-bench: what change capture costs on a workload, in one run, side by
// side: raw RocksDB, Eddy with the stream off and with each view type, and
// SQLite with triggers. See bench/README.md ("eddy-bench").
//
//   eddy-bench --ops 100000 --mix 50,30,10,10 --json out.json --chart out.png

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "CLI/CLI.hpp"
#include "bench/eddy_bench/handler_latency.h"
#include "bench/eddy_bench/report.h"
#include "bench/eddy_bench/runner.h"

namespace eddy::bench {
namespace {

struct Flags {
  WorkloadConfig workload;
  std::string distribution = "uniform";
  std::string mix = "100,0,0,0";
  std::string systems;  // "" = all
  int rounds = 1;
  std::string dir;
  std::string json_path, chart_path, markdown_path;
  std::string label = "eddy-bench";
  HandlerLatencyConfig handlers;
  bool no_handlers = false;
  bool no_progress = false;
};

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> parts;
  std::stringstream in(s);
  for (std::string p; std::getline(in, p, ',');) parts.push_back(p);
  return parts;
}

// Fills the derived workload fields; returns "" or what is wrong.
std::string Resolve(Flags& f, std::vector<std::string>* systems) {
  WorkloadConfig& w = f.workload;
  w.distribution = f.distribution == "zipfian" ? KeyDistribution::kZipfian
                                               : KeyDistribution::kUniform;
  auto mix = Split(f.mix);
  if (mix.size() != 4) return "--mix takes put,update,delete,get percentages";
  try {
    w.put_pct = std::stoi(mix[0]);
    w.update_pct = std::stoi(mix[1]);
    w.delete_pct = std::stoi(mix[2]);
    w.get_pct = std::stoi(mix[3]);
  } catch (const std::exception&) {
    return "--mix takes four integers";
  }
  if (std::string e = ValidateWorkload(w); !e.empty()) return e;
  *systems = f.systems.empty() ? AllSystemNames() : Split(f.systems);
  Material none;
  for (const std::string& name : *systems) {
    if (MakeSystem(name, none) == nullptr) {
      return "--systems: unknown system '" + name + "'";
    }
  }
  return "";
}

void AddFlags(CLI::App& app, Flags& f) {
  WorkloadConfig& w = f.workload;
  app.add_option("--keys", w.key_count, "key count (all preloaded)");
  app.add_option("--distribution", f.distribution, "uniform | zipfian")
      ->check(CLI::IsMember({"uniform", "zipfian"}));
  app.add_option("--zipf-theta", w.zipf_theta, "zipfian skew, (0,1)");
  app.add_option("--item-bytes", w.item_bytes, "payload bytes per item");
  app.add_option("--mix", f.mix, "put,update,delete,get percentages");
  app.add_option("--threads", w.threads, "writer threads");
  app.add_flag("--sync", w.sync, "fsync every write");
  app.add_flag("--cold", w.cold,
               "start with cold caches (default: read every key once first)");
  app.add_option("--ops", w.ops, "operations per system (all threads)");
  app.add_option("--duration", w.duration_s,
                 "seconds per system instead of --ops");
  app.add_option("--seed", w.seed, "random seed");
  app.add_option(
      "--systems", f.systems,
      "comma list; default: raw,raw-record,raw-get-record,eddy-off,"
      "eddy-KEYS_ONLY,"
      "eddy-NEW_IMAGE,eddy-OLD_IMAGE,eddy-NEW_AND_OLD_IMAGES,sqlite");
  app.add_option("--rounds", f.rounds, "rounds (median reported)")
      ->check(CLI::Range(1, 100));
  app.add_option("--dir", f.dir, "scratch directory (default: a temp dir)");
  app.add_option("--json", f.json_path, "write JSON results here");
  app.add_option("--chart", f.chart_path, "write a PNG chart here (gnuplot)");
  app.add_option("--markdown", f.markdown_path, "write a Markdown section");
  app.add_option("--label", f.label, "title of this run");
  app.add_option("--handler-samples", f.handlers.in_process_samples,
                 "commit-to-handler samples, in-process handler")
      ->check(CLI::Range(1, 100000));
  app.add_option("--node-samples", f.handlers.node_samples,
                 "commit-to-handler samples, Node.js handler (0 = skip)")
      ->check(CLI::Range(0, 100000));
  app.add_flag("--no-handlers", f.no_handlers,
               "skip the commit-to-handler measurement");
  app.add_flag("--no-progress", f.no_progress, "no progress bar");
}

std::vector<std::vector<RunResult>> RunRounds(
    const Flags& f, const std::vector<std::string>& names,
    const std::string& dir) {
  Material material = MakeMaterial(f.workload);
  bool progress = !f.no_progress && isatty(STDERR_FILENO);
  std::vector<std::vector<RunResult>> rounds;
  for (int round = 0; round < f.rounds; ++round) {
    std::vector<RunResult> results(names.size());
    // Rotate the order each round so drift hits every system alike.
    for (size_t k = 0; k < names.size(); ++k) {
      size_t i = (k + round) % names.size();
      auto system = MakeSystem(names[i], material);
      std::string label = names[i];
      if (f.rounds > 1) label += " r" + std::to_string(round + 1);
      results[i] =
          RunSystem(f.workload, *system, dir + "/" + names[i], progress, label);
      if (!progress) {
        std::fprintf(stderr, "%s: %.0f ops/s\n", label.c_str(),
                     results[i].ops_per_s);
      }
    }
    rounds.push_back(std::move(results));
  }
  return rounds;
}

int Main(int argc, char** argv) {
  CLI::App app{"eddy-bench: the cost of change capture, side by side"};
  Flags f;
  AddFlags(app, f);
  CLI11_PARSE(app, argc, argv);
  std::vector<std::string> names;
  if (std::string e = Resolve(f, &names); !e.empty()) {
    std::fprintf(stderr, "eddy-bench: %s\n", e.c_str());
    return 2;
  }
  bool own_dir = f.dir.empty();
  std::string dir = own_dir ? (std::filesystem::temp_directory_path() /
                               ("eddy-bench-" + std::to_string(getpid())))
                                  .string()
                            : f.dir;
  std::filesystem::create_directories(dir);
  std::fprintf(stderr, "eddy-bench: %s; seed %llu; scratch %s\n",
               MachineDescription().c_str(),
               static_cast<unsigned long long>(f.workload.seed), dir.c_str());
  auto rounds = RunRounds(f, names, dir);
  std::optional<HandlerLatencyResult> handlers;
  if (!f.no_handlers) {
    handlers = MeasureHandlerLatency(dir + "/handler", f.handlers);
  }
  Report report = Summarize(f.label, f.workload, rounds, handlers);
  PrintTable(report, stdout);
  int rc = 0;
  auto emit = [&rc](const std::string& error) {
    if (error.empty()) return;
    std::fprintf(stderr, "eddy-bench: %s\n", error.c_str());
    rc = 1;
  };
  if (!f.json_path.empty()) emit(WriteJson(report, f.json_path));
  if (!f.chart_path.empty()) emit(WriteChart(report, f.chart_path));
  if (!f.markdown_path.empty()) {
    std::string chart = std::filesystem::path(f.chart_path).filename();
    emit(WriteMarkdown(report, chart, f.markdown_path));
  }
  if (own_dir) std::filesystem::remove_all(dir);
  return rc;
}

}  // namespace
}  // namespace eddy::bench

int main(int argc, char** argv) { return eddy::bench::Main(argc, argv); }

// Copyright (c) Eddy authors.
//
// The JSON results document (shape in report.h).

#include <fstream>

#include "bench/eddy_bench/report.h"
#include "nlohmann/json.hpp"

namespace eddy::bench {
namespace {

using nlohmann::json;

json Latency(const LatencyHistogram& h) {
  if (h.count() == 0) return nullptr;
  return {{"p50", h.Percentile(0.5) / 1e3},
          {"p99", h.Percentile(0.99) / 1e3},
          {"p999", h.Percentile(0.999) / 1e3},
          {"max", h.max() / 1e3},
          {"count", h.count()}};
}

json Optional(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json Handler(const HandlerLatency& h) {
  json j = {{"status", h.status}};
  if (h.samples > 0) {
    j["samples"] = h.samples;
    j["p50_us"] = h.p50_us;
    j["p99_us"] = h.p99_us;
    j["max_us"] = h.max_us;
    j["first_us"] = h.first_us;
  }
  return j;
}

json Config(const WorkloadConfig& c) {
  return {{"keys", c.key_count},
          {"distribution",
           c.distribution == KeyDistribution::kZipfian ? "zipfian" : "uniform"},
          {"zipf_theta", c.zipf_theta},
          {"item_bytes", c.item_bytes},
          {"mix",
           {{"put", c.put_pct},
            {"update", c.update_pct},
            {"delete", c.delete_pct},
            {"get", c.get_pct}}},
          {"threads", c.threads},
          {"sync", c.sync},
          {"cold", c.cold},
          {"ops", c.duration_s > 0 ? json(nullptr) : json(c.ops)},
          {"duration_s", c.duration_s > 0 ? json(c.duration_s) : json(nullptr)},
          {"seed", c.seed}};
}

json SystemJson(const SystemSummary& s) {
  json rounds = json::array();
  for (const RunResult& r : s.rounds) rounds.push_back(r.ops_per_s);
  return {
      {"system", s.system},
      {"ops_per_s", s.ops_per_s},
      {"ratio_to_raw", Optional(s.ratio_to_raw)},
      {"ratio_to_sqlite", Optional(s.ratio_to_sqlite)},
      {"write_latency_us", Latency(s.write_latency)},
      {"read_latency_us", Latency(s.read_latency)},
      {"write_bytes_per_op",
       s.write_bytes_per_op < 0 ? json(nullptr) : json(s.write_bytes_per_op)},
      {"disk_bytes", s.disk_bytes},
      {"cpu_us_per_op", s.cpu_us_per_op},
      {"ops", s.ops},
      {"errors", s.errors},
      {"rounds", rounds}};
}

}  // namespace

std::string WriteJson(const Report& r, const std::string& path) {
  json systems = json::array();
  for (const SystemSummary& s : r.systems) systems.push_back(SystemJson(s));
  json targets = json::array();
  for (const Target& t : r.targets) {
    targets.push_back({{"name", t.name},
                       {"value", t.value},
                       {"target", t.target},
                       {"met", t.met}});
  }
  json bounds = json::array();
  for (const Bound& b : r.bounds) {
    bounds.push_back({{"name", b.name}, {"value", b.value}});
  }
  json doc = {{"tool", "eddy-bench"},       {"version", 1},
              {"label", r.label},           {"machine", MachineDescription()},
              {"config", Config(r.config)}, {"systems", systems},
              {"targets", targets},         {"bounds", bounds}};
  doc["handler_latency"] =
      r.handlers ? json{{"in_process", Handler(r.handlers->in_process)},
                        {"node", Handler(r.handlers->node)}}
                 : json(nullptr);
  std::ofstream out(path);
  if (!out) return "cannot write " + path;
  out << doc.dump(2) << "\n";
  return out ? "" : "write failed: " + path;
}

}  // namespace eddy::bench

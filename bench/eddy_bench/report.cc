// Copyright (c) Eddy authors.
//
// Summaries, targets, machine description, the terminal table and the
// Markdown section. JSON is in report_json.cc, the chart in chart.cc.

#include "bench/eddy_bench/report.h"

#include <sys/utsname.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <thread>

namespace eddy::bench {
namespace {

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Median over rounds of system's rate / baseline's rate in that round.
std::optional<double> RatioTo(const std::vector<std::vector<RunResult>>& rounds,
                              const std::string& system,
                              const std::string& baseline) {
  std::vector<double> ratios;
  for (const auto& round : rounds) {
    double a = 0, b = 0;
    for (const RunResult& r : round) {
      if (r.system == system) a = r.ops_per_s;
      if (r.system == baseline) b = r.ops_per_s;
    }
    if (a > 0 && b > 0) ratios.push_back(a / b);
  }
  if (ratios.empty()) return std::nullopt;
  return Median(ratios);
}

// Eddy with a stream on: the systems the targets are about.
bool IsStreamedEddy(const std::string& system) {
  return system.rfind("eddy-", 0) == 0 && system != "eddy-off";
}

void AddTargets(Report& r) {
  std::optional<double> min_raw, min_sqlite;
  for (const SystemSummary& s : r.systems) {
    if (!IsStreamedEddy(s.system)) continue;
    if (s.ratio_to_raw) {
      min_raw = std::min(min_raw.value_or(1e18), *s.ratio_to_raw);
    }
    if (s.ratio_to_sqlite) {
      min_sqlite = std::min(min_sqlite.value_or(1e18), *s.ratio_to_sqlite);
    }
  }
  double raw_target = r.config.sync ? 0.95 : 0.7;
  if (min_raw) {
    r.targets.push_back({std::string("eddy (worst view type) / raw rocksdb, "
                                     "sync=") +
                             (r.config.sync ? "true" : "false"),
                         *min_raw, raw_target, *min_raw >= raw_target});
  }
  if (min_sqlite) {
    r.targets.push_back({"eddy (worst view type) / sqlite with triggers",
                         *min_sqlite, 3.0, *min_sqlite >= 3.0});
  }
}

void AddBounds(Report& r, const std::vector<std::vector<RunResult>>& rounds) {
  auto add = [&](const std::string& name, const std::string& a,
                 const std::string& b) {
    if (std::optional<double> v = RatioTo(rounds, a, b)) {
      r.bounds.push_back({name, *v});
    }
  };
  add("raw-record / raw (a record in the same batch, no read)", "raw-record",
      "raw");
  add("raw-get-record / raw (old-item read + record: capture in RocksDB "
      "alone)",
      "raw-get-record", "raw");
  add("eddy-off / raw (Eddy's item work, no capture)", "eddy-off", "raw");
  const SystemSummary* worst = nullptr;
  for (const SystemSummary& s : r.systems) {
    if (!IsStreamedEddy(s.system) || !s.ratio_to_raw) continue;
    if (worst == nullptr || *s.ratio_to_raw < *worst->ratio_to_raw) worst = &s;
  }
  if (worst != nullptr) {
    add(worst->system + " / eddy-off (capture on Eddy's write path)",
        worst->system, "eddy-off");
  }
}

std::string Fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), format, v);
  return buf;
}

std::string Ratio(const std::optional<double>& r) {
  return r ? Fmt("%.2fx", *r) : "-";
}

std::string Us(uint64_t ns) { return Fmt("%.1f", ns / 1e3); }

std::string HandlerText(const HandlerLatency& h) {
  if (h.status != "ok") return h.status;
  return Fmt("p50 %.0f us", h.p50_us) + Fmt(", p99 %.0f us", h.p99_us) +
         Fmt(", max %.0f us", h.max_us) + " (" + std::to_string(h.samples) +
         " samples; first " + Fmt("%.0f us)", h.first_us);
}

// One row of cells per system, shared by the table and the Markdown.
std::vector<std::vector<std::string>> Rows(const Report& r) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"system", "ops/s", "x raw", "x sqlite", "write p50 us",
                  "p99 us", "p99.9 us", "read p50 us", "bytes written/op",
                  "cpu us/op", "errors"});
  for (const SystemSummary& s : r.systems) {
    bool reads = s.read_latency.count() > 0;
    rows.push_back(
        {s.system, Fmt("%.0f", s.ops_per_s), Ratio(s.ratio_to_raw),
         Ratio(s.ratio_to_sqlite), Us(s.write_latency.Percentile(0.5)),
         Us(s.write_latency.Percentile(0.99)),
         Us(s.write_latency.Percentile(0.999)),
         reads ? Us(s.read_latency.Percentile(0.5)) : "-",
         s.write_bytes_per_op < 0 ? "?" : Fmt("%.0f", s.write_bytes_per_op),
         Fmt("%.1f", s.cpu_us_per_op), std::to_string(s.errors)});
  }
  return rows;
}

std::string ConfigText(const WorkloadConfig& c) {
  std::string s = std::to_string(c.key_count) + " keys " +
                  (c.distribution == KeyDistribution::kZipfian
                       ? Fmt("zipfian(%.2f)", c.zipf_theta)
                       : std::string("uniform")) +
                  ", " + std::to_string(c.item_bytes) + " B items, mix put/" +
                  "update/delete/get " + std::to_string(c.put_pct) + "/" +
                  std::to_string(c.update_pct) + "/" +
                  std::to_string(c.delete_pct) + "/" +
                  std::to_string(c.get_pct) + ", " + std::to_string(c.threads) +
                  " thread(s), sync=" + (c.sync ? "true" : "false") +
                  (c.cold ? ", cold caches, " : ", ");
  return s + (c.duration_s > 0 ? Fmt("%.1f s", c.duration_s)
                               : std::to_string(c.ops) + " ops");
}

}  // namespace

Report Summarize(const std::string& label, const WorkloadConfig& c,
                 const std::vector<std::vector<RunResult>>& rounds,
                 std::optional<HandlerLatencyResult> handlers) {
  Report report{label, c, {}, std::move(handlers), {}};
  for (const RunResult& first : rounds.at(0)) {
    SystemSummary s;
    s.system = first.system;
    std::vector<double> rates;
    for (const auto& round : rounds) {
      for (const RunResult& r : round) {
        if (r.system != s.system) continue;
        rates.push_back(r.ops_per_s);
        s.write_latency.Merge(r.write_latency);
        s.read_latency.Merge(r.read_latency);
        s.cpu_us_per_op += r.cpu_us_per_op / rounds.size();
        s.write_bytes_per_op += r.write_bytes_per_op / rounds.size();
        s.disk_bytes = r.disk_bytes;
        s.ops += r.ops;
        s.errors += r.errors;
        s.rounds.push_back(r);
      }
    }
    s.ops_per_s = Median(rates);
    s.ratio_to_raw = RatioTo(rounds, s.system, "raw");
    s.ratio_to_sqlite = RatioTo(rounds, s.system, "sqlite");
    report.systems.push_back(std::move(s));
  }
  AddTargets(report);
  AddBounds(report, rounds);
  return report;
}

std::string MachineDescription() {
  std::string cpu = "unknown CPU";
  std::ifstream info("/proc/cpuinfo");
  for (std::string line; std::getline(info, line);) {
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  }
  std::ifstream mem("/proc/meminfo");
  std::string field;
  double kib = 0;
  mem >> field >> kib;
  utsname u{};
  uname(&u);
  return std::to_string(std::thread::hardware_concurrency()) + " x " + cpu +
         Fmt(", %.1f GiB RAM, ", kib / (1024 * 1024)) + u.sysname + " " +
         u.release;
}

void PrintTable(const Report& r, FILE* out) {
  auto rows = Rows(r);
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      width[i] = std::max(width[i], row[i].size());
    }
  }
  std::fprintf(out, "\n%s: %s\n", r.label.c_str(),
               ConfigText(r.config).c_str());
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      std::fprintf(out, i == 0 ? "%-*s" : "  %*s", static_cast<int>(width[i]),
                   row[i].c_str());
    }
    std::fprintf(out, "\n");
  }
  for (const Target& t : r.targets) {
    std::fprintf(out, "target: %s = %.2f (>= %.2f) %s\n", t.name.c_str(),
                 t.value, t.target, t.met ? "MET" : "MISSED");
  }
  for (const Bound& b : r.bounds) {
    std::fprintf(out, "bound: %s = %.2f\n", b.name.c_str(), b.value);
  }
  if (r.handlers) {
    std::fprintf(out, "commit-to-handler, in-process: %s\n",
                 HandlerText(r.handlers->in_process).c_str());
    std::fprintf(out, "commit-to-handler, Node.js:    %s\n",
                 HandlerText(r.handlers->node).c_str());
  }
  std::fflush(out);
}

std::string WriteMarkdown(const Report& r, const std::string& chart_name,
                          const std::string& path) {
  std::ofstream md(path);
  if (!md) return "cannot write " + path;
  md << "### " << r.label << "\n\n" << ConfigText(r.config) << ".\n\n";
  auto rows = Rows(r);
  for (size_t i = 0; i < rows.size(); ++i) {
    md << "|";
    for (const std::string& cell : rows[i]) md << " " << cell << " |";
    md << "\n";
    if (i == 0) {
      md << "|";
      for (size_t j = 0; j < rows[0].size(); ++j) md << (j ? "---:|" : "---|");
      md << "\n";
    }
  }
  md << "\n";
  for (const Target& t : r.targets) {
    md << "- target: " << t.name << " = **" << Fmt("%.2f", t.value)
       << "** (>= " << Fmt("%.2f", t.target) << ") "
       << (t.met ? "met" : "**missed**") << "\n";
  }
  for (const Bound& b : r.bounds) {
    md << "- bound: " << b.name << " = " << Fmt("%.2f", b.value) << "\n";
  }
  if (r.handlers) {
    md << "- commit-to-handler, in-process: "
       << HandlerText(r.handlers->in_process) << "\n"
       << "- commit-to-handler, Node.js: " << HandlerText(r.handlers->node)
       << "\n";
  }
  if (!chart_name.empty()) {
    md << "\n![" << r.label << "](" << chart_name << ")\n";
  }
  md << "\n";
  return md ? "" : "write failed: " + path;
}

}  // namespace eddy::bench

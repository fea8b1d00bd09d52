// Copyright (c) Eddy authors.
//
// The PNG chart: throughput per system (left) and write latency p50 / p99 /
// p99.9 per system on a log scale (right), drawn by gnuplot (Debian's
// gnuplot-nox) from a data file written next to the PNG.

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "bench/eddy_bench/report.h"

namespace eddy::bench {

std::string WriteChart(const Report& r, const std::string& png_path) {
  std::string data_path = png_path + ".dat";
  std::string script_path = png_path + ".gp";
  {
    std::ofstream data(data_path);
    if (!data) return "cannot write " + data_path;
    data << "# system ops_per_s p50_us p99_us p999_us\n";
    for (const SystemSummary& s : r.systems) {
      data << s.system << " " << s.ops_per_s << " "
           << s.write_latency.Percentile(0.5) / 1e3 << " "
           << s.write_latency.Percentile(0.99) / 1e3 << " "
           << s.write_latency.Percentile(0.999) / 1e3 << "\n";
    }
  }
  {
    std::ofstream gp(script_path);
    if (!gp) return "cannot write " + script_path;
    gp << "set terminal pngcairo size 1400,520 font 'sans,10'\n"
       << "set output '" << png_path << "'\n"
       << "set multiplot layout 1,2 title '" << r.label << "'\n"
       << "set style data histograms\n"
       << "set style fill solid 0.8 border -1\n"
       << "set boxwidth 0.8\n"
       << "set bmargin 8\n"
       << "set key top left\n"
       << "set xtics rotate by -30 noenhanced\n"
       << "set grid ytics\n"
       << "set title 'throughput (ops/s, higher is better)'\n"
       << "set yrange [0:*]\n"
       << "plot '" << data_path
       << "' using 2:xtic(1) title 'ops/s' linecolor rgb '#3b7dd8'\n"
       << "set title 'write latency (us, log scale, lower is better)'\n"
       << "set style histogram clustered gap 1\n"
       << "set logscale y\n"
       << "set yrange [*:*]\n"
       << "plot '" << data_path << "' using 3:xtic(1) title 'p50', '' using "
       << "4 title 'p99', '' using 5 title 'p99.9'\n"
       << "unset multiplot\n";
  }
  std::string command = "gnuplot '" + script_path + "' 2>&1";
  int rc = std::system(command.c_str());
  std::remove(script_path.c_str());
  std::remove(data_path.c_str());
  if (rc != 0) {
    return "gnuplot failed (exit " + std::to_string(rc) +
           "); is gnuplot-nox installed?";
  }
  return "";
}

}  // namespace eddy::bench

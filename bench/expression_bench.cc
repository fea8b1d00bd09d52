// Copyright (c) Eddy authors.
//
// Expressions: parse + evaluate a typical update and condition, and what a
// compiled expression adds to a PutItem. Prints, after the benchmarks, the
// time of evaluating a compiled condition and applying a compiled update as
// a fraction of one PutItem measured in the same run (target: < 10%).
//
//   expression_bench [--benchmark_min_time=0.5]

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "eddy/database.h"
#include "eddy/expression_strings.h"
#include "engine/evaluator.h"

namespace eddy::bench {
namespace {

using V = AttributeValue;

const char kUpdate[] =
    "SET #s = :status, visits = if_not_exists(visits, :zero) + :one, "
    "tags = list_append(tags, :more) REMOVE obsolete ADD seen :seen";
const char kCondition[] =
    "attribute_exists(Id) AND (#s <> :status OR visits < :max) AND "
    "begins_with(#o, :prefix) AND size(tags) <= :max";

// Placeholders must all be used, so each expression gets its own maps.
const std::map<std::string, std::string>& UpdateNames() {
  static const auto* names =
      new std::map<std::string, std::string>{{"#s", "status"}};
  return *names;
}
const std::map<std::string, V>& UpdateValues() {
  static const auto* values =
      new std::map<std::string, V>{{":status", V::S("active")},
                                   {":zero", V::N(0)},
                                   {":one", V::N(1)},
                                   {":more", V::L({V::S("x")})},
                                   {":seen", V::SS({"today"})}};
  return *values;
}
const std::map<std::string, std::string>& ConditionNames() {
  static const auto* names =
      new std::map<std::string, std::string>{{"#s", "status"}, {"#o", "owner"}};
  return *names;
}
const std::map<std::string, V>& ConditionValues() {
  static const auto* values =
      new std::map<std::string, V>{{":status", V::S("active")},
                                   {":max", V::N(100)},
                                   {":prefix", V::S("ali")}};
  return *values;
}

Item SampleItem(int64_t id) {
  return {{"Id", V::N(id)},
          {"owner", V::S("alice@example.com")},
          {"status", V::S("idle")},
          {"visits", V::N(7)},
          {"tags", V::L({V::S("a"), V::S("b")})},
          {"obsolete", V::Bool(true)}};
}

void BM_ParseUpdate(benchmark::State& state) {
  for (auto _ : state) {
    auto u = CompileUpdateExpression(kUpdate, UpdateNames(), UpdateValues());
    benchmark::DoNotOptimize(u);
  }
}
BENCHMARK(BM_ParseUpdate);

void BM_ParseCondition(benchmark::State& state) {
  for (auto _ : state) {
    auto c = CompileConditionExpression(kCondition, ConditionNames(),
                                        ConditionValues());
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_ParseCondition);

void BM_ParseAndEvaluateCondition(benchmark::State& state) {
  Item item = SampleItem(1);
  for (auto _ : state) {
    auto c = CompileConditionExpression(kCondition, ConditionNames(),
                                        ConditionValues());
    auto ok = engine::EvaluateCondition(*c, item);
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(BM_ParseAndEvaluateCondition);

void BM_EvaluateCompiledCondition(benchmark::State& state) {
  Item item = SampleItem(1);
  Condition c = *CompileConditionExpression(kCondition, ConditionNames(),
                                            ConditionValues());
  for (auto _ : state) {
    auto ok = engine::EvaluateCondition(c, item);
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(BM_EvaluateCompiledCondition);

void BM_ApplyCompiledUpdate(benchmark::State& state) {
  Item item = SampleItem(1);
  std::vector<UpdateAction> u =
      *CompileUpdateExpression(kUpdate, UpdateNames(), UpdateValues());
  for (auto _ : state) {
    Item copy = item;
    auto s = engine::ApplyUpdate(u, &copy, nullptr);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_ApplyCompiledUpdate);

// A PutItem of the sample item (stream off, no condition): the yardstick.
void BM_PutItem(benchmark::State& state) {
  std::string dir = std::filesystem::temp_directory_path() / "eddy-expr-bench";
  std::filesystem::remove_all(dir);
  auto db = *Database::Open(dir, {});
  (void)db->CreateTable({.table_name = "Dogs",
                         .key_schema = {.partition_key = {"Id", KeyType::kN}}});
  int64_t i = 0;
  for (auto _ : state) {
    auto r =
        db->PutItem({.table_name = "Dogs", .item = SampleItem(i++ % 100000)});
    benchmark::DoNotOptimize(r);
  }
  db.reset();  // after the loop: not timed
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_PutItem);

class Summary : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      if (r.iterations > 0) {
        ns_[r.run_name.function_name] = r.GetAdjustedRealTime();
      }
    }
  }
  void PrintRatios() const {
    double put = ns_.at("BM_PutItem");
    std::printf("\nPutItem: %.0f ns\n", put);
    for (const char* name :
         {"BM_EvaluateCompiledCondition", "BM_ApplyCompiledUpdate",
          "BM_ParseAndEvaluateCondition"}) {
      std::printf("%-30s %7.0f ns = %5.1f%% of a PutItem\n", name, ns_.at(name),
                  100.0 * ns_.at(name) / put);
    }
  }

 private:
  std::map<std::string, double> ns_;
};

}  // namespace
}  // namespace eddy::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  eddy::bench::Summary summary;
  benchmark::RunSpecifiedBenchmarks(&summary);
  summary.PrintRatios();
  benchmark::Shutdown();
  return 0;
}

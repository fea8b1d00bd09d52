// Copyright (c) Eddy authors.
//
// Codec micro benchmarks for bench/engine_bench.cc: key encoding
// (engine/key_codec.h), item encode and decode (engine/item_codec.h), and
// the two other per-item steps of PutItem, copying the request's item and
// validating it (engine/item_validation.h), timed alone.

#ifndef EDDY_BENCH_CODEC_MICRO_H_
#define EDDY_BENCH_CODEC_MICRO_H_

#include <string>

#include "bench/engine_bench_env.h"
#include "benchmark/benchmark.h"

namespace eddy::bench {

// ----------------------------------------------------

inline void KeyEncode(benchmark::State& state, KeyType type, AttributeValue v) {
  std::string out;
  for (auto _ : state) {
    out.clear();
    engine::AppendKeyValue(type, v, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}

inline void KeyEncodeComposite(benchmark::State& state) {
  AttributeValue pk = AttributeValue::S("customer#0000042");
  AttributeValue sk = AttributeValue::N("12345.678");
  std::string out;
  for (auto _ : state) {
    out.clear();
    engine::AppendTableId(kTableId, &out);
    engine::AppendKeyValue(KeyType::kS, pk, &out);
    engine::AppendKeyValue(KeyType::kN, sk, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}

inline void ItemEncode(benchmark::State& state, const Workload* w) {
  std::string out;
  for (auto _ : state) {
    engine::EncodeItem(w->item, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * w->value.size());
}

inline void ItemDecode(benchmark::State& state, const Workload* w) {
  for (auto _ : state) {
    absl::StatusOr<Item> item = engine::DecodeItem(w->value);
    if (!item.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(item);
  }
  state.SetBytesProcessed(state.iterations() * w->value.size());
  state.counters["bytes"] = static_cast<double>(w->value.size());
}

// The checks a zero-copy read runs: the FlatBuffers verifier and the
// format's own rules (type numbers, names, N text), no decoding.
inline void ItemVerify(benchmark::State& state, const Workload* w) {
  for (auto _ : state) {
    absl::Status s = engine::VerifyItem(w->value);
    if (!s.ok()) state.SkipWithError("verify failed");
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(state.iterations() * w->value.size());
}

// Format 1 (engine/item.fbs: one table per value, written before format
// 2): the same three steps, for a comparison in one run.
inline void ItemEncodeV1(benchmark::State& state, const Workload* w) {
  std::string out;
  for (auto _ : state) {
    engine::EncodeItemV1(w->item, &out);
    benchmark::DoNotOptimize(out.data());
  }
}

inline void ItemDecodeV1(benchmark::State& state, const Workload* w) {
  std::string v1;
  engine::EncodeItemV1(w->item, &v1);
  for (auto _ : state) {
    absl::StatusOr<Item> item = engine::DecodeItem(v1);
    if (!item.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(item);
  }
  state.counters["bytes"] = static_cast<double>(v1.size());
}

inline void ItemVerifyV1(benchmark::State& state, const Workload* w) {
  std::string v1;
  engine::EncodeItemV1(w->item, &v1);
  for (auto _ : state) {
    absl::Status s = engine::VerifyItem(v1);
    if (!s.ok()) state.SkipWithError("verify failed");
    benchmark::DoNotOptimize(s);
  }
}

// The PutItem path's own steps, timed alone (see README, "Where the time
// goes"): copying the request item, and validating it.
inline void ItemCopy(benchmark::State& state, const Workload* w) {
  for (auto _ : state) {
    Item copy = w->item;
    benchmark::DoNotOptimize(copy);
  }
}

inline void ItemCopyNormalize(benchmark::State& state, const Workload* w) {
  KeySchema schema = BenchSchema();
  for (auto _ : state) {
    Item copy = w->item;
    absl::Status s = engine::NormalizeItem(schema, &copy);
    if (!s.ok()) state.SkipWithError("normalize failed");
    benchmark::DoNotOptimize(copy);
  }
}

// Registers the micro benchmarks for `works` (which must outlive the run).
inline void RegisterMicro(const Workload (&works)[2]) {
  benchmark::RegisterBenchmark("KeyEncode/S16", KeyEncode, KeyType::kS,
                               AttributeValue::S("0123456789abcdef"));
  benchmark::RegisterBenchmark("KeyEncode/N", KeyEncode, KeyType::kN,
                               AttributeValue::N("12345.678"));
  benchmark::RegisterBenchmark("KeyEncode/Composite_S16_N", KeyEncodeComposite);
  for (const Workload& w : works) {
    std::string n = "/" + w.name;
    benchmark::RegisterBenchmark(("ItemEncode" + n).c_str(), ItemEncode, &w);
    benchmark::RegisterBenchmark(("ItemDecode" + n).c_str(), ItemDecode, &w);
    benchmark::RegisterBenchmark(("ItemVerify" + n).c_str(), ItemVerify, &w);
    benchmark::RegisterBenchmark(("ItemEncodeV1" + n).c_str(), ItemEncodeV1,
                                 &w);
    benchmark::RegisterBenchmark(("ItemDecodeV1" + n).c_str(), ItemDecodeV1,
                                 &w);
    benchmark::RegisterBenchmark(("ItemVerifyV1" + n).c_str(), ItemVerifyV1,
                                 &w);
    benchmark::RegisterBenchmark(("ItemCopy" + n).c_str(), ItemCopy, &w);
    benchmark::RegisterBenchmark(("ItemCopy+Normalize" + n).c_str(),
                                 ItemCopyNormalize, &w);
  }
}

}  // namespace eddy::bench

#endif  // EDDY_BENCH_CODEC_MICRO_H_

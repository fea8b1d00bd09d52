// Copyright (c) Eddy authors.

#include "bench/eddy_bench/workload.h"

#include <cmath>

namespace eddy::bench {

const char* OpKindName(OpKind kind) {
  switch (kind) {
    case OpKind::kPut:
      return "put";
    case OpKind::kUpdate:
      return "update";
    case OpKind::kDelete:
      return "delete";
    case OpKind::kGet:
      return "get";
  }
  return "?";
}

std::string ValidateWorkload(const WorkloadConfig& c) {
  if (c.key_count < 1) return "--keys must be >= 1";
  if (c.put_pct < 0 || c.update_pct < 0 || c.delete_pct < 0 || c.get_pct < 0 ||
      c.put_pct + c.update_pct + c.delete_pct + c.get_pct != 100) {
    return "--mix: put,update,delete,get percentages must be >= 0 and sum "
           "to 100";
  }
  if (c.put_pct + c.update_pct + c.delete_pct == 0) {
    return "--mix: at least one write kind is needed";
  }
  if (c.threads < 1 || c.threads > 64) return "--threads must be in 1..64";
  if (c.item_bytes < 1 || c.item_bytes > 300000) {
    return "--item-bytes must be in 1..300000 (DynamoDB's item limit)";
  }
  if (c.duration_s <= 0 && c.ops < c.threads) {
    return "--ops must be >= --threads";
  }
  if (c.zipf_theta <= 0 || c.zipf_theta >= 1) return "--zipf-theta in (0,1)";
  return "";
}

KeyChooser::KeyChooser(const WorkloadConfig& c)
    : distribution_(c.distribution), n_(c.key_count) {
  if (distribution_ != KeyDistribution::kZipfian) return;
  // Gray et al., "Quickly generating billion-record synthetic databases",
  // as in YCSB's ZipfianGenerator.
  theta_ = c.zipf_theta;
  for (uint32_t i = 1; i <= n_; ++i) zetan_ += 1.0 / std::pow(i, theta_);
  double zeta2 = 1.0 + 1.0 / std::pow(2.0, theta_);
  alpha_ = 1.0 / (1.0 - theta_);
  eta_ = (1.0 - std::pow(2.0 / n_, 1.0 - theta_)) / (1.0 - zeta2 / zetan_);
}

uint32_t KeyChooser::Next(std::mt19937_64& rng) const {
  if (distribution_ == KeyDistribution::kUniform) {
    return static_cast<uint32_t>(rng() % n_);
  }
  double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  double uz = u * zetan_;
  uint64_t rank;
  if (uz < 1.0) {
    rank = 0;
  } else if (uz < 1.0 + std::pow(0.5, theta_)) {
    rank = 1;
  } else {
    rank = static_cast<uint64_t>(n_ * std::pow(eta_ * u - eta_ + 1, alpha_));
  }
  // Scramble (FNV-1a of the rank) so hot keys are not neighbours.
  uint64_t h = 14695981039346656037ull;
  for (int i = 0; i < 8; ++i) {
    h ^= (rank >> (8 * i)) & 0xff;
    h *= 1099511628211ull;
  }
  return static_cast<uint32_t>(h % n_);
}

OpStream::OpStream(const WorkloadConfig& c, const KeyChooser& keys, int thread)
    : keys_(keys),
      rng_(c.seed + 7919 * static_cast<uint64_t>(thread)),
      cut_put_(c.put_pct),
      cut_update_(c.put_pct + c.update_pct),
      cut_delete_(c.put_pct + c.update_pct + c.delete_pct) {}

Op OpStream::Next() {
  int r = static_cast<int>(rng_() % 100);
  OpKind kind = r < cut_put_      ? OpKind::kPut
                : r < cut_update_ ? OpKind::kUpdate
                : r < cut_delete_ ? OpKind::kDelete
                                  : OpKind::kGet;
  return {kind, keys_.Next(rng_)};
}

}  // namespace eddy::bench

// Copyright (c) Eddy authors.
//
// Striped per-item locks. Every write to an item holds the stripe its
// encoded key hashes to, from reading the old item (condition, update,
// return values) until its WriteBatch is in RocksDB, so read-modify-write
// is atomic per item and writes to one item apply in lock order.
//
// Why stripes and not TransactionDB: RocksDB already makes each WriteBatch
// atomic; what Eddy needs on top is mutual exclusion of read-modify-write per
// item. A fixed array of mutexes gives that with one uncontended lock per
// write (~20 ns) and no lock manager, no per-key allocation and no deadlock
// detection: multi-item writes lock their stripes in ascending index order.
// Two items sharing a stripe only serialize needlessly; with 4096 stripes
// that is rare.
//
// The stripes are std::mutex, not absl::Mutex: they are leaf locks (nothing
// is locked while holding one except the write group and RocksDB's own),
// and absl::Mutex's deadlock detection, which Debian's abseil build enables,
// cost ~5% of a PutItem.

#ifndef EDDY_ENGINE_ITEM_LOCKS_H_
#define EDDY_ENGINE_ITEM_LOCKS_H_

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "absl/hash/hash.h"

namespace eddy::engine {

class ItemLocks {
 public:
  // REQUIRES: stripes is a power of two.
  explicit ItemLocks(size_t stripes)
      : mask_(stripes - 1), mutexes_(new std::mutex[stripes]) {}

  size_t StripeOf(std::string_view encoded_key) const {
    return absl::HashOf(encoded_key) & mask_;
  }

  // Holds the stripes of a set of keys, locked in ascending order, for its
  // lifetime.
  class Guard {
   public:
    Guard(ItemLocks* locks, std::vector<size_t> stripes) : locks_(locks) {
      std::sort(stripes.begin(), stripes.end());
      stripes.erase(std::unique(stripes.begin(), stripes.end()), stripes.end());
      stripes_ = std::move(stripes);
      for (size_t s : stripes_) locks_->mutexes_[s].lock();
    }
    ~Guard() {
      for (auto it = stripes_.rbegin(); it != stripes_.rend(); ++it) {
        locks_->mutexes_[*it].unlock();
      }
    }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

   private:
    ItemLocks* locks_;
    std::vector<size_t> stripes_;
  };

  // Holds one key's stripe.
  class SingleGuard {
   public:
    SingleGuard(ItemLocks* locks, std::string_view key)
        : mu_(&locks->mutexes_[locks->StripeOf(key)]) {
      mu_->lock();
    }
    ~SingleGuard() { mu_->unlock(); }
    SingleGuard(const SingleGuard&) = delete;
    SingleGuard& operator=(const SingleGuard&) = delete;

   private:
    std::mutex* mu_;
  };

 private:
  const size_t mask_;
  std::unique_ptr<std::mutex[]> mutexes_;
};

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_ITEM_LOCKS_H_

// Copyright (c) Eddy authors.
//
// Injected I/O faults (tests/crash/fault_fs.h): a failed write, sync or read
// returns an error status, nothing half-written is visible, the Database
// keeps working or refuses writes with a clear error until reopened, and
// after reopening the table and its change log agree. Disk full: writes
// fail cleanly (kResourceExhausted), reads keep working.

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "eddy/status.h"
#include "engine/db_testing.h"
#include "tests/crash/deliveries.h"
#include "tests/crash/fault_fs.h"
#include "tests/crash/oracle.h"
#include "tests/crash/workload.h"

namespace eddy::crash {
namespace {

using V = AttributeValue;

class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "eddy-fault-XXXXXX").string();
    EXPECT_NE(mkdtemp(tmpl.data()), nullptr);
    path_ = tmpl + "/db";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(std::filesystem::path(path_).parent_path(), ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::unique_ptr<Database> OpenOn(const std::string& path, FaultFs* fs) {
  auto db = engine::DBTesting::OpenWithEnv(path, {}, fs ? fs->env() : nullptr);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : nullptr;
}

absl::Status Put(Database* db, int64_t k, const std::string& v,
                 Durability d = Durability::kSync) {
  return db
      ->PutItem({.table_name = kTable,
                 .item = {{"k", V::N(k)}, {"w", V::N(0)}, {"v", V::S(v)}},
                 .write_options = {.durability = d}})
      .status();
}

// The value of attribute v of item k ("" if absent); fails on an error.
std::string Get(Database* db, int64_t k) {
  auto r = db->GetItem({.table_name = kTable, .key = {{"k", V::N(k)}}});
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() && r->item ? r->item->at("v").s() : "";
}

// Reopens without faults; the change log replays to the table.
void ExpectConsistentAfterReopen(const std::string& path) {
  auto db = OpenOn(path, nullptr);
  ASSERT_NE(db, nullptr);
  Oracle oracle;  // no writes reported: checks log/table agreement only
  for (const std::string& e : oracle.Verify(db.get(), CrashMode::kPowerLoss)) {
    // Records of writes made outside the oracle are "unknown"; only the
    // structural checks matter here.
    if (e.find("unknown write") != std::string::npos) continue;
    if (e.find("by no reported delete") != std::string::npos) continue;
    ADD_FAILURE() << e;
  }
}

void ExpectStorageError(const absl::Status& s) {
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.code() == absl::StatusCode::kInternal ||
              s.code() == absl::StatusCode::kResourceExhausted ||
              s.code() == absl::StatusCode::kUnavailable)
      << s;
  EXPECT_FALSE(s.message().empty());
}

class FaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = OpenOn(dir_.path(), nullptr);
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(CreateCrashTable(db.get()).ok());
    ASSERT_TRUE(Put(db.get(), 1, "before").ok());
    ASSERT_TRUE(db->Close().ok());
  }
  TempDir dir_;
  FaultFs fs_{42};
};

TEST_F(FaultTest, WalWriteErrorFailsTheWriteAndChangesNothing) {
  auto db = OpenOn(dir_.path(), &fs_);
  ASSERT_NE(db, nullptr);
  fs_.SetErrorRate(FaultKind::kWrite, 1.0, ".log");
  ExpectStorageError(Put(db.get(), 1, "after"));
  EXPECT_GE(fs_.InjectedErrors(FaultKind::kWrite), 1u);
  EXPECT_EQ(Get(db.get(), 1), "before");
  fs_.SetErrorRate(FaultKind::kWrite, 0);
  // Either the Database keeps working or it refuses writes clearly.
  absl::Status next = Put(db.get(), 2, "next");
  if (!next.ok()) ExpectStorageError(next);
  db.reset();
  ExpectConsistentAfterReopen(dir_.path());
  auto reopened = OpenOn(dir_.path(), nullptr);
  EXPECT_EQ(Get(reopened.get(), 1), "before");
  EXPECT_TRUE(Put(reopened.get(), 3, "works").ok());
}

TEST_F(FaultTest, WalSyncErrorFailsTheWriteAndKeepsItemAndLogTogether) {
  auto db = OpenOn(dir_.path(), &fs_);
  ASSERT_NE(db, nullptr);
  fs_.SetErrorRate(FaultKind::kSync, 1.0, ".log");
  ExpectStorageError(Put(db.get(), 1, "after"));
  EXPECT_GE(fs_.InjectedErrors(FaultKind::kSync), 1u);
  // Not acknowledged: not visible in this process.
  EXPECT_EQ(Get(db.get(), 1), "before");
  fs_.SetErrorRate(FaultKind::kSync, 0);
  db.reset();
  // The bytes reached the OS, so after reopening the write may or may not
  // be there (as with a failed fsync anywhere) - but item and record agree.
  ExpectConsistentAfterReopen(dir_.path());
}

TEST_F(FaultTest, ReadErrorIsAnErrorNotAMissingItem) {
  auto db = OpenOn(dir_.path(), &fs_);
  ASSERT_NE(db, nullptr);
  fs_.SetErrorRate(FaultKind::kRead, 1.0, ".sst");
  auto r = db->GetItem({.table_name = kTable, .key = {{"k", V::N(1)}}});
  ExpectStorageError(r.status());
  EXPECT_GE(fs_.InjectedErrors(FaultKind::kRead), 1u);
  fs_.SetErrorRate(FaultKind::kRead, 0);
  EXPECT_EQ(Get(db.get(), 1), "before");
  EXPECT_TRUE(Put(db.get(), 2, "still writes").ok());
  db.reset();
  ExpectConsistentAfterReopen(dir_.path());
}

TEST_F(FaultTest, DiskFullFailsWritesCleanlyAndReadsKeepWorking) {
  auto db = OpenOn(dir_.path(), &fs_);
  ASSERT_NE(db, nullptr);
  fs_.SetSpaceQuota(0);
  absl::Status s = Put(db.get(), 1, "after");
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted) << s;
  s = Put(db.get(), 2, "new", Durability::kNoSync);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(Get(db.get(), 1), "before");
  EXPECT_EQ(Get(db.get(), 2), "");
  auto scan = db->Scan({.table_name = kTable});
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_EQ(scan->items.size(), 1u);
  fs_.SetSpaceQuota(UINT64_MAX);
  db.reset();
  ExpectConsistentAfterReopen(dir_.path());
  auto reopened = OpenOn(dir_.path(), nullptr);
  EXPECT_EQ(Get(reopened.get(), 1), "before");
  EXPECT_TRUE(Put(reopened.get(), 2, "space again").ok());
}

// Several versions of each item in several SST files; random read errors
// must surface as errors, never as an older version (or no item).
TEST(ReadFaults, NeverReturnAnOlderVersion) {
  TempDir dir;
  constexpr int kKeys = 50, kVersions = 4;
  for (int version = 0; version < kVersions; ++version) {
    auto db = OpenOn(dir.path(), nullptr);
    ASSERT_NE(db, nullptr);
    if (version == 0) ASSERT_TRUE(CreateCrashTable(db.get()).ok());
    for (int k = 0; k < kKeys; ++k) {
      ASSERT_TRUE(Put(db.get(), k, "v" + std::to_string(version)).ok());
    }
    ASSERT_TRUE(db->Close().ok());  // one SST per version
  }
  const std::string latest = "v" + std::to_string(kVersions - 1);
  uint64_t errors = 0;
  for (int round = 0; round < 10; ++round) {
    FaultFs fs(100 + round);
    auto db = OpenOn(dir.path(), &fs);
    ASSERT_NE(db, nullptr);
    fs.SetErrorRate(FaultKind::kRead, 0.2);
    for (int j = 0; j < 4 * kKeys; ++j) {
      auto r =
          db->GetItem({.table_name = kTable, .key = {{"k", V::N(j % kKeys)}}});
      if (!r.ok()) {
        ExpectStorageError(r.status());
        ++errors;
        continue;
      }
      ASSERT_TRUE(r->item.has_value())
          << "round " << round << " key " << j % kKeys;
      ASSERT_EQ(r->item->at("v").s(), latest)
          << "round " << round << " key " << j % kKeys;
    }
    fs.SetErrorRate(FaultKind::kRead, 0);
  }
  EXPECT_GT(errors, 0u);
  auto db = OpenOn(dir.path(), nullptr);
  for (int k = 0; k < kKeys; ++k) EXPECT_EQ(Get(db.get(), k), latest) << k;
}

// Several flushes, so compactions run under read errors: a write that
// was acknowledged is still there after a clean reopen.
TEST(ReadFaults, CompactionUnderReadErrorsLosesNothing) {
  TempDir dir;
  constexpr int kKeys = 40, kVersions = 6;
  std::map<int, std::string> expect;
  for (int version = 0; version < kVersions; ++version) {
    FaultFs fs(7 + version);
    auto db = OpenOn(dir.path(), version < 3 ? nullptr : &fs);
    ASSERT_NE(db, nullptr);
    if (version == 0) ASSERT_TRUE(CreateCrashTable(db.get()).ok());
    fs.SetErrorRate(FaultKind::kRead, 0.2);
    for (int k = 0; k < kKeys; ++k) {
      if (Put(db.get(), k, "v" + std::to_string(version)).ok())
        expect[k] = "v" + std::to_string(version);
    }
    for (int j = 0; j < 500; ++j)
      db->GetItem({.table_name = kTable, .key = {{"k", V::N(j % kKeys)}}})
          .IgnoreError();
    db.reset();
    fs.SetErrorRate(FaultKind::kRead, 0);
    auto check = OpenOn(dir.path(), nullptr);
    for (int k = 0; k < kKeys; ++k)
      EXPECT_EQ(Get(check.get(), k), expect[k])
          << "version " << version << " key " << k;
  }
}

class OracleSink : public Reporter {
 public:
  // Sets *stop after `max_events` events.
  OracleSink(Oracle* o, std::atomic<bool>* stop, int64_t max_events)
      : oracle_(o), stop_(stop), max_events_(max_events) {}
  void Send(const Event& e) override {
    absl::MutexLock lock(&mu_);
    oracle_->Add(e);
    if (++events_ >= max_events_) stop_->store(true);
  }

 private:
  absl::Mutex mu_;
  Oracle* const oracle_;
  std::atomic<bool>* const stop_;
  const int64_t max_events_;
  int64_t events_ ABSL_GUARDED_BY(mu_) = 0;
};

// Cycles of the crash workload with random write, sync and read errors:
// each runs until the first failed write (which must be a clean storage
// error); then, without dropping any data, every acknowledged write must
// survive a reopen and the oracle's checks must hold.
void RunFaultCycles(const std::vector<FaultKind>& kinds,
                    const std::string& file) {
  TempDir dir;
  {
    auto db = OpenOn(dir.path(), nullptr);
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(CreateCrashTable(db.get()).ok());
  }
  Oracle oracle;
  uint64_t injected = 0;
  const int kCycles = static_cast<int>(kinds.size());
  for (int cycle = 1; cycle <= kCycles; ++cycle) {
    uint64_t seed = 9000 + cycle;
    SCOPED_TRACE("cycle " + std::to_string(cycle) + " seed " +
                 std::to_string(seed));
    FaultFs fs(seed);
    auto db = OpenOn(dir.path(), &fs);
    ASSERT_NE(db, nullptr);
    if (cycle > static_cast<int>(kinds.size())) break;
    FaultKind kind = kinds[cycle - 1];
    fs.SetErrorRate(kind, kind == FaultKind::kRead ? 0.2 : 0.02, file);
    oracle.BeginCycle();
    std::atomic<bool> stop{false};
    OracleSink sink(&oracle, &stop, 3000);
    absl::Status s = RunWorkload(
        db.get(), {.seed = seed, .cycle = static_cast<uint32_t>(cycle)}, &sink,
        &stop);
    if (!s.ok()) ExpectStorageError(s);
    fs.SetErrorRate(kind, 0);
    injected += fs.InjectedErrors(FaultKind::kWrite) +
                fs.InjectedErrors(FaultKind::kSync) +
                fs.InjectedErrors(FaultKind::kRead);
    db.reset();
    auto reopened = OpenOn(dir.path(), nullptr);
    ASSERT_NE(reopened, nullptr);
    for (const std::string& e :
         oracle.Verify(reopened.get(), CrashMode::kProcessKill)) {
      ADD_FAILURE() << e;
    }
  }
  EXPECT_GT(injected, 0u);
  printf("fault cycles: %d, errors injected: %llu, writes acknowledged: %llu\n",
         kCycles, static_cast<unsigned long long>(injected),
         static_cast<unsigned long long>(oracle.acked_writes()));
}

TEST(FaultCycles, WriteSyncAndReadFaultsNeverLoseAcknowledgedWrites) {
  using K = FaultKind;
  RunFaultCycles({K::kWrite, K::kSync, K::kRead, K::kWrite, K::kSync, K::kRead,
                  K::kWrite, K::kSync, K::kRead, K::kWrite, K::kSync, K::kRead},
                 "");
}

// A failed WAL sync leaves the write in the file: it may come back on
// reopen, and then it must stay (through a later run on the same files).
TEST(FaultCycles, WalSyncErrorThenCleanRunKeepsWhatReopenShowed) {
  RunFaultCycles({FaultKind::kSync, FaultKind::kRead}, ".log");
}

// The crash driver's repair of a delivery file torn by kill -9
// (tests/crash/deliveries.h): whole lines stay, the torn tail goes.
TEST(TrimTornDeliveryLinesTest, CutsOnlyTheTornTail) {
  TempDir dir;
  const std::string inproc = DeliveryLogPath(dir.path(), kInProcFunction);
  const std::string node = DeliveryLogPath(dir.path(), kNodeFunction);
  std::ofstream(inproc) << "crash_inproc 1 100000000000000000001 p1-1\ncrash";
  std::ofstream(node) << "crash_node 2 100000000000000000002 7\n";
  ASSERT_TRUE(TrimTornDeliveryLines(dir.path()));
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in),
                       std::istreambuf_iterator<char>());
  };
  EXPECT_EQ(read(inproc), "crash_inproc 1 100000000000000000001 p1-1\n");
  EXPECT_EQ(read(node), "crash_node 2 100000000000000000002 7\n");
  std::ofstream(inproc) << "cra";  // a first line, torn
  ASSERT_TRUE(TrimTornDeliveryLines(dir.path()));
  EXPECT_EQ(read(inproc), "");
}

}  // namespace
}  // namespace eddy::crash

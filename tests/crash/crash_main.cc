// Copyright (c) Eddy authors.
//
// eddy_crash: the crash-cycle driver (issue 8).
//
//   eddy_crash kill  [--cycles N] [--seed S] [--cycles_per_db M] [--dir D]
//   eddy_crash power [--cycles N] [--seed S] [--cycles_per_db M] [--dir D]
//   eddy_crash deliver|faults [same flags]
//
// kill:  each cycle spawns this binary as a workload process (the hidden
//        `workload` mode), reads its reports through a pipe, SIGKILLs it
//        after a seeded number of events, reopens the database and runs the
//        oracle (tests/crash/oracle.h) with the process-crash rules: every
//        acknowledged write survives.
// power: each cycle runs the workload in this process on a FaultFs
//        (tests/crash/fault_fs.h), "loses power" after a seeded number of
//        events (every later file write fails, then unsynced bytes are
//        dropped), reopens on what survived and runs the oracle with the
//        power-loss rules: acknowledged sync writes survive, and what is
//        missing is a suffix of unsynced writes.
// deliver: kill cycles with two mappings on the stream (an in-process and a
//        Node.js handler recording each delivery durably, see
//        tests/crash/deliveries.h); after each reopen the verifier waits
//        for both to catch up and checks delivery (DeliveryChecker).
// faults: deliver, with handlers that fail at random (errors, exceptions,
//        timeouts, partial batch failures, Node worker exits): every
//        record must be delivered or in the mapping's failure destination.
// A fresh database (and oracle) is created every M cycles (default 10), so
// a cycle's checks stay short. Seeds are printed; a failing run prints the
// command that repeats it and keeps its directory. Exit status 0 = clean.

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "engine/db_testing.h"
#include "tests/crash/fault_fs.h"
#include "tests/crash/oracle.h"
#include "tests/crash/workload.h"

namespace eddy::crash {
namespace {

struct Flags {
  std::string mode;
  int cycles = 10;
  uint64_t seed = 0;
  int cycles_per_db = 10;
  std::string dir;
  uint32_t cycle = 0;  // workload mode
  int fd = -1;         // workload mode
  TriggerMode triggers = TriggerMode::kNone;
};

bool ParseFlags(int argc, char** argv, Flags* f) {
  if (argc < 2) return false;
  f->mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string name = argv[i], value = argv[i + 1];
    if (name == "--cycles")
      f->cycles = std::stoi(value);
    else if (name == "--seed")
      f->seed = std::stoull(value);
    else if (name == "--cycles_per_db")
      f->cycles_per_db = std::stoi(value);
    else if (name == "--dir")
      f->dir = value;
    else if (name == "--cycle")
      f->cycle = std::stoul(value);
    else if (name == "--fd")
      f->fd = std::stoi(value);
    else if (name == "--triggers")
      f->triggers = static_cast<TriggerMode>(std::stoi(value));
    else
      return false;
  }
  return f->cycles_per_db > 0;
}

class FdReporter : public Reporter {
 public:
  explicit FdReporter(int fd) : fd_(fd) {}
  void Send(const Event& e) override {
    // < PIPE_BUF: atomic, so no lock is needed between writer threads.
    if (write(fd_, &e, sizeof(e)) != sizeof(e)) _exit(5);
  }

 private:
  const int fd_;
};

// The workload process: runs until killed.
int WorkloadMain(const Flags& f) {
  auto db = Database::Open(f.dir, {});
  if (!db.ok()) {
    fprintf(stderr, "workload: open: %s\n", db.status().ToString().c_str());
    return 2;
  }
  if (f.triggers != TriggerMode::kNone) {
    absl::Status s = RegisterInProcess(db->get(), f.dir, f.triggers, f.seed);
    if (!s.ok()) {
      fprintf(stderr, "workload: register: %s\n", s.ToString().c_str());
      return 2;
    }
  }
  FdReporter reporter(f.fd);
  std::atomic<bool> stop{false};
  absl::Status s = RunWorkload(db->get(), {.seed = f.seed, .cycle = f.cycle},
                               &reporter, &stop);
  fprintf(stderr, "workload: unexpected failure: %s\n", s.ToString().c_str());
  return 3;
}

bool ReadFull(int fd, Event* e) {
  char* p = reinterpret_cast<char*>(e);
  size_t got = 0;
  while (got < sizeof(*e)) {
    ssize_t n = read(fd, p + got, sizeof(*e) - got);
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

// Waits for the killed workload's function workers, orphaned to this
// process (a child subreaper, see DriverMain), to exit: one still appending
// to a delivery log after the reopen would look like a redelivery. Counts
// them in *reaped. False if one is still running after 30 s.
bool ReapOrphans(uint64_t* reaped) {
  auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (true) {
    pid_t p = waitpid(-1, nullptr, WNOHANG);
    if (p < 0) return true;  // ECHILD: none left
    if (p > 0) {
      ++*reaped;
      continue;
    }
    if (std::chrono::steady_clock::now() > limit) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// One kill -9 cycle. Returns false (after printing why) on a failure.
bool KillCycle(const Flags& f, uint32_t cycle, uint64_t seed, int64_t target,
               Oracle* oracle, uint64_t* reaped) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 3);  // dup2 clears FD_CLOEXEC
    std::string seed_s = std::to_string(seed), cycle_s = std::to_string(cycle);
    std::string triggers_s = std::to_string(static_cast<int>(f.triggers));
    execl("/proc/self/exe", "eddy_crash", "workload", "--dir", f.dir.c_str(),
          "--seed", seed_s.c_str(), "--cycle", cycle_s.c_str(), "--fd", "3",
          "--triggers", triggers_s.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  int64_t events = 0;
  bool killed = false;
  Event e;
  while (ReadFull(fds[0], &e)) {
    oracle->Add(e);
    if (++events >= target && !killed) {
      kill(pid, SIGKILL);
      killed = true;  // keep reading: reports written before death count
    }
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!killed || !WIFSIGNALED(status)) {
    fprintf(stderr, "cycle %u: workload exited early (status %d)\n", cycle,
            status);
    return false;
  }
  if (!ReapOrphans(reaped)) {
    fprintf(stderr,
            "cycle %u: a function worker outlived its Database by "
            "30 s\n",
            cycle);
    return false;
  }
  if (f.triggers != TriggerMode::kNone && !TrimTornDeliveryLines(f.dir)) {
    fprintf(stderr, "cycle %u: cannot trim the delivery files\n", cycle);
    return false;
  }
  return true;
}

class OracleReporter : public Reporter {
 public:
  OracleReporter(Oracle* oracle, int64_t target, FaultFs* fs,
                 std::atomic<bool>* stop)
      : oracle_(oracle), target_(target), fs_(fs), stop_(stop) {}
  void Send(const Event& e) override {
    absl::MutexLock lock(&mu_);
    oracle_->Add(e);
    if (++events_ == target_) {
      crashed_ = true;
      fs_->Crash();
      stop_->store(true);
    }
  }
  bool crashed() {
    absl::MutexLock lock(&mu_);
    return crashed_;
  }

 private:
  absl::Mutex mu_;
  Oracle* const oracle_;
  const int64_t target_;
  FaultFs* const fs_;
  std::atomic<bool>* const stop_;
  int64_t events_ ABSL_GUARDED_BY(mu_) = 0;
  bool crashed_ ABSL_GUARDED_BY(mu_) = false;
};

// One power-loss cycle. Returns false (after printing why) on a failure.
bool PowerCycle(const Flags& f, uint32_t cycle, uint64_t seed, int64_t target,
                Oracle* oracle, uint64_t* dropped_bytes) {
  FaultFs fs(seed);
  auto db = engine::DBTesting::OpenWithEnv(f.dir, {}, fs.env());
  if (!db.ok()) {
    fprintf(stderr, "cycle %u: open on FaultFs: %s\n", cycle,
            db.status().ToString().c_str());
    return false;
  }
  std::atomic<bool> stop{false};
  OracleReporter reporter(oracle, target, &fs, &stop);
  absl::Status s =
      RunWorkload(db->get(), {.seed = seed, .cycle = cycle}, &reporter, &stop);
  if (!s.ok() && !reporter.crashed()) {
    fprintf(stderr, "cycle %u: write failed before the crash: %s\n", cycle,
            s.ToString().c_str());
    return false;
  }
  fs.Crash();  // in case the workload stopped otherwise
  db->reset();
  *dropped_bytes = fs.DropUnsyncedData();
  return true;
}

bool NewDatabase(const Flags& f, uint64_t seed) {
  std::error_code ec;
  std::filesystem::remove_all(f.dir, ec);
  auto db = Database::Open(f.dir, {});
  absl::Status s = db.ok() ? CreateCrashTable(db->get()) : db.status();
  if (s.ok() && f.triggers != TriggerMode::kNone) {
    s = CreateMappings(db->get(), f.dir, f.triggers, seed);
  }
  if (!s.ok()) {
    fprintf(stderr, "cannot create the crash database in %s: %s\n",
            f.dir.c_str(), s.ToString().c_str());
    return false;
  }
  return (*db)->Close().ok();
}

bool VerifyCycle(const Flags& f, CrashMode mode, Oracle* oracle, uint32_t cycle,
                 uint64_t seed) {
  auto db = Database::Open(f.dir, {});
  absl::Status reg = db.ok() && f.triggers != TriggerMode::kNone
                         ? RegisterInProcess(db->get(), f.dir, f.triggers,
                                             seed ^ 0x9e3779b97f4a7c15)
                         : absl::OkStatus();
  if (!db.ok() || !reg.ok()) {
    fprintf(stderr, "cycle %u: reopen failed: %s\n", cycle,
            (db.ok() ? reg : db.status()).ToString().c_str());
    return false;
  }
  std::vector<std::string> errors = oracle->Verify(db->get(), mode);
  for (size_t i = 0; i < errors.size() && i < 20; ++i) {
    fprintf(stderr, "cycle %u: %s\n", cycle, errors[i].c_str());
  }
  absl::Status s = (*db)->Close();
  if (!s.ok()) {
    fprintf(stderr, "cycle %u: close: %s\n", cycle, s.ToString().c_str());
  }
  return errors.empty() && s.ok();
}

int DriverMain(Flags f) {
  bool power = f.mode == "power";
  bool own_dir = f.dir.empty();
  if (own_dir) {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "eddy-crash-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) return 1;
    f.dir = tmpl + "/db";
  }
  if (f.seed == 0) f.seed = std::random_device{}() | 1;
  // Orphaned function workers of a killed workload become our children.
  if (f.triggers != TriggerMode::kNone) prctl(PR_SET_CHILD_SUBREAPER, 1);
  printf("eddy_crash %s: seed %llu, %d cycles, dir %s\n", f.mode.c_str(),
         static_cast<unsigned long long>(f.seed), f.cycles, f.dir.c_str());
  std::mt19937_64 rng(f.seed);
  std::unique_ptr<Oracle> oracle;
  std::unique_ptr<DeliveryChecker> checker;
  uint64_t acked = 0, records = 0, lines = 0, failed = 0;
  uint64_t invocations = 0, failed_invoke = 0, reaped = 0;
  for (int c = 0; c < f.cycles; ++c) {
    uint32_t cycle = static_cast<uint32_t>(c + 1);
    if (c % f.cycles_per_db == 0) {
      if (oracle) acked += oracle->acked_writes();
      if (oracle) records += oracle->records_checked();
      if (checker) lines += checker->lines_read();
      if (checker) failed += checker->failed_records();
      if (checker) invocations += checker->invocations();
      if (checker) failed_invoke += checker->failed_invoke_records();
      oracle = std::make_unique<Oracle>();
      checker = std::make_unique<DeliveryChecker>(f.dir, f.triggers);
      if (f.triggers != TriggerMode::kNone) {
        oracle->set_delivery_checker(checker.get());
      }
      if (!NewDatabase(f, f.seed + cycle)) return 1;
    }
    uint64_t seed = rng();
    int64_t target = 20 + static_cast<int64_t>(rng() % 800);
    oracle->BeginCycle();
    uint64_t dropped = 0;
    bool ok = power ? PowerCycle(f, cycle, seed, target, oracle.get(), &dropped)
                    : KillCycle(f, cycle, seed, target, oracle.get(), &reaped);
    ok = ok &&
         VerifyCycle(f, power ? CrashMode::kPowerLoss : CrashMode::kProcessKill,
                     oracle.get(), cycle, seed);
    printf("cycle %u seed %llu events %lld dropped %llu bytes: %s\n", cycle,
           static_cast<unsigned long long>(seed),
           static_cast<long long>(target),
           static_cast<unsigned long long>(dropped), ok ? "ok" : "FAILED");
    fflush(stdout);
    if (!ok) {
      fprintf(stderr,
              "repeat with: eddy_crash %s --seed %llu --cycles %d "
              "--cycles_per_db %d (database kept in %s)\n",
              f.mode.c_str(), static_cast<unsigned long long>(f.seed), c + 1,
              f.cycles_per_db, f.dir.c_str());
      return 1;
    }
  }
  acked += oracle ? oracle->acked_writes() : 0;
  records += oracle ? oracle->records_checked() : 0;
  lines += checker ? checker->lines_read() : 0;
  failed += checker ? checker->failed_records() : 0;
  invocations += checker ? checker->invocations() : 0;
  failed_invoke += checker ? checker->failed_invoke_records() : 0;
  printf(
      "eddy_crash %s: %d cycles clean, %llu acknowledged writes, "
      "%llu records checked; triggers: %llu invocations, %llu records in "
      "failed invocations, %llu delivery lines checked, %llu records in "
      "failure destinations, %llu orphaned workers reaped\n",
      f.mode.c_str(), f.cycles, static_cast<unsigned long long>(acked),
      static_cast<unsigned long long>(records),
      static_cast<unsigned long long>(invocations),
      static_cast<unsigned long long>(failed_invoke),
      static_cast<unsigned long long>(lines),
      static_cast<unsigned long long>(failed),
      static_cast<unsigned long long>(reaped));
  if (own_dir) {
    std::error_code ec;
    std::filesystem::remove_all(std::filesystem::path(f.dir).parent_path(), ec);
  }
  return 0;
}

}  // namespace
}  // namespace eddy::crash

int main(int argc, char** argv) {
  eddy::crash::Flags f;
  if (!eddy::crash::ParseFlags(argc, argv, &f) ||
      (f.mode != "kill" && f.mode != "power" && f.mode != "deliver" &&
       f.mode != "faults" && f.mode != "workload")) {
    fprintf(stderr,
            "usage: eddy_crash kill|power|deliver|faults [--cycles N] "
            "[--seed S] [--cycles_per_db M] [--dir D]\n");
    return 2;
  }
  if (f.mode == "deliver") f.triggers = eddy::crash::TriggerMode::kDeliver;
  if (f.mode == "faults") f.triggers = eddy::crash::TriggerMode::kFaults;
  if (f.mode == "workload") return eddy::crash::WorkloadMain(f);
  return eddy::crash::DriverMain(f);
}

// Copyright (c) Eddy authors.
//
// eddy_crash: the crash-cycle driver (issue 8).
//
//   eddy_crash kill  [--cycles N] [--seed S] [--cycles_per_db M] [--dir D]
//   eddy_crash power [--cycles N] [--seed S] [--cycles_per_db M] [--dir D]
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
// A fresh database (and oracle) is created every M cycles (default 10), so
// a cycle's checks stay short. Seeds are printed; a failing run prints the
// command that repeats it and keeps its directory. Exit status 0 = clean.

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

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

// One kill -9 cycle. Returns false (after printing why) on a failure.
bool KillCycle(const Flags& f, uint32_t cycle, uint64_t seed, int64_t target,
               Oracle* oracle) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 3);  // dup2 clears FD_CLOEXEC
    std::string seed_s = std::to_string(seed), cycle_s = std::to_string(cycle);
    execl("/proc/self/exe", "eddy_crash", "workload", "--dir", f.dir.c_str(),
          "--seed", seed_s.c_str(), "--cycle", cycle_s.c_str(), "--fd", "3",
          static_cast<char*>(nullptr));
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

bool NewDatabase(const std::string& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  auto db = Database::Open(dir, {});
  if (!db.ok() || !CreateCrashTable(db->get()).ok()) {
    fprintf(stderr, "cannot create the crash database in %s\n", dir.c_str());
    return false;
  }
  return (*db)->Close().ok();
}

bool VerifyCycle(const std::string& dir, CrashMode mode, Oracle* oracle,
                 uint32_t cycle) {
  auto db = Database::Open(dir, {});
  if (!db.ok()) {
    fprintf(stderr, "cycle %u: reopen failed: %s\n", cycle,
            db.status().ToString().c_str());
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
  printf("eddy_crash %s: seed %llu, %d cycles, dir %s\n", f.mode.c_str(),
         static_cast<unsigned long long>(f.seed), f.cycles, f.dir.c_str());
  std::mt19937_64 rng(f.seed);
  std::unique_ptr<Oracle> oracle;
  uint64_t acked = 0, records = 0;
  for (int c = 0; c < f.cycles; ++c) {
    uint32_t cycle = static_cast<uint32_t>(c + 1);
    if (c % f.cycles_per_db == 0) {
      if (oracle) acked += oracle->acked_writes();
      if (oracle) records += oracle->records_checked();
      oracle = std::make_unique<Oracle>();
      if (!NewDatabase(f.dir)) return 1;
    }
    uint64_t seed = rng();
    int64_t target = 20 + static_cast<int64_t>(rng() % 800);
    oracle->BeginCycle();
    uint64_t dropped = 0;
    bool ok = power ? PowerCycle(f, cycle, seed, target, oracle.get(), &dropped)
                    : KillCycle(f, cycle, seed, target, oracle.get());
    ok = ok &&
         VerifyCycle(f.dir,
                     power ? CrashMode::kPowerLoss : CrashMode::kProcessKill,
                     oracle.get(), cycle);
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
  printf(
      "eddy_crash %s: %d cycles clean, %llu acknowledged writes, "
      "%llu records checked\n",
      f.mode.c_str(), f.cycles, static_cast<unsigned long long>(acked),
      static_cast<unsigned long long>(records));
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
      (f.mode != "kill" && f.mode != "power" && f.mode != "workload")) {
    fprintf(stderr,
            "usage: eddy_crash kill|power [--cycles N] [--seed S] "
            "[--cycles_per_db M] [--dir D]\n");
    return 2;
  }
  if (f.mode == "workload") return eddy::crash::WorkloadMain(f);
  return eddy::crash::DriverMain(f);
}

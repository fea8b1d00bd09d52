// Copyright (c) Eddy authors.
//
// FaultFs: a rocksdb::FileSystem wrapper for crash and fault tests (the
// technique of RocksDB's FaultInjectionTestFS, written afresh). Test-only;
// open a Database on it with engine::DBTesting::OpenWithEnv(path, options,
// fault_fs->env()).
//
// It does three things:
//   1. Power loss. It remembers, per file written through it, how many
//      bytes were last made durable by Sync/Fsync. Crash() stops all further
//      writes; after the Database is destroyed, DropUnsyncedData() truncates
//      every tracked file to its last synced size (a never-synced file to 0
//      bytes). Renames move a file's state (a rename is treated as durable,
//      which RocksDB makes true by fsyncing the directory after renaming
//      CURRENT; the model is lenient there, never stricter than a disk).
//   2. I/O errors on write (Append, PositionedAppend), sync (Sync, Fsync,
//      RangeSync) and read (Read of sequential and random-access files),
//      each with a probability drawn from a seeded generator, optionally
//      only for files whose name contains a given substring.
//   3. A space quota: once the bytes appended through it since
//      SetSpaceQuota() exceed the quota, every append fails with
//      IOStatus::NoSpace (disk full) until the quota is raised.
//
// Thread-safety: every method may be called from any thread; the state is
// under one mutex (RocksDB's background threads call in concurrently).

#ifndef EDDY_TESTS_CRASH_FAULT_FS_H_
#define EDDY_TESTS_CRASH_FAULT_FS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"

namespace eddy::crash {

enum class FaultKind : uint8_t { kWrite = 0, kSync = 1, kRead = 2 };

class FaultFs : public rocksdb::FileSystemWrapper {
 public:
  // Wraps the default file system; `seed` drives the error probabilities.
  explicit FaultFs(uint64_t seed);
  ~FaultFs() override;

  const char* Name() const override { return "EddyFaultFs"; }

  // An Env whose file system is this wrapper. Owned by *this.
  rocksdb::Env* env() const { return env_.get(); }

  // --- 1. Power loss ---
  // From now on every write, sync, rename and delete fails with an IOError
  // ("simulated power loss"), freezing the files as the crash left them.
  void Crash();
  // REQUIRES: Crash() was called and the Database using this file system
  // has been destroyed (no file open). Truncates every tracked file to its
  // last synced size, forgets all tracking, and accepts writes again.
  // Returns the number of bytes dropped.
  uint64_t DropUnsyncedData();

  // --- 2. Injected errors ---
  // Each operation of `kind` fails with probability `probability` (0 = never,
  // 1 = always), on files whose name contains `file_substring` ("" = all).
  void SetErrorRate(FaultKind kind, double probability,
                    std::string file_substring = "");
  // Number of errors injected so far (of each kind; NoSpace counts as a
  // write error).
  uint64_t InjectedErrors(FaultKind kind) const;

  // --- 3. Space quota ---
  // Allows `bytes` more bytes of appends from now on (UINT64_MAX = no quota).
  void SetSpaceQuota(uint64_t bytes);

  // --- FileSystem overrides ---
  rocksdb::IOStatus NewSequentialFile(
      const std::string& f, const rocksdb::FileOptions& o,
      std::unique_ptr<rocksdb::FSSequentialFile>* r,
      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewRandomAccessFile(
      const std::string& f, const rocksdb::FileOptions& o,
      std::unique_ptr<rocksdb::FSRandomAccessFile>* r,
      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewWritableFile(const std::string& f,
                                    const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(
      const std::string& f, const rocksdb::FileOptions& o,
      std::unique_ptr<rocksdb::FSWritableFile>* r,
      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(
      const std::string& f, const std::string& old_f,
      const rocksdb::FileOptions& o,
      std::unique_ptr<rocksdb::FSWritableFile>* r,
      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus RenameFile(const std::string& src, const std::string& dst,
                               const rocksdb::IOOptions& o,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteFile(const std::string& f,
                               const rocksdb::IOOptions& o,
                               rocksdb::IODebugContext* dbg) override;

  // --- Called by the file wrappers (fault_fs.cc) ---
  // Non-OK to fail the operation (and counts it).
  rocksdb::IOStatus MaybeFail(FaultKind kind, const std::string& file);
  // Accounts an append of `bytes` (quota, tracked size). Non-OK: NoSpace or
  // crashed; nothing was written then.
  rocksdb::IOStatus BeforeAppend(const std::string& file, uint64_t bytes);
  void AfterAppend(const std::string& file, uint64_t bytes);
  void AfterSync(const std::string& file);
  void AfterTruncate(const std::string& file, uint64_t size);

 private:
  struct FileState {
    uint64_t size = 0;
    uint64_t synced = 0;
  };
  struct ErrorRate {
    double probability = 0;
    std::string file_substring;
  };
  rocksdb::IOStatus Track(const std::string& f, uint64_t initial_size,
                          std::unique_ptr<rocksdb::FSWritableFile>* r);

  std::unique_ptr<rocksdb::Env> env_;
  mutable absl::Mutex mu_;
  bool crashed_ ABSL_GUARDED_BY(mu_) = false;
  std::map<std::string, FileState> files_ ABSL_GUARDED_BY(mu_);
  ErrorRate rates_[3] ABSL_GUARDED_BY(mu_);
  uint64_t injected_[3] ABSL_GUARDED_BY(mu_) = {0, 0, 0};
  uint64_t quota_bytes_left_ ABSL_GUARDED_BY(mu_) = UINT64_MAX;
  std::mt19937_64 rng_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eddy::crash

#endif  // EDDY_TESTS_CRASH_FAULT_FS_H_

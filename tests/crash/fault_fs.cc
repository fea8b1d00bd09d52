// Copyright (c) Eddy authors.

#include "tests/crash/fault_fs.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace eddy::crash {
namespace {

using rocksdb::FileOptions;
using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

class FaultWritableFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultWritableFile(std::unique_ptr<rocksdb::FSWritableFile> t, FaultFs* fs,
                    std::string name)
      : FSWritableFileOwnerWrapper(std::move(t)),
        fs_(fs),
        name_(std::move(name)) {}

  IOStatus Append(const Slice& data, const IOOptions& o,
                  IODebugContext* dbg) override {
    IOStatus s = fs_->BeforeAppend(name_, data.size());
    if (s.ok()) s = target()->Append(data, o, dbg);
    if (s.ok()) fs_->AfterAppend(name_, data.size());
    return s;
  }
  IOStatus Append(const Slice& data, const IOOptions& o,
                  const rocksdb::DataVerificationInfo& info,
                  IODebugContext* dbg) override {
    IOStatus s = fs_->BeforeAppend(name_, data.size());
    if (s.ok()) s = target()->Append(data, o, info, dbg);
    if (s.ok()) fs_->AfterAppend(name_, data.size());
    return s;
  }
  IOStatus PositionedAppend(const Slice&, uint64_t, const IOOptions&,
                            IODebugContext*) override {
    return IOStatus::NotSupported("FaultFs: PositionedAppend");
  }
  IOStatus PositionedAppend(const Slice&, uint64_t, const IOOptions&,
                            const rocksdb::DataVerificationInfo&,
                            IODebugContext*) override {
    return IOStatus::NotSupported("FaultFs: PositionedAppend");
  }
  IOStatus Truncate(uint64_t size, const IOOptions& o,
                    IODebugContext* dbg) override {
    IOStatus s = fs_->MaybeFail(FaultKind::kWrite, name_);
    if (s.ok()) s = target()->Truncate(size, o, dbg);
    if (s.ok()) fs_->AfterTruncate(name_, size);
    return s;
  }
  IOStatus Sync(const IOOptions& o, IODebugContext* dbg) override {
    IOStatus s = fs_->MaybeFail(FaultKind::kSync, name_);
    if (s.ok()) s = target()->Sync(o, dbg);
    if (s.ok()) fs_->AfterSync(name_);
    return s;
  }
  IOStatus Fsync(const IOOptions& o, IODebugContext* dbg) override {
    IOStatus s = fs_->MaybeFail(FaultKind::kSync, name_);
    if (s.ok()) s = target()->Fsync(o, dbg);
    if (s.ok()) fs_->AfterSync(name_);
    return s;
  }
  // sync_file_range is not a durability guarantee: it may fail, but the
  // bytes it covers still count as unsynced.
  IOStatus RangeSync(uint64_t offset, uint64_t nbytes, const IOOptions& o,
                     IODebugContext* dbg) override {
    IOStatus s = fs_->MaybeFail(FaultKind::kSync, name_);
    if (s.ok()) s = target()->RangeSync(offset, nbytes, o, dbg);
    return s;
  }

 private:
  FaultFs* const fs_;
  const std::string name_;
};

class FaultRandomAccessFile : public rocksdb::FSRandomAccessFileOwnerWrapper {
 public:
  FaultRandomAccessFile(std::unique_ptr<rocksdb::FSRandomAccessFile> t,
                        FaultFs* fs, std::string name)
      : FSRandomAccessFileOwnerWrapper(std::move(t)),
        fs_(fs),
        name_(std::move(name)) {}

  IOStatus Read(uint64_t offset, size_t n, const IOOptions& o, Slice* result,
                char* scratch, IODebugContext* dbg) const override {
    IOStatus s = fs_->MaybeFail(FaultKind::kRead, name_);
    if (!s.ok()) return s;
    return target()->Read(offset, n, o, result, scratch, dbg);
  }
  IOStatus MultiRead(rocksdb::FSReadRequest* reqs, size_t num_reqs,
                     const IOOptions& o, IODebugContext* dbg) override {
    IOStatus s = fs_->MaybeFail(FaultKind::kRead, name_);
    if (!s.ok()) {
      for (size_t i = 0; i < num_reqs; ++i) reqs[i].status = s;
      return s;
    }
    return target()->MultiRead(reqs, num_reqs, o, dbg);
  }

 private:
  FaultFs* const fs_;
  const std::string name_;
};

class FaultSequentialFile : public rocksdb::FSSequentialFileOwnerWrapper {
 public:
  FaultSequentialFile(std::unique_ptr<rocksdb::FSSequentialFile> t, FaultFs* fs,
                      std::string name)
      : FSSequentialFileOwnerWrapper(std::move(t)),
        fs_(fs),
        name_(std::move(name)) {}

  IOStatus Read(size_t n, const IOOptions& o, Slice* result, char* scratch,
                IODebugContext* dbg) override {
    IOStatus s = fs_->MaybeFail(FaultKind::kRead, name_);
    if (!s.ok()) return s;
    return target()->Read(n, o, result, scratch, dbg);
  }
  IOStatus PositionedRead(uint64_t offset, size_t n, const IOOptions& o,
                          Slice* result, char* scratch,
                          IODebugContext* dbg) override {
    IOStatus s = fs_->MaybeFail(FaultKind::kRead, name_);
    if (!s.ok()) return s;
    return target()->PositionedRead(offset, n, o, result, scratch, dbg);
  }

 private:
  FaultFs* const fs_;
  const std::string name_;
};

IOStatus CrashedError() { return IOStatus::IOError("FaultFs: power lost"); }

}  // namespace

FaultFs::FaultFs(uint64_t seed)
    : FileSystemWrapper(rocksdb::FileSystem::Default()), rng_(seed) {
  // The Env refers to *this without owning it.
  env_ = rocksdb::NewCompositeEnv(
      std::shared_ptr<rocksdb::FileSystem>(this, [](rocksdb::FileSystem*) {}));
}

FaultFs::~FaultFs() = default;

void FaultFs::Crash() {
  absl::MutexLock lock(&mu_);
  crashed_ = true;
}

uint64_t FaultFs::DropUnsyncedData() {
  std::map<std::string, FileState> files;
  {
    absl::MutexLock lock(&mu_);
    files.swap(files_);
  }
  uint64_t dropped = 0;
  for (const auto& [name, state] : files) {
    if (state.size <= state.synced) continue;
    // RocksDB's PosixFileSystem does not implement Truncate.
    if (truncate(name.c_str(), static_cast<off_t>(state.synced)) == 0) {
      dropped += state.size - state.synced;
    } else {
      fprintf(stderr, "FaultFs: cannot truncate %s\n", name.c_str());
      std::abort();
    }
  }
  absl::MutexLock lock(&mu_);
  crashed_ = false;
  return dropped;
}

void FaultFs::SetErrorRate(FaultKind kind, double probability,
                           std::string file_substring) {
  absl::MutexLock lock(&mu_);
  rates_[static_cast<int>(kind)] = {probability, std::move(file_substring)};
}

uint64_t FaultFs::InjectedErrors(FaultKind kind) const {
  absl::MutexLock lock(&mu_);
  return injected_[static_cast<int>(kind)];
}

void FaultFs::SetSpaceQuota(uint64_t bytes) {
  absl::MutexLock lock(&mu_);
  quota_bytes_left_ = bytes;
}

IOStatus FaultFs::MaybeFail(FaultKind kind, const std::string& file) {
  absl::MutexLock lock(&mu_);
  if (crashed_ && kind != FaultKind::kRead) return CrashedError();
  const ErrorRate& rate = rates_[static_cast<int>(kind)];
  if (rate.probability <= 0) return IOStatus::OK();
  if (file.find(rate.file_substring) == std::string::npos) {
    return IOStatus::OK();
  }
  if (std::uniform_real_distribution<double>(0, 1)(rng_) >= rate.probability) {
    return IOStatus::OK();
  }
  ++injected_[static_cast<int>(kind)];
  static const char* const kNames[] = {"write", "sync", "read"};
  return IOStatus::IOError(std::string("FaultFs: injected ") +
                           kNames[static_cast<int>(kind)] + " error on " +
                           file);
}

IOStatus FaultFs::BeforeAppend(const std::string& file, uint64_t bytes) {
  IOStatus s = MaybeFail(FaultKind::kWrite, file);
  if (!s.ok()) return s;
  absl::MutexLock lock(&mu_);
  if (quota_bytes_left_ < bytes) {
    ++injected_[static_cast<int>(FaultKind::kWrite)];
    return IOStatus::NoSpace("FaultFs: space quota exhausted");
  }
  if (quota_bytes_left_ != UINT64_MAX) quota_bytes_left_ -= bytes;
  return IOStatus::OK();
}

void FaultFs::AfterAppend(const std::string& file, uint64_t bytes) {
  absl::MutexLock lock(&mu_);
  files_[file].size += bytes;
}

void FaultFs::AfterSync(const std::string& file) {
  absl::MutexLock lock(&mu_);
  FileState& state = files_[file];
  state.synced = state.size;
}

void FaultFs::AfterTruncate(const std::string& file, uint64_t size) {
  absl::MutexLock lock(&mu_);
  FileState& state = files_[file];
  state.size = size;
  if (state.synced > size) state.synced = size;
}

IOStatus FaultFs::Track(const std::string& f, uint64_t initial_size,
                        std::unique_ptr<rocksdb::FSWritableFile>* r) {
  {
    absl::MutexLock lock(&mu_);
    // A file that existed before counts as synced up to its current size.
    files_[f] = FileState{initial_size, initial_size};
  }
  *r = std::make_unique<FaultWritableFile>(std::move(*r), this, f);
  return IOStatus::OK();
}

IOStatus FaultFs::NewSequentialFile(
    const std::string& f, const FileOptions& o,
    std::unique_ptr<rocksdb::FSSequentialFile>* r, IODebugContext* dbg) {
  IOStatus s = target()->NewSequentialFile(f, o, r, dbg);
  if (s.ok())
    *r = std::make_unique<FaultSequentialFile>(std::move(*r), this, f);
  return s;
}

IOStatus FaultFs::NewRandomAccessFile(
    const std::string& f, const FileOptions& o,
    std::unique_ptr<rocksdb::FSRandomAccessFile>* r, IODebugContext* dbg) {
  IOStatus s = target()->NewRandomAccessFile(f, o, r, dbg);
  if (s.ok()) {
    *r = std::make_unique<FaultRandomAccessFile>(std::move(*r), this, f);
  }
  return s;
}

IOStatus FaultFs::NewWritableFile(const std::string& f, const FileOptions& o,
                                  std::unique_ptr<rocksdb::FSWritableFile>* r,
                                  IODebugContext* dbg) {
  IOStatus s = MaybeFail(FaultKind::kWrite, f);
  if (s.ok()) s = target()->NewWritableFile(f, o, r, dbg);
  return s.ok() ? Track(f, 0, r) : s;
}

IOStatus FaultFs::ReopenWritableFile(
    const std::string& f, const FileOptions& o,
    std::unique_ptr<rocksdb::FSWritableFile>* r, IODebugContext* dbg) {
  IOStatus s = MaybeFail(FaultKind::kWrite, f);
  uint64_t size = 0;
  if (s.ok() && !target()->GetFileSize(f, IOOptions(), &size, dbg).ok()) {
    size = 0;
  }
  if (s.ok()) s = target()->ReopenWritableFile(f, o, r, dbg);
  return s.ok() ? Track(f, size, r) : s;
}

IOStatus FaultFs::ReuseWritableFile(const std::string& f,
                                    const std::string& old_f,
                                    const FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    IODebugContext* dbg) {
  IOStatus s = MaybeFail(FaultKind::kWrite, f);
  if (s.ok()) s = target()->ReuseWritableFile(f, old_f, o, r, dbg);
  if (s.ok()) {
    absl::MutexLock lock(&mu_);
    files_.erase(old_f);
  }
  return s.ok() ? Track(f, 0, r) : s;
}

IOStatus FaultFs::RenameFile(const std::string& src, const std::string& dst,
                             const IOOptions& o, IODebugContext* dbg) {
  {
    absl::MutexLock lock(&mu_);
    if (crashed_) return CrashedError();
  }
  IOStatus s = target()->RenameFile(src, dst, o, dbg);
  if (!s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = files_.find(src);
  files_.erase(dst);
  if (it != files_.end()) {
    files_[dst] = it->second;
    files_.erase(it);
  }
  return s;
}

IOStatus FaultFs::DeleteFile(const std::string& f, const IOOptions& o,
                             IODebugContext* dbg) {
  {
    absl::MutexLock lock(&mu_);
    if (crashed_) return CrashedError();
  }
  IOStatus s = target()->DeleteFile(f, o, dbg);
  if (s.ok()) {
    absl::MutexLock lock(&mu_);
    files_.erase(f);
  }
  return s;
}

}  // namespace eddy::crash

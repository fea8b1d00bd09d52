// Copyright (c) Eddy authors.
//
// CodeStore: the Database's own copy of each out-of-process function's code,
// under <db>/functions/:
//
//   functions/code/<function name>/<revision>/   the deployed code (task root)
//   functions/runtimes/node/bootstrap.js         written at every open from
//   functions/runtimes/python/bootstrap.py       the embedded copies
//
// <revision> is a decimal counter kept in the function's catalog entry; a new
// revision is written to "<revision>.tmp" and renamed, so a crash never leaves
// a half-written task root under a name the catalog points to. Directories
// under functions/code/ that the catalog does not name are garbage and may be
// removed at any time.
//
// Zip code is extracted with libarchive. Rejected (kInvalidArgument,
// InvalidParameterValueException): absolute entry paths, ".." components,
// symlinks whose target is absolute or leaves the task root, hard links,
// device/fifo entries, more than entries_max entries, more than
// unzipped_bytes_max bytes in total (counted as extracted, not as declared,
// so a lying header cannot exceed it), and zips over zip_bytes_max.
//
// Thread-safety: thread-safe (no mutable state besides the file system; the
// caller serializes deployments of one function).

#ifndef EDDY_CDC_CODE_STORE_H_
#define EDDY_CDC_CODE_STORE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "eddy/functions.h"

namespace eddy::cdc {

struct CodeLimits {
  int64_t zip_bytes_max = 50ll << 20;        // Lambda: 50 MB zipped upload
  int64_t unzipped_bytes_max = 250ll << 20;  // Lambda: 250 MB unzipped
  int64_t entries_max = 20000;
};

struct DeployedCode {
  std::string directory;    // absolute task root
  int64_t code_size = 0;    // bytes of the zip, or of the copied files
  std::string code_sha256;  // base64 SHA-256 of the zip / of the files
};

class CodeStore {
 public:
  CodeStore(std::string root, CodeLimits limits = {});

  // Writes the embedded runtime bootstraps under runtimes/. kInternal on an
  // I/O error.
  absl::Status Init();
  std::string NodeBootstrap() const;
  std::string PythonBootstrap() const;

  // Deploys `code` as revision `revision` of function `name`: exactly one of
  // code.directory / zip_file / zip_bytes must be set (kInvalidArgument
  // naming the fields otherwise). kInvalidArgument for an unreadable or
  // malicious zip or a missing directory; kInternal on an I/O error.
  absl::StatusOr<DeployedCode> Deploy(const std::string& name, int64_t revision,
                                      const FunctionCode& code) const;
  // The task root of a deployed revision.
  std::string Directory(const std::string& name, int64_t revision) const;
  // Removes every revision of `name` but `keep` (-1: all of them).
  void Remove(const std::string& name, int64_t keep) const;

 private:
  const std::string root_;
  const CodeLimits limits_;
};

// Extracts zip bytes into `dest` (which must exist), enforcing `limits`.
absl::Status ExtractZip(const std::string& zip_bytes, const std::string& dest,
                        const CodeLimits& limits);

// Base64 of the SHA-256 of `data`, as Lambda's CodeSha256.
std::string Sha256Base64(const std::string& data);

}  // namespace eddy::cdc

#endif  // EDDY_CDC_CODE_STORE_H_

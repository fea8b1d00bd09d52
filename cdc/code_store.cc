// Copyright (c) Eddy authors.
//
// CodeStore: deploying function code (directory copy or zip extraction).

#include "cdc/code_store.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cdc/runtime_bootstraps.h"
#include "engine/errors.h"
#include "engine/strings.h"

namespace eddy::cdc {
namespace fs = std::filesystem;
namespace {

absl::Status BadZip(std::string_view why) {
  return engine::ValidationError(
      absl::StrCat("Could not unzip uploaded file: ", engine::Sv(why)));
}

absl::Status WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return engine::ValidationError(absl::StrCat("cannot read ", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The entry path, lexically normalized and relative; an error if it is
// absolute or climbs out with "..".
absl::StatusOr<fs::path> SafeRelative(std::string_view name) {
  fs::path p(name);
  if (name.empty() || p.is_absolute() || p.has_root_name()) {
    return BadZip(absl::StrCat("absolute path ", engine::Sv(name)));
  }
  for (const fs::path& part : p) {
    if (part == "..") return BadZip(absl::StrCat("'..' in ", engine::Sv(name)));
  }
  return p.lexically_normal();
}

// True if `target` of a link at relative path `link` stays inside the root.
bool LinkStaysInside(const fs::path& link, std::string_view target) {
  fs::path t(target);
  if (target.empty() || t.is_absolute()) return false;
  fs::path resolved = (link.parent_path() / t).lexically_normal();
  return resolved.empty() || *resolved.begin() != "..";
}

// Copies one regular entry's data to dest/rel, counting *total.
absl::Status ExtractFile(archive* a, archive_entry* e, const fs::path& out,
                         int64_t* total, const CodeLimits& limits) {
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  mode_t mode = (archive_entry_perm(e) & 0111) != 0 ? 0755 : 0644;
  int fd = ::open(out.c_str(),
                  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) return BadZip(absl::StrCat("cannot create ", out.string()));
  char buf[64 * 1024];
  absl::Status s;
  for (;;) {
    la_ssize_t n = archive_read_data(a, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      s = BadZip(archive_error_string(a) ? archive_error_string(a) : "read");
      break;
    }
    *total += n;
    if (*total > limits.unzipped_bytes_max) {
      s = BadZip(absl::StrCat("unzipped size exceeds ",
                              limits.unzipped_bytes_max, " bytes"));
      break;
    }
    if (::write(fd, buf, n) != n) {
      s = absl::InternalError(absl::StrCat("cannot write ", out.string()));
      break;
    }
  }
  ::close(fd);
  return s;
}

struct PendingLink {
  fs::path path;
  std::string target;
};

absl::Status ExtractEntries(archive* a, const fs::path& dest,
                            const CodeLimits& limits) {
  archive_entry* e = nullptr;
  int64_t entries = 0, total = 0;
  std::vector<PendingLink> links;  // made last, so nothing is written via one
  for (;;) {
    int r = archive_read_next_header(a, &e);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      return BadZip(archive_error_string(a) ? archive_error_string(a)
                                            : "bad header");
    }
    if (++entries > limits.entries_max) {
      return BadZip(absl::StrCat("more than ", limits.entries_max, " entries"));
    }
    const char* name = archive_entry_pathname(e);
    absl::StatusOr<fs::path> rel = SafeRelative(name ? name : "");
    if (!rel.ok()) return rel.status();
    if (archive_entry_hardlink(e) != nullptr) {
      return BadZip(absl::StrCat("hard link ", name));
    }
    fs::path out = dest / *rel;
    switch (archive_entry_filetype(e)) {
      case AE_IFDIR: {
        std::error_code ec;
        fs::create_directories(out, ec);
        break;
      }
      case AE_IFREG: {
        absl::Status s = ExtractFile(a, e, out, &total, limits);
        if (!s.ok()) return s;
        break;
      }
      case AE_IFLNK: {
        const char* target = archive_entry_symlink(e);
        if (target == nullptr || !LinkStaysInside(*rel, target)) {
          return BadZip(absl::StrCat("link ", name, " points outside"));
        }
        links.push_back({out, target});
        break;
      }
      default:
        return BadZip(absl::StrCat("unsupported entry type: ", name));
    }
  }
  for (const PendingLink& link : links) {
    std::error_code ec;
    fs::create_directories(link.path.parent_path(), ec);
    if (::symlink(link.target.c_str(), link.path.c_str()) != 0) {
      return BadZip(absl::StrCat("cannot create link ", link.path.string()));
    }
  }
  return absl::OkStatus();
}

// Copies a directory tree (regular files, dirs, links that stay inside).
absl::Status CopyTree(const fs::path& from, const fs::path& to, int64_t* bytes,
                      std::string* content) {
  std::error_code ec;
  if (!fs::is_directory(from, ec)) {
    return engine::ValidationError(
        absl::StrCat("Code.Directory is not a directory: ", from.string()));
  }
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(from, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    files.push_back(it->path());
  }
  if (ec)
    return absl::InternalError(absl::StrCat("cannot list ", from.string()));
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    fs::path rel = p.lexically_relative(from);
    fs::file_status st = fs::symlink_status(p, ec);
    if (fs::is_directory(st)) {
      fs::create_directories(to / rel, ec);
    } else if (fs::is_symlink(st)) {
      fs::path target = fs::read_symlink(p, ec);
      if (!ec && !LinkStaysInside(rel, target.string())) {
        return engine::ValidationError(absl::StrCat(
            "Code.Directory: link ", rel.string(), " points outside"));
      }
      if (!ec) fs::copy_symlink(p, to / rel, ec);
    } else if (fs::is_regular_file(st)) {
      absl::StatusOr<std::string> data = ReadFile(p.string());
      if (!data.ok()) return data.status();
      *bytes += data->size();
      absl::StrAppend(content, rel.string(), "\n", *data);
      fs::copy_file(p, to / rel, ec);
    }
    if (ec) {
      return absl::InternalError(
          absl::StrCat("cannot copy ", p.string(), ": ", ec.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ExtractZip(const std::string& zip_bytes, const std::string& dest,
                        const CodeLimits& limits) {
  if (static_cast<int64_t>(zip_bytes.size()) > limits.zip_bytes_max) {
    return BadZip(absl::StrCat("zip exceeds ", limits.zip_bytes_max, " bytes"));
  }
  archive* a = archive_read_new();
  archive_read_support_format_zip(a);
  absl::Status s;
  if (archive_read_open_memory(a, zip_bytes.data(), zip_bytes.size()) !=
      ARCHIVE_OK) {
    s = BadZip(archive_error_string(a) ? archive_error_string(a) : "not a zip");
  } else {
    s = ExtractEntries(a, dest, limits);
  }
  archive_read_free(a);
  return s;
}

CodeStore::CodeStore(std::string root, CodeLimits limits)
    : root_(std::move(root)), limits_(limits) {}

absl::Status CodeStore::Init() {
  std::error_code ec;
  fs::create_directories(fs::path(root_) / "runtimes" / "node", ec);
  fs::create_directories(fs::path(root_) / "runtimes" / "python", ec);
  fs::create_directories(fs::path(root_) / "code", ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot create ", root_));
  absl::Status s = WriteFile(NodeBootstrap(), kNodeBootstrap);
  if (s.ok()) s = WriteFile(PythonBootstrap(), kPythonBootstrap);
  return s;
}

std::string CodeStore::NodeBootstrap() const {
  return root_ + "/runtimes/node/bootstrap.js";
}
std::string CodeStore::PythonBootstrap() const {
  return root_ + "/runtimes/python/bootstrap.py";
}

std::string CodeStore::Directory(const std::string& name,
                                 int64_t revision) const {
  return absl::StrCat(root_, "/code/", name, "/", revision);
}

absl::StatusOr<DeployedCode> CodeStore::Deploy(const std::string& name,
                                               int64_t revision,
                                               const FunctionCode& code) const {
  int sources = !code.directory.empty() + !code.zip_file.empty() +
                !code.zip_bytes.empty();
  if (sources != 1) {
    return engine::ValidationError(
        "Code: exactly one of Directory, ZipFile path or ZipFile bytes must "
        "be set");
  }
  DeployedCode out;
  out.directory = Directory(name, revision);
  std::string tmp = out.directory + ".tmp";
  std::error_code ec;
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot create ", tmp));
  absl::Status s;
  if (!code.directory.empty()) {
    std::string content;
    s = CopyTree(code.directory, tmp, &out.code_size, &content);
    out.code_sha256 = Sha256Base64(content);
  } else {
    absl::StatusOr<std::string> zip = code.zip_bytes;
    if (!code.zip_file.empty()) zip = ReadFile(code.zip_file);
    s = zip.status();
    if (s.ok()) s = ExtractZip(*zip, tmp, limits_);
    if (s.ok()) {
      out.code_size = zip->size();
      out.code_sha256 = Sha256Base64(*zip);
    }
  }
  if (s.ok()) {
    fs::remove_all(out.directory, ec);
    fs::rename(tmp, out.directory, ec);
    if (ec) s = absl::InternalError(absl::StrCat("cannot rename ", tmp));
  }
  if (!s.ok()) fs::remove_all(tmp, ec);
  if (!s.ok()) return s;
  return out;
}

void CodeStore::Remove(const std::string& name, int64_t keep) const {
  std::error_code ec;
  fs::path dir = fs::path(root_) / "code" / name;
  if (keep < 0) {
    fs::remove_all(dir, ec);
    return;
  }
  std::vector<fs::path> old;
  for (auto it = fs::directory_iterator(dir, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->path().filename() != std::to_string(keep))
      old.push_back(it->path());
  }
  for (const fs::path& p : old) fs::remove_all(p, ec);
}

}  // namespace eddy::cdc

// Copyright (c) Eddy authors.
//
// Helpers for the out-of-process function tests: code directories and zips
// built in temp dirs, the lab's files (scripts/lab), waiting on a
// condition, and reading a log group back.

#ifndef EDDY_CDC_FUNCTION_TEST_UTIL_H_
#define EDDY_CDC_FUNCTION_TEST_UTIL_H_

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "eddy/database.h"
#include "tests/testing_util.h"

namespace eddy::testing {

// The source tree: $EDDY_SOURCE_DIR (ctest sets it), else the first
// ancestor of the working directory holding scripts/lab (the lab's files).
inline std::string SourceDir() {
  const char* env = getenv("EDDY_SOURCE_DIR");
  if (env != nullptr) return env;
  std::filesystem::path dir = std::filesystem::current_path();
  while (!std::filesystem::exists(dir / "scripts/lab/index.js") &&
         dir != dir.parent_path()) {
    dir = dir.parent_path();
  }
  return dir.string();
}

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteAll(const std::string& path, const std::string& data,
                     bool executable = false) {
  std::filesystem::create_directories(
      std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << data;
  if (executable) chmod(path.c_str(), 0755);
}

// A directory holding `files` (name -> content).
inline std::string CodeDir(const TempDir& tmp, const std::string& name,
                           const std::map<std::string, std::string>& files) {
  std::string dir = tmp.Sub(name);
  for (const auto& [file, content] : files) {
    WriteAll(dir + "/" + file, content, file == "bootstrap");
  }
  return dir;
}

struct ZipEntry {
  std::string name;
  std::string data;  // file content, or link target
  bool symlink = false;
  bool directory = false;
  int mode = 0644;
};

// Zip bytes written with libarchive (any entry names, links included).
inline std::string MakeZip(const std::vector<ZipEntry>& entries) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(
      a, &out, nullptr,
      [](archive*, void* client, const void* buf, size_t n) -> la_ssize_t {
        static_cast<std::string*>(client)->append(static_cast<const char*>(buf),
                                                  n);
        return static_cast<la_ssize_t>(n);
      },
      nullptr);
  for (const ZipEntry& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    if (e.symlink) {
      archive_entry_set_filetype(entry, AE_IFLNK);
      archive_entry_set_symlink(entry, e.data.c_str());
      archive_entry_set_perm(entry, 0777);
    } else if (e.directory) {
      archive_entry_set_filetype(entry, AE_IFDIR);
      archive_entry_set_perm(entry, 0755);
    } else {
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_perm(entry, e.mode);
      archive_entry_set_size(entry, e.data.size());
    }
    archive_write_header(a, entry);
    if (!e.symlink && !e.directory) {
      archive_write_data(a, e.data.data(), e.data.size());
    }
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

// Waits (polling) until `done` holds; false after `limit`.
inline bool WaitFor(
    const std::function<bool()>& done,
    std::chrono::milliseconds limit = std::chrono::seconds(30)) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// Every event of a log group (all streams), by time.
inline std::vector<LogEvent> AllLogEvents(Database* db,
                                          const std::string& group,
                                          const std::string& pattern = "") {
  std::vector<LogEvent> out;
  FilterLogEventsRequest r;
  r.log_group_name = group;
  r.filter_pattern = pattern;
  for (;;) {
    auto page = db->FilterLogEvents(r);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return out;
    out.insert(out.end(), page->events.begin(), page->events.end());
    if (!page->next_token) return out;
    r.next_token = *page->next_token;
  }
}

inline std::string JoinMessages(const std::vector<LogEvent>& events) {
  std::string out;
  for (const LogEvent& e : events) out += e.message + "\n";
  return out;
}

inline CreateFunctionRequest NodeFunction(
    const std::string& name, const std::string& dir,
    const std::string& handler = "index.handler") {
  CreateFunctionRequest r;
  r.configuration.function_name = name;
  r.configuration.runtime = "nodejs12.x";
  r.configuration.handler = handler;
  r.configuration.role = "arn:aws:iam::000000000000:role/lambda-role";
  r.code.directory = dir;
  return r;
}

inline InvokeResult InvokeOrDie(Database* db, const std::string& name,
                                const std::string& payload, bool tail = false) {
  InvokeRequest r;
  r.function_name = name;
  r.payload_json = payload;
  r.tail_log = tail;
  auto result = db->Invoke(r);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : InvokeResult{};
}

}  // namespace eddy::testing

#endif  // EDDY_CDC_FUNCTION_TEST_UTIL_H_

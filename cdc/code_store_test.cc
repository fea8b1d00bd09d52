// Copyright (c) Eddy authors.

#include "cdc/code_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "cdc/function_test_util.h"
#include "eddy/status.h"

namespace eddy::cdc {
namespace {

namespace fs = std::filesystem;
using ::eddy::testing::MakeZip;
using ::eddy::testing::ReadAll;
using ::eddy::testing::TempDir;
using ::eddy::testing::ZipEntry;

FunctionCode Zip(std::string bytes) {
  FunctionCode code;
  code.zip_bytes = std::move(bytes);
  return code;
}

TEST(CodeStoreTest, ExtractsFilesDirectoriesAndExecutableBits) {
  TempDir tmp;
  CodeStore store(tmp.Sub("functions"));
  ASSERT_TRUE(store.Init().ok());
  auto deployed = store.Deploy(
      "f", 1,
      Zip(MakeZip({{"index.js", "exports.handler = 1;"},
                   {"lib", "", false, true},
                   {"lib/util.js", "x"},
                   {"bootstrap", "#!/bin/sh\n", false, false, 0755},
                   {"link.js", "lib/util.js", true}})));
  ASSERT_TRUE(deployed.ok()) << deployed.status();
  EXPECT_EQ(ReadAll(deployed->directory + "/index.js"), "exports.handler = 1;");
  EXPECT_EQ(ReadAll(deployed->directory + "/link.js"), "x");
  EXPECT_TRUE((fs::status(deployed->directory + "/bootstrap").permissions() &
               fs::perms::owner_exec) != fs::perms::none);
  EXPECT_GT(deployed->code_size, 0);
  EXPECT_EQ(deployed->code_sha256.size(), 44u);  // base64 of 32 bytes
}

TEST(CodeStoreTest, Sha256MatchesKnownVector) {
  // SHA-256("abc") = ba7816bf...ad, base64 below.
  EXPECT_EQ(Sha256Base64("abc"),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
  EXPECT_EQ(Sha256Base64(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

void ExpectRejected(const std::vector<ZipEntry>& entries,
                    const std::string& why, CodeLimits limits = {}) {
  TempDir tmp;
  CodeStore store(tmp.Sub("functions"), limits);
  ASSERT_TRUE(store.Init().ok());
  auto deployed = store.Deploy("f", 1, Zip(MakeZip(entries)));
  ASSERT_FALSE(deployed.ok()) << why;
  EXPECT_EQ(deployed.status().code(), absl::StatusCode::kInvalidArgument)
      << deployed.status();
  EXPECT_EQ(ErrorName(deployed.status()), "ValidationException");
  // Nothing escaped and no task root was left behind.
  EXPECT_FALSE(fs::exists(tmp.Sub("evil.txt")));
  EXPECT_FALSE(fs::exists(tmp.Sub("functions/code/f/1")));
}

TEST(CodeStoreTest, RejectsZipSlip) {
  ExpectRejected({{"../../evil.txt", "x"}}, "dot-dot");
  ExpectRejected({{"a/../../evil.txt", "x"}}, "nested dot-dot");
}

TEST(CodeStoreTest, RejectsAbsolutePaths) {
  ExpectRejected({{"/tmp/evil.txt", "x"}}, "absolute");
}

TEST(CodeStoreTest, RejectsLinksPointingOutside) {
  ExpectRejected({{"etc", "/etc", true}}, "absolute link");
  ExpectRejected({{"up", "../..", true}}, "relative link out");
  ExpectRejected({{"a/b", "../../x", true}}, "nested link out");
}

TEST(CodeStoreTest, RejectsZipBombsByExtractedSize) {
  CodeLimits limits;
  limits.unzipped_bytes_max = 1 << 20;
  std::string zeros(2 << 20, '\0');
  std::string zip = MakeZip({{"zeros.bin", zeros}});
  EXPECT_LT(zip.size(), 100u * 1024);  // compresses well: a bomb
  ExpectRejected({{"zeros.bin", zeros}}, "bomb", limits);
}

TEST(CodeStoreTest, RejectsTooManyEntriesAndOversizedZips) {
  CodeLimits limits;
  limits.entries_max = 3;
  ExpectRejected({{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}}, "entries",
                 limits);
  CodeLimits small;
  small.zip_bytes_max = 64;
  ExpectRejected({{"a", std::string(1000, 'x')}}, "zip size", small);
}

TEST(CodeStoreTest, RejectsGarbageAndAmbiguousCode) {
  TempDir tmp;
  CodeStore store(tmp.Sub("functions"));
  ASSERT_TRUE(store.Init().ok());
  auto bad = store.Deploy("f", 1, Zip("this is not a zip"));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  FunctionCode two;
  two.directory = tmp.path();
  two.zip_bytes = "x";
  EXPECT_EQ(store.Deploy("f", 1, two).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store.Deploy("f", 1, FunctionCode{}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CodeStoreTest, CopiesDirectoriesAndRemovesOldRevisions) {
  TempDir tmp;
  testing::WriteAll(tmp.Sub("src/index.js"), "one");
  testing::WriteAll(tmp.Sub("src/sub/two.js"), "two");
  CodeStore store(tmp.Sub("functions"));
  ASSERT_TRUE(store.Init().ok());
  FunctionCode code;
  code.directory = tmp.Sub("src");
  auto r1 = store.Deploy("f", 1, code);
  ASSERT_TRUE(r1.ok()) << r1.status();
  EXPECT_EQ(ReadAll(r1->directory + "/sub/two.js"), "two");
  EXPECT_EQ(r1->code_size, 6);
  auto r2 = store.Deploy("f", 2, code);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r1->code_sha256, r2->code_sha256);
  store.Remove("f", 2);
  EXPECT_FALSE(fs::exists(r1->directory));
  EXPECT_TRUE(fs::exists(r2->directory));
  code.directory = tmp.Sub("missing");
  EXPECT_EQ(store.Deploy("f", 3, code).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace eddy::cdc

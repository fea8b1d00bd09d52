// Copyright (c) Eddy authors.
//
// A crash never separates an item from its change record. A child process
// writes to a streamed table and is killed with SIGKILL mid-stream (after it
// reports synced progress through a pipe, so no sleeps); the parent reopens
// and checks that replaying the change log reproduces the table exactly: no
// write without its record, no record without its write. (The full oracle
// with per-write acknowledgement checks is the crash suite's job.)

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <random>

#include "eddy/database.h"
#include "tests/stream_test_util.h"
#include "tests/testing_util.h"

namespace eddy {
namespace {

using ::eddy::testing::HashKey;
using ::eddy::testing::OpenOrDie;
using ::eddy::testing::ReadAllRecords;
using ::eddy::testing::TempDir;
using V = AttributeValue;

constexpr int kKeys = 50;

// Runs in the child: random puts, updates and deletes forever; after each
// acknowledged synced write, writes its number to `fd`.
[[noreturn]] void ChildWorkload(const std::string& path, int fd,
                                uint32_t seed) {
  auto db = Database::Open(path, {});
  if (!db.ok()) _exit(2);
  std::mt19937 rng(seed);
  for (uint32_t i = 1;; ++i) {
    V key = V::N(static_cast<int64_t>(rng() % kKeys));
    WriteOptions wo{.durability =
                        i % 3 == 0 ? Durability::kSync : Durability::kNoSync};
    absl::Status s;
    switch (rng() % 3) {
      case 0:
        s = (*db)
                ->PutItem({.table_name = "Crash",
                           .item = {{"k", key}, {"i", V::N(int64_t{i})}},
                           .write_options = wo})
                .status();
        break;
      case 1:
        s = (*db)
                ->UpdateItem(
                    {.table_name = "Crash",
                     .key = {{"k", key}},
                     .actions = {UpdateAction::Add(Path::Attr("n"), V::N(1))},
                     .write_options = wo})
                .status();
        break;
      default:
        s = (*db)
                ->DeleteItem({.table_name = "Crash",
                              .key = {{"k", key}},
                              .write_options = wo})
                .status();
    }
    if (!s.ok()) _exit(3);
    if (wo.durability == Durability::kSync &&
        write(fd, &i, sizeof(i)) != sizeof(i)) {
      _exit(4);
    }
  }
}

TEST(CrashCaptureTest, KilledWriterNeverSeparatesItemsAndRecords) {
  TempDir dir;
  {
    auto db = OpenOrDie(dir.path());
    ASSERT_TRUE(
        db->CreateTable({.table_name = "Crash",
                         .key_schema = HashKey("k", KeyType::kN),
                         .stream_specification = StreamSpecification{true}})
            .ok());
  }
  for (uint32_t cycle = 0; cycle < 5; ++cycle) {
    uint32_t seed = 1000 + cycle;
    SCOPED_TRACE("cycle " + std::to_string(cycle) + " seed " +
                 std::to_string(seed));
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      ChildWorkload(dir.path(), fds[1], seed);
    }
    close(fds[1]);
    // Let it acknowledge a seed-dependent number of synced writes, then kill.
    uint32_t acked = 0, target = 20 + seed % 37;
    while (acked < target && read(fds[0], &acked, sizeof(acked)) > 0) {
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    close(fds[0]);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early: " << status;

    auto db = OpenOrDie(dir.path());
    // Replay the change log; it must reproduce the table exactly.
    std::map<std::string, Item> replayed;
    for (const StreamRecord& r : ReadAllRecords(db.get(), "Crash")) {
      std::string k = r.keys.at("k").n();
      if (r.event_name == EventName::kRemove) {
        ASSERT_TRUE(replayed.count(k)) << "REMOVE of an absent item " << k;
        replayed.erase(k);
      } else {
        ASSERT_EQ(replayed.count(k) > 0, r.event_name == EventName::kModify);
        replayed[k] = *r.new_image;
      }
    }
    auto scan = db->Scan({.table_name = "Crash"});
    ASSERT_TRUE(scan.ok());
    std::map<std::string, Item> table;
    for (const Item& item : scan->items) table[item.at("k").n()] = item;
    ASSERT_EQ(table, replayed);
  }
}

}  // namespace
}  // namespace eddy

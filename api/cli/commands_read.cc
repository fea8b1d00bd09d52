// Copyright (c) Eddy authors.
//
// Multi-item reads: query and scan. Without --limit they follow
// LastEvaluatedKey to the end, as the AWS CLI paginates; with --limit they
// return one page and its LastEvaluatedKey.

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "api/cli/commands.h"
#include "api/cli/output.h"
#include "api/cli/session.h"
#include "eddy/database.h"
#include "eddy/json.h"

namespace eddy::cli {
namespace {

struct ReadOptions {
  std::string data_dir;
  std::string table_name;
  std::string partition_value;  // query only: DynamoDB JSON value
  int32_t limit = 0;            // 0: every page
  bool backward = false;        // query only
};

// Runs `read_page` from `request`'s start until the last page (or once, if
// request.limit is set) and prints {"Items", "Count", "ScannedCount"
// [, "LastEvaluatedKey"]}. Request is QueryRequest or ScanRequest.
template <typename Request, typename ReadPage>
absl::Status ReadAndPrint(Request request, ReadPage read_page) {
  Json items = Json::array();
  int64_t scanned = 0;
  std::optional<Item> last_key;
  do {
    absl::StatusOr<QueryResult> page = read_page(request);
    if (!page.ok()) return page.status();
    for (const Item& item : page->items) items.push_back(ItemJson(item));
    scanned += page->scanned_count;
    last_key = page->last_evaluated_key;
    request.exclusive_start_key = last_key;
  } while (last_key && request.limit == 0);
  Json out = Json::object();
  out["Items"] = items;
  out["Count"] = items.size();
  out["ScannedCount"] = scanned;
  if (last_key) out["LastEvaluatedKey"] = ItemJson(*last_key);
  Print(out);
  return absl::OkStatus();
}

int RunQuery(const ReadOptions& options) {
  absl::StatusOr<AttributeValue> partition =
      ValueFromJson(options.partition_value);
  if (!partition.ok()) {
    return UsageError("--partition-value",
                      std::string(partition.status().message()));
  }
  QueryRequest request{.table_name = options.table_name,
                       .partition_key = *std::move(partition),
                       .scan_index_forward = !options.backward,
                       .limit = options.limit};
  return RunWithDatabase(
      options.data_dir, OpenMode::kMustExist, "Query",
      [&](Database& db) -> absl::Status {
        return ReadAndPrint(request,
                            [&](const QueryRequest& r) { return db.Query(r); });
      });
}

int RunScan(const ReadOptions& options) {
  ScanRequest request{.table_name = options.table_name, .limit = options.limit};
  return RunWithDatabase(
      options.data_dir, OpenMode::kMustExist, "Scan",
      [&](Database& db) -> absl::Status {
        return ReadAndPrint(request,
                            [&](const ScanRequest& r) { return db.Scan(r); });
      });
}

// Adds a subcommand with --data, --table-name and --limit; returns it.
CLI::App* AddReadCommand(CLI::App& app, Registry& registry,
                         const std::string& name,
                         const std::string& description,
                         int (*run)(const ReadOptions&),
                         const std::shared_ptr<ReadOptions>& options) {
  CLI::App* command = app.add_subcommand(name, description);
  AddDataOption(command, &options->data_dir);
  command->add_option("--table-name", options->table_name, "Table name")
      ->required();
  command
      ->add_option("--limit", options->limit,
                   "Evaluate at most N items and return one page")
      ->check(CLI::Range(1, std::numeric_limits<int32_t>::max()))
      ->type_name("N");
  registry.emplace_back(command, [run, options] { return run(*options); });
  return command;
}

}  // namespace

void AddReadCommands(CLI::App& app, Registry& registry) {
  auto query = std::make_shared<ReadOptions>();
  CLI::App* command =
      AddReadCommand(app, registry, "query",
                     "Read the items of one partition, in sort-key "
                     "order",
                     RunQuery, query);
  command
      ->add_option("--partition-value", query->partition_value,
                   "Partition key value in DynamoDB JSON, e.g. '{\"N\":\"1\"}'")
      ->required()
      ->type_name("JSON");
  command->add_flag("--backward", query->backward,
                    "Descending sort-key order (ScanIndexForward=false)");

  AddReadCommand(app, registry, "scan", "Read every item of a table", RunScan,
                 std::make_shared<ReadOptions>());
}

}  // namespace eddy::cli

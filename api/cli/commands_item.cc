// Copyright (c) Eddy authors.
//
// Single-item commands: put-item, get-item, delete-item.

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

struct ItemOptions {
  std::string data_dir;
  std::string table_name;
  std::string item_json;  // --item (put-item) or --key (get/delete-item)
  std::string return_values = "NONE";
};

// Parses --item / --key; on failure reports a usage error in `exit_code`.
std::optional<Item> ParseItemOption(const std::string& option,
                                    const std::string& json, int* exit_code) {
  absl::StatusOr<Item> item = ItemFromJson(json);
  if (!item.ok()) {
    *exit_code = UsageError(option, std::string(item.status().message()));
    return std::nullopt;
  }
  return *std::move(item);
}

ReturnValues ParseReturnValues(const std::string& text) {
  return text == "ALL_OLD" ? ReturnValues::kAllOld : ReturnValues::kNone;
}

// Prints {"Attributes": {...}} when a write returned the old item, and
// nothing otherwise (as the AWS CLI prints an empty response).
void PrintAttributes(const ItemResult& result) {
  if (result.item) Print({{"Attributes", ItemJson(*result.item)}});
}

int RunPutItem(const ItemOptions& options) {
  int exit_code = kExitUsage;
  std::optional<Item> item =
      ParseItemOption("--item", options.item_json, &exit_code);
  if (!item) return exit_code;
  PutItemRequest request{
      .table_name = options.table_name,
      .item = *std::move(item),
      .return_values = ParseReturnValues(options.return_values)};
  return RunWithDatabase(options.data_dir, OpenMode::kMustExist, "PutItem",
                         [&](Database& db) -> absl::Status {
                           absl::StatusOr<ItemResult> result =
                               db.PutItem(request);
                           if (!result.ok()) return result.status();
                           PrintAttributes(*result);
                           return absl::OkStatus();
                         });
}

int RunGetItem(const ItemOptions& options) {
  int exit_code = kExitUsage;
  std::optional<Item> key =
      ParseItemOption("--key", options.item_json, &exit_code);
  if (!key) return exit_code;
  GetItemRequest request{.table_name = options.table_name,
                         .key = *std::move(key)};
  return RunWithDatabase(options.data_dir, OpenMode::kMustExist, "GetItem",
                         [&](Database& db) -> absl::Status {
                           absl::StatusOr<ItemResult> result =
                               db.GetItem(request);
                           if (!result.ok()) return result.status();
                           if (result->item) {
                             Print({{"Item", ItemJson(*result->item)}});
                           }
                           return absl::OkStatus();
                         });
}

int RunDeleteItem(const ItemOptions& options) {
  int exit_code = kExitUsage;
  std::optional<Item> key =
      ParseItemOption("--key", options.item_json, &exit_code);
  if (!key) return exit_code;
  DeleteItemRequest request{
      .table_name = options.table_name,
      .key = *std::move(key),
      .return_values = ParseReturnValues(options.return_values)};
  return RunWithDatabase(options.data_dir, OpenMode::kMustExist, "DeleteItem",
                         [&](Database& db) -> absl::Status {
                           absl::StatusOr<ItemResult> result =
                               db.DeleteItem(request);
                           if (!result.ok()) return result.status();
                           PrintAttributes(*result);
                           return absl::OkStatus();
                         });
}

// Adds a subcommand with --data, --table-name and the JSON option `json_flag`
// (plus --return-values for writes).
void AddItemCommand(CLI::App& app, Registry& registry, const std::string& name,
                    const std::string& description,
                    const std::string& json_flag, bool is_write,
                    int (*run)(const ItemOptions&)) {
  auto options = std::make_shared<ItemOptions>();
  CLI::App* command = app.add_subcommand(name, description);
  AddDataOption(command, &options->data_dir);
  command->add_option("--table-name", options->table_name, "Table name")
      ->required();
  command
      ->add_option(json_flag, options->item_json,
                   json_flag == "--item" ? "The item, in DynamoDB JSON"
                                         : "The key, in DynamoDB JSON")
      ->required()
      ->type_name("JSON");
  if (is_write) {
    command
        ->add_option("--return-values", options->return_values,
                     "NONE or ALL_OLD: print the item as it was")
        ->check(CLI::IsMember({"NONE", "ALL_OLD"}));
  }
  registry.emplace_back(command, [run, options] { return run(*options); });
}

}  // namespace

void AddItemCommands(CLI::App& app, Registry& registry) {
  AddItemCommand(app, registry, "put-item", "Create or replace an item",
                 "--item", true, RunPutItem);
  AddItemCommand(app, registry, "get-item", "Read an item by its key", "--key",
                 false, RunGetItem);
  AddItemCommand(app, registry, "delete-item", "Delete an item by its key",
                 "--key", true, RunDeleteItem);
}

}  // namespace eddy::cli

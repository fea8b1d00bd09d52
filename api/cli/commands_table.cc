// Copyright (c) Eddy authors.
//
// Table commands: create-table, describe-table, list-tables, delete-table.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/cli/commands.h"
#include "api/cli/output.h"
#include "api/cli/session.h"
#include "eddy/database.h"

namespace eddy::cli {
namespace {

struct TableOptions {
  std::string data_dir;
  std::string table_name;
  std::string partition_key;  // NAME:TYPE
  std::string sort_key;       // NAME:TYPE, or empty
};

// Parses "NAME:TYPE" with TYPE one of S, N, B. The name may itself contain
// ':'; the last one separates the type.
std::optional<KeyAttribute> ParseKeyAttribute(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view type = text.substr(colon + 1);
  KeyAttribute key{.name = std::string(text.substr(0, colon))};
  if (type == "S") {
    key.type = KeyType::kS;
  } else if (type == "N") {
    key.type = KeyType::kN;
  } else if (type == "B") {
    key.type = KeyType::kB;
  } else {
    return std::nullopt;
  }
  return key;
}

int RunCreateTable(const TableOptions& options) {
  CreateTableRequest request{.table_name = options.table_name};
  std::optional<KeyAttribute> hash = ParseKeyAttribute(options.partition_key);
  if (!hash) return UsageError("--partition-key", "expected NAME:S|N|B");
  request.key_schema.partition_key = *hash;
  if (!options.sort_key.empty()) {
    std::optional<KeyAttribute> range = ParseKeyAttribute(options.sort_key);
    if (!range) return UsageError("--sort-key", "expected NAME:S|N|B");
    request.key_schema.sort_key = *range;
  }
  return RunWithDatabase(options.data_dir, OpenMode::kCreateIfMissing,
                         "CreateTable", [&](Database& db) -> absl::Status {
                           absl::StatusOr<TableDescription> table =
                               db.CreateTable(request);
                           if (!table.ok()) return table.status();
                           Print({{"TableDescription", TableJson(*table)}});
                           return absl::OkStatus();
                         });
}

int RunDescribeTable(const TableOptions& options) {
  return RunWithDatabase(options.data_dir, OpenMode::kMustExist,
                         "DescribeTable", [&](Database& db) -> absl::Status {
                           absl::StatusOr<TableDescription> table =
                               db.DescribeTable(options.table_name);
                           if (!table.ok()) return table.status();
                           Print({{"Table", TableJson(*table)}});
                           return absl::OkStatus();
                         });
}

int RunDeleteTable(const TableOptions& options) {
  return RunWithDatabase(options.data_dir, OpenMode::kMustExist, "DeleteTable",
                         [&](Database& db) -> absl::Status {
                           absl::StatusOr<TableDescription> table =
                               db.DeleteTable(options.table_name);
                           if (!table.ok()) return table.status();
                           Print({{"TableDescription", TableJson(*table)}});
                           return absl::OkStatus();
                         });
}

// Lists every table, following the pages as the AWS CLI does.
int RunListTables(const TableOptions& options) {
  return RunWithDatabase(
      options.data_dir, OpenMode::kMustExist, "ListTables",
      [&](Database& db) -> absl::Status {
        Json names = Json::array();
        ListTablesRequest request;
        while (true) {
          absl::StatusOr<ListTablesResult> page = db.ListTables(request);
          if (!page.ok()) return page.status();
          for (const std::string& name : page->table_names) {
            names.push_back(name);
          }
          if (!page->last_evaluated_table_name) break;
          request.exclusive_start_table_name = *page->last_evaluated_table_name;
        }
        Print({{"TableNames", names}});
        return absl::OkStatus();
      });
}

// Adds a subcommand taking --data and, if `named`, --table-name.
CLI::App* AddTableCommand(CLI::App& app, Registry& registry,
                          const std::string& name,
                          const std::string& description, bool named,
                          int (*run)(const TableOptions&),
                          const std::shared_ptr<TableOptions>& options) {
  CLI::App* command = app.add_subcommand(name, description);
  AddDataOption(command, &options->data_dir);
  if (named) {
    command->add_option("--table-name", options->table_name, "Table name")
        ->required();
  }
  registry.emplace_back(command, [run, options] { return run(*options); });
  return command;
}

}  // namespace

void AddTableCommands(CLI::App& app, Registry& registry) {
  auto create = std::make_shared<TableOptions>();
  CLI::App* command =
      AddTableCommand(app, registry, "create-table", "Create a table", true,
                      RunCreateTable, create);
  command
      ->add_option("--partition-key", create->partition_key,
                   "Partition key, e.g. Id:N (types S, N, B)")
      ->required()
      ->type_name("NAME:TYPE");
  command->add_option("--sort-key", create->sort_key, "Sort key, e.g. Date:S")
      ->type_name("NAME:TYPE");

  AddTableCommand(app, registry, "describe-table", "Describe a table", true,
                  RunDescribeTable, std::make_shared<TableOptions>());
  AddTableCommand(app, registry, "list-tables", "List all tables", false,
                  RunListTables, std::make_shared<TableOptions>());
  AddTableCommand(app, registry, "delete-table",
                  "Delete a table and all its items", true, RunDeleteTable,
                  std::make_shared<TableOptions>());
}

}  // namespace eddy::cli

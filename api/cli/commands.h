// Copyright (c) Eddy authors.
//
// The subcommands of the `eddy` tool. Each Add*Commands function registers
// its subcommands on the application and records, for each, the action to
// run when that subcommand is the one parsed.

#ifndef EDDY_API_CLI_COMMANDS_H_
#define EDDY_API_CLI_COMMANDS_H_

#include <functional>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"

namespace eddy::cli {

// Process exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;  // the database refused the request
inline constexpr int kExitUsage = 2;  // bad command line (options, JSON)

// Runs a parsed subcommand; returns the process exit code. Called once, on
// the main thread, after parsing succeeded.
using Action = std::function<int()>;

// Subcommands and their actions, in registration order.
using Registry = std::vector<std::pair<const CLI::App*, Action>>;

// create-table, describe-table, list-tables, delete-table.
void AddTableCommands(CLI::App& app, Registry& registry);
// put-item, get-item, delete-item.
void AddItemCommands(CLI::App& app, Registry& registry);
// query, scan.
void AddReadCommands(CLI::App& app, Registry& registry);
// serve (commands_serve.cc): the AWS-compatible HTTP endpoint.
void AddServeCommand(CLI::App& app, Registry& registry);

}  // namespace eddy::cli

#endif  // EDDY_API_CLI_COMMANDS_H_

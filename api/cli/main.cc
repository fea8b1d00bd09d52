// Copyright (c) Eddy authors.
//
// eddy: DynamoDB-style tables from the command line.
//   eddy create-table --data DIR --table-name Dogs --partition-key Id:N
//   eddy put-item --data DIR --table-name Dogs --item '{"Id":{"N":"1"}}'
// Exit codes: 0 success, 1 the database refused the request (the AWS error
// name is on stderr), 2 bad usage.

#include "CLI/CLI.hpp"
#include "api/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"eddy: DynamoDB-style tables on RocksDB", "eddy"};
  app.require_subcommand(1);
  eddy::cli::Registry registry;
  eddy::cli::AddTableCommands(app, registry);
  eddy::cli::AddItemCommands(app, registry);
  eddy::cli::AddReadCommands(app, registry);
  eddy::cli::AddServeCommand(app, registry);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help or the error
    return code == 0 ? eddy::cli::kExitOk : eddy::cli::kExitUsage;
  }
  for (const auto& [command, action] : registry) {
    if (command->parsed()) return action();
  }
  return eddy::cli::kExitUsage;  // unreachable: require_subcommand(1)
}

// Copyright (c) Eddy authors.
//
// What every `eddy` subcommand shares: the --data option, opening and closing
// the database, and reporting errors the way the AWS CLI does.

#ifndef EDDY_API_CLI_SESSION_H_
#define EDDY_API_CLI_SESSION_H_

#include <functional>
#include <string>
#include <string_view>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "eddy/database.h"
#include "eddy/options.h"

namespace eddy::cli {

// Adds the required `--data DIR` option (or $EDDY_DATA) to `command`.
// `data_dir` must outlive parsing.
void AddDataOption(CLI::App* command, std::string* data_dir);

// Opens the database in `data_dir` with `mode`, runs `body` on it and closes
// it. Returns kExitOk, or reports the first error on stderr as
//   An error occurred (<AWS name>) when calling the <operation> operation: ...
// and returns kExitError. `operation` is the DynamoDB operation name
// ("PutItem"). `body` runs on the calling thread; it prints its own output.
int RunWithDatabase(const std::string& data_dir, OpenMode mode,
                    std::string_view operation,
                    const std::function<absl::Status(Database&)>& body);

// Prints `Error parsing parameter '<option>': <message>` on stderr and
// returns kExitUsage.
int UsageError(std::string_view option, std::string_view message);

}  // namespace eddy::cli

#endif  // EDDY_API_CLI_SESSION_H_

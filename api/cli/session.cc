// Copyright (c) Eddy authors.

#include "api/cli/session.h"

#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "api/cli/commands.h"
#include "api/server/errors.h"
#include "eddy/status.h"

namespace eddy::cli {

void AddDataOption(CLI::App* command, std::string* data_dir) {
  command->add_option("--data", *data_dir, "Database directory")
      ->required()
      ->envname("EDDY_DATA")
      ->type_name("DIR");
}

namespace {

int ReportError(std::string_view operation, const absl::Status& status) {
  std::cerr << "An error occurred (" << server::AwsErrorName(status)
            << ") when calling the " << operation
            << " operation: " << status.message() << "\n";
  return kExitError;
}

}  // namespace

int RunWithDatabase(const std::string& data_dir, OpenMode mode,
                    std::string_view operation,
                    const std::function<absl::Status(Database&)>& body) {
  DatabaseOptions options;
  options.open_mode = mode;
  absl::StatusOr<std::unique_ptr<Database>> db =
      Database::Open(data_dir, options);
  if (!db.ok()) return ReportError(operation, db.status());
  absl::Status status = body(**db);
  absl::Status closed = (*db)->Close();
  if (!status.ok()) return ReportError(operation, status);
  if (!closed.ok()) return ReportError(operation, closed);
  return kExitOk;
}

int UsageError(std::string_view option, std::string_view message) {
  std::cerr << "Error parsing parameter '" << option << "': " << message
            << "\n";
  return kExitUsage;
}

}  // namespace eddy::cli

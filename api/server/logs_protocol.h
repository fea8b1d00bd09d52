// Copyright (c) Eddy authors.
//
// CloudWatch Logs (JSON 1.1, Logs_20140328.*): DescribeLogGroups,
// DescribeLogStreams, GetLogEvents, FilterLogEvents — enough for
// `aws logs tail` and `aws logs filter-log-events`. Same contract as
// dynamodb_protocol.h; errors are rendered with a bare __type.

#ifndef EDDY_API_SERVER_LOGS_PROTOCOL_H_
#define EDDY_API_SERVER_LOGS_PROTOCOL_H_

#include <string_view>

#include "api/server/dynamodb_protocol.h"

namespace eddy::server {

// The Logs operation named `name` ("GetLogEvents"), or nullptr.
JsonOperation FindLogsOperation(std::string_view name);

}  // namespace eddy::server

#endif  // EDDY_API_SERVER_LOGS_PROTOCOL_H_

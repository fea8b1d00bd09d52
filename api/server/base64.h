// Copyright (c) Eddy authors.
//
// Base64 (RFC 4648, padded) through OpenSSL's EVP_EncodeBlock /
// EVP_DecodeBlock, for Lambda's ZipFile and X-Amz-Log-Result.

#ifndef EDDY_API_SERVER_BASE64_H_
#define EDDY_API_SERVER_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace eddy::server {

std::string Base64Encode(std::string_view bytes);
// nullopt if `text` is not padded base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace eddy::server

#endif  // EDDY_API_SERVER_BASE64_H_

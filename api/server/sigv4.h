// Copyright (c) Eddy authors.
//
// AWS Signature Version 4 verification (header-signed requests,
// "Authorization: AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/
// <service>/aws4_request, SignedHeaders=<h1;h2>, Signature=<hex>").
//
// The canonical request, string to sign and signing key are built exactly
// as AWS documents; SHA-256 and HMAC-SHA256 come from OpenSSL's libcrypto.
// The canonical URI is the request path as sent, URI-encoded once more
// (AWS's rule for every service but S3).
//
// Credentials file (--credentials FILE): one key per line,
//   ACCESS_KEY_ID SECRET_ACCESS_KEY
// separated by whitespace; blank lines and lines starting with '#' are
// ignored.
//
// Thread-safety: a loaded CredentialStore is immutable; Verify may be called
// concurrently.

#ifndef EDDY_API_SERVER_SIGV4_H_
#define EDDY_API_SERVER_SIGV4_H_

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace eddy::server {

// Why a request failed verification; kOk if it passed.
enum class AuthFailure : uint8_t {
  kOk,
  kMissingAuthentication,  // no (or malformed) Authorization header
  kUnknownAccessKey,       // UnrecognizedClientException
  kSignatureMismatch,      // InvalidSignatureException
};

class CredentialStore {
 public:
  // Reads a credentials file. kNotFound if unreadable; kInvalidArgument
  // naming the line if a line is not "KEY SECRET".
  static absl::StatusOr<CredentialStore> Load(const std::string& path);
  // A store with one key (tests).
  CredentialStore(std::string access_key_id, std::string secret);

  // Verifies the SigV4 signature of a request. `target` is the
  // request-target as sent (path?query); header names are lowercase.
  AuthFailure Verify(std::string_view method, std::string_view target,
                     const std::map<std::string, std::string>& headers,
                     std::string_view body) const;

 private:
  CredentialStore() = default;
  std::map<std::string, std::string> secrets_;  // access key id -> secret
};

// Hex SHA-256 of `data` (exposed for tests).
std::string Sha256Hex(std::string_view data);

}  // namespace eddy::server

#endif  // EDDY_API_SERVER_SIGV4_H_

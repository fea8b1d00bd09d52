// Copyright (c) Eddy authors.
//
// Lambda's CodeSha256: base64 of the SHA-256 of the deployed code, computed
// with OpenSSL's libcrypto (libssl-dev).

#include <openssl/sha.h>

#include <string>

#include "absl/strings/escaping.h"
#include "cdc/code_store.h"

namespace eddy::cdc {

std::string Sha256Base64(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         digest);
  std::string out;
  absl::Base64Escape(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)),
      &out);
  return out;
}

}  // namespace eddy::cdc

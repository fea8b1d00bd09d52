// Copyright (c) Eddy authors.

#include "api/server/sigv4.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "api/server/text.h"

namespace eddy::server {
namespace {

std::string Hex(const unsigned char* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 15]);
  }
  return out;
}

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
       &size);
  return std::string(reinterpret_cast<char*>(out), size);
}

bool Unreserved(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

std::string UriEncode(std::string_view in, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (char c : in) {
    if (Unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += {'%', kDigits[byte >> 4], kDigits[byte & 15]};
    }
  }
  return out;
}

std::string UriDecode(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() &&
        absl::ascii_isxdigit(static_cast<unsigned char>(in[i + 1])) &&
        absl::ascii_isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      out.push_back(static_cast<char>(
          std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  for (std::string_view part : Split(query, '&', true)) {
    const size_t eq = part.find('=');
    std::string_view key = part.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? "" : part.substr(eq + 1);
    params.emplace_back(UriEncode(UriDecode(key), false),
                        UriEncode(UriDecode(value), false));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out.push_back('&');
    absl::StrAppend(&out, key, "=", value);
  }
  return out;
}

std::string CanonicalHeaderValue(std::string_view value) {
  std::string out;
  bool space = false;
  for (char c : Trim(value)) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

struct Authorization {
  std::string access_key_id;
  std::string scope;  // date/region/service/aws4_request
  std::string signed_headers;
  std::string signature;
};

bool ParseAuthorization(std::string_view header, Authorization* out) {
  constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256 ";
  if (header.substr(0, kAlgorithm.size()) != kAlgorithm) return false;
  header.remove_prefix(kAlgorithm.size());
  for (std::string_view part : Split(header, ',')) {
    part = Trim(part);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) return false;
    std::string_view key = part.substr(0, eq);
    std::string value(part.substr(eq + 1));
    if (key == "Credential") {
      const size_t slash = value.find('/');
      if (slash == std::string::npos) return false;
      out->access_key_id = value.substr(0, slash);
      out->scope = value.substr(slash + 1);
    } else if (key == "SignedHeaders") {
      out->signed_headers = value;
    } else if (key == "Signature") {
      out->signature = value;
    }
  }
  return !out->access_key_id.empty() && !out->signed_headers.empty() &&
         !out->signature.empty() &&
         std::count(out->scope.begin(), out->scope.end(), '/') == 3;
}

std::string Header(const std::map<std::string, std::string>& headers,
                   const std::string& name) {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         digest);
  return Hex(digest, sizeof(digest));
}

CredentialStore::CredentialStore(std::string access_key_id,
                                 std::string secret) {
  secrets_[std::move(access_key_id)] = std::move(secret);
}

absl::StatusOr<CredentialStore> CredentialStore::Load(const std::string& path) {
  std::ifstream file(path);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  CredentialStore store;
  std::string line;
  for (int number = 1; std::getline(file, line); ++number) {
    std::replace(line.begin(), line.end(), '\t', ' ');
    std::string_view text = Trim(line);
    if (text.empty() || text[0] == '#') continue;
    std::vector<std::string> parts;
    for (std::string_view part : Split(text, ' ', true)) {
      parts.emplace_back(Trim(part));
    }
    if (parts.size() != 2) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", number, ": expected ACCESS_KEY_ID SECRET_ACCESS_KEY"));
    }
    store.secrets_[parts[0]] = parts[1];
  }
  return store;
}

AuthFailure CredentialStore::Verify(
    std::string_view method, std::string_view target,
    const std::map<std::string, std::string>& headers,
    std::string_view body) const {
  Authorization auth;
  if (!ParseAuthorization(Header(headers, "authorization"), &auth)) {
    return AuthFailure::kMissingAuthentication;
  }
  auto secret = secrets_.find(auth.access_key_id);
  if (secret == secrets_.end()) return AuthFailure::kUnknownAccessKey;
  const size_t question = target.find('?');
  std::string canonical =
      absl::StrCat(std::string(method), "\n",
                   UriEncode(target.substr(0, question), true), "\n",
                   question == std::string_view::npos
                       ? ""
                       : CanonicalQuery(target.substr(question + 1)),
                   "\n");
  for (std::string_view name : Split(auth.signed_headers, ';')) {
    absl::StrAppend(&canonical, std::string(name), ":",
                    CanonicalHeaderValue(Header(headers, std::string(name))),
                    "\n");
  }
  std::string payload_hash = Header(headers, "x-amz-content-sha256");
  if (payload_hash.empty()) payload_hash = Sha256Hex(body);
  absl::StrAppend(&canonical, "\n", auth.signed_headers, "\n", payload_hash);
  const std::string string_to_sign =
      absl::StrCat("AWS4-HMAC-SHA256\n", Header(headers, "x-amz-date"), "\n",
                   auth.scope, "\n", Sha256Hex(canonical));
  std::string key = "AWS4" + secret->second;
  for (std::string_view part : Split(auth.scope, '/')) {
    key = Hmac(key, part);
  }
  const std::string signature = Hmac(key, string_to_sign);
  const std::string expected =
      Hex(reinterpret_cast<const unsigned char*>(signature.data()),
          signature.size());
  if (expected.size() != auth.signature.size() ||
      CRYPTO_memcmp(expected.data(), auth.signature.data(), expected.size()) !=
          0) {
    return AuthFailure::kSignatureMismatch;
  }
  return AuthFailure::kOk;
}

}  // namespace eddy::server

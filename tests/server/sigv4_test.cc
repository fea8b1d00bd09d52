// Copyright (c) Eddy authors.
//
// SigV4 verification: AWS's documented example request, tampering, unknown
// keys, the credentials file, and the error responses over HTTP.

#include "api/server/sigv4.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/server/server_test_util.h"

namespace eddy::server::testing {
namespace {

// The worked example of AWS's "Signature Version 4 signing process"
// documentation (IAM ListUsers, 2015-08-30).
constexpr char kKeyId[] = "AKIDEXAMPLE";
constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

std::map<std::string, std::string> ExampleHeaders() {
  return {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"},
          {"host", "iam.amazonaws.com"},
          {"x-amz-date", "20150830T123600Z"},
          {"authorization",
           "AWS4-HMAC-SHA256 "
           "Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
           "SignedHeaders=content-type;host;x-amz-date, "
           "Signature="
           "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"}};
}

constexpr char kTarget[] = "/?Action=ListUsers&Version=2010-05-08";

TEST(SigV4Test, AcceptsAwsDocumentedExample) {
  CredentialStore store(kKeyId, kSecret);
  EXPECT_EQ(store.Verify("GET", kTarget, ExampleHeaders(), ""),
            AuthFailure::kOk);
}

TEST(SigV4Test, RejectsTamperedRequests) {
  CredentialStore store(kKeyId, kSecret);
  EXPECT_EQ(store.Verify("POST", kTarget, ExampleHeaders(), ""),
            AuthFailure::kSignatureMismatch);
  EXPECT_EQ(store.Verify("GET", kTarget, ExampleHeaders(), "body"),
            AuthFailure::kSignatureMismatch);
  auto headers = ExampleHeaders();
  headers["x-amz-date"] = "20150830T123601Z";
  EXPECT_EQ(store.Verify("GET", kTarget, headers, ""),
            AuthFailure::kSignatureMismatch);
  CredentialStore other(kKeyId, "another secret");
  EXPECT_EQ(other.Verify("GET", kTarget, ExampleHeaders(), ""),
            AuthFailure::kSignatureMismatch);
  CredentialStore unknown("AKIDOTHER", kSecret);
  EXPECT_EQ(unknown.Verify("GET", kTarget, ExampleHeaders(), ""),
            AuthFailure::kUnknownAccessKey);
  headers = ExampleHeaders();
  headers.erase("authorization");
  EXPECT_EQ(store.Verify("GET", kTarget, headers, ""),
            AuthFailure::kMissingAuthentication);
}

TEST(SigV4Test, LoadsCredentialsFile) {
  eddy::testing::TempDir dir;
  {
    std::ofstream file(dir.Sub("creds"));
    file << "# comment\n\n" << kKeyId << "\t " << kSecret << "\n";
  }
  absl::StatusOr<CredentialStore> store =
      CredentialStore::Load(dir.Sub("creds"));
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(store->Verify("GET", kTarget, ExampleHeaders(), ""),
            AuthFailure::kOk);
  {
    std::ofstream file(dir.Sub("bad"));
    file << "only-one-field\n";
  }
  EXPECT_EQ(CredentialStore::Load(dir.Sub("bad")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CredentialStore::Load(dir.Sub("missing")).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(SigV4Test, UnsignedRequestsGetAwsErrorsWhenVerifying) {
  CredentialStore store(kKeyId, kSecret);
  ServerFixture server(&store);
  Reply dynamo = server.Dynamo("ListTables", Json::object());
  EXPECT_EQ(dynamo.status, 400);
  EXPECT_EQ(dynamo.ErrorType(), "MissingAuthenticationTokenException");
  httplib::Headers forged = {
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/"
       "aws4_request, SignedHeaders=host;x-amz-date, Signature=00"},
      {"X-Amz-Date", "20150830T123600Z"},
      {"X-Amz-Target", "DynamoDB_20120810.ListTables"}};
  Reply bad = ServerFixture::ToReply(
      server.client().Post("/", forged, "{}", "application/x-amz-json-1.0"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorType(), "InvalidSignatureException");
  Reply lambda =
      ServerFixture::ToReply(server.client().Get("/2015-03-31/functions/"));
  EXPECT_EQ(lambda.status, 403);
  EXPECT_EQ(lambda.Header("x-amzn-ErrorType"),
            "MissingAuthenticationTokenException");
}

}  // namespace
}  // namespace eddy::server::testing

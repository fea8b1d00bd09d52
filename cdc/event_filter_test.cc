// Copyright (c) Eddy authors.
//
// Matching semantics of EventFilter (cdc/event_filter.h): AWS's documented
// DynamoDB filtering examples, then every operator and edge case. Syntax
// errors are in event_filter_validation_test.cc.

#include "cdc/event_filter.h"

#include <string>
#include <vector>

#include "eddy/triggers.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace eddy::cdc {
namespace {

using Json = nlohmann::json;

// The record of Lambda's "Using event filtering with a DynamoDB event
// source" page, with an eventName.
constexpr char kDocRecord[] = R"({
  "eventID": "1", "eventName": "INSERT", "eventVersion": "1.0",
  "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
  "dynamodb": {
    "ApproximateCreationDateTime": 1678831218,
    "Keys": {"CustomerName": {"S": "AnyCompany Industries"}},
    "NewImage": {
      "AccountManager": {"S": "Pat Candella"},
      "PaymentTerms": {"S": "60 days"},
      "CustomerName": {"S": "AnyCompany Industries"},
      "Id": {"N": "101"},
      "Active": {"BOOL": true},
      "Note": {"NULL": true},
      "Tags": {"SS": ["blue", "green"]}
    },
    "SequenceNumber": "111", "SizeBytes": 26, "StreamViewType": "NEW_IMAGE"
  }
})";

struct MatchCase {
  const char* name;
  const char* pattern;
  const char* record;  // nullptr = kDocRecord
  bool want;
};

void PrintTo(const MatchCase& c, std::ostream* os) { *os << c.name; }

bool CompileAndMatch(const MatchCase& c) {
  absl::StatusOr<EventFilter> filter =
      EventFilter::Compile({eddy::Filter{c.pattern}});
  EXPECT_TRUE(filter.ok()) << filter.status();
  if (!filter.ok()) return false;
  const Json record = Json::parse(c.record ? c.record : kDocRecord);
  const bool got = filter->Matches(record);
  // The insertion-ordered overload agrees.
  EXPECT_EQ(got, filter->Matches(nlohmann::ordered_json::parse(
                     c.record ? c.record : kDocRecord)));
  return got;
}

class EventFilterMatchTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(EventFilterMatchTest, Matches) {
  const MatchCase& c = GetParam();
  EXPECT_EQ(CompileAndMatch(c), c.want) << "pattern " << c.pattern;
}

// Lambda's documented DynamoDB examples (with-ddb-filtering), and the
// comparison-operator table of "Control which events Lambda sends".
const MatchCase kDocCases[] = {
    {"TableKey",
     R"({"dynamodb":{"Keys":{"CustomerName":{"S":["AnyCompany Industries"]}}}})",
     nullptr, true},
    {"TableKeyOther",
     R"({"dynamodb":{"Keys":{"CustomerName":{"S":["Other Corp"]}}}})", nullptr,
     false},
    {"AttributeOr",
     R"({"dynamodb":{"NewImage":{"AccountManager":{"S":["Pat Candella","Shirley Rodriguez"]}}}})",
     nullptr, true},
    {"BooleanAnd",
     R"({"dynamodb":{"NewImage":{"AccountManager":{"S":["Pat Candella"]},"PaymentTerms":{"S":["60 days"]}}}})",
     nullptr, true},
    {"BooleanAndOneFails",
     R"({"dynamodb":{"NewImage":{"AccountManager":{"S":["Pat Candella"]},"PaymentTerms":{"S":["30 days"]}}}})",
     nullptr, false},
    {"ExistsOnLeaf",
     R"({"dynamodb":{"NewImage":{"AccountManager":{"S":[{"exists":true}]}}}})",
     nullptr, true},
    // AWS: exists works on leaf nodes only; on an intermediate node it
    // "won't work" (the attribute map is not a leaf value).
    {"ExistsOnIntermediateNode",
     R"({"dynamodb":{"NewImage":{"AccountManager":[{"exists":true}]}}})",
     nullptr, false},
    {"NotExistsOnLeaf",
     R"({"dynamodb":{"NewImage":{"OrderNumber":{"S":[{"exists":false}]}}}})",
     nullptr, true},
    {"NotExistsPresent",
     R"({"dynamodb":{"NewImage":{"AccountManager":{"S":[{"exists":false}]}}}})",
     nullptr, false},
    {"EventNameInsert", R"({"eventName":["INSERT"]})", nullptr, true},
    {"EventNameModifyOrRemove", R"({"eventName":["MODIFY","REMOVE"]})", nullptr,
     false},
    {"EventNameAndNewImage",
     R"({"eventName":["INSERT"],"dynamodb":{"NewImage":{"PaymentTerms":{"S":[{"prefix":"60"}]}}}})",
     nullptr, true},
    {"NumberAsStringEquals",
     R"({"dynamodb":{"NewImage":{"Id":{"N":["101"]}}}})", nullptr, true},
    // AWS: numeric operators do not apply to DynamoDB "N" values, which
    // are strings in the record.
    {"NumericOnDynamoNumberNeverMatches",
     R"({"dynamodb":{"NewImage":{"Id":{"N":[{"numeric":[">",100]}]}}}})",
     nullptr, false},
    {"BoolAttribute", R"({"dynamodb":{"NewImage":{"Active":{"BOOL":[true]}}}})",
     nullptr, true},
    {"BoolAttributeFalse",
     R"({"dynamodb":{"NewImage":{"Active":{"BOOL":[false]}}}})", nullptr,
     false},
    {"StringSetAnyElement",
     R"({"dynamodb":{"NewImage":{"Tags":{"SS":["green"]}}}})", nullptr, true},
    {"NullOperator", R"({"UserID":[null]})", R"({"UserID":null})", true},
    {"EmptyOperator", R"({"LastName":[""]})", R"({"LastName":""})", true},
    {"EqualsOperator", R"({"Name":["Alice"]})", R"({"Name":"Alice"})", true},
    {"EqualsIgnoreCaseOperator", R"({"Name":[{"equals-ignore-case":"alice"}]})",
     R"({"Name":"ALICE"})", true},
    {"AndOperator", R"({"Location":["New York"],"Day":["Monday"]})",
     R"({"Location":"New York","Day":"Monday"})", true},
    {"OrOperator", R"({"PaymentType":["Credit","Debit"]})",
     R"({"PaymentType":"Debit"})", true},
    {"OrMultipleFields",
     R"({"$or":[{"Location":["New York"]},{"Day":["Monday"]}]})",
     R"({"Location":"Boston","Day":"Monday"})", true},
    {"NotOperator", R"({"Weather":[{"anything-but":["Raining"]}]})",
     R"({"Weather":"Sunny"})", true},
    {"NumericEquals", R"({"Price":[{"numeric":["=",100]}]})",
     R"({"Price":100})", true},
    {"NumericRange", R"({"Price":[{"numeric":[">",10,"<=",20]}]})",
     R"({"Price":20})", true},
    {"ExistsOperator", R"({"ProductName":[{"exists":true}]})",
     R"({"ProductName":"x"})", true},
    {"DoesNotExistOperator", R"({"ProductName":[{"exists":false}]})",
     R"({"Other":"x"})", true},
    {"BeginsWithOperator", R"({"Region":[{"prefix":"us-"}]})",
     R"({"Region":"us-east-1"})", true},
    {"EndsWithOperator", R"({"FileName":[{"suffix":".png"}]})",
     R"({"FileName":"cat.png"})", true},
    // "300, 300.0, and 3.0e2 are not considered equal".
    {"NumbersKeepTheirRepresentation", R"({"n":[300]})", R"({"n":300.0})",
     false},
};
INSTANTIATE_TEST_SUITE_P(AwsDocs, EventFilterMatchTest,
                         ::testing::ValuesIn(kDocCases),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace eddy::cdc

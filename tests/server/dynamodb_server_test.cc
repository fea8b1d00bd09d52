// Copyright (c) Eddy authors.
//
// The DynamoDB JSON 1.0 protocol over real HTTP on 127.0.0.1: tables, items,
// expressions, ReturnValues, paging, batches, transactions and errors.

#include <gtest/gtest.h>

#include "tests/server/server_test_util.h"

namespace eddy::server::testing {
namespace {

const Json kDogsTable = {
    {"TableName", "Dogs"},
    {"AttributeDefinitions",
     {{{"AttributeName", "Id"}, {"AttributeType", "N"}}}},
    {"KeySchema", {{{"AttributeName", "Id"}, {"KeyType", "HASH"}}}},
    {"BillingMode", "PAY_PER_REQUEST"}};

const Json kWalksTable = {
    {"TableName", "Walks"},
    {"AttributeDefinitions",
     {{{"AttributeName", "Dog"}, {"AttributeType", "S"}},
      {{"AttributeName", "Date"}, {"AttributeType", "S"}}}},
    {"KeySchema",
     {{{"AttributeName", "Dog"}, {"KeyType", "HASH"}},
      {{"AttributeName", "Date"}, {"KeyType", "RANGE"}}}}};

TEST(DynamoDbServerTest, CreateDescribeListDeleteTable) {
  ServerFixture server;
  Reply created = server.Dynamo("CreateTable", kDogsTable);
  ASSERT_EQ(created.status, 200) << created.raw;
  const Json& table = created.body["TableDescription"];
  EXPECT_EQ(table["TableName"], "Dogs");
  EXPECT_EQ(table["TableStatus"], "ACTIVE");
  EXPECT_EQ(table["KeySchema"][0]["KeyType"], "HASH");
  EXPECT_EQ(table["AttributeDefinitions"][0]["AttributeType"], "N");
  EXPECT_EQ(table["TableArn"],
            "arn:aws:dynamodb:us-east-1:000000000000:table/Dogs");
  EXPECT_TRUE(table["CreationDateTime"].is_number_float());
  EXPECT_EQ(table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
  EXPECT_EQ(table["ProvisionedThroughput"]["ReadCapacityUnits"], 0);
  EXPECT_EQ(created.Header("Content-Type"), "application/x-amz-json-1.0");

  Reply again = server.Dynamo("CreateTable", kDogsTable);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.ErrorType(), "ResourceInUseException");

  Reply described = server.Dynamo("DescribeTable", {{"TableName", "Dogs"}});
  EXPECT_EQ(described.body["Table"]["TableName"], "Dogs");
  ASSERT_EQ(server.Dynamo("CreateTable", kWalksTable).status, 200);
  Reply listed = server.Dynamo("ListTables", {{"Limit", 1}});
  EXPECT_EQ(listed.body["TableNames"], Json({"Dogs"}));
  EXPECT_EQ(listed.body["LastEvaluatedTableName"], "Dogs");
  Reply deleted = server.Dynamo("DeleteTable", {{"TableName", "Dogs"}});
  EXPECT_EQ(deleted.body["TableDescription"]["TableStatus"], "DELETING");
  Reply missing = server.Dynamo("DescribeTable", {{"TableName", "Dogs"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body["__type"],
            "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
}

TEST(DynamoDbServerTest, CreateTableValidatesSchema) {
  ServerFixture server;
  Json bad = kDogsTable;
  bad["AttributeDefinitions"].push_back(
      {{"AttributeName", "Extra"}, {"AttributeType", "S"}});
  Reply reply = server.Dynamo("CreateTable", bad);
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.ErrorType(), "ValidationException");
  Reply no_name = server.Dynamo("CreateTable", Json::object());
  EXPECT_EQ(no_name.ErrorType(), "ValidationException");
}

TEST(DynamoDbServerTest, PutGetUpdateDeleteWithExpressions) {
  ServerFixture server;
  ASSERT_EQ(server.Dynamo("CreateTable", kDogsTable).status, 200);
  Json item = {
      {"Id", {{"N", "1"}}}, {"Name", {{"S", "Rex"}}}, {"Age", {{"N", "3"}}}};
  Reply put = server.Dynamo("PutItem", {{"TableName", "Dogs"}, {"Item", item}});
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body, Json::object());

  Reply cond = server.Dynamo(
      "PutItem", {{"TableName", "Dogs"},
                  {"Item", item},
                  {"ConditionExpression", "attribute_not_exists(Id)"}});
  EXPECT_EQ(cond.status, 400);
  EXPECT_EQ(cond.ErrorType(), "ConditionalCheckFailedException");

  Reply got = server.Dynamo("GetItem",
                            {{"TableName", "Dogs"},
                             {"Key", {{"Id", {{"N", "1"}}}}},
                             {"ProjectionExpression", "#n"},
                             {"ExpressionAttributeNames", {{"#n", "Name"}}}});
  EXPECT_EQ(got.body["Item"], Json({{"Name", {{"S", "Rex"}}}}));

  Reply updated = server.Dynamo(
      "UpdateItem", {{"TableName", "Dogs"},
                     {"Key", {{"Id", {{"N", "1"}}}}},
                     {"UpdateExpression", "SET Age = Age + :one"},
                     {"ConditionExpression", "Age = :three"},
                     {"ExpressionAttributeValues",
                      {{":one", {{"N", "1"}}}, {":three", {{"N", "3"}}}}},
                     {"ReturnValues", "UPDATED_NEW"}});
  ASSERT_EQ(updated.status, 200) << updated.raw;
  EXPECT_EQ(updated.body["Attributes"], Json({{"Age", {{"N", "4"}}}}));

  Reply bad_expr = server.Dynamo(
      "UpdateItem", {{"TableName", "Dogs"},
                     {"Key", {{"Id", {{"N", "1"}}}}},
                     {"UpdateExpression", "SET status = :v"},
                     {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}}}});
  EXPECT_EQ(bad_expr.status, 400);
  EXPECT_EQ(bad_expr.ErrorType(), "ValidationException");
  EXPECT_NE(
      bad_expr.body["message"].get<std::string>().find("reserved keyword"),
      std::string::npos);

  Reply deleted = server.Dynamo("DeleteItem", {{"TableName", "Dogs"},
                                               {"Key", {{"Id", {{"N", "1"}}}}},
                                               {"ReturnValues", "ALL_OLD"}});
  EXPECT_EQ(deleted.body["Attributes"]["Age"], Json({{"N", "4"}}));
  Reply gone = server.Dynamo(
      "GetItem", {{"TableName", "Dogs"}, {"Key", {{"Id", {{"N", "1"}}}}}});
  EXPECT_EQ(gone.body, Json::object());
}

TEST(DynamoDbServerTest, QueryAndScanPageWithLimit) {
  ServerFixture server;
  ASSERT_EQ(server.Dynamo("CreateTable", kWalksTable).status, 200);
  for (const char* date : {"2026-01-01", "2026-01-02", "2026-01-03"}) {
    Json item = {
        {"Dog", {{"S", "Rex"}}}, {"Date", {{"S", date}}}, {"Km", {{"N", "2"}}}};
    ASSERT_EQ(server.Dynamo("PutItem", {{"TableName", "Walks"}, {"Item", item}})
                  .status,
              200);
  }
  Json query = {{"TableName", "Walks"},
                {"KeyConditionExpression", "Dog = :d AND #dt > :from"},
                {"ExpressionAttributeNames", {{"#dt", "Date"}}},
                {"ExpressionAttributeValues",
                 {{":d", {{"S", "Rex"}}}, {":from", {{"S", "2026-01-01"}}}}},
                {"Limit", 1}};
  Reply first = server.Dynamo("Query", query);
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body["Count"], 1);
  EXPECT_EQ(first.body["Items"][0]["Date"], Json({{"S", "2026-01-02"}}));
  ASSERT_TRUE(first.body.contains("LastEvaluatedKey"));
  query["ExclusiveStartKey"] = first.body["LastEvaluatedKey"];
  query["Limit"] = 10;
  Reply second = server.Dynamo("Query", query);
  EXPECT_EQ(second.body["Items"][0]["Date"], Json({{"S", "2026-01-03"}}));
  EXPECT_FALSE(second.body.contains("LastEvaluatedKey"));

  Reply scan = server.Dynamo(
      "Scan", {{"TableName", "Walks"},
               {"FilterExpression", "#dt <> :x"},
               {"ExpressionAttributeNames", {{"#dt", "Date"}}},
               {"ExpressionAttributeValues", {{":x", {{"S", "2026-01-01"}}}}},
               {"Select", "COUNT"}});
  EXPECT_EQ(scan.body["Count"], 2);
  EXPECT_EQ(scan.body["ScannedCount"], 3);
  EXPECT_FALSE(scan.body.contains("Items"));
  Reply no_key = server.Dynamo("Query", {{"TableName", "Walks"}});
  EXPECT_EQ(no_key.ErrorType(), "ValidationException");
}

TEST(DynamoDbServerTest, LegacyParametersStillWork) {
  ServerFixture server;
  ASSERT_EQ(server.Dynamo("CreateTable", kDogsTable).status, 200);
  Json item = {{"Id", {{"N", "7"}}}, {"Name", {{"S", "Bo"}}}};
  ASSERT_EQ(
      server.Dynamo("PutItem", {{"TableName", "Dogs"}, {"Item", item}}).status,
      200);
  Reply put =
      server.Dynamo("PutItem", {{"TableName", "Dogs"},
                                {"Item", item},
                                {"Expected", {{"Id", {{"Exists", false}}}}}});
  EXPECT_EQ(put.ErrorType(), "ConditionalCheckFailedException");
  Reply got = server.Dynamo("GetItem", {{"TableName", "Dogs"},
                                        {"Key", {{"Id", {{"N", "7"}}}}},
                                        {"AttributesToGet", {"Name"}}});
  EXPECT_EQ(got.body["Item"], Json({{"Name", {{"S", "Bo"}}}}));
}

TEST(DynamoDbServerTest, BatchesAndTransactions) {
  ServerFixture server;
  ASSERT_EQ(server.Dynamo("CreateTable", kDogsTable).status, 200);
  Reply wrote = server.Dynamo(
      "BatchWriteItem",
      {{"RequestItems",
        {{"Dogs",
          {{{"PutRequest", {{"Item", {{"Id", {{"N", "1"}}}}}}}},
           {{"PutRequest", {{"Item", {{"Id", {{"N", "2"}}}}}}}}}}}}});
  ASSERT_EQ(wrote.status, 200) << wrote.raw;
  EXPECT_EQ(wrote.body["UnprocessedItems"], Json::object());
  Reply read = server.Dynamo(
      "BatchGetItem",
      {{"RequestItems",
        {{"Dogs",
          {{"Keys", {{{"Id", {{"N", "1"}}}}, {{"Id", {{"N", "3"}}}}}}}}}}});
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.body["Responses"]["Dogs"].size(), 1u);

  Json transaction = {
      {"TransactItems",
       {{{"Put", {{"TableName", "Dogs"}, {"Item", {{"Id", {{"N", "5"}}}}}}}},
        {{"ConditionCheck",
          {{"TableName", "Dogs"},
           {"Key", {{"Id", {{"N", "1"}}}}},
           {"ConditionExpression", "attribute_not_exists(Id)"}}}}}}};
  Reply cancelled = server.Dynamo("TransactWriteItems", transaction);
  EXPECT_EQ(cancelled.status, 400);
  EXPECT_EQ(cancelled.ErrorType(), "TransactionCanceledException");
  ASSERT_EQ(cancelled.body["CancellationReasons"].size(), 2u);
  EXPECT_EQ(cancelled.body["CancellationReasons"][0]["Code"], "None");
  EXPECT_EQ(cancelled.body["CancellationReasons"][1]["Code"],
            "ConditionalCheckFailed");
  transaction["TransactItems"][1]["ConditionCheck"]["ConditionExpression"] =
      "attribute_exists(Id)";
  EXPECT_EQ(server.Dynamo("TransactWriteItems", transaction).status, 200);
}

TEST(DynamoDbServerTest, MalformedRequestsAreClean400s) {
  ServerFixture server;
  Reply unknown = server.Dynamo("Frobnicate", Json::object());
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body["__type"],
            "com.amazon.coral.service#UnknownOperationException");
  Reply garbage = server.Call("DynamoDB_20120810.PutItem", "{not json");
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(garbage.ErrorType(), "SerializationException");
  Reply wrong_type = server.Dynamo(
      "PutItem", {{"TableName", 5}, {"Item", {{"Id", {{"N", "1"}}}}}});
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(wrong_type.ErrorType(), "SerializationException");
  Reply bad_item =
      server.Dynamo("PutItem", {{"TableName", "Dogs"}, {"Item", {{"Id", 1}}}});
  EXPECT_EQ(bad_item.status, 400);
  EXPECT_EQ(bad_item.ErrorType(), "ValidationException");
  Reply no_target = ServerFixture::ToReply(
      server.client().Post("/", "{}", "application/x-amz-json-1.0"));
  EXPECT_EQ(no_target.status, 400);
}

}  // namespace
}  // namespace eddy::server::testing

// Copyright (c) Eddy authors.
//
// Malformed and over-limit input to every public item, table and stream
// operation (issue 8). Table-driven: each case names the operation, the
// status code it must get and a fragment of the message naming the field;
// after each, a full read (Scan, DescribeTable, ListTables, the stream's
// records) shows that nothing changed.

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "eddy/database.h"
#include "eddy/json.h"
#include "tests/stream_test_util.h"
#include "tests/testing_util.h"

namespace eddy {
namespace {

using ::eddy::testing::HashKey;
using ::eddy::testing::HashRangeKey;
using ::eddy::testing::OpenOrDie;
using ::eddy::testing::ReadAllRecords;
using ::eddy::testing::TempDir;
using V = AttributeValue;
using Code = absl::StatusCode;

struct Case {
  std::string name;
  std::function<absl::Status(Database*)> op;
  Code code;
  std::string message_part;  // names the field or the limit
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

template <typename T>
absl::Status StatusOf(const absl::StatusOr<T>& r) {
  return r.status();
}

Item Key(int64_t k) { return {{"pk", V::N(k)}}; }
Item Item1(int64_t k) { return {{"pk", V::N(k)}, {"a", V::S("x")}}; }

// Everything a client could observe, as one string.
std::string Snapshot(Database* db) {
  std::string out;
  for (const char* table : {"Items", "Ranged"}) {
    auto scan = db->Scan({.table_name = table});
    EXPECT_TRUE(scan.ok()) << scan.status();
    if (scan.ok()) {
      for (const Item& item : scan->items) out += ItemToJson(item) + "\n";
    }
    for (const StreamRecord& r : ReadAllRecords(db, table)) {
      out += r.sequence_number + "\n";
    }
    auto desc = db->DescribeTable(table);
    if (desc.ok()) out += desc->table_arn + desc->latest_stream_arn + "\n";
  }
  auto tables = db->ListTables({});
  if (tables.ok()) {
    for (const std::string& t : tables->table_names) out += t + ",";
  }
  return out;
}

Item Nested(int depth) {
  V v = V::S("leaf");
  for (int i = 0; i < depth; ++i) v = V::M({{"m", v}});
  return {{"pk", V::N(1)}, {"deep", v}};
}

std::vector<Case> ItemCases() {
  std::string big(400 * 1024, 'x');
  return {
      {"PutItem unknown table",
       [](Database* db) {
         return StatusOf(db->PutItem({.table_name = "Nope", .item = Item1(1)}));
       },
       Code::kNotFound, "Nope"},
      {"PutItem missing key",
       [](Database* db) {
         return StatusOf(
             db->PutItem({.table_name = "Items", .item = {{"a", V::S("x")}}}));
       },
       Code::kInvalidArgument, "pk"},
      {"PutItem key of the wrong type",
       [](Database* db) {
         return StatusOf(
             db->PutItem({.table_name = "Items", .item = {{"pk", V::S("1")}}}));
       },
       Code::kInvalidArgument, "pk"},
      {"PutItem empty string sort key",
       [](Database* db) {
         return StatusOf(
             db->PutItem({.table_name = "Ranged",
                          .item = {{"h", V::S("a")}, {"r", V::S("")}}}));
       },
       Code::kInvalidArgument, "r"},
      {"PutItem partition key over 2048 bytes",
       [](Database* db) {
         return StatusOf(
             db->PutItem({.table_name = "Ranged",
                          .item = {{"h", V::S(std::string(2049, 'h'))},
                                   {"r", V::S("a")}}}));
       },
       Code::kInvalidArgument, "h"},
      {"PutItem sort key over 1024 bytes",
       [](Database* db) {
         return StatusOf(
             db->PutItem({.table_name = "Ranged",
                          .item = {{"h", V::S("a")},
                                   {"r", V::S(std::string(1025, 'r'))}}}));
       },
       Code::kInvalidArgument, "r"},
      {"PutItem item over 400 KB",
       [big](Database* db) {
         return StatusOf(
             db->PutItem({.table_name = "Items",
                          .item = {{"pk", V::N(1)}, {"a", V::S(big)}}}));
       },
       Code::kInvalidArgument, "size"},
      {"PutItem bad number",
       [](Database* db) {
         return StatusOf(
             db->PutItem({.table_name = "Items",
                          .item = {{"pk", V::N(1)}, {"n", V::N("1x")}}}));
       },
       Code::kInvalidArgument, "n"},
      {"PutItem number out of range",
       [](Database* db) {
         return StatusOf(
             db->PutItem({.table_name = "Items",
                          .item = {{"pk", V::N(1)}, {"n", V::N("1E+126")}}}));
       },
       Code::kInvalidArgument, "n"},
      {"PutItem empty set",
       [](Database* db) {
         return StatusOf(
             db->PutItem({.table_name = "Items",
                          .item = {{"pk", V::N(1)}, {"s", V::SS({})}}}));
       },
       Code::kInvalidArgument, "s"},
      {"PutItem duplicate set members",
       [](Database* db) {
         return StatusOf(db->PutItem(
             {.table_name = "Items",
              .item = {{"pk", V::N(1)}, {"s", V::NS({"1", "1.0"})}}}));
       },
       Code::kInvalidArgument, "s"},
      {"PutItem nesting over 32",
       [](Database* db) {
         return StatusOf(
             db->PutItem({.table_name = "Items", .item = Nested(33)}));
       },
       Code::kInvalidArgument, "deep"},
      {"PutItem empty attribute name",
       [](Database* db) {
         return StatusOf(
             db->PutItem({.table_name = "Items",
                          .item = {{"pk", V::N(1)}, {"", V::S("x")}}}));
       },
       Code::kInvalidArgument, "name"},
      {"PutItem ReturnValues ALL_NEW",
       [](Database* db) {
         return StatusOf(db->PutItem({.table_name = "Items",
                                      .item = Item1(1),
                                      .return_values = ReturnValues::kAllNew}));
       },
       Code::kInvalidArgument, "ReturnValues"},
      {"GetItem key with an extra attribute",
       [](Database* db) {
         return StatusOf(
             db->GetItem({.table_name = "Items",
                          .key = {{"pk", V::N(1)}, {"a", V::S("x")}}}));
       },
       Code::kInvalidArgument, "key"},
      {"GetItem missing sort key",
       [](Database* db) {
         return StatusOf(
             db->GetItem({.table_name = "Ranged", .key = {{"h", V::S("a")}}}));
       },
       Code::kInvalidArgument, "r"},
      {"DeleteItem key of the wrong type",
       [](Database* db) {
         return StatusOf(db->DeleteItem(
             {.table_name = "Items", .key = {{"pk", V::B("1")}}}));
       },
       Code::kInvalidArgument, "pk"},
      {"DeleteItem ReturnValues UPDATED_NEW",
       [](Database* db) {
         return StatusOf(
             db->DeleteItem({.table_name = "Items",
                             .key = Key(1),
                             .return_values = ReturnValues::kUpdatedNew}));
       },
       Code::kInvalidArgument, "ReturnValues"},
      {"UpdateItem sets a key attribute",
       [](Database* db) {
         return StatusOf(
             db->UpdateItem({.table_name = "Items",
                             .key = Key(1),
                             .actions = {UpdateAction::Set(
                                 Path::Attr("pk"), Operand::Value(V::N(2)))}}));
       },
       Code::kInvalidArgument, "pk"},
      {"UpdateItem empty path",
       [](Database* db) {
         return StatusOf(
             db->UpdateItem({.table_name = "Items",
                             .key = Key(1),
                             .actions = {UpdateAction::Remove(Path{})}}));
       },
       Code::kInvalidArgument, "path"},
      {"UpdateItem ADD a string",
       [](Database* db) {
         return StatusOf(db->UpdateItem(
             {.table_name = "Items",
              .key = Key(1),
              .actions = {UpdateAction::Add(Path::Attr("a"), V::S("x"))}}));
       },
       Code::kInvalidArgument, "ADD"},
  };
}

std::vector<Case> BulkCases() {
  return {
      {"Query negative limit",
       [](Database* db) {
         return StatusOf(db->Query(
             {.table_name = "Items", .partition_key = V::N(1), .limit = -1}));
       },
       Code::kInvalidArgument, "Limit"},
      {"Query partition key of the wrong type",
       [](Database* db) {
         return StatusOf(
             db->Query({.table_name = "Items", .partition_key = V::S("1")}));
       },
       Code::kInvalidArgument, "pk"},
      {"Scan segment out of range",
       [](Database* db) {
         return StatusOf(db->Scan(
             {.table_name = "Items", .segment = 2, .total_segments = 2}));
       },
       Code::kInvalidArgument, "Segment"},
      {"Scan zero total segments",
       [](Database* db) {
         return StatusOf(
             db->Scan({.table_name = "Items", .total_segments = 0}));
       },
       Code::kInvalidArgument, "TotalSegments"},
      {"BatchGetItem over 100 keys",
       [](Database* db) {
         BatchGetItemRequest r;
         for (int i = 0; i < 101; ++i)
           r.request_items["Items"].keys.push_back(Key(i));
         return StatusOf(db->BatchGetItem(r));
       },
       Code::kInvalidArgument, "100"},
      {"BatchGetItem duplicate keys",
       [](Database* db) {
         BatchGetItemRequest r;
         r.request_items["Items"].keys = {Key(1), Key(1)};
         return StatusOf(db->BatchGetItem(r));
       },
       Code::kInvalidArgument, "duplicate"},
      {"BatchWriteItem over 25 requests",
       [](Database* db) {
         BatchWriteItemRequest r;
         for (int i = 0; i < 26; ++i) {
           r.request_items["Items"].push_back({.item = Item1(i)});
         }
         return StatusOf(db->BatchWriteItem(r));
       },
       Code::kInvalidArgument, "25"},
      {"BatchWriteItem two writes to one item",
       [](Database* db) {
         BatchWriteItemRequest r;
         r.request_items["Items"] = {
             {.item = Item1(1)},
             {.kind = WriteRequest::Kind::kDelete, .item = Key(1)}};
         return StatusOf(db->BatchWriteItem(r));
       },
       Code::kInvalidArgument, "duplicate"},
      {"BatchWriteItem one bad item fails all",
       [](Database* db) {
         BatchWriteItemRequest r;
         r.request_items["Items"] = {{.item = Item1(5)},
                                     {.item = {{"pk", V::S("bad")}}}};
         return StatusOf(db->BatchWriteItem(r));
       },
       Code::kInvalidArgument, "pk"},
      {"TransactWriteItems over 100 actions",
       [](Database* db) {
         TransactWriteItemsRequest r;
         for (int i = 0; i < 101; ++i) {
           r.items.push_back({.table_name = "Items", .item = Item1(i)});
         }
         return db->TransactWriteItems(r);
       },
       Code::kInvalidArgument, "100"},
      {"TransactWriteItems two actions on one item",
       [](Database* db) {
         TransactWriteItemsRequest r;
         r.items = {{.table_name = "Items", .item = Item1(1)},
                    {.kind = TransactWriteItem::Kind::kDelete,
                     .table_name = "Items",
                     .item = Key(1)}};
         return db->TransactWriteItems(r);
       },
       Code::kInvalidArgument, "one item"},
      {"TransactWriteItems ConditionCheck without a condition",
       [](Database* db) {
         TransactWriteItemsRequest r;
         r.items = {{.kind = TransactWriteItem::Kind::kConditionCheck,
                     .table_name = "Items",
                     .item = Key(1)}};
         return db->TransactWriteItems(r);
       },
       Code::kInvalidArgument, "ondition"},
  };
}

std::vector<Case> TableAndStreamCases() {
  return {
      {"CreateTable name too short",
       [](Database* db) {
         return StatusOf(db->CreateTable(
             {.table_name = "ab", .key_schema = HashKey("k", KeyType::kS)}));
       },
       Code::kInvalidArgument, "TableName"},
      {"CreateTable name with a bad character",
       [](Database* db) {
         return StatusOf(
             db->CreateTable({.table_name = "bad/name",
                              .key_schema = HashKey("k", KeyType::kS)}));
       },
       Code::kInvalidArgument, "TableName"},
      {"CreateTable empty key attribute name",
       [](Database* db) {
         return StatusOf(db->CreateTable(
             {.table_name = "Other", .key_schema = HashKey("", KeyType::kS)}));
       },
       Code::kInvalidArgument, "KeySchema"},
      {"CreateTable same partition and sort key",
       [](Database* db) {
         return StatusOf(db->CreateTable(
             {.table_name = "Other",
              .key_schema = HashRangeKey("k", KeyType::kS, "k", KeyType::kN)}));
       },
       Code::kInvalidArgument, "k"},
      {"CreateTable existing table",
       [](Database* db) {
         return StatusOf(
             db->CreateTable({.table_name = "Items",
                              .key_schema = HashKey("pk", KeyType::kN)}));
       },
       Code::kAlreadyExists, "Items"},
      {"DescribeTable unknown table",
       [](Database* db) { return StatusOf(db->DescribeTable("Nope")); },
       Code::kNotFound, "Nope"},
      {"DeleteTable unknown table",
       [](Database* db) { return StatusOf(db->DeleteTable("Nope")); },
       Code::kNotFound, "Nope"},
      {"ListTables limit over 100",
       [](Database* db) { return StatusOf(db->ListTables({.limit = 101})); },
       Code::kInvalidArgument, "imit"},
      {"ListStreams limit 0",
       [](Database* db) { return StatusOf(db->ListStreams({.limit = 0})); },
       Code::kInvalidArgument, "imit"},
      // AWS answers a StreamArn shorter than 37 characters with a
      // ValidationException; Eddy says ResourceNotFound (reported).
      {"DescribeStream malformed ARN",
       [](Database* db) {
         return StatusOf(db->DescribeStream({.stream_arn = "not-an-arn"}));
       },
       Code::kNotFound, "not-an-arn"},
      {"GetShardIterator unknown shard",
       [](Database* db) {
         auto desc = db->DescribeTable("Items");
         if (!desc.ok()) return desc.status();
         return StatusOf(db->GetShardIterator(
             {.stream_arn = desc->latest_stream_arn,
              .shard_id = "shardId-00000000000000000000-00000000"}));
       },
       Code::kNotFound, "hard"},
      {"GetRecords malformed iterator",
       [](Database* db) {
         return StatusOf(db->GetRecords({.shard_iterator = "garbage"}));
       },
       Code::kInvalidArgument, "ShardIterator"},
  };
}

class MalformedInputTest : public ::testing::TestWithParam<Case> {};

TEST_P(MalformedInputTest, GetsItsErrorAndChangesNothing) {
  const Case& c = GetParam();
  TempDir dir;
  auto db = OpenOrDie(dir.path());
  ASSERT_TRUE(
      db->CreateTable({.table_name = "Items",
                       .key_schema = HashKey("pk", KeyType::kN),
                       .stream_specification = StreamSpecification{true}})
          .ok());
  ASSERT_TRUE(
      db->CreateTable(
            {.table_name = "Ranged",
             .key_schema = HashRangeKey("h", KeyType::kS, "r", KeyType::kS),
             .stream_specification = StreamSpecification{true}})
          .ok());
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(db->PutItem({.table_name = "Items", .item = Item1(i)}).ok());
  }
  std::string before = Snapshot(db.get());
  absl::Status s = c.op(db.get());
  EXPECT_EQ(s.code(), c.code) << s;
  EXPECT_NE(std::string(s.message()).find(c.message_part), std::string::npos)
      << "message does not name '" << c.message_part << "': " << s;
  EXPECT_EQ(Snapshot(db.get()), before);
}

std::vector<Case> AllCases() {
  std::vector<Case> all = ItemCases();
  for (auto more : {BulkCases(), TableAndStreamCases()}) {
    all.insert(all.end(), more.begin(), more.end());
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(EveryOperation, MalformedInputTest,
                         ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name;
                           for (char ch : info.param.name) {
                             name +=
                                 std::isalnum(static_cast<unsigned char>(ch))
                                     ? ch
                                     : '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace eddy

#!/usr/bin/python3
"""boto3 (Debian python3-boto3) against `eddy serve` at $EDDY_ENDPOINT.

Walks tables, items, expressions, paging, batches, transactions, streams
with each shard iterator type, a Lambda function and an event source
mapping. Run through run_with_server.sh, which starts the server.
"""
import base64
import io
import json
import os
import sys
import time
import zipfile

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ["EDDY_ENDPOINT"]
ddb = boto3.client("dynamodb", endpoint_url=ENDPOINT)
streams = boto3.client("dynamodbstreams", endpoint_url=ENDPOINT)
lam = boto3.client("lambda", endpoint_url=ENDPOINT)
logs = boto3.client("logs", endpoint_url=ENDPOINT)


def expect_error(code, fn, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as e:
        assert e.response["Error"]["Code"] == code, e.response
        return e
    raise AssertionError(f"expected {code}")


def tables_and_items():
    t = ddb.create_table(
        TableName="Walks",
        AttributeDefinitions=[{"AttributeName": "Dog", "AttributeType": "S"},
                              {"AttributeName": "Day", "AttributeType": "N"}],
        KeySchema=[{"AttributeName": "Dog", "KeyType": "HASH"},
                   {"AttributeName": "Day", "KeyType": "RANGE"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True,
                             "StreamViewType": "NEW_AND_OLD_IMAGES"})
    desc = t["TableDescription"]
    assert desc["TableStatus"] == "ACTIVE"
    assert desc["LatestStreamArn"].startswith("arn:aws:dynamodb:us-east-1:")
    ddb.get_waiter("table_exists").wait(TableName="Walks")
    assert "Walks" in ddb.list_tables()["TableNames"]
    expect_error("ResourceInUseException", ddb.create_table, TableName="Walks",
                 AttributeDefinitions=[{"AttributeName": "Dog", "AttributeType": "S"}],
                 KeySchema=[{"AttributeName": "Dog", "KeyType": "HASH"}])
    for day in range(1, 6):
        ddb.put_item(TableName="Walks", Item={
            "Dog": {"S": "Rex"}, "Day": {"N": str(day)}, "Km": {"N": str(day * 2)},
            "Tags": {"SS": ["park"]}})
    r = ddb.update_item(
        TableName="Walks", Key={"Dog": {"S": "Rex"}, "Day": {"N": "1"}},
        UpdateExpression="SET Km = Km + :d ADD Tags :t REMOVE #gone",
        ExpressionAttributeNames={"#gone": "Gone"},
        ConditionExpression="attribute_exists(Dog) AND Km < :max",
        ExpressionAttributeValues={":d": {"N": "10"}, ":t": {"SS": ["beach"]},
                                   ":max": {"N": "100"}},
        ReturnValues="ALL_NEW")
    assert r["Attributes"]["Km"] == {"N": "12"}, r
    assert sorted(r["Attributes"]["Tags"]["SS"]) == ["beach", "park"]
    e = expect_error("ConditionalCheckFailedException", ddb.delete_item,
                     TableName="Walks", Key={"Dog": {"S": "Rex"}, "Day": {"N": "2"}},
                     ConditionExpression="Km > :x",
                     ExpressionAttributeValues={":x": {"N": "1000"}})
    expect_error("ValidationException", ddb.query, TableName="Walks",
                 KeyConditionExpression="Dog = :d AND size = :s",
                 ExpressionAttributeValues={":d": {"S": "Rex"}, ":s": {"N": "1"}})
    # Paging through a Query with the paginator (Limit + LastEvaluatedKey).
    pages = ddb.get_paginator("query").paginate(
        TableName="Walks", KeyConditionExpression="Dog = :d AND #day BETWEEN :a AND :b",
        ExpressionAttributeNames={"#day": "Day"},
        ExpressionAttributeValues={":d": {"S": "Rex"}, ":a": {"N": "2"}, ":b": {"N": "5"}},
        ScanIndexForward=False, PaginationConfig={"PageSize": 2})
    days = [int(i["Day"]["N"]) for p in pages for i in p["Items"]]
    assert days == [5, 4, 3, 2], days
    scan = ddb.scan(TableName="Walks", FilterExpression="Km >= :k",
                    ProjectionExpression="#day", ExpressionAttributeNames={"#day": "Day"},
                    ExpressionAttributeValues={":k": {"N": "8"}})
    assert sorted(int(i["Day"]["N"]) for i in scan["Items"]) == [1, 4, 5], scan
    assert scan["ScannedCount"] == 5
    ddb.batch_write_item(RequestItems={"Walks": [
        {"PutRequest": {"Item": {"Dog": {"S": "Bo"}, "Day": {"N": "1"}}}},
        {"DeleteRequest": {"Key": {"Dog": {"S": "Rex"}, "Day": {"N": "5"}}}}]})
    got = ddb.batch_get_item(RequestItems={"Walks": {"Keys": [
        {"Dog": {"S": "Bo"}, "Day": {"N": "1"}},
        {"Dog": {"S": "Rex"}, "Day": {"N": "5"}}]}})
    assert len(got["Responses"]["Walks"]) == 1
    e = expect_error("TransactionCanceledException", ddb.transact_write_items,
                     TransactItems=[
                         {"Put": {"TableName": "Walks",
                                  "Item": {"Dog": {"S": "Zed"}, "Day": {"N": "1"}}}},
                         {"ConditionCheck": {"TableName": "Walks",
                                             "Key": {"Dog": {"S": "Bo"}, "Day": {"N": "1"}},
                                             "ConditionExpression": "attribute_not_exists(Dog)"}}])
    reasons = [r["Code"] for r in e.response["CancellationReasons"]]
    assert reasons == ["None", "ConditionalCheckFailed"], reasons
    return desc["LatestStreamArn"]


def stream_walk(arn):
    assert any(s["StreamArn"] == arn
               for s in streams.list_streams(TableName="Walks")["Streams"])
    d = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert d["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    shard = d["Shards"][0]["ShardId"]

    def records(kind, **kw):
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                        ShardIteratorType=kind, **kw)["ShardIterator"]
        out = []
        for _ in range(10):
            r = streams.get_records(ShardIterator=it, Limit=3)
            out += r["Records"]
            it = r.get("NextShardIterator")
            if not r["Records"] or not it:
                break
        return out, it

    latest_records, latest_it = records("LATEST")
    assert latest_records == []
    everything, _ = records("TRIM_HORIZON")
    names = [r["eventName"] for r in everything]
    assert names[:5] == ["INSERT"] * 5 and "MODIFY" in names and "REMOVE" in names, names
    first = everything[0]["dynamodb"]
    assert first["Keys"]["Dog"] == {"S": "Rex"} and "NewImage" in first
    seq = first["SequenceNumber"]
    at, _ = records("AT_SEQUENCE_NUMBER", SequenceNumber=seq)
    after, _ = records("AFTER_SEQUENCE_NUMBER", SequenceNumber=seq)
    assert at[0]["dynamodb"]["SequenceNumber"] == seq
    assert after[0]["dynamodb"]["SequenceNumber"] == everything[1]["dynamodb"]["SequenceNumber"]
    ddb.put_item(TableName="Walks", Item={"Dog": {"S": "New"}, "Day": {"N": "9"}})
    tail = streams.get_records(ShardIterator=latest_it)["Records"]
    assert [r["dynamodb"]["Keys"]["Dog"]["S"] for r in tail] == ["New"], tail
    expect_error("ValidationException", streams.get_shard_iterator, StreamArn=arn,
                 ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER",
                 SequenceNumber="9" * 21)


def lambda_walk(arn):
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("lambda_function.py",
                   "def lambda_handler(event, context):\n"
                   "    for r in event.get('Records', []):\n"
                   "        print('seen', r['eventName'], r['dynamodb']['Keys']['Dog']['S'])\n"
                   "    if event.get('fail'):\n"
                   "        raise ValueError('bad input')\n"
                   "    return {'n': len(event.get('Records', []))}\n")
    f = lam.create_function(FunctionName="py-walks", Runtime="python3.11",
                            Role="arn:aws:iam::000000000000:role/r",
                            Handler="lambda_function.lambda_handler",
                            Code={"ZipFile": code.getvalue()})
    assert f["FunctionName"] == "py-walks" and f["Runtime"] == "python3.11"
    r = lam.invoke(FunctionName="py-walks", Payload=b'{"Records":[]}', LogType="Tail")
    assert r["StatusCode"] == 200 and json.loads(r["Payload"].read()) == {"n": 0}
    assert "START RequestId" in base64.b64decode(r["LogResult"]).decode()
    r = lam.invoke(FunctionName="py-walks", Payload=b'{"fail":true}')
    assert r["FunctionError"] == "Unhandled"
    assert json.loads(r["Payload"].read())["errorMessage"] == "bad input"
    expect_error("ResourceNotFoundException", lam.invoke, FunctionName="nope")
    m = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="py-walks",
                                        StartingPosition="TRIM_HORIZON", BatchSize=100)
    assert lam.get_event_source_mapping(UUID=m["UUID"])["EventSourceArn"] == arn
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the mapping delivers asynchronously
        events = logs.filter_log_events(logGroupName="/aws/lambda/py-walks",
                                        filterPattern="seen")["events"]
        if any("New" in e["message"] for e in events):
            break
        time.sleep(0.2)
    else:
        raise AssertionError("mapping never delivered the records")
    streams_ = logs.describe_log_streams(logGroupName="/aws/lambda/py-walks")["logStreams"]
    got = logs.get_log_events(logGroupName="/aws/lambda/py-walks",
                              logStreamName=streams_[0]["logStreamName"],
                              startFromHead=True)
    assert got["events"], got
    lam.delete_event_source_mapping(UUID=m["UUID"])
    lam.delete_function(FunctionName="py-walks")


def main():
    arn = tables_and_items()
    stream_walk(arn)
    lambda_walk(arn)
    ddb.delete_table(TableName="Walks")
    expect_error("ResourceNotFoundException", ddb.describe_table, TableName="Walks")
    print("PASS")


if __name__ == "__main__":
    sys.exit(main())

// AWS SDK for JavaScript v3 against `eddy serve` at $EDDY_ENDPOINT: tables,
// items, expressions, paging, streams with each iterator type, a Lambda
// function and an event source mapping. Run through run_with_server.sh;
// the SDK comes from `npm ci` in this directory.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ddbLib = require('@aws-sdk/client-dynamodb');
const streamsLib = require('@aws-sdk/client-dynamodb-streams');
const lambdaLib = require('@aws-sdk/client-lambda');

const endpoint = process.env.EDDY_ENDPOINT;
const config = { endpoint, region: 'us-east-1' };
const ddb = new ddbLib.DynamoDBClient(config);
const streams = new streamsLib.DynamoDBStreamsClient(config);
const lambda = new lambdaLib.LambdaClient(config);

async function expectError(name, promise) {
  try {
    await promise;
  } catch (e) {
    assert.equal(e.name, name, e.message);
    return e;
  }
  assert.fail(`expected ${name}`);
}

async function tables() {
  const created = await ddb.send(new ddbLib.CreateTableCommand({
    TableName: 'Toys',
    AttributeDefinitions: [{ AttributeName: 'Id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'Id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  assert.equal(created.TableDescription.TableStatus, 'ACTIVE');
  assert.ok(created.TableDescription.CreationDateTime instanceof Date);
  const updated = await ddb.send(new ddbLib.UpdateTableCommand({
    TableName: 'Toys',
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  }));
  const arn = updated.TableDescription.LatestStreamArn;
  assert.match(arn, /^arn:aws:dynamodb:us-east-1:000000000000:table\/Toys\/stream\//);
  const listed = await ddb.send(new ddbLib.ListTablesCommand({}));
  assert.deepEqual(listed.TableNames, ['Toys']);
  await expectError('ResourceNotFoundException',
    ddb.send(new ddbLib.DescribeTableCommand({ TableName: 'Nope' })));
  return arn;
}

async function items() {
  for (let i = 0; i < 5; i++) {
    await ddb.send(new ddbLib.PutItemCommand({
      TableName: 'Toys',
      Item: { Id: { S: `t${i}` }, Price: { N: String(i * 10) }, Tags: { L: [{ S: 'x' }] } },
    }));
  }
  const upd = await ddb.send(new ddbLib.UpdateItemCommand({
    TableName: 'Toys', Key: { Id: { S: 't1' } },
    UpdateExpression: 'SET Price = :p, Tags[1] = :t',
    ExpressionAttributeValues: { ':p': { N: '20' }, ':t': { S: 'y' } },
    ReturnValues: 'UPDATED_OLD',
  }));
  assert.deepEqual(upd.Attributes.Price, { N: '10' });
  await expectError('ConditionalCheckFailedException', ddb.send(new ddbLib.PutItemCommand({
    TableName: 'Toys', Item: { Id: { S: 't1' } },
    ConditionExpression: 'attribute_not_exists(Id)',
  })));
  await expectError('ValidationException', ddb.send(new ddbLib.ScanCommand({
    TableName: 'Toys', FilterExpression: 'Price >',
  })));
  const seen = [];
  for await (const page of ddbLib.paginateScan({ client: ddb, pageSize: 2 }, {
    TableName: 'Toys', FilterExpression: 'Price >= :p',
    ExpressionAttributeValues: { ':p': { N: '20' } },
  })) {
    seen.push(...page.Items.map((i) => i.Id.S));
  }
  assert.deepEqual(seen.sort(), ['t1', 't2', 't3', 't4']);
  const got = await ddb.send(new ddbLib.GetItemCommand({
    TableName: 'Toys', Key: { Id: { S: 't1' } }, ProjectionExpression: 'Tags[1]',
  }));
  assert.deepEqual(got.Item, { Tags: { L: [{ S: 'y' }] } });
  await ddb.send(new ddbLib.DeleteItemCommand({ TableName: 'Toys', Key: { Id: { S: 't0' } } }));
}

async function streamWalk(arn) {
  const d = await streams.send(new streamsLib.DescribeStreamCommand({ StreamArn: arn }));
  const shard = d.StreamDescription.Shards[0].ShardId;
  const iterator = async (type, extra = {}) => (await streams.send(
    new streamsLib.GetShardIteratorCommand({
      StreamArn: arn, ShardId: shard, ShardIteratorType: type, ...extra,
    }))).ShardIterator;
  const latest = await iterator('LATEST');
  const all = await streams.send(new streamsLib.GetRecordsCommand({
    ShardIterator: await iterator('TRIM_HORIZON'),
  }));
  const names = all.Records.map((r) => r.eventName);
  assert.deepEqual(names, ['INSERT', 'INSERT', 'INSERT', 'INSERT', 'INSERT', 'MODIFY', 'REMOVE']);
  const seq = all.Records[1].dynamodb.SequenceNumber;
  const at = await streams.send(new streamsLib.GetRecordsCommand({
    ShardIterator: await iterator('AT_SEQUENCE_NUMBER', { SequenceNumber: seq }), Limit: 1,
  }));
  assert.equal(at.Records[0].dynamodb.SequenceNumber, seq);
  const after = await streams.send(new streamsLib.GetRecordsCommand({
    ShardIterator: await iterator('AFTER_SEQUENCE_NUMBER', { SequenceNumber: seq }), Limit: 1,
  }));
  assert.equal(after.Records[0].dynamodb.SequenceNumber, all.Records[2].dynamodb.SequenceNumber);
  await ddb.send(new ddbLib.PutItemCommand({ TableName: 'Toys', Item: { Id: { S: 'late' } } }));
  const tail = await streams.send(new streamsLib.GetRecordsCommand({ ShardIterator: latest }));
  assert.deepEqual(tail.Records.map((r) => r.dynamodb.Keys.Id.S), ['late']);
  assert.ok(tail.Records[0].dynamodb.ApproximateCreationDateTime instanceof Date);
}

// A zip with one stored (uncompressed) file, so the test needs no zip tool.
function zipOf(name, text) {
  const data = Buffer.from(text);
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  crc = ~crc >>> 0;
  const file = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22); local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6); central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28);
  const centralOffset = 30 + file.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + file.length, 12); end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, file, data, central, file, end]);
}

async function lambdaWalk(arn) {
  const code = zipOf('index.js',
    "exports.handler = async (event) => {\n" +
    "  console.log('records', (event.Records || []).length);\n" +
    "  return { echo: event.value ?? null };\n};\n");
  const fn = await lambda.send(new lambdaLib.CreateFunctionCommand({
    FunctionName: 'js-toys', Runtime: 'nodejs18.x', Handler: 'index.handler',
    Role: 'arn:aws:iam::000000000000:role/r', Code: { ZipFile: code },
  }));
  assert.equal(fn.FunctionName, 'js-toys');
  const r = await lambda.send(new lambdaLib.InvokeCommand({
    FunctionName: 'js-toys', Payload: Buffer.from('{"value":7}'), LogType: 'Tail',
  }));
  assert.equal(r.StatusCode, 200);
  assert.deepEqual(JSON.parse(Buffer.from(r.Payload).toString()), { echo: 7 });
  assert.match(Buffer.from(r.LogResult, 'base64').toString(), /records 0/);
  const m = await lambda.send(new lambdaLib.CreateEventSourceMappingCommand({
    EventSourceArn: arn, FunctionName: 'js-toys', StartingPosition: 'LATEST',
    FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] },
  }));
  assert.equal(m.FilterCriteria.Filters.length, 1);
  const listed = await lambda.send(new lambdaLib.ListEventSourceMappingsCommand({
    FunctionName: 'js-toys',
  }));
  assert.equal(listed.EventSourceMappings[0].UUID, m.UUID);
  const disabled = await lambda.send(new lambdaLib.UpdateEventSourceMappingCommand({
    UUID: m.UUID, Enabled: false,
  }));
  assert.equal(disabled.State, 'Disabled');
  await lambda.send(new lambdaLib.DeleteEventSourceMappingCommand({ UUID: m.UUID }));
  await lambda.send(new lambdaLib.DeleteFunctionCommand({ FunctionName: 'js-toys' }));
  await expectError('ResourceNotFoundException',
    lambda.send(new lambdaLib.GetFunctionCommand({ FunctionName: 'js-toys' })));
}

const arn = await tables();
await items();
await streamWalk(arn);
await lambdaWalk(arn);
console.log('PASS');

// Eddy's Node.js runtime: a small AWS Lambda Runtime API client.
//
// Loads the handler named by _HANDLER ("<module path>.<export>") from
// LAMBDA_TASK_ROOT, then loops: GET /runtime/invocation/next, call the
// handler, POST .../response or .../error. Supports
// `exports.handler = function (event, context, callback)` and
// `async (event, context)` / promise-returning handlers, as Lambda's
// nodejs runtimes do. console.* lines are prefixed like Lambda's:
// "<ISO time>\t<request id>\t<LEVEL>\t<message>", with newlines inside one
// message written as "\r" so one call stays one log event.
'use strict';

const http = require('http');
const path = require('path');
const util = require('util');

const [apiHost, apiPort] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({keepAlive: true, maxSockets: 1});
const BASE = '/2018-06-01/runtime';
let currentRequestId = undefined;

function request(method, urlPath, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(
        {host: apiHost, port: apiPort, path: urlPath, method, agent,
         headers: Object.assign({'Content-Type': 'application/json'}, headers || {})},
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({
            status: res.statusCode, headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8')}));
        });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function patchConsole() {
  const levels = {log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR',
                  debug: 'DEBUG', trace: 'TRACE'};
  for (const [name, level] of Object.entries(levels)) {
    console[name] = (...args) => {
      const message = util.format(...args).replace(/\n/g, '\r');
      const id = currentRequestId === undefined ? 'undefined' : currentRequestId;
      process.stdout.write(
          `${new Date().toISOString()}\t${id}\t${level}\t${message}\n`);
    };
  }
}

function errorJson(err) {
  if (err instanceof Error) {
    return {errorType: err.name || 'Error', errorMessage: err.message,
            trace: (err.stack || '').split('\n')};
  }
  return {errorType: 'string', errorMessage: String(err), trace: []};
}

async function postInitError(type, err) {
  const e = errorJson(err);
  e.errorType = type;
  console.error(JSON.stringify(e));
  await request('POST', `${BASE}/init/error`, JSON.stringify(e),
                {'Lambda-Runtime-Function-Error-Type': type});
  process.exit(1);
}

async function loadHandler() {
  const spec = process.env._HANDLER || '';
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) {
    const e = new Error(`Bad handler ${spec}: missing module or function name`);
    e.name = 'Runtime.MalformedHandlerName';
    return postInitError('Runtime.MalformedHandlerName', e);
  }
  const modulePath = spec.slice(0, dot);
  const fnName = spec.slice(dot + 1);
  let mod;
  try {
    mod = require(path.resolve(process.env.LAMBDA_TASK_ROOT, modulePath));
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND' &&
        String(err.message).includes(modulePath)) {
      const e = new Error(`Error: Cannot find module '${modulePath}'`);
      e.name = 'Runtime.ImportModuleError';
      return postInitError('Runtime.ImportModuleError', e);
    }
    const e = new Error(`${err && err.name}: ${err && err.message}`);
    e.name = 'Runtime.ImportModuleError';
    e.stack = err && err.stack;
    return postInitError('Runtime.ImportModuleError', e);
  }
  const handler = mod[fnName];
  if (typeof handler !== 'function') {
    const e = new Error(`${spec} is undefined or not exported`);
    e.name = 'Runtime.HandlerNotFound';
    return postInitError('Runtime.HandlerNotFound', e);
  }
  return handler;
}

function makeContext(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const context = {
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
  };
  if (headers['lambda-runtime-client-context']) {
    context.clientContext = JSON.parse(headers['lambda-runtime-client-context']);
  }
  if (headers['lambda-runtime-cognito-identity']) {
    context.identity = JSON.parse(headers['lambda-runtime-cognito-identity']);
  }
  return context;
}

// Runs the handler; resolves to {ok: value} or {err: error}, whichever of
// callback / returned promise settles first.
function runHandler(handler, event, context) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r) => { if (!settled) { settled = true; resolve(r); } };
    const callback = (err, value) => err != null ? settle({err}) : settle({ok: value});
    context.succeed = (value) => settle({ok: value});
    context.fail = (err) => settle({err});
    context.done = callback;
    try {
      const ret = handler(event, context, callback);
      if (ret && typeof ret.then === 'function') {
        ret.then((value) => settle({ok: value}), (err) => settle({err}));
      }
    } catch (err) {
      settle({err});
    }
  });
}

async function main() {
  patchConsole();
  process.on('uncaughtException', (err) => {
    console.error(`Uncaught Exception \t${JSON.stringify(errorJson(err))}`);
    process.exit(129);
  });
  const handler = await loadHandler();
  for (;;) {
    const next = await request('GET', `${BASE}/invocation/next`);
    if (next.status !== 200) process.exit(1);
    const id = next.headers['lambda-runtime-aws-request-id'];
    if (next.headers['lambda-runtime-trace-id']) {
      process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'];
    }
    currentRequestId = id;
    const event = JSON.parse(next.body === '' ? 'null' : next.body);
    // Keep the event loop alive while the handler runs, as Lambda's
    // runtime does (a never-settling promise then times out, not exits).
    const keepAlive = setInterval(() => {}, 1 << 30);
    const r = await runHandler(handler, event, makeContext(next.headers));
    clearInterval(keepAlive);
    // Everything the handler printed reaches the pipe before the reply, so
    // it is logged before END.
    if (process.stdout.writableLength > 0) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
    if (process.stderr.writableLength > 0) {
      await new Promise((resolve) => process.stderr.once('drain', resolve));
    }
    if ('err' in r) {
      const e = errorJson(r.err);
      console.error(`Invoke Error \t${JSON.stringify(e)}`);
      await request('POST', `${BASE}/invocation/${id}/error`, JSON.stringify(e),
                    {'Lambda-Runtime-Function-Error-Type': e.errorType});
    } else {
      const body = r.ok === undefined ? 'null' : JSON.stringify(r.ok);
      await request('POST', `${BASE}/invocation/${id}/response`, body);
    }
  }
}

main();

# Eddy's Python runtime: a small AWS Lambda Runtime API client.
#
# Imports the handler named by _HANDLER ("<module>.<function>") from
# LAMBDA_TASK_ROOT, then loops: GET /runtime/invocation/next, call
# handler(event, context), POST .../response or .../error with Lambda's error
# shape {"errorMessage", "errorType", "requestId", "stackTrace"}.
import http.client
import importlib
import json
import os
import sys
import time
import traceback

HOST, PORT = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
BASE = "/2018-06-01/runtime"
conn = http.client.HTTPConnection(HOST, int(PORT))


def request(method, path, body=None, headers=None):
    global conn
    for attempt in range(2):
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, resp.headers, resp.read()
        except (http.client.HTTPException, ConnectionError):
            conn.close()
            conn = http.client.HTTPConnection(HOST, int(PORT))
            if attempt == 1:
                raise


def error_json(exc, error_type=None):
    frames = traceback.format_list(traceback.extract_tb(exc.__traceback__))
    return {
        "errorMessage": str(exc),
        "errorType": error_type or type(exc).__name__,
        "requestId": "",
        "stackTrace": frames,
    }


def init_error(error_type, message, exc=None):
    body = error_json(exc or Exception(message), error_type)
    body["errorMessage"] = message
    print("[ERROR] %s: %s" % (error_type, message), flush=True)
    request("POST", BASE + "/init/error", json.dumps(body),
            {"Lambda-Runtime-Function-Error-Type": error_type})
    sys.exit(1)


def load_handler():
    spec = os.environ.get("_HANDLER", "")
    module_name, _, fn_name = spec.rpartition(".")
    if not module_name or not fn_name:
        init_error("Runtime.MalformedHandlerName",
                   "Bad handler '%s': not enough values to unpack" % spec)
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as exc:
        init_error("Runtime.ImportModuleError",
                   "Unable to import module '%s': %s" % (module_name, exc), exc)
    except Exception as exc:  # a syntax error or an exception at import
        init_error("Runtime.UserCodeSyntaxError"
                   if isinstance(exc, SyntaxError) else
                   "Runtime.ImportModuleError",
                   "Unable to import module '%s': %s" % (module_name, exc), exc)
    handler = getattr(module, fn_name, None)
    if not callable(handler):
        init_error("Runtime.HandlerNotFound",
                   "Handler '%s' missing on module '%s'" % (fn_name, module_name))
    return handler


class Context:
    def __init__(self, headers):
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        self.invoked_function_arn = headers.get(
            "Lambda-Runtime-Invoked-Function-Arn")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get(
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self._deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))
        cc = headers.get("Lambda-Runtime-Client-Context")
        self.client_context = json.loads(cc) if cc else None
        ci = headers.get("Lambda-Runtime-Cognito-Identity")
        self.identity = json.loads(ci) if ci else None

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)


def main():
    handler = load_handler()
    while True:
        status, headers, body = request("GET", BASE + "/invocation/next")
        if status != 200:
            sys.exit(1)
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        trace_id = headers.get("Lambda-Runtime-Trace-Id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        try:
            event = json.loads(body) if body else None
            result = handler(event, Context(headers))
            out = json.dumps(result)
        except Exception as exc:
            err = error_json(exc)
            err["requestId"] = request_id
            print("[ERROR] %s: %s" % (err["errorType"], err["errorMessage"]),
                  flush=True)
            request("POST", BASE + "/invocation/%s/error" % request_id,
                    json.dumps(err),
                    {"Lambda-Runtime-Function-Error-Type": err["errorType"]})
            continue
        request("POST", BASE + "/invocation/%s/response" % request_id, out)


if __name__ == "__main__":
    main()

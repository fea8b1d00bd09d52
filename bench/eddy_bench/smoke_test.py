#!/usr/bin/env python3
"""Smoke test of eddy-bench (registered with ctest as eddy_bench_smoke).

Runs the tool with a tiny op count against every system and checks that the
JSON results are well-formed and complete. No timing is asserted.

    smoke_test.py <path to eddy-bench> <scratch dir>
"""
import json
import os
import shutil
import subprocess
import sys

SYSTEMS = ["raw", "raw-record", "raw-get-record", "eddy-off", "eddy-KEYS_ONLY", "eddy-NEW_IMAGE",
           "eddy-OLD_IMAGE", "eddy-NEW_AND_OLD_IMAGES", "sqlite"]


def fail(message):
    print("eddy_bench_smoke: FAIL: " + message)
    sys.exit(1)


def check_latency(name, value, kind):
    if not isinstance(value, dict):
        fail(f"{name}: {kind} latency missing")
    for key in ("p50", "p99", "p999", "max", "count"):
        if not isinstance(value.get(key), (int, float)) or value[key] < 0:
            fail(f"{name}: {kind} latency {key} = {value.get(key)!r}")


def check_system(s):
    name = s.get("system")
    if not isinstance(s.get("ops_per_s"), (int, float)) or s["ops_per_s"] <= 0:
        fail(f"{name}: ops_per_s = {s.get('ops_per_s')!r}")
    if s.get("errors") != 0:
        fail(f"{name}: {s.get('errors')} operations failed")
    if s.get("ops") != 400:
        fail(f"{name}: ops = {s.get('ops')!r}, expected 400")
    check_latency(name, s.get("write_latency_us"), "write")
    check_latency(name, s.get("read_latency_us"), "read")
    for key in ("cpu_us_per_op", "write_bytes_per_op", "disk_bytes"):
        if not isinstance(s.get(key), (int, float)) or s[key] < 0:
            fail(f"{name}: {key} = {s.get(key)!r}")
    if name != "raw" and not isinstance(s.get("ratio_to_raw"), (int, float)):
        fail(f"{name}: ratio_to_raw = {s.get('ratio_to_raw')!r}")


def main():
    tool, scratch = sys.argv[1], sys.argv[2]
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    out = os.path.join(scratch, "results.json")
    args = [tool, "--keys", "300", "--ops", "400", "--threads", "2",
            "--mix", "40,30,10,20", "--distribution", "zipfian",
            "--handler-samples", "3", "--node-samples", "2",
            "--no-progress", "--dir", os.path.join(scratch, "data"),
            "--json", out, "--label", "smoke"]
    if shutil.which("gnuplot"):
        args += ["--chart", os.path.join(scratch, "chart.png")]
    run = subprocess.run(args, capture_output=True, text=True, timeout=240)
    print(run.stdout)
    print(run.stderr, file=sys.stderr)
    if run.returncode != 0:
        fail(f"exit status {run.returncode}")
    with open(out) as f:
        doc = json.load(f)  # raises on malformed JSON
    if doc.get("tool") != "eddy-bench" or doc.get("version") != 1:
        fail("not an eddy-bench v1 document")
    names = [s.get("system") for s in doc.get("systems", [])]
    if names != SYSTEMS:
        fail(f"systems {names}, expected {SYSTEMS}")
    for s in doc["systems"]:
        check_system(s)
    handlers = doc.get("handler_latency")
    for kind in ("in_process", "node"):
        h = (handlers or {}).get(kind)
        if not isinstance(h, dict) or not isinstance(h.get("status"), str):
            fail(f"handler_latency.{kind} missing")
        if h["status"] == "ok" and not h.get("samples"):
            fail(f"handler_latency.{kind}: ok without samples")
    if not doc.get("targets"):
        fail("no targets evaluated")
    bounds = [b.get("name", "") for b in doc.get("bounds", [])]
    for prefix in ("raw-record / raw", "raw-get-record / raw", "eddy-off / raw",
                   "eddy-"):
        if not any(b.startswith(prefix) for b in bounds):
            fail(f"bound {prefix!r} missing from {bounds}")
    if "--chart" in args and not os.path.getsize(args[args.index("--chart") + 1]):
        fail("empty chart")
    if doc.get("config", {}).get("cold") is not False:
        fail("config.cold should be false without --cold")
    # --cold skips the warm-up reads; the run is otherwise the same.
    cold_out = os.path.join(scratch, "cold.json")
    run = subprocess.run(
        [tool, "--keys", "300", "--ops", "400", "--mix", "40,30,10,20", "--cold",
         "--no-handlers",
         "--systems", "raw,eddy-KEYS_ONLY", "--no-progress",
         "--dir", os.path.join(scratch, "cold"), "--json", cold_out],
        capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        fail(f"--cold: exit status {run.returncode}")
    with open(cold_out) as f:
        cold = json.load(f)
    if cold.get("config", {}).get("cold") is not True:
        fail("config.cold should be true with --cold")
    if [s.get("system") for s in cold.get("systems", [])] != ["raw", "eddy-KEYS_ONLY"]:
        fail("--cold: expected raw and eddy-KEYS_ONLY")
    for s in cold["systems"]:
        check_system(s)
    print("eddy_bench_smoke: OK")


if __name__ == "__main__":
    main()

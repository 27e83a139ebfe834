#!/usr/bin/env python3
"""Times stackTrace on deep stacks and variables pages of a 2.2M-entry table
against the real adapter (issue 13). Ratios in one run: a linear
implementation shows all-frames time growing with the depth and a page far
into the table costing what a page at its start costs.

    cargo build --release -p lua-snapshot
    python3 tests/bench/dap_scale.py target/release/lua-snapshot [depth ...]
"""
import json, os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Dap:
    def __init__(self, binary):
        self.p = subprocess.Popen([binary, "dap"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        self.seq = 0

    def send(self, command, args):
        self.seq += 1
        body = json.dumps({"seq": self.seq, "type": "request",
                           "command": command, "arguments": args}).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()
        return self.seq

    def read(self):
        length = 0
        while True:
            line = self.p.stdout.readline().strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def wait(self, pred):
        while True:
            m = self.read()
            if pred(m):
                return m

    def req(self, command, args):
        seq = self.send(command, args)
        m = self.wait(lambda m: m.get("type") == "response" and m["request_seq"] == seq)
        assert m["success"], m
        return m.get("body", {})

    def close(self):
        self.send("disconnect", {"terminateDebuggee": True})
        self.p.stdin.close()
        self.p.wait(30)


def stopped(binary, program, env, filters, breakpoints):
    dap = Dap(binary)
    dap.req("initialize", {"adapterID": "bench"})
    dap.req("launch", {"program": program, "env": env})
    for line in breakpoints:
        dap.req("setBreakpoints", {"source": {"path": program},
                                   "breakpoints": [{"line": line}]})
    dap.req("setExceptionBreakpoints", {"filters": filters})
    dap.req("configurationDone", {})
    dap.wait(lambda m: m.get("event") == "stopped")
    return dap


def timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def frames(binary, depth):
    program = os.path.join(ROOT, "tests/dap/deep_stack.lua")
    dap = stopped(binary, program, {"DEEP_STACK_DEPTH": str(depth)}, ["uncaught"], [])
    total = dap.req("stackTrace", {"threadId": 1, "levels": 1})["totalFrames"]

    def all_pages():
        for start in range(0, total, 1000):
            dap.req("stackTrace", {"threadId": 1, "startFrame": start, "levels": 1000})
    unpaged = timed(lambda: dap.req("stackTrace", {"threadId": 1}))
    paged = timed(all_pages)
    snap = timed(lambda: dap.req("takeSnapshot", {}))
    disconnect = timed(dap.close)
    print(f"| {total:,} | {unpaged:.3f} s | {paged:.3f} s | {snap:.3f} s | {disconnect:.3f} s |")


def table(binary):
    program = os.path.join(ROOT, "tests/dap/huge_table.lua")
    look = next(i + 1 for i, l in enumerate(open(program)) if l.rstrip().endswith("-- @look"))
    dap = stopped(binary, program, {}, [], [look])
    frame = dap.req("stackTrace", {"threadId": 1, "levels": 1})["stackFrames"][0]["id"]
    scope = dap.req("scopes", {"frameId": frame})["scopes"][0]["variablesReference"]
    big = next(v for v in dap.req("variables", {"variablesReference": scope})["variables"]
               if v["name"] == "big")
    ref = big["variablesReference"]

    def page(filter_, start):
        return timed(lambda: dap.req("variables", {"variablesReference": ref, "filter": filter_,
                                                   "start": start, "count": 100}))
    rows = [("indexed, start 0", page("indexed", 0)),
            ("indexed, start 999,900", page("indexed", 999_900)),
            ("named, start 0", page("named", 0)),
            ("named, start 1,000,000", page("named", 1_000_000))]
    for name, t in rows:
        print(f"| page of 100, {name} | {t:.4f} s |")
    dap.close()


if __name__ == "__main__":
    binary = sys.argv[1]
    depths = [int(d) for d in sys.argv[2:]] or [10_000, 20_000, 40_000]
    print("| frames | stackTrace without levels | all frames in pages of 1000 | takeSnapshot | disconnect |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for d in depths:
        frames(binary, d)
    if os.environ.get("SKIP_TABLE") != "1":
        print("| request | time |")
        print("| --- | ---: |")
        table(binary)

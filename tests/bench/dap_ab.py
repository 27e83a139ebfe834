#!/usr/bin/env python3
"""Compares adapter binaries on one workload of workloads.lua: for each
binary, the workload's own CPU time under `run` and under `dap` (no
breakpoints), binaries alternating, the fastest of 5 runs each. For a
before/after measurement, build the old tree elsewhere (`git archive REV`)
and pass both binaries.

    python3 tests/bench/dap_ab.py WORKLOAD OLD_BINARY NEW_BINARY
"""
import json, os, re, subprocess, sys
def dap_elapsed(binary, script, arg):
    p = subprocess.Popen([binary, "dap"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    seq = [0]
    def send(c, a):
        seq[0] += 1
        b = json.dumps({"seq": seq[0], "type": "request", "command": c, "arguments": a}).encode()
        p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b); p.stdin.flush()
    def read():
        n = 0
        while True:
            l = p.stdout.readline().strip()
            if not l: break
            if l.lower().startswith(b"content-length:"): n = int(l.split(b":")[1])
        return json.loads(p.stdout.read(n))
    send("initialize", {"adapterID": "x", "linesStartAt1": True, "pathFormat": "path"})
    send("launch", {"program": script, "args": [arg]})
    send("configurationDone", {})
    out = ""
    while True:
        m = read()
        if m.get("event") == "output": out += m["body"]["output"]
        if m.get("event") == "terminated": break
    send("disconnect", {}); p.stdin.close(); p.wait()
    return float(re.search(r"elapsed ([0-9.]+)", out).group(1))
def run_elapsed(binary, script, arg):
    out = subprocess.run([binary, "run", script, arg], capture_output=True, text=True).stdout
    return float(re.search(r"elapsed ([0-9.]+)", out).group(1))
script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "workloads.lua")
arg = sys.argv[1]
bins = sys.argv[2:]
res = {b: ([], []) for b in bins}
for _ in range(5):
    for b in bins:
        res[b][0].append(run_elapsed(b, script, arg))
        res[b][1].append(dap_elapsed(b, script, arg))
for b in bins:
    r, d = min(res[b][0]), min(res[b][1])
    print(f"{b}: run {r:.3f}s dap {d:.3f}s ratio {d/r:.2f}x")

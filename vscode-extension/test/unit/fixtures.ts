/** Shared fixtures: a diff as the adapter sends it for examples/event_bus.lua-like code. */
import type { DiffBody, HeapObject, SnapshotInfo } from "../../src/protocol";
import type { SessionState } from "../../src/state";

export const CWD = "/home/me/game";

export const closure: HeapObject = {
  address: "0x55e0fe7f32e0",
  type: "function",
  size: 40,
  source: "event_bus.lua:22",
  location: { path: "/home/me/game/event_bus.lua", line: 22 },
  paths: ["Root->(T)[registry]->(T)_G->(T)EventBus->(T)handlers->(T)tick->(L@event_bus.lua:22)[1]"],
};

/** Held by an upvalue of the closure above: a click goes to event_bus.lua:22. */
export const state: HeapObject = {
  address: "0x55e0fe7f3400",
  type: "table",
  size: 120,
  source: null,
  location: null,
  paths: [
    "Root->(T)[registry]->(T)_G->(T)EventBus->(T)handlers->(T)tick->(L@event_bus.lua:22)[1]->(T)state",
    "Root->(T)[registry]->(T)_G->(T)cache->(T)[\"last state\"]",
  ],
};

/** Held by an upvalue of a function that is not new (not in the diff): resolved against the cwd. */
export const buffer: HeapObject = {
  address: "0x55e0fe7f3500",
  type: "table",
  size: 120,
  source: null,
  location: null,
  paths: ["Root->(T)[registry]->(T)_G->(T)Log->(L@lib/log.lua:5)write->(T)buffer"],
};

export const name: HeapObject = {
  address: "0x55e0fe7f3600",
  type: "string",
  size: 30,
  source: null,
  location: null,
  paths: ["Root->(T)[registry]->(T)_G->(T)names->(A)[1]"],
};

export function diffBody(): DiffBody {
  return {
    from: 1,
    to: 2,
    addedCount: 6,
    addedSize: 400,
    // Deliberately not sorted.
    added: [closure, name, state, buffer],
    removedCount: 2,
    removedSize: 64,
    grown: [{ address: "0x55e0fe7cdcc0", path: "Root->(T)[registry]->(T)_G", before: 36, after: 37 }],
    diagnostics: [],
  };
}

export const snapshots: SnapshotInfo[] = [
  { id: 1, label: "event_bus.lua:10", objectCount: 1500, totalSize: 90_000, heapBytes: 120_000 },
  {
    id: 2,
    label: "event_bus.lua:30",
    objectCount: 1506,
    totalSize: 90_400,
    heapBytes: 121_000,
    stoppedAt: { path: "/home/me/game/event_bus.lua", line: 30 },
  },
];

export function session(): SessionState {
  return {
    key: "s1",
    name: "Lua (snapshot)",
    cwd: CWD,
    ended: false,
    snapshots,
    diffs: [{ seq: 1, origin: "stop", body: diffBody() }],
    heapBytes: 121_000,
    nextDiffSeq: 2,
  };
}

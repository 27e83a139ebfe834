// The C host of tests/host/ (a game loop that calls Lua's update() once per
// frame) with the lsnapshot module of target/lua-modules/lua5.4/, running a
// game that opens its debug server: what the attach tests attach to.
import { strict as assert } from "node:assert";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const REPO_DIR = path.resolve(__dirname, "..", "..", "..");

/** How long the host may take to listen. */
const WAIT_MS = 15_000;
const MODULES = path.join(REPO_DIR, "target", "lua-modules", "lua5.4");
const SOURCE = path.join(REPO_DIR, "tests", "host", "host.c");
const BINARY = path.join(REPO_DIR, "target", "host", "dapclient-host");

/** Builds the host with Debian's liblua5.4-dev unless it is up to date. */
function buildHost(): string {
  const fresh =
    fs.existsSync(BINARY) && fs.statSync(BINARY).mtimeMs >= fs.statSync(SOURCE).mtimeMs;
  if (!fresh) {
    fs.mkdirSync(path.dirname(BINARY), { recursive: true });
    execFileSync("cc", ["-O1", "-Wall", "-o", BINARY, SOURCE, "-I/usr/include/lua5.4", "-llua5.4"], {
      stdio: "inherit",
    });
  }
  return BINARY;
}

/** A running game host and the port its debug server listens on. */
export class GameHost {
  private stderr = "";
  port = 0;
  private constructor(private readonly child: ChildProcess) {}

  /** Starts the host on `script` (in `cwd`) and waits for its port. */
  static async start(script: string, cwd?: string): Promise<GameHost> {
    assert.ok(
      fs.existsSync(path.join(MODULES, "lsnapshot.so")),
      `no ${MODULES}/lsnapshot.so: build the modules with scripts/build-all.sh`,
    );
    const child = spawn(buildHost(), ["--stdin", MODULES, script], {
      stdio: ["pipe", "ignore", "pipe"],
      cwd,
    });
    const host = new GameHost(child);
    host.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the host did not listen within ${WAIT_MS} ms:\n${host.stderr}`));
      }, WAIT_MS);
      child.stderr.on("data", (chunk: Buffer) => {
        host.stderr += chunk.toString();
        const match = /lsnapshot: DAP server listening on 127\.0\.0\.1:(\d+)/.exec(host.stderr);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the host exited (${code}) before listening:\n${host.stderr}`));
      });
    });
    return host;
  }

  /** Closes the host's stdin (it ends its loop); resolves with its exit code. */
  stop(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) {
        resolve(this.child.exitCode);
        return;
      }
      this.child.on("exit", (code) => resolve(code));
      this.child.stdin?.end();
    });
  }

  kill(): void {
    this.child.kill();
  }
}

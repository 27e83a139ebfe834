/**
 * The heap growth chart: one point per snapshot, heap and reachable
 * lines, the baseline and picked points marked; two picks make a diff.
 */
import { control, fake, type FakeSession } from "./vscodeFake";
import { activated } from "./activated";
import { strict as assert } from "node:assert";
import { diffBody } from "./fixtures";
import { HEIGHT, layout, pick, renderChart } from "../../src/growth/chart";
import type { SnapshotInfo } from "../../src/protocol";

const snaps: SnapshotInfo[] = [
  { id: 1, label: "bus.lua:16 · hit 1", objectCount: 100, totalSize: 1000, heapBytes: 4000, baseline: true },
  { id: 2, label: "bus.lua:16 · hit 2", objectCount: 120, totalSize: 2000, heapBytes: 6000 },
  { id: 4, label: "<odd> & \"label\"", objectCount: 140, totalSize: 3000, heapBytes: 8000 },
];

describe("heap growth chart", () => {
  it("places snapshots left to right, bytes upwards on one scale", () => {
    const { points, max } = layout(snaps);
    assert.equal(max, 8000);
    assert.deepEqual(
      points.map((p) => p.id),
      [1, 2, 4],
    );
    assert.ok(points[0]!.x < points[1]!.x && points[1]!.x < points[2]!.x);
    // Higher bytes, smaller y; the largest value touches the top margin.
    assert.ok(points[2]!.heapY < points[1]!.heapY && points[1]!.heapY < points[0]!.heapY);
    assert.ok(points[0]!.reachableY > points[0]!.heapY);
    assert.ok(points.every((p) => p.heapY >= 0 && p.heapY <= HEIGHT));
  });

  it("draws one clickable point per snapshot, the baseline and the picked ones marked, labels escaped", () => {
    const svg = renderChart(snaps, [2]);
    assert.equal(svg.match(/<g class="point[^"]*" data-id="\d+">/g)?.length, 3);
    assert.match(svg, /<g class="point baseline" data-id="1">/);
    assert.match(svg, /<g class="point picked" data-id="2"><circle [^>]* r="7"\/>/);
    assert.match(svg, /<title>#4 &#60;odd&#62; &#38; &#34;label&#34;: Lua heap 7\.8 KB, reachable 2\.9 KB in 140 objects<\/title>/);
    assert.match(svg, /<polyline class="heap" points="[\d.]+,[\d.]+ [\d.]+,[\d.]+ [\d.]+,[\d.]+"\/>/);
    assert.equal(renderChart([]), "");
    // One snapshot: a point in the middle, no division by zero.
    assert.doesNotMatch(renderChart(snaps.slice(0, 1)), /NaN|Infinity/);
  });

  it("a first click picks, a second diffs the two (older first), a click on a picked one drops it", () => {
    assert.deepEqual(pick([], 4), { selected: [4] });
    assert.deepEqual(pick([4], 4), { selected: [] });
    assert.deepEqual(pick([4], 2), { selected: [], diff: [2, 4] });
    assert.deepEqual(pick([1], 2), { selected: [], diff: [1, 2] });
  });
});

describe("Show Lua Heap Growth (fake vscode)", () => {
  const api = activated();

  const rendered = (panel: { posted: unknown[] }) => panel.posted.at(-1) as { type: string; caption: string; svg: string };

  it("opens one webview that redraws at each snapshot; two clicks diff the picked snapshots", async () => {
    const diffs: unknown[] = [];
    const session: FakeSession = {
      id: "s1",
      type: "lua-snapshot",
      name: "bus.lua",
      configuration: {},
      customRequest: (command, args) => {
        if (command === "diffSnapshots") {
          diffs.push(args);
          return Promise.resolve({ ...diffBody(), from: 1, to: 4 });
        }
        return Promise.reject(new Error(`unknown request ${command}`));
      },
    };
    control.started.fire(session);
    await fake.commands.executeCommand("luaSnapshot.showGrowth");
    await fake.commands.executeCommand("luaSnapshot.showGrowth");
    assert.equal(control.webviews.length, 1);
    const panel = control.webviews[0]!;
    assert.equal(panel.revealed, 1);
    assert.match(panel.webview.html, /script-src 'nonce-[^']+'/);
    panel.send({ type: "ready" });
    assert.match(rendered(panel).caption, /^bus\.lua: no snapshot yet/);

    for (const s of snaps) control.customEvent.fire({ session, event: "snapshotTaken", body: s });
    assert.equal(rendered(panel).svg, api().growth.chart());
    assert.equal(rendered(panel).svg.match(/data-id=/g)?.length, 3);

    panel.send({ type: "pick", id: 4 });
    assert.match(rendered(panel).caption, /#4 picked: click another to diff them$/);
    panel.send({ type: "pick", id: 1 });
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(diffs, [{ from: 1, to: 4 }]);
    assert.doesNotMatch(rendered(panel).svg, /picked/);
  });
});

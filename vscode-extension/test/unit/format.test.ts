import { strict as assert } from "node:assert";
import { clockTime, formatBytes, formatDuration, plural } from "../../src/format";

describe("format", () => {
  it("formats sizes like the adapter's human_size (1024-based, one decimal)", () => {
    assert.equal(formatBytes(0), "0 B");
    assert.equal(formatBytes(1023), "1023 B");
    assert.equal(formatBytes(1024), "1.0 KB");
    assert.equal(formatBytes(1229), "1.2 KB");
    assert.equal(formatBytes(340 * 1024), "340.0 KB");
    assert.equal(formatBytes(5.5 * 1024 * 1024), "5.5 MB");
    assert.equal(formatBytes(2 * 1024 ** 3), "2.0 GB");
    assert.equal(formatBytes(3 * 1024 ** 4 * 1024), "3072.0 TB");
    assert.equal(formatBytes(-2048), "-2.0 KB");
    assert.equal(formatBytes(Number.NaN), "? B");
  });

  it("pluralizes and prints clock times", () => {
    assert.equal(plural(1, "object"), "1 object");
    assert.equal(plural(2, "object"), "2 objects");
    assert.equal(clockTime(new Date(2024, 0, 1, 9, 5, 3)), "09:05:03");
  });

  it("writes durations with a unit and enough digits to mean something", () => {
    assert.equal(formatDuration(0.37), "0.4 ms");
    assert.equal(formatDuration(12.4), "12 ms");
    assert.equal(formatDuration(1520), "1.5 s");
    assert.equal(formatDuration(Number.NaN), "? ms");
  });
});

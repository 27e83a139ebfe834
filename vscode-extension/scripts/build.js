#!/usr/bin/env node
// Bundles src/extension.ts and everything it imports into dist/extension.js
// (one CommonJS file: faster activation, and the .vsix needs no
// node_modules). `vscode` is provided by the editor at run time.
//   node scripts/build.js               development build with source maps
//   node scripts/build.js --production  minified, no source maps (packaging)
//   node scripts/build.js --watch       rebuild on change
"use strict";
const esbuild = require("esbuild");
const path = require("node:path");

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

/** @type {import("esbuild").BuildOptions} */
const options = {
  absWorkingDir: path.join(__dirname, ".."),
  entryPoints: ["src/extension.ts"],
  outfile: "dist/extension.js",
  bundle: true,
  platform: "node",
  format: "cjs",
  // The Node of VS Code 1.90's Electron (Node 20).
  target: "node20",
  external: ["vscode"],
  sourcemap: !production,
  minify: production,
  logLevel: "info",
};

async function main() {
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
    return;
  }
  await esbuild.build(options);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

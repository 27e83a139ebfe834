// Loads a .heapsnapshot with an independent parser (the npm package
// v8-heapsnapshot, which checks the format's meta data and array lengths)
// and prints what the Rust test compares: counts, sizes of one class, and
// the first-retainer chain of one node, up to the root.
const v8hs = require("v8-heapsnapshot");
const [file, addr] = process.argv.slice(2);
v8hs
  .parseSnapshotFromFile(file)
  .then((s) => {
    const entities = s.nodes.filter((n) => n.type === "object" && n.name === "Entity");
    const chain = [];
    let node = s.findNodeById(Number(BigInt(addr) + 1n));
    while (node && node.in_edges.length > 0 && chain.length < 100) {
      const e = node.in_edges[0];
      chain.push(`${e.type}:${e.name}`);
      node = e.from;
    }
    console.log(JSON.stringify({
      nodes: s.nodes.length,
      edges: s.edges.length,
      root: `${s.nodes[0].type}:${s.nodes[0].name}`,
      selfSize: s.nodes.reduce((a, n) => a + n.self_size, 0),
      entities: entities.length,
      entitySize: entities.reduce((a, n) => a + n.self_size, 0),
      chain,
      end: node ? node.name : null,
    }));
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });

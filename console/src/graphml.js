// The link chart as GraphML (the format i2, Gephi, yEd and networkx read): exactly the
// entities and links drawn, with the attributes the chart shows.

const NODE_KEYS = [
  ["label", "string"], ["kind", "string"], ["reports", "int"], ["le_reports", "int"],
  ["intel_reports", "int"], ["side", "string"], ["hub", "boolean"], ["watched", "boolean"],
  ["subject", "boolean"],
];
const EDGE_KEYS = [
  ["kind", "string"], ["strength", "double"], ["reports", "int"], ["side", "string"],
  ["report_ids", "string"],
];

function escape(text) {
  return String(text)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function value(data, name) {
  const v = data[name];
  return Array.isArray(v) ? v.join(" ") : v;
}

function dataLines(prefix, keys, data) {
  return keys
    .filter(([name]) => value(data, name) !== undefined && value(data, name) !== null)
    .map(([name]) => `      <data key="${prefix}_${name}">${escape(value(data, name))}</data>`);
}

/** GraphML text for `nodes` and `edges` (plain data objects: id, source, target, ...). */
export function toGraphML(nodes, edges) {
  const keys = [
    ...NODE_KEYS.map(([n, t]) => `  <key id="n_${n}" for="node" attr.name="${n}" attr.type="${t}"/>`),
    ...EDGE_KEYS.map(([n, t]) => `  <key id="e_${n}" for="edge" attr.name="${n}" attr.type="${t}"/>`),
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...keys,
    '  <graph id="nexus-chart" edgedefault="undirected">',
  ];
  for (const node of nodes) {
    lines.push(`    <node id="${escape(node.id)}">`, ...dataLines("n", NODE_KEYS, node), "    </node>");
  }
  for (const edge of edges) {
    lines.push(
      `    <edge id="${escape(edge.id)}" source="${escape(edge.source)}" target="${escape(edge.target)}">`,
      ...dataLines("e", EDGE_KEYS, edge), "    </edge>",
    );
  }
  lines.push("  </graph>", "</graphml>", "");
  return lines.join("\n");
}

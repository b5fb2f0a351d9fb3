// The link chart: Cytoscape.js with the fCoSE layout (force-directed, fast enough to keep
// 200 entities readable). Nodes are coloured and shaped by kind, bordered by the side of
// their visible reporting (LE, INTEL or both), hubs drawn dotted and grey; edges are
// coloured by their best evidence and dashed when that evidence is intelligence reporting.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { toGraphML } from "./graphml.js";

cytoscape.use(fcose);

export const KIND_STYLE = {
  Person: ["#8ecae6", "ellipse"],
  Organization: ["#ffb703", "round-rectangle"],
  Location: ["#95d5b2", "triangle"],
  Facility: ["#cdb4db", "barrel"],
  Phone: ["#f4a261", "diamond"],
  Email: ["#e9c46a", "diamond"],
  Vehicle: ["#a8dadc", "hexagon"],
  Account: ["#f28482", "hexagon"],
  Weapon: ["#e5989b", "vee"],
  IpAddress: ["#b7e4c7", "rhomboid"],
  Domain: ["#d8e2dc", "rhomboid"],
  Document: ["#ffd6a5", "rectangle"],
};
export const SIDE_COLOURS = { LE: "#1d4ed8", INTEL: "#b91c1c", both: "#6b21a8", none: "#4b5563" };
export const EVIDENCE_COLOURS = {
  same_entity: "#111827",
  shared_identifier: "#b45309",
  stated_relation: "#047857",
  same_sentence: "#1d4ed8",
  same_report: "#6b7280",
  candidate: "#be185d",
};

function sideOf(node) {
  if (node.le_reports > 0 && node.intel_reports > 0) return "both";
  if (node.le_reports > 0) return "LE";
  if (node.intel_reports > 0) return "INTEL";
  return "none";
}

function styles() {
  const out = [
    { selector: "node", style: {
      label: "data(display)", "font-size": 11, color: "#111827", "text-valign": "bottom",
      "text-margin-y": 4, "text-outline-color": "#ffffff", "text-outline-width": 2,
      width: "mapData(reports, 1, 40, 22, 54)", height: "mapData(reports, 1, 40, 22, 54)",
      "border-width": 3, "background-color": "#e5e7eb",
    } },
    ...Object.entries(KIND_STYLE).map(([kind, [colour, shape]]) => ({
      selector: `node[kind = "${kind}"]`, style: { "background-color": colour, shape },
    })),
    ...Object.entries(SIDE_COLOURS).map(([side, colour]) => ({
      selector: `node[side = "${side}"]`, style: { "border-color": colour },
    })),
    { selector: "node[?hub]", style: { "border-style": "dotted", "background-color": "#d1d5db", "border-width": 4 } },
    { selector: "node[?watched]", style: { "border-style": "double", "border-width": 6 } },
    { selector: "node:selected", style: { "overlay-color": "#f59e0b", "overlay-opacity": 0.35, "overlay-padding": 6 } },
    { selector: "edge", style: {
      width: "mapData(strength, 0, 1, 1, 5)", "curve-style": "bezier", "line-color": "#6b7280", opacity: 0.85,
    } },
    ...Object.entries(EVIDENCE_COLOURS).map(([kind, colour]) => ({
      selector: `edge[kind = "${kind}"]`, style: { "line-color": colour },
    })),
    { selector: 'edge[side = "INTEL"]', style: { "line-style": "dashed" } },
    { selector: 'edge[side = "both"]', style: { "line-style": "dashed", "line-dash-pattern": [8, 3, 2, 3] } },
    { selector: ".on-path", style: { "underlay-color": "#f59e0b", "underlay-opacity": 0.5, "underlay-padding": 5 } },
  ];
  return out;
}

export class Chart {
  constructor(container, { onSelect } = {}) {
    this.cy = cytoscape({
      container, style: styles(), wheelSensitivity: 0.3, selectionType: "additive",
      boxSelectionEnabled: true, minZoom: 0.1, maxZoom: 4,
    });
    // One call per burst of changes (an expansion adds dozens of elements at once).
    let pending = false;
    this.cy.on("select unselect add remove", () => {
      if (pending || !onSelect) return;
      pending = true;
      queueMicrotask(() => {
        pending = false;
        onSelect(this.selected());
      });
    });
  }

  /** Add the entities and edges of a neighbourhood (SubgraphPublic). */
  addSubgraph(sub) {
    this.cy.batch(() => {
      sub.nodes.forEach((n) => this.addNode(n));
      sub.edges.forEach((e) => this.addEdge(e.a, e.b, {
        kind: e.kind, strength: e.strength, reports: e.reports, report_ids: e.report_ids,
      }));
    });
    this.layout();
  }

  /** Add the entities and hops of paths (PathPublic), marked as on a path; returns their ids. */
  addPaths(paths) {
    const ids = [];
    this.cy.batch(() => {
      this.cy.elements().removeClass("on-path");
      for (const path of paths) {
        path.nodes.forEach((n) => ids.push(this.addNode(n).id()));
        for (const hop of path.hops) {
          const sides = new Set(hop.evidence.comentions.map((c) => c.side));
          const side = sides.has("LE") && sides.has("INTEL") ? "both"
            : sides.has("INTEL") ? "INTEL" : sides.has("LE") ? "LE" : undefined;
          const reportIds = hop.evidence.comentions.map((c) => c.report);
          ids.push(this.addEdge(hop.source, hop.target, {
            kind: hop.kind, strength: hop.strength, reports: hop.evidence.reports, side, report_ids: reportIds,
          }).id());
        }
      }
      ids.forEach((id) => this.cy.getElementById(id).addClass("on-path"));
    });
    this.layout();
    return ids;
  }

  addNode(n) {
    const data = {
      id: n.key, label: n.name, kind: n.kind, reports: n.reports, le_reports: n.le_reports,
      intel_reports: n.intel_reports, side: sideOf(n), watched: n.watched, subject: n.subject,
    };
    const existing = this.cy.getElementById(n.key);
    // A path's node carries no hub flag: keep the one a neighbourhood gave.
    data.hub = n.hub ?? (existing.nonempty() ? existing.data("hub") : false);
    data.display = `${data.watched ? "★ " : ""}${data.hub ? "HUB · " : ""}${n.name}`;
    if (existing.nonempty()) {
      existing.data(data);
      return existing;
    }
    return this.cy.add({ group: "nodes", data });
  }

  addEdge(a, b, data) {
    const [source, target] = a < b ? [a, b] : [b, a];
    const id = `${source}\u2194${target}`;
    const existing = this.cy.getElementById(id);
    if (existing.nonempty()) {
      // Keep what is known of the side when a neighbourhood edge meets a path hop.
      existing.data({ ...data, side: data.side ?? existing.data("side") });
      return existing;
    }
    return this.cy.add({ group: "edges", data: { id, source, target, ...data } });
  }

  layout() {
    if (this.cy.nodes().length === 0) return;
    this.cy.layout({
      name: "fcose", quality: "default", animate: false, randomize: true, nodeRepulsion: 6500,
      idealEdgeLength: 90, nodeSeparation: 80, packComponents: true, fit: true, padding: 30,
    }).run();
  }

  selected() {
    return this.cy.nodes(":selected").map((n) => n.data());
  }

  nodes() {
    return this.cy.nodes().map((n) => n.data()).sort((x, y) => x.label.localeCompare(y.label));
  }

  setSelected(key, on) {
    const node = this.cy.getElementById(key);
    if (on) node.select();
    else node.unselect();
  }

  clear() {
    this.cy.elements().remove();
  }

  fit() {
    this.cy.fit(undefined, 30);
  }

  png() {
    return this.cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" });
  }

  graphml() {
    return toGraphML(this.cy.nodes().map((n) => n.data()), this.cy.edges().map((e) => e.data()));
  }

  destroy() {
    this.cy.destroy();
  }
}

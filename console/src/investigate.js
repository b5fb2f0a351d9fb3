// Search, profile and link chart: find an entity, read what the caller may know of it,
// draw its neighbourhood, expand entities, find paths between two of them, export the chart.
import { get, keyPath } from "./api.js";
import { Chart, EVIDENCE_COLOURS, KIND_STYLE, SIDE_COLOURS } from "./chart.js";
import { download, errorLine, fill, h, when } from "./dom.js";
import { EVIDENCE_LABELS, pathExplanation } from "./explain.js";

const NEIGHBOURS = 25;
const PATHS = 3;

let chart = null;
let els = null;

export function mount(container) {
  const query = h("input", { id: "search-q", type: "search", required: true, maxlength: 200, autocomplete: "off" });
  const form = h("form", { class: "search", role: "search", "aria-label": "Entities" },
    h("label", { for: "search-q" }, "Name, alias or identifier"), query,
    h("button", { type: "submit" }, "Search"));
  els = {
    results: h("div", { class: "results", "aria-live": "polite" }),
    profile: h("section", { class: "profile", "aria-label": "Profile", "data-testid": "profile" }),
    canvas: h("div", { class: "chart-canvas", role: "img", "aria-label": "Link chart (the entity list below offers the same actions by keyboard)", "data-testid": "chart" }),
    nodeList: h("ul", { class: "node-list", "aria-label": "Entities on the chart" }),
    status: h("div", { class: "chart-status", role: "status" }),
    paths: h("section", { class: "paths", "aria-label": "Paths", "data-testid": "paths" }),
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search(query.value);
  });
  fill(container,
    h("div", { class: "investigate" },
      h("div", { class: "left" }, h("h2", {}, "Search"), form, els.results, els.profile),
      h("div", { class: "right" },
        h("h2", {}, "Link chart"),
        toolbar(),
        els.status,
        els.canvas,
        legend(),
        h("div", { class: "below" },
          h("section", { "aria-labelledby": "node-list-title" },
            h("h3", { id: "node-list-title" }, "Entities on the chart"), els.nodeList),
          els.paths),
      ),
    ));
  chart = new Chart(els.canvas, { onSelect: renderNodeList });
  renderNodeList();
  query.focus();
}

export function unmount() {
  if (chart) chart.destroy();
  chart = null;
}

function toolbar() {
  const button = (label, action, id) => h("button", { type: "button", id, onclick: action }, label);
  return h("div", { class: "toolbar", role: "toolbar", "aria-label": "Chart actions" },
    button("Expand selected", expandSelected, "chart-expand"),
    button("Paths between the two selected", pathsBetweenSelected, "chart-paths"),
    button("Fit", () => chart.fit(), "chart-fit"),
    button("Export PNG", exportPng, "chart-png"),
    button("Export GraphML", exportGraphml, "chart-graphml"),
    button("Clear", () => { chart.clear(); fill(els.paths); }, "chart-clear"),
  );
}

function legend() {
  const swatch = (colour, text, extra = "") => h("li", {},
    h("span", { class: `swatch ${extra}`, style: { background: colour } }), text);
  return h("details", { class: "legend" },
    h("summary", {}, "Legend"),
    h("div", { class: "legend-grid" },
      h("div", {}, h("h4", {}, "Entity kind (fill and shape)"),
        h("ul", {}, Object.entries(KIND_STYLE).map(([kind, [colour]]) => swatch(colour, kind)))),
      h("div", {}, h("h4", {}, "Reporting side (border)"),
        h("ul", {},
          swatch(SIDE_COLOURS.LE, "law enforcement only"), swatch(SIDE_COLOURS.INTEL, "intelligence only"),
          swatch(SIDE_COLOURS.both, "both sides"), swatch("#d1d5db", "hub: dotted grey, not expanded"),
          h("li", {}, "★ watched, double border"))),
      h("div", {}, h("h4", {}, "Evidence (edge colour)"),
        h("ul", {}, Object.entries(EVIDENCE_COLOURS).map(([kind, colour]) => swatch(colour, EVIDENCE_LABELS[kind]))),
        h("p", {}, "Path hops: solid = LE reporting, dashed = intelligence, dash-dot = both.")),
    ));
}

async function search(q) {
  if (!q.trim()) return;
  fill(els.results, h("p", { class: "hint" }, "Searching…"));
  try {
    const page = await get("/v1/entities", { q, limit: 20 });
    if (!page.items.length) {
      fill(els.results, h("p", {}, "No entity matches."));
      return;
    }
    fill(els.results,
      h("p", { class: "hint" }, `${page.total} match(es)`),
      h("ul", { class: "hits" }, page.items.map((hit) => h("li", {},
        h("button", { type: "button", class: "hit", "data-key": hit.key, onclick: () => openProfile(hit.key) },
          h("span", { class: "hit-name" }, hit.name), ` ${hit.kind} · ${hit.reports} report(s)`,
          hit.aliases.length ? h("span", { class: "hint" }, ` · also ${hit.aliases.slice(0, 3).join(", ")}`) : null)))));
  } catch (err) {
    fill(els.results, errorLine(err));
  }
}

function list(label, items, render) {
  if (!items.length) return null;
  return h("section", {}, h("h4", {}, label), h("ul", { class: "plain" }, items.map((item) => h("li", {}, render(item)))));
}

export async function openProfile(key) {
  fill(els.profile, h("p", { class: "hint" }, "Loading profile…"));
  try {
    const [profile, timeline] = await Promise.all([
      get(`/v1/entities/${keyPath(key)}`),
      get(`/v1/entities/${keyPath(key)}/timeline`, { limit: 20 }),
    ]);
    fill(els.profile,
      h("h3", { id: "profile-name" }, profile.name),
      h("p", {}, `${profile.kind} · ${profile.reports} report(s): LE ${profile.le_reports}, INTEL ${profile.intel_reports}, open ${profile.open_reports} · seen ${when(profile.first_seen)} – ${when(profile.last_seen)}`),
      profile.watch ? h("p", { class: "watch" }, `★ Watched: ${profile.watch.reason || "no reason visible"}`) : null,
      list("Names", profile.names, (n) => `${n.text} (${n.count})`),
      list("Identifiers", profile.identifiers, (n) => `${n.text} (${n.count})`),
      list("Areas", profile.areas, (a) => `${a.name || a.code} (${a.count})`),
      list("Timeline", timeline.items, (t) => [when(t.at), " ",
        h("span", { class: `side-tag side-${t.report.side}` }, t.report.side), " ",
        h("code", { class: "report-id" }, t.report.id), ` ${t.report.title || ""}`]),
      list("Linked entities", profile.links, (l) => h("button", {
        type: "button", class: "link", onclick: () => openProfile(l.key),
      }, `${l.name} (${l.kind}) — ${EVIDENCE_LABELS[l.evidence] || l.evidence}`)),
    );
  } catch (err) {
    fill(els.profile, errorLine(err));
    return;
  }
  try {
    await addNeighbourhood(key);
    chart.setSelected(key, true);
  } catch (err) {
    fill(els.status, errorLine(err));
  }
}

async function addNeighbourhood(key) {
  const sub = await get(`/v1/entities/${keyPath(key)}/neighbourhood`, { hops: 1, max_nodes: NEIGHBOURS });
  chart.addSubgraph(sub);
  fill(els.status, `${chart.nodes().length} entities on the chart${sub.truncated ? " (the last expansion was cut at its budget)" : ""}`);
}

async function expandSelected() {
  const picked = chart.selected();
  if (!picked.length) {
    fill(els.status, errorLine("Select one or more entities to expand."));
    return;
  }
  fill(els.status, `Expanding ${picked.length} entit${picked.length === 1 ? "y" : "ies"}…`);
  try {
    for (const node of picked) await addNeighbourhood(node.id);
  } catch (err) {
    fill(els.status, errorLine(err));
  }
}

async function pathsBetweenSelected() {
  const picked = chart.selected();
  if (picked.length !== 2) {
    fill(els.status, errorLine("Select exactly two entities to find the paths between them."));
    return;
  }
  const [source, target] = picked;
  fill(els.paths, h("p", { class: "hint" }, "Searching paths…"));
  try {
    const found = await get("/v1/paths", { source: source.id, target: target.id, k: PATHS });
    if (!found.paths.length) {
      fill(els.paths, h("h3", {}, "Paths"), h("p", {}, `No visible path between ${source.label} and ${target.label}.`));
      return;
    }
    chart.addPaths(found.paths);
    fill(els.paths,
      h("h3", {}, `Paths between ${source.label} and ${target.label}`),
      h("ol", { class: "path-list" }, found.paths.map((p) => h("li", {}, pathExplanation(p)))),
    );
    fill(els.status, `${found.paths.length} path(s) drawn and highlighted`);
  } catch (err) {
    fill(els.paths, errorLine(err));
  }
}

async function exportPng() {
  download(await chart.png(), "nexus-chart.png");
}

function exportGraphml() {
  download(new Blob([chart.graphml()], { type: "application/graphml+xml" }), "nexus-chart.graphml");
}

function renderNodeList() {
  if (!chart) return;
  const picked = new Set(chart.selected().map((n) => n.id));
  const nodes = chart.nodes();
  if (!nodes.length) {
    fill(els.nodeList, h("li", { class: "hint" }, "Search for an entity and open it to draw its links."));
    return;
  }
  fill(els.nodeList, nodes.map((n) => {
    const id = `node-${encodeURIComponent(n.id)}`;
    return h("li", {},
      h("input", {
        type: "checkbox", id, checked: picked.has(n.id), "data-key": n.id,
        onchange: (event) => chart.setSelected(n.id, event.target.checked),
      }),
      h("label", { for: id },
        `${n.watched ? "★ " : ""}${n.label} (${n.kind}) · LE ${n.le_reports} / INTEL ${n.intel_reports}`,
        n.hub ? h("span", { class: "hub-tag" }, " hub") : null),
      " ",
      h("button", { type: "button", class: "link", onclick: () => openProfile(n.id) }, "profile"),
    );
  }));
}

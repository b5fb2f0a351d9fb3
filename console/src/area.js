// The area picture: a state or urban area and a time window, which defaults to where the
// area's visible data is (its newest report backwards), not to an empty recent month.
import { get } from "./api.js";
import { errorLine, fill, h, when } from "./dom.js";
import { pathExplanation } from "./explain.js";

const DAY_MS = 86_400_000;
const MAX_DEFAULT_DAYS = 365;

let els = null;
let generation = 0;
let shown = 0; // the latest picture asked for: an older answer arriving later is dropped

export function mount(container) {
  generation += 1;
  els = {
    area: h("select", { id: "area-code" }),
    since: h("input", { id: "area-since", type: "date", required: true }),
    until: h("input", { id: "area-until", type: "date", required: true }),
    extent: h("p", { class: "hint", "data-testid": "area-extent" }),
    picture: h("div", { class: "picture", "aria-live": "polite", "data-testid": "area-picture" }),
  };
  const form = h("form", { class: "filters", "aria-label": "Area and window" },
    h("label", { for: "area-code" }, "Area"), els.area,
    h("label", { for: "area-since" }, "From"), els.since,
    h("label", { for: "area-until" }, "To (exclusive)"), els.until,
    h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    show();
  });
  els.area.addEventListener("change", () => defaultWindow().then(show));
  fill(container, h("h2", {}, "Area picture"), form, els.extent, els.picture);
  loadAreas();
}

export function unmount() {
  generation += 1;
  els = null;
}

async function loadAreas() {
  const mine = generation;
  try {
    const page = await get("/v1/areas", { limit: 200 });
    if (mine !== generation) return;
    const groups = new Map();
    for (const a of page.items) {
      const group = a.kind === "urban_area" ? "Urban areas" : "States and territories";
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push(a);
    }
    fill(els.area, [...groups].map(([label, items]) => h("optgroup", { label },
      items.map((a) => h("option", { value: a.code }, `${a.name} (${a.code})`)))));
    await defaultWindow();
    await show();
  } catch (err) {
    if (els) fill(els.picture, errorLine(err));
  }
}

function day(date) {
  return date.toISOString().slice(0, 10);
}

/** Set the window to end the day after the area's newest visible report and to start at
 * its oldest (at most a year earlier); leave it alone for an area with no visible report. */
async function defaultWindow() {
  const code = els.area.value;
  const extent = await get(`/v1/areas/${encodeURIComponent(code)}/extent`);
  // Another area chosen while this answer was on its way: its own call sets the window.
  if (!els || els.area.value !== code) return;
  if (!extent.reports) {
    fill(els.extent, "No visible report in this area.");
    if (!els.until.value) {
      const today = new Date();
      els.until.value = day(new Date(today.getTime() + DAY_MS));
      els.since.value = day(new Date(today.getTime() - 30 * DAY_MS));
    }
    return;
  }
  const last = new Date(extent.last);
  const until = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), last.getUTCDate()) + DAY_MS);
  const first = new Date(extent.first);
  const earliest = new Date(until.getTime() - MAX_DEFAULT_DAYS * DAY_MS);
  const since = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate()));
  els.since.value = day(since < earliest ? earliest : since);
  els.until.value = day(until);
  fill(els.extent, `${extent.reports} visible report(s) here, ${when(extent.first)} to ${when(extent.last)}.`);
}

function table(caption, head, rows) {
  return h("table", {},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows.length ? rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))
      : h("tr", {}, h("td", { colspan: head.length }, "None"))));
}

async function show() {
  const mine = generation;
  shown += 1;
  const ask = shown;
  const code = els.area.value;
  if (!code || !els.since.value || !els.until.value) return;
  fill(els.picture, h("p", { class: "hint" }, "Loading…"));
  try {
    const p = await get(`/v1/areas/${encodeURIComponent(code)}/picture`, {
      since: `${els.since.value}T00:00:00Z`, until: `${els.until.value}T00:00:00Z`, top: 10,
    });
    if (mine !== generation || ask !== shown) return;
    const bySide = {};
    for (const a of p.activity) bySide[a.side] = (bySide[a.side] || 0) + a.current;
    fill(els.picture,
      h("h3", {}, `${p.area.name}: ${when(p.since)} to ${when(p.until)}`),
      h("ul", { class: "stats" },
        h("li", { "data-testid": "area-reports" }, h("strong", {}, String(p.reports)), ` reports (previous window ${p.previous_reports})`),
        Object.entries(bySide).map(([side, n]) => h("li", {}, h("span", { class: `side-tag side-${side}` }, side), ` ${n}`)),
        h("li", {}, h("strong", {}, String(p.nexus_total)), " entities with a nexus"),
        h("li", {}, h("strong", {}, String(p.open_alerts)), " open alerts"),
      ),
      table("Activity by side and agency", ["Side", "Agency", "This window", "Previous window"],
        p.activity.map((a) => [a.side, a.agency || "—", String(a.current), String(a.previous)])),
      table("New entities", ["Entity", "Kind", "Reports", "First seen"],
        p.new_entities.map((e) => [e.name, e.kind, String(e.current), when(e.first_seen)])),
      table("What changed", ["Entity", "Kind", "This window", "Previous window"],
        p.changes.map((e) => [e.name, e.kind, String(e.current), String(e.previous)])),
      h("section", { "aria-label": "Nexus" }, h("h3", {}, `Nexus (${p.nexus_total})`),
        p.nexus.length ? h("ol", { class: "path-list" }, p.nexus.map((n) => h("li", {},
          h("details", {}, h("summary", {}, `${n.path.nodes[0].name} → ${n.path.nodes[n.path.nodes.length - 1].name} (${n.direction}, score ${n.path.score.value.toFixed(3)})`),
            pathExplanation(n.path)))))
          : h("p", {}, "None in this window.")),
      p.truncated ? h("p", { class: "hint" }, "Some lists were cut at their budget.") : null,
    );
  } catch (err) {
    if (els) fill(els.picture, errorLine(err));
  }
}

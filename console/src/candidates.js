// Resolution candidates: pairs the resolver would not merge on its own. An analyst reads
// both entities side by side and confirms (one entity from now on) or rejects (never
// linked, never suggested again).
import { get, keyPath, post } from "./api.js";
import { errorLine, fill, h, when } from "./dom.js";

const PAGE = 20;

let els = null;
let cursor = null;
let status = "open";

export function mount(container) {
  cursor = null;
  const select = h("select", { id: "candidate-status" },
    ["open", "confirmed", "rejected"].map((s) => h("option", { value: s, selected: s === status }, s)));
  select.addEventListener("change", () => {
    status = select.value;
    cursor = null;
    load();
  });
  els = { list: h("div", { class: "candidates", "aria-live": "polite" }), more: h("div") };
  fill(container, h("h2", {}, "Resolution candidates"),
    h("div", { class: "filters" }, h("label", { for: "candidate-status" }, "Status"), select),
    els.list, els.more);
  load();
}

export function unmount() {
  els = null;
}

async function load(append = false) {
  try {
    const page = await get("/v1/candidates", { status, limit: PAGE, cursor });
    if (!els) return;
    const rows = page.items.map(row);
    if (append) els.list.querySelector("ol").append(...rows);
    else fill(els.list, h("p", { class: "hint" }, `${page.total} candidate(s)`), h("ol", { class: "cards" }, rows));
    cursor = page.next_cursor;
    fill(els.more, cursor ? h("button", { type: "button", onclick: () => load(true) }, "More") : null);
  } catch (err) {
    if (els) fill(els.list, errorLine(err));
  }
}

function row(c) {
  const compare = h("div", { class: "compare" });
  const result = h("div", { "aria-live": "polite" });
  const noteId = `note-${encodeURIComponent(c.a)}-${encodeURIComponent(c.b)}`;
  const note = h("input", { id: noteId, maxlength: 2000 });
  const judge = async (verdict) => {
    try {
      const j = await post("/v1/judgements", { a: c.a, b: c.b, verdict, note: note.value.trim() || null });
      fill(result, h("p", { class: "done" }, `${j.verdict} by ${j.by} at ${when(j.at)}`));
    } catch (err) {
      fill(result, errorLine(err));
    }
  };
  return h("li", { class: "candidate", "data-a": c.a, "data-b": c.b },
    h("p", {}, h("strong", {}, c.a_name), " ≟ ", h("strong", {}, c.b_name),
      ` · score ${c.score.toFixed(2)} · ${c.method} · ${c.status}`, c.by ? ` by ${c.by}` : ""),
    h("p", { class: "hint" }, "Reports: ", [...new Set(c.reports)].map((r) => h("code", { class: "report-id" }, r, " "))),
    h("button", { type: "button", class: "secondary", onclick: () => sideBySide(c, compare) }, "Compare side by side"),
    compare,
    h("div", { class: "actions" },
      h("label", { for: noteId }, "Note"), note,
      h("button", { type: "button", onclick: () => judge("confirmed") }, "Confirm: same entity"),
      h("button", { type: "button", onclick: () => judge("rejected") }, "Reject: different")),
    result,
  );
}

async function sideBySide(c, target) {
  fill(target, h("p", { class: "hint" }, "Loading…"));
  try {
    const [a, b] = await Promise.all([get(`/v1/entities/${keyPath(c.a)}`), get(`/v1/entities/${keyPath(c.b)}`)]);
    fill(target, [a, b].map((p) => h("div", { class: "side" },
      h("h4", {}, `${p.name} (${p.kind})`),
      h("p", {}, `${p.reports} report(s) · ${when(p.first_seen)} – ${when(p.last_seen)}`),
      h("p", {}, "Names: ", p.names.map((n) => n.text).join(", ") || "—"),
      h("p", {}, "Identifiers: ", p.identifiers.map((n) => n.text).join(", ") || "—"),
      h("p", {}, "Areas: ", p.areas.map((x) => x.code).join(", ") || "—"),
      h("ul", { class: "plain" }, p.latest.map((r) => h("li", {},
        h("span", { class: `side-tag side-${r.side}` }, r.side), " ", h("code", { class: "report-id" }, r.id),
        ` ${r.title || ""}`))),
    )));
  } catch (err) {
    fill(target, errorLine(err));
  }
}

// The alert board: alerts in three columns (new, acknowledged, closed), kept live by the
// server-sent event stream, which resumes from the last event seen after a dropped
// connection. Each alert opens its explanation; a pointer alert says only where to ask.
import { ApiError, get, post, stream } from "./api.js";
import { errorLine, fill, h, when } from "./dom.js";
import { pathExplanation, pointerText } from "./explain.js";
import { readEvents } from "./sse.js";

const STATES = [
  { state: "new", label: "New" },
  { state: "acknowledged", label: "Acknowledged" },
  { state: "closed", label: "Closed" },
];
const RULES = {
  watch_proximity: "Near a watched subject",
  cross_side: "LE meets INTEL",
  shared_identifier: "Shared identifier",
  watch_candidate: "Possibly a watched subject",
  pointer: "Pointer",
};
const SIDES = ["LE", "INTEL", "OPEN"];
const LIST_LIMIT = 100;
const RETRY_MS = [1000, 2000, 5000, 10000];

let root = null;
let alerts = new Map();
let filters = { area: "", side: "", rule: "" };
let selected = null;
let shownVersion = null; // the selected alert's updated_at as drawn (so a note being typed survives other alerts' events)
let controller = null;
let lastEventId = null;
let els = null;

export function mount(container) {
  root = container;
  alerts = new Map();
  selected = null;
  lastEventId = null;
  controller = new AbortController();
  els = {
    status: h("p", { class: "stream-status", role: "status", "data-testid": "stream-status" }, "Connecting…"),
    columns: h("div", { class: "columns" }),
    detail: h("section", {
      class: "detail", "aria-label": "Alert explanation", "data-testid": "alert-detail", tabindex: "-1",
    },
      h("p", { class: "hint" }, "Open an alert to see its explanation.")),
    error: h("div", { "aria-live": "assertive" }),
  };
  fill(root,
    h("div", { class: "board-head" },
      h("h2", {}, "Alert board"),
      filterForm(),
      els.status,
    ),
    els.error,
    h("div", { class: "board" }, els.columns, els.detail),
  );
  render();
  // The stream first, then the lists: an alert raised in between arrives by one or the other.
  follow(controller.signal);
  reload();
}

export function unmount() {
  if (controller) controller.abort();
  controller = null;
  root = null;
}

function filterForm() {
  const area = h("input", { id: "filter-area", size: 8, placeholder: "any", value: filters.area });
  const side = h("select", { id: "filter-side" },
    h("option", { value: "" }, "any"), SIDES.map((s) => h("option", { value: s, selected: filters.side === s }, s)));
  const rule = h("select", { id: "filter-rule" },
    h("option", { value: "" }, "any"),
    Object.entries(RULES).map(([value, label]) => h("option", { value, selected: filters.rule === value }, label)));
  const form = h("form", { class: "filters", "aria-label": "Alert filters" },
    h("label", { for: "filter-area" }, "Area"), area,
    h("label", { for: "filter-side" }, "Side"), side,
    h("label", { for: "filter-rule" }, "Rule"), rule,
    h("button", { type: "submit" }, "Apply"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    filters = { area: area.value.trim().toUpperCase(), side: side.value, rule: rule.value };
    alerts = new Map();
    render();
    reload();
  });
  return form;
}

function matches(alert) {
  return (!filters.area || alert.area === filters.area)
    && (!filters.side || alert.side === filters.side)
    && (!filters.rule || alert.rule === filters.rule);
}

function upsert(alert) {
  const known = alerts.get(alert.id);
  if (known && known.updated_at > alert.updated_at) return;
  if (matches(alert)) alerts.set(alert.id, alert);
  else alerts.delete(alert.id);
}

async function reload() {
  const signal = controller?.signal;
  try {
    const pages = await Promise.all(STATES.map(({ state }) => get("/v1/alerts", {
      state, rule: filters.rule, area: filters.area, limit: LIST_LIMIT,
    }, signal)));
    for (const page of pages) page.items.forEach(upsert);
    fill(els.error);
    render();
    els.columns.dataset.loaded = "true";
  } catch (err) {
    if (err.name !== "AbortError" && root) fill(els.error, errorLine(err));
  }
}

async function follow(signal) {
  let attempt = 0;
  while (!signal.aborted) {
    try {
      const response = await stream("/v1/alerts/stream", {}, { lastEventId, signal });
      attempt = 0;
      fill(els.status, "Live");
      els.status.dataset.state = "live";
      await readEvents(response, (event) => {
        if (event.id) lastEventId = event.id;
        if (event.event !== "alert") return;
        upsert(JSON.parse(event.data));
        render();
      });
    } catch (err) {
      if (signal.aborted) return;
      // Refused, or no alert stream on this server: retrying would not change the answer.
      if (err instanceof ApiError && [401, 403, 404].includes(err.status)) {
        fill(els.status, `Stream refused: ${err.message}`);
        els.status.dataset.state = "refused";
        return;
      }
    }
    if (signal.aborted) return;
    const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
    attempt += 1;
    fill(els.status, `Connection lost; reconnecting in ${wait / 1000} s`);
    els.status.dataset.state = "reconnecting";
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

function title(alert) {
  if (alert.rule === "pointer" || alert.pointer) return "Pointer";
  return alert.subject_name || alert.subject;
}

function card(alert) {
  const isPointer = alert.rule === "pointer" || alert.pointer;
  return h("li", {},
    h("button", {
      type: "button", class: `card${selected === alert.id ? " selected" : ""}`,
      "data-alert": alert.id, "aria-pressed": selected === alert.id ? "true" : "false",
      onclick: () => open(alert.id),
    },
    h("span", { class: "card-title" }, title(alert)),
    h("span", { class: "card-meta" },
      isPointer ? null : `${RULES[alert.rule] || alert.rule} · `,
      isPointer ? null : (alert.side ? h("span", { class: `side-tag side-${alert.side}` }, alert.side) : null),
      isPointer ? null : ` ${alert.area || ""} · score ${alert.score.toFixed(2)} · `,
      when(alert.created_at)),
    ));
}

function render() {
  if (!root) return;
  const sorted = [...alerts.values()].sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
  fill(els.columns, STATES.map(({ state, label }) => {
    const items = sorted.filter((a) => a.state === state);
    return h("section", { class: "column", "aria-labelledby": `col-${state}`, "data-state": state },
      h("h3", { id: `col-${state}` }, `${label} `, h("span", { class: "count" }, `(${items.length})`)),
      items.length ? h("ul", { class: "cards" }, items.map(card)) : h("p", { class: "hint" }, "None"),
    );
  }));
  const alert = alerts.get(selected);
  if (selected && (!alert || alert.updated_at !== shownVersion)) renderDetail();
}

function open(id) {
  selected = id;
  shownVersion = null;
  render();
  els.detail.focus();
}

function renderDetail() {
  const alert = alerts.get(selected);
  shownVersion = alert ? alert.updated_at : null;
  if (!alert) {
    fill(els.detail, h("p", { class: "hint" }, "That alert no longer matches the filters."));
    return;
  }
  const status = h("div", { "aria-live": "polite" });
  if (alert.rule === "pointer" || alert.pointer) {
    fill(els.detail,
      h("h3", {}, "Pointer"),
      h("p", { class: "pointer", "data-testid": "pointer" }, alert.pointer ? pointerText(alert.pointer) : ""),
      lifecycle(alert, status), status,
    );
    return;
  }
  fill(els.detail,
    h("h3", {}, alert.subject_name || alert.subject),
    h("dl", { class: "facts" },
      h("dt", {}, "Rule"), h("dd", {}, RULES[alert.rule] || alert.rule),
      h("dt", {}, "State"), h("dd", { "data-testid": "alert-state" }, alert.state),
      h("dt", {}, "Score"), h("dd", {}, alert.score.toFixed(3)),
      h("dt", {}, "Subject"), h("dd", {}, `${alert.subject_kind || ""} ${alert.subject}`),
      h("dt", {}, "Area"), h("dd", {}, alert.area || "—"),
      h("dt", {}, "Side"), h("dd", {}, alert.side || "—"),
      h("dt", {}, "Raised"), h("dd", {}, when(alert.created_at)),
      h("dt", {}, "Reports"), h("dd", {}, alert.reports.map((r) => h("code", { class: "report-id" }, r, " "))),
    ),
    alert.path ? h("section", { "aria-label": "Path" }, h("h4", {}, "Why"), pathExplanation(alert.path)) : null,
    lifecycle(alert, status), status,
    alert.history.length ? h("section", { "aria-label": "History" }, h("h4", {}, "History"),
      h("ol", { class: "history" }, alert.history.map((entry) =>
        h("li", {}, `${when(entry.at)} ${entry.state} by ${entry.by}`, entry.note ? `: ${entry.note}` : "")))) : null,
  );
}

function lifecycle(alert, status) {
  if (alert.state === "closed") return null;
  const note = h("textarea", { id: "alert-note", rows: 2, maxlength: 2000 });
  const act = async (action) => {
    if (action === "close" && !note.value.trim()) {
      fill(status, errorLine("Closing needs a note."));
      note.focus();
      return;
    }
    try {
      const updated = await post(`/v1/alerts/${encodeURIComponent(alert.id)}/${action}`,
        { note: note.value.trim() || null });
      alerts.set(updated.id, updated);
      render();
      const done = els.detail.querySelector("[aria-live]");
      if (done) fill(done, action === "close" ? "Closed." : "Acknowledged.");
    } catch (err) {
      fill(status, errorLine(err));
    }
  };
  return h("div", { class: "lifecycle" },
    h("label", { for: "alert-note" }, "Note (required to close)"), note,
    h("div", { class: "actions" },
      alert.state === "new" ? h("button", { type: "button", onclick: () => act("acknowledge") }, "Acknowledge") : null,
      h("button", { type: "button", onclick: () => act("close") }, "Close"),
    ),
  );
}

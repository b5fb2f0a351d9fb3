// The console's shell: sign-in, the view navigation and the hash router.
import "./style.css";
import { me, signIn, signOut } from "./api.js";
import { errorLine, fill, h } from "./dom.js";
import * as alerts from "./alerts.js";
import * as area from "./area.js";
import * as candidates from "./candidates.js";
import * as investigate from "./investigate.js";

const VIEWS = [
  { hash: "#alerts", label: "Alert board", view: alerts },
  { hash: "#investigate", label: "Search and link chart", view: investigate },
  { hash: "#area", label: "Area picture", view: area },
  { hash: "#candidates", label: "Candidates", view: candidates },
];

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const who = document.getElementById("who");
let current = null;

function showSignIn(message) {
  nav.hidden = true;
  fill(who);
  const input = h("input", {
    id: "credential", type: "password", autocomplete: "off", required: true, spellcheck: "false",
    "aria-describedby": "credential-help",
  });
  const status = h("div", { "aria-live": "polite" }, message ? errorLine(message) : null);
  const form = h("form", { class: "signin", "aria-labelledby": "signin-title" },
    h("h2", { id: "signin-title" }, "Sign in"),
    h("label", { for: "credential" }, "API key or bearer token"),
    input,
    h("p", { id: "credential-help", class: "hint" },
      "Kept in this tab's memory only; signing out or closing the tab forgets it."),
    h("button", { type: "submit" }, "Sign in"),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await signIn(input.value);
      input.value = "";
      showShell();
    } catch (err) {
      fill(status, errorLine(err.status === 401 ? "That key or token was refused." : err));
    }
  });
  fill(main, form);
  input.focus();
}

function showShell() {
  const principal = me();
  fill(nav, h("ul", {}, VIEWS.map((v) => h("li", {}, h("a", { href: v.hash, "data-view": v.hash }, v.label)))));
  nav.hidden = false;
  fill(who,
    h("span", { class: "principal", "data-testid": "principal" }, `${principal.name} · ${principal.clearance}`),
    h("button", { type: "button", class: "secondary", onclick: doSignOut }, "Sign out"),
  );
  route();
}

function doSignOut() {
  if (current) current.unmount();
  current = null;
  signOut();
  history.replaceState(null, "", location.pathname);
  showSignIn();
}

function route() {
  if (!me()) return;
  const chosen = VIEWS.find((v) => v.hash === location.hash.split("?")[0]) || VIEWS[0];
  for (const link of nav.querySelectorAll("a")) {
    if (link.dataset.view === chosen.hash) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (current) current.unmount();
  current = chosen.view;
  fill(main);
  current.mount(main);
  document.title = `${chosen.label} · Nexus console`;
}

window.addEventListener("hashchange", route);
showSignIn();

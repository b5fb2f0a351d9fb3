// How a path and its evidence read on screen: every hop, its evidence kind and strength,
// the co-mentioning reports with their snippets, stated relations and candidate matches.
// Shared by the alert board's explanation and the link chart's path list.
import { h, when } from "./dom.js";

export const EVIDENCE_LABELS = {
  same_entity: "same entity (confirmed)",
  shared_identifier: "shared identifier",
  stated_relation: "stated relation",
  same_sentence: "same sentence",
  same_report: "same report",
  candidate: "resolution candidate",
};

function nodeName(path, key) {
  const node = path.nodes.find((n) => n.key === key);
  return node ? `${node.name} (${node.kind})` : key;
}

function comention(item) {
  return h("li", { class: `evidence side-${item.side}` },
    h("span", { class: `side-tag side-${item.side}` }, item.side),
    " ",
    h("code", { class: "report-id" }, item.report),
    ` · ${item.agency || "unknown agency"} · ${when(item.reported_at)}`,
    item.same_sentence ? " · same sentence" : null,
    item.snippet ? h("blockquote", {}, item.snippet) : null,
  );
}

function relation(item) {
  return h("li", { class: "evidence" },
    `${item.kind} stated in `, h("code", { class: "report-id" }, item.report),
  );
}

/** An ordered list of the hops of `path`, each with all its visible evidence. */
export function pathExplanation(path) {
  return h("div", { class: "path" },
    h("p", { class: "score" }, `Score ${path.score.value.toFixed(3)} · ${path.hops.length} hop(s)`),
    h("ol", { class: "hops" }, path.hops.map((hop) => h("li", { class: "hop" },
      h("p", { class: "hop-head" },
        h("strong", {}, nodeName(path, hop.source)), " → ", h("strong", {}, nodeName(path, hop.target)),
        h("span", { class: `evidence-tag ev-${hop.kind}` }, ` ${EVIDENCE_LABELS[hop.kind] || hop.kind}`),
        ` · strength ${hop.strength.toFixed(2)}`,
      ),
      hop.evidence.comentions.length
        ? h("ul", { class: "evidence-list", "aria-label": "Reports naming both" },
          hop.evidence.comentions.map(comention))
        : null,
      hop.evidence.relations.length
        ? h("ul", { class: "evidence-list", "aria-label": "Stated relations" },
          hop.evidence.relations.map(relation))
        : null,
      hop.evidence.candidate
        ? h("p", { class: "evidence" },
          `Resolution candidate, score ${hop.evidence.candidate.score.toFixed(2)} (${hop.evidence.candidate.method})`)
        : null,
      h("p", { class: "hint" },
        `${hop.evidence.reports} report(s) in all, ${hop.evidence.relation_count} stated relation(s)`),
    ))),
  );
}

/** The only thing a pointer may say. */
export function pointerText(pointer) {
  return `A link exists at a higher level; contact ${pointer.desk}; ref ${pointer.ref}`;
}

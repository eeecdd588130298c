// Public pages (no login): what exosome treatments are, a non-diagnostic self-check that lists
// points to discuss with a physician, the five-point clinic checklist, and the page of a product
// lot that the QR code on an aftercare sheet opens.
import { api, ApiError } from "./api";
import { formatDate, label, t, type Key } from "./i18n";
import { stateTone, statusTone } from "./lots";
import { chip, el, page, table, whenDone } from "./ui";

export function aboutPage(): void {
  const section = (h: Key, ...ps: Key[]) =>
    el("section", {}, el("h2", {}, t(h)), ...ps.map((p) => el("p", {}, t(p))));
  page(
    t("about.title"),
    el("p", {}, t("about.p1")),
    section("about.known", "about.known1", "about.known2"),
    section("about.unknown", "about.unknown1"),
    section("about.stemcell", "about.stemcell1"),
    section("about.decide", "about.decide1"),
  );
}

export function checklistPage(): void {
  const points: [Key, Key][] = [
    ["check.p1", "check.q1"],
    ["check.p2", "check.q2"],
    ["check.p3", "check.q3"],
    ["check.p4", "check.q4"],
    ["check.p5", "check.q5"],
  ];
  const list = el(
    "ol",
    { id: "checklist" },
    ...points.map(([p, q], i) =>
      el(
        "li",
        {},
        el(
          "label",
          { class: "inline" },
          el("input", { type: "checkbox", class: "check", id: `point-${i + 1}` }),
          " ",
          el("strong", {}, t(p)),
        ),
        el("p", { class: "muted" }, t(q)),
      ),
    ),
  );
  const print = el("button", { type: "button", id: "print" }, t("check.print"));
  print.addEventListener("click", () => window.print());
  page(t("check.title"), el("p", {}, t("check.intro")), list, el("p", {}, print));
}

interface Flag {
  severity: string;
  text: string;
}

export async function selfCheckPage(): Promise<void> {
  // The conditions come from the clinic's screening rules, so every box maps to a rule.
  const conditions = (
    await api<{ conditions: { id: string; label: string }[] }>("GET", "/api/v1/screening/conditions")
  ).conditions;
  const q = (id: string, label: string) =>
    el(
      "label",
      { class: "inline" },
      el("input", { type: "checkbox", class: "check", id, name: id }),
      " ",
      label,
    );
  const result = el("div", { id: "selfcheck-result", role: "status" });
  const form = el(
    "form",
    { class: "card", id: "selfcheck" },
    el(
      "fieldset",
      {},
      el("legend", {}, t("self.legend")),
      ...conditions.flatMap((c) => [q(`cond-${c.id}`, c.label), el("br")]),
      q("anticoagulant", t("self.anticoagulant")),
      el("br"),
      q("allergy", t("self.allergy")),
    ),
    el("p", {}, el("button", { type: "submit" }, t("self.submit"))),
    result,
  );
  form.addEventListener(
    "submit",
    whenDone(async (ev) => {
      ev.preventDefault();
      const on = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement).checked;
      const intake = {
        schema: "exoclinic.intake/1",
        conditions: conditions.filter((c) => on(`cond-${c.id}`)).map((c) => c.id),
        medications: on("anticoagulant") ? ["warfarin"] : [],
        allergies: on("allergy") ? ["human albumin"] : [],
      };
      try {
        const r = await api<{ flags: Flag[] }>("POST", "/api/v1/screening/evaluate", intake);
        result.replaceChildren(
          el("h2", {}, t("self.result")),
          r.flags.length === 0
            ? el("p", {}, t("self.none"))
            : el("ul", {}, ...r.flags.map((f) => el("li", {}, f.text))),
          el("p", { class: "muted" }, t("self.never")),
        );
      } catch (e) {
        result.replaceChildren(el("p", { class: "error" }, e instanceof ApiError ? e.message : String(e)));
      }
    }),
  );
  page(t("self.title"), el("p", {}, t("self.intro")), form);
}

interface PublicLot {
  product_name: string;
  manufacturer: string;
  lot_number: string;
  expires_on: string | null;
  state: string;
  state_label: string;
  origin: { species: string | null; tissue: string | null; cell_type: string | null };
  qc: {
    criteria: {
      id: string;
      status: string;
      status_label: string;
      title: string;
      requirement: string;
      detail: string;
      source: string;
    }[];
    disclosure: Record<string, { disclosed: number; total: number; label: string }>;
    disclaimer: string;
  };
}

// A product lot seen by a patient: origin, expiry, state and every QC criterion with its result,
// never patient data. Reached from the QR code (/lots/public/<token> redirects here).
export async function publicLotPage(token: string): Promise<void> {
  const v = await api<PublicLot>("GET", `/api/v1/public/lots/${encodeURIComponent(token)}`);
  const origin = (
    [
      ["species", v.origin.species],
      ["tissue", v.origin.tissue],
      ["cell_type", v.origin.cell_type],
    ] as [string, string | null][]
  )
    .map(([kind, x]) => (x ? label(kind, x) : t("cert.not_stated")))
    .join(" / ");
  const row = (k: Key, value: Node | string) => [el("dt", {}, t(k)), el("dd", {}, value)];
  page(
    t("plot.title"),
    el("p", { class: "muted" }, t("plot.intro")),
    el(
      "dl",
      { class: "card facts" },
      ...row("plot.product", `${v.product_name} (${v.manufacturer})`),
      ...row("plot.lot", v.lot_number),
      ...row("plot.origin", origin),
      ...row("plot.expires", v.expires_on ? formatDate(v.expires_on) : "—"),
      ...row("plot.state", chip(v.state_label, stateTone(v.state))),
    ),
    ...(v.state === "recalled" ? [el("p", { class: "error", role: "alert" }, t("plot.recalled"))] : []),
    el("h2", {}, t("plot.disclosure")),
    el(
      "ul",
      { id: "disclosure" },
      ...Object.values(v.qc.disclosure).map((d) => el("li", {}, `${d.label}: ${d.disclosed}/${d.total}`)),
    ),
    el("h2", {}, t("plot.criteria")),
    table(
      [t("lots.criterion"), t("lots.status"), t("lots.detail")],
      v.qc.criteria.map((c) => [
        el("span", {}, el("strong", {}, c.title), el("br"), el("small", { class: "muted" }, c.requirement)),
        chip(c.status_label, statusTone(c.status)),
        c.detail,
      ]),
      t("plot.criteria"),
    ),
    el("p", {}, v.qc.disclaimer),
    el(
      "p",
      {},
      t("plot.ask"),
      " ",
      el("a", { href: "#/checklist" }, t("check.title")),
      " · ",
      el("a", { href: "#/about" }, t("nav.about")),
    ),
  );
}

// Lot pages: the register with state chips, a lot's QC report with every criterion and its
// source, release (routes; against the verdict, a physician's reason for each blocking criterion)
// and recall with the affected patients.
import { api, ApiError } from "./api";
import { formatDate, formatDateTime, lang, localDay, t, label } from "./i18n";
import { certificateForm } from "./certificate";
import { chip, el, page, table, whenDone } from "./ui";
import { labelIn } from "./forms";

interface Lot {
  id: number;
  lot_number: string;
  product_name: string;
  manufacturer: string;
  state: string;
  state_label: string;
  expires_on: string | null;
  vials_in_stock: number | null;
  released_routes: string[];
  verdict?: Record<string, string>;
}
interface Criterion {
  id: string;
  area: string;
  status: string;
  status_label: string;
  title: string;
  requirement: string;
  detail: string;
  source: string;
}
interface RouteDetail {
  blocking: string[];
  final_blocking: string[];
  overridable: boolean;
  warnings: { id: string; text: string }[];
}
interface LotView extends Lot {
  public_token: string;
  qc: { verdict: Record<string, string>; verdict_detail: Record<string, RouteDetail>; criteria: Criterion[] };
  events: LotEvent[];
}
interface Overridden {
  criterion: string;
  title: string;
  routes: string[];
  reason: string;
}
// actor is the recorded login; actor_name how people name them ("(login)" when no name is set);
// reason_text the reason in the reader's language (a system reason from the catalogue).
interface LotEvent {
  at: string;
  actor: string;
  actor_name?: string;
  action: string;
  reason: string;
  reason_text?: string;
  routes: string[];
  override: boolean;
  overridden: Overridden[];
}

// Per route, first on the lot's page: may it be used today (released for the route, in date),
// the QC verdict, the criteria that block it (and whether a physician may override them) and the
// warnings (e.g. "the manufacturer does not list this route").
function routeSummary(v: LotView): HTMLElement {
  const title = (id: string) => v.qc.criteria.find((c) => c.id === id)?.title ?? id;
  const today = localDay(new Date());
  const inDate = !!v.expires_on && v.expires_on >= today;
  return el(
    "ul",
    { id: "route-summary", class: "route-summary" },
    ...Object.entries(v.qc.verdict).map(([route, verdict]) => {
      const d = v.qc.verdict_detail?.[route];
      const usable = v.state === "released" && v.released_routes.includes(route) && inDate;
      const ok = verdict === "releasable";
      return el(
        "li",
        { class: "card", "data-route": route },
        el(
          "h3",
          {},
          label("route", route),
          " ",
          chip(t(usable ? "lots.usable" : "lots.not_usable"), usable ? "ok" : "bad"),
        ),
        el(
          "p",
          {},
          chip(t(ok ? "lots.releasable" : "lots.not_releasable"), ok ? "ok" : "bad"),
          ok || !d ? "" : ` ${t(d.overridable ? "lots.override_possible" : "lots.override_impossible")}`,
        ),
        d && d.blocking.length
          ? el("p", { class: "blocking" }, `${t("lots.blocking")}: ${d.blocking.map(title).join(" / ")}`)
          : "",
        d && d.warnings.length
          ? el(
              "ul",
              { class: "warnings" },
              ...d.warnings.map((w) => el("li", {}, chip(t("lots.warning"), "warn"), ` ${w.text}`)),
            )
          : "",
      );
    }),
  );
}

export const stateTone = (s: string) => (s === "released" ? "ok" : s === "quarantined" ? "warn" : "bad");
export const statusTone = (s: string) =>
  s === "pass" ? "ok" : s === "fail" ? "bad" : s === "info" ? "" : "warn";

function importForm(): HTMLElement {
  const file = el("input", {
    id: "certificate-file",
    name: "certificate",
    type: "file",
    accept: ".json,application/json",
    required: "",
  });
  const vials = el("input", { id: "vials", name: "vials", type: "number", min: "0", required: "" });
  const message = el("p", { role: "status" });
  const form = el(
    "form",
    { class: "card", id: "import-form" },
    el("h2", {}, t("lots.import")),
    el("p", { class: "muted" }, t("lots.import_hint")),
    el("label", { for: "certificate-file" }, t("lots.certificate")),
    file,
    el("label", { for: "vials" }, t("lots.vials")),
    vials,
    el("p", {}, el("button", { type: "submit" }, t("lots.import"))),
    message,
  );
  form.addEventListener(
    "submit",
    whenDone(async (ev) => {
      ev.preventDefault();
      const f = file.files?.[0];
      if (!f) return;
      try {
        const lot = await api<{ id: number }>(
          "POST",
          `/api/v1/lots?vials=${encodeURIComponent(vials.value)}`,
          undefined,
          await f.text(),
        );
        location.hash = `#/lots/${lot.id}`;
      } catch (e) {
        message.className = "error";
        message.textContent = e instanceof ApiError ? e.message : String(e);
      }
    }, message),
  );
  return form;
}

export async function lotsPage(canImport: boolean): Promise<void> {
  const r = await api<{ lots: Lot[] }>("GET", "/api/v1/lots");
  page(
    t("lots.title"),
    ...(canImport
      ? [
          importForm(),
          el("details", { class: "card" }, el("summary", {}, t("cert.title")), certificateForm()),
        ]
      : []),
    table(
      [
        t("lots.number"),
        t("lots.product"),
        t("lots.state"),
        t("lots.verdict"),
        t("lots.expires"),
        t("lots.stock"),
      ],
      r.lots.map((l) => [
        el("a", { href: `#/lots/${l.id}` }, l.lot_number),
        `${l.product_name} (${l.manufacturer})`,
        chip(l.state_label, stateTone(l.state)),
        el(
          "span",
          { class: "chips" },
          ...Object.entries(l.verdict ?? {}).flatMap(([route, v]) => [
            chip(
              `${label("route", route)}: ${t(v === "releasable" ? "lots.releasable" : "lots.not_releasable")}`,
              v === "releasable" ? "ok" : "bad",
            ),
            " ",
          ]),
        ),
        l.expires_on ? formatDate(l.expires_on) : "—",
        l.vials_in_stock === null ? "—" : String(l.vials_in_stock),
      ]),
    ),
  );
}

export async function lotPage(id: string, permissions: string[]): Promise<void> {
  const v = await api<LotView>("GET", `/api/v1/lots/${id}`);
  const verdicts = el(
    "p",
    { id: "verdicts" },
    ...Object.entries(v.qc.verdict).flatMap(([route, verdict]) => [
      chip(
        `${label("route", route)}: ${t(verdict === "releasable" ? "lots.releasable" : "lots.not_releasable")}`,
        verdict === "releasable" ? "ok" : "bad",
      ),
      " ",
    ]),
  );
  // A criterion a physician released the lot past shows each reason given, by whom and when.
  const acknowledged = (id: string) =>
    v.events.flatMap((e) =>
      e.overridden
        .filter((o) => o.criterion === id)
        .map((o) =>
          el(
            "p",
            { class: "acknowledged" },
            chip(t("lots.override"), "bad"),
            " ",
            t(
              "lots.acknowledged",
              o.reason,
              e.actor_name ?? e.actor,
              formatDateTime(e.at),
              o.routes.join(", "),
            ),
          ),
        ),
    );
  const criteria = table(
    [t("lots.criterion"), t("lots.status"), t("lots.detail"), t("lots.source")],
    v.qc.criteria.map((c) => [
      el("span", {}, el("strong", {}, c.title), el("br"), el("small", { class: "muted" }, c.requirement)),
      chip(c.status_label, statusTone(c.status)),
      el("span", {}, c.detail, ...acknowledged(c.id)),
      el("small", {}, c.source),
    ]),
    t("lots.qc_caption"),
  );
  const message = el("p", { role: "status", id: "lot-message" });
  const sections: Node[] = [
    el(
      "p",
      {},
      chip(v.state_label, stateTone(v.state)),
      ` ${v.product_name} · ${v.manufacturer}` +
        (v.expires_on ? ` · ${t("dash.expires", formatDate(v.expires_on))}` : ""),
    ),
    el(
      "p",
      {},
      el("a", { href: `/lots/public/${v.public_token}`, id: "public-lot-link" }, t("lots.public_page")),
    ),
    el("h2", {}, t("lots.route_summary")),
    routeSummary(v),
    verdicts,
    message,
  ];
  if (permissions.includes("lots.release") && (v.state === "quarantined" || v.state === "released"))
    sections.push(releaseForm(id, v, permissions));
  if (permissions.includes("lots.recall") && v.state !== "recalled" && v.state !== "destroyed") {
    const reason = el("input", { id: "recall-reason", name: "reason", required: "" });
    const affected = el("div", { id: "affected" });
    const form = el(
      "form",
      { class: "card", id: "recall-form" },
      el("h2", {}, t("lots.recall")),
      el("label", { for: "recall-reason" }, t("lots.recall_reason")),
      reason,
      el("p", {}, el("button", { type: "submit" }, t("lots.recall"))),
      affected,
    );
    form.addEventListener(
      "submit",
      whenDone(async (ev) => {
        ev.preventDefault();
        try {
          const r = await api<{
            affected: {
              session_id: number;
              performed_at: string;
              patient: { name_kanji: string; phone: string; patient_number: string };
            }[];
          }>("POST", `/api/v1/lots/${id}/recall`, { reason: reason.value });
          affected.replaceChildren(
            el("p", { role: "status" }, t("lots.recalled", r.affected.length)),
            table(
              [t("lots.patient"), t("lots.phone"), t("lots.session")],
              r.affected.map((a) => [
                `${a.patient.name_kanji} (${a.patient.patient_number})`,
                a.patient.phone,
                formatDate(a.performed_at),
              ]),
            ),
            el(
              "p",
              {},
              el(
                "a",
                { href: `/api/v1/lots/${id}/trace?format=csv`, download: `lot-${id}-trace.csv` },
                t("lots.export_csv"),
              ),
            ),
          );
        } catch (e) {
          affected.replaceChildren(
            el("p", { class: "error" }, e instanceof ApiError ? e.message : String(e)),
          );
        }
      }),
    );
    sections.push(form);
  }
  sections.push(el("h2", {}, t("lots.qc")), criteria);
  // The history: action, routes, person and local time, the reason and an override marked.
  sections.push(
    el("h2", {}, t("lots.history")),
    table(
      [t("lots.when"), t("lots.action"), t("lots.routes"), t("lots.by"), t("lots.reason")],
      v.events.map((e) => [
        formatDateTime(e.at),
        el(
          "span",
          {},
          label("lot_action", e.action),
          ...(e.override ? [" ", chip(t("lots.override"), "bad")] : []),
        ),
        e.routes.length ? e.routes.map((r) => label("route", r)).join(", ") : "—",
        e.actor_name ?? e.actor,
        eventReasons(e),
      ]),
      t("lots.history"),
    ),
  );
  page(`${t("lots.lot")} ${v.lot_number}`, ...sections);
}

// The reason column of the history: a release against the verdict lists each criterion by its
// title with the physician's reason; other events their one reason.
function eventReasons(e: LotEvent): Node | string {
  if (e.overridden.length === 0) return e.reason_text || e.reason || "—";
  return el(
    "ul",
    { class: "overridden" },
    ...e.overridden.map((o) =>
      el("li", { "data-criterion": o.criterion }, el("strong", {}, o.title), `: ${o.reason}`),
    ),
  );
}

// The criteria blocking the chosen routes that a physician may override, each with the chosen
// routes it blocks, in the QC report's order; and the chosen routes no reason can release.
export function blockingFor(
  v: { qc: LotView["qc"] },
  chosen: string[],
): { criteria: { id: string; routes: string[] }[]; never: string[] } {
  const routes = new Map<string, string[]>();
  const never: string[] = [];
  for (const r of chosen) {
    const d = v.qc.verdict_detail?.[r];
    if (!d || v.qc.verdict[r] === "releasable") continue;
    if (!d.overridable) never.push(r);
    else for (const id of d.blocking) routes.set(id, [...(routes.get(id) ?? []), r]);
  }
  const order = v.qc.criteria.map((c) => c.id);
  const criteria = [...routes.entries()]
    .map(([id, rs]) => ({ id, routes: rs }))
    .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return { criteria, never };
}

// Release: choosing routes shows, before the physician confirms, each chosen route's verdict and
// the warnings the server gives, and one empty reason field per criterion that blocks a chosen
// route (labelled with the criterion's title); the reasons go to the server per criterion.
function releaseForm(id: string, v: LotView, permissions: string[]): HTMLElement {
  const routeIds = ["iv", "injection", "microneedle", "topical"];
  const title = (cid: string) => v.qc.criteria.find((c) => c.id === cid)?.title ?? cid;
  const routes = routeIds.map((r) =>
    el(
      "label",
      { class: "inline" },
      el("input", { type: "checkbox", name: "route", value: r, class: "check" }),
      ` ${label("route", r)}`,
    ),
  );
  const preview = el("div", { id: "release-preview", "aria-live": "polite" });
  const reasons = el("div", { id: "override-reasons" });
  const submit = el("button", { type: "submit", id: "release-confirm" }, t("lots.confirm_release"));
  const message = el("p", { role: "status", id: "release-message" });
  const form = el(
    "form",
    { class: "card", id: "release-form", novalidate: "" },
    el("h2", {}, t("lots.release")),
    el("fieldset", {}, el("legend", {}, t("lots.routes")), ...routes),
    preview,
    reasons,
    el("p", {}, submit),
    message,
  );
  const chosen = () =>
    [...form.querySelectorAll<HTMLInputElement>("input[name=route]:checked")].map((i) => i.value);
  // Reasons typed so far survive a change of routes; nothing is ever filled in for the physician.
  const typed = new Map<string, string>();
  const render = () => {
    for (const input of reasons.querySelectorAll<HTMLInputElement>("input"))
      typed.set(input.name, input.value);
    const picked = chosen();
    const { criteria, never } = blockingFor(v, picked);
    preview.replaceChildren(
      ...(picked.length === 0
        ? []
        : [
            el("h3", {}, t("lots.release_preview")),
            el(
              "ul",
              { class: "release-routes" },
              ...picked.map((r) => {
                const d = v.qc.verdict_detail?.[r];
                const ok = v.qc.verdict[r] === "releasable";
                return el(
                  "li",
                  { "data-route": r },
                  el("strong", {}, label("route", r)),
                  " ",
                  chip(t(ok ? "lots.releasable" : "lots.not_releasable"), ok ? "ok" : "bad"),
                  ok || !d
                    ? ""
                    : ` ${t(d.overridable ? "lots.override_possible" : "lots.override_impossible")}`,
                  d && !ok && !d.overridable
                    ? el(
                        "p",
                        { class: "error" },
                        t("lots.never_releasable", d.final_blocking.map(title).join(" / ")),
                      )
                    : "",
                  d && d.warnings.length
                    ? el(
                        "ul",
                        { class: "warnings" },
                        ...d.warnings.map((w) => el("li", {}, chip(t("lots.warning"), "warn"), ` ${w.text}`)),
                      )
                    : "",
                );
              }),
            ),
          ]),
    );
    reasons.replaceChildren(
      ...(criteria.length === 0
        ? []
        : [
            el(
              "fieldset",
              {},
              el("legend", {}, t("lots.reasons_legend")),
              ...criteria.flatMap((c) => {
                const fid = `override-${c.id.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
                const input = el("input", { id: fid, name: c.id, required: "", "data-criterion": c.id });
                input.value = typed.get(c.id) ?? "";
                return [
                  el("label", { for: fid }, t("lots.reason_for", title(c.id), c.routes.join(", "))),
                  input,
                ];
              }),
            ),
          ]),
    );
    submit.disabled = picked.length === 0 || never.length > 0;
  };
  form.addEventListener("change", (ev) => {
    if ((ev.target as HTMLInputElement).name === "route") render();
  });
  render();
  form.addEventListener(
    "submit",
    whenDone(async (ev) => {
      ev.preventDefault();
      const inputs = [...reasons.querySelectorAll<HTMLInputElement>("input")];
      const empty = inputs.filter((i) => i.value.trim() === "");
      for (const i of inputs) i.toggleAttribute("aria-invalid", empty.includes(i));
      if (empty.length) {
        message.className = "error";
        message.textContent = t(
          "form.required",
          empty
            .map((i) => form.querySelector(`label[for="${i.id}"]`)?.textContent ?? i.name)
            .join(lang() === "ja" ? "、" : ", "),
        );
        empty[0].focus();
        return;
      }
      const overrides = Object.fromEntries(inputs.map((i) => [i.name, i.value]));
      try {
        await api("POST", `/api/v1/lots/${id}/release`, {
          routes: chosen(),
          ...(inputs.length ? { overrides } : {}),
        });
        await lotPage(id, permissions);
        (document.getElementById("lot-message") as HTMLElement).textContent = t("lots.released");
      } catch (e) {
        message.textContent = e instanceof ApiError ? e.describe(labelIn(form)) : String(e);
        message.className = "error";
      }
    }, message),
  );
  return form;
}

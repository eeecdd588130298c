// The clinical path on a patient's page: intake and screening with sign-off, a plan with its
// checks, schedule and cost, consent (PDF preview, typed name and a drawn signature), sessions
// with the aftercare sheet, and outcome entry. What shows depends on the role's permissions.
import type { CheckIn } from "./frontdesk";
import { api, ApiError } from "./api";
import { type Field, form, list } from "./forms";
import {
  clinicInstant,
  formatDate,
  formatDateTime,
  formatNumber,
  formatParticles,
  formatYen,
  type Key,
  label,
  lang,
  t,
} from "./i18n";
import { action, chip, el, table, whenDone } from "./ui";

interface Flag {
  rule: string;
  severity: string;
  severity_label: string;
  text: string;
  routes: string[];
  matched: string[];
  source: string;
}
interface Screening {
  id: number;
  created_at: string;
  created_by: string;
  signed_off: boolean;
  signed_off_at: string | null;
  signed_off_by: string;
  sign_off_note: string;
  created_by_name?: string;
  signed_off_by_name?: string | null; // as people name them (the overview gives them)
  intake: Record<string, unknown> | null;
  result: { flags: Flag[]; missing?: string[] };
}
interface Check {
  id: string;
  level: string;
  message: string;
}
interface Plan {
  id: number;
  status: string;
  route: string;
  lot_id: number;
  sessions: number;
  interval_days: number;
  dose_particles: number;
  sites: string[];
  schedule: string[];
  checks: Check[];
  can_activate: boolean;
  activation_override: string;
  cost: { currency: string; per_session: number; subtotal: number; consumption_tax: number; total: number };
}
interface Lot {
  id: number;
  lot_number: string;
  product_name: string;
  state: string;
  released_routes: string[];
  expires_on: string | null;
}
interface Measure {
  id: string;
  name: string;
  unit: string;
  unit_label: string;
  questionnaire: string;
  computed: boolean;
  recorded_by: string[];
  min: number;
  max: number;
  bands: { from: number; to: number; label: string }[]; // a questionnaire's named cut-offs
  bands_source: string;
}

const severityTone = (s: string) => (s === "contraindicated" ? "bad" : s === "info" ? "" : "warn");
const yen = (n: number, c: string) =>
  c === "JPY"
    ? formatYen(n)
    : new Intl.NumberFormat(lang() === "ja" ? "ja-JP" : "en-US", { style: "currency", currency: c }).format(
        n,
      );

interface Session {
  id: number;
  plan_id: number;
  lot_id: number;
  performed_at: string;
  route: string;
  operator: string;
  reactions: string;
}
interface Consent {
  id: number;
  withdrawn_at: string | null;
  signed_at: string;
}

interface Patient {
  id: number;
  patient_number: string;
  name_kanji: string;
  name_kana: string;
  birth_date: string;
  age: number;
  sex: string;
  phone: string;
  email: string;
  address: string;
  synthetic: boolean; // a fictitious demo patient
}
// actor_name: who recorded it, as people name them (null when not recorded).
interface Entry {
  at: string;
  kind: string;
  id: number;
  summary: string;
  actor: string | null;
  actor_name: string | null;
}
interface FollowUp {
  id: number;
  due_on: string;
  text: string;
}
interface PortalLink {
  id: number;
  measures: string[];
  expires_at: string;
  open: boolean;
}

// Everything the patient's clinical tabs show, from one read (GET /api/v1/patients/{id}/overview).
export interface Clinical {
  patient: Patient;
  checkIn: CheckIn | null; // the front desk's 受付 of today

  screenings: Screening[];
  plans: Plan[];
  sessions: Session[];
  events: AdverseEvent[];
  consents: Map<number, Consent | undefined>; // each plan's valid consent
  lots: Lot[]; // the plans' lots and the released ones a new plan can use
  measures: Measure[];
  measurements: StoredMeasurement[];
  conditions: { id: string; label: string }[];
  terms: string[];
  termLabels: Record<string, string>;
  followups: FollowUp[];
  portalLinks: PortalLink[];
  timeline: Entry[];
}

interface Overview {
  patient: Patient;
  check_in_today: CheckIn | null;
  screenings: Screening[];
  plans: (Plan & { lot: Lot; valid_consent: Consent | null })[];
  sessions: Session[];
  adverse_events: AdverseEvent[];
  measurements: StoredMeasurement[];
  followups: FollowUp[];
  portal_links: PortalLink[];
  released_lots: Lot[];
  timeline: Entry[];
  measures: Measure[];
  conditions: { id: string; label: string }[];
  adverse_event_terms: string[];
  adverse_event_term_labels: Record<string, string>;
}

export async function loadClinical(patientId: string): Promise<Clinical> {
  const o = await api<Overview>("GET", `/api/v1/patients/${patientId}/overview`);
  const lots = new Map<number, Lot>();
  for (const l of [...o.plans.map((p) => p.lot), ...o.released_lots]) lots.set(l.id, l);
  return {
    patient: o.patient,
    checkIn: o.check_in_today,
    screenings: o.screenings,
    plans: o.plans,
    sessions: o.sessions,
    events: o.adverse_events,
    consents: new Map(o.plans.map((p) => [p.id, p.valid_consent ?? undefined])),
    lots: [...lots.values()],
    measures: o.measures,
    measurements: o.measurements,
    conditions: o.conditions,
    terms: o.adverse_event_terms,
    termLabels: o.adverse_event_term_labels,
    followups: o.followups,
    portalLinks: o.portal_links,
    timeline: o.timeline,
  };
}

const lotName = (c: Clinical, id: number) => c.lots.find((l) => l.id === id)?.lot_number ?? `#${id}`;
// How many of a plan's sessions are recorded.
export const doneCount = (c: Clinical, p: Plan) => c.sessions.filter((s) => s.plan_id === p.id).length;

// What a plan's card and the overview say about it: route, lot, dose, sites.
// Pieces of a line that each wrap as a whole where the line has room (a lot number, a dose, a
// date; style.css .fact), joined by `separator`: at 390 px the line breaks between them, not
// inside a lot number or between a number and its unit.
export function pieces(texts: string[], separator = " · "): HTMLElement {
  return el(
    "span",
    {},
    ...texts.flatMap((x, i) => [...(i ? [separator] : []), el("span", { class: "fact" }, x)]),
  );
}

// A plan's route, lot, dose and sites, each a piece of the line.
export function planFacts(c: Clinical, p: Plan): HTMLElement {
  return pieces([
    label("route", p.route),
    `${t("clin.lot_short")} ${lotName(c, p.lot_id)}`,
    t("clin.dose_value", formatParticles(p.dose_particles)),
    p.sites.map((x) => label("site", x)).join(lang() === "ja" ? "、" : ", "),
  ]);
}

// The next planned date of a plan, or that every session is recorded.
export function nextSession(c: Clinical, p: Plan): string {
  const done = doneCount(c, p);
  return done >= p.sessions
    ? t("overview.all_done", p.sessions)
    : t("overview.next", formatDate(p.schedule[done] ?? ""), done + 1, p.sessions);
}

// Why a session cannot be recorded on this plan now, in the words the server would refuse it
// with (record_session.cc); null when it can.
export function sessionBlocked(c: Clinical, p: Plan, today: string): string | null {
  if (p.status !== "active") return t("err.plan_not_active", p.id, label("plan_status", p.status));
  if (!c.consents.get(p.id)) return t("err.no_valid_consent", p.id);
  if (doneCount(c, p) >= p.sessions) return t("err.plan_sessions_used", p.id, p.sessions);
  const lot = c.lots.find((l) => l.id === p.lot_id);
  const why = !lot
    ? ""
    : lot.state !== "released"
      ? label("lot_state", lot.state)
      : !lot.released_routes.includes(p.route)
        ? t("clin.route_not_released")
        : !lot.expires_on || lot.expires_on < today
          ? label("lot_state", "expired")
          : "";
  if (why) return t("err.lot_unusable", lotName(c, p.lot_id), label("route", p.route), why);
  return null;
}

// The intake's questions by their name in the intake (and in a "missing" path's last part), as
// an answer is read: the form's input hints (「カンマ区切り」) left out.
const intakeLabels: Record<string, Key> = {
  age: "clin.age",
  weight_kg: "clin.weight",
  goals: "clin.goals",
  planned_routes: "clin.planned_routes_answer",
  conditions: "clin.conditions",
  medications: "clin.medications_answer",
  allergies: "clin.allergies_answer",
  sleep_hours: "clin.sleep",
  stress_pss10: "clin.stress",
  smoker: "clin.smoker",
  alcohol_units_per_week: "clin.alcohol",
  diet: "clin.diet",
  uv_exposure: "clin.uv",
  menopause: "clin.menopause",
};
const lifestyleKinds: Record<string, string> = { diet: "diet", uv_exposure: "uv", menopause: "meno" };

// What the patient answered, as the physician reads it before signing: each answer under its
// question's label, lists and choices by their labels; unanswered questions named.
function intakeAnswers(c: Clinical, s: Screening): HTMLElement {
  const rows: Node[] = [];
  const join = (xs: string[]) => xs.join(lang() === "ja" ? "、" : ", ");
  const show = (key: string, v: unknown): string => {
    if (Array.isArray(v)) {
      const xs = v.map(String);
      if (key === "goals") return join(xs.map((x) => label("goal", x)));
      if (key === "planned_routes") return join(xs.map((x) => label("route", x)));
      if (key === "conditions") return join(xs.map((x) => c.conditions.find((k) => k.id === x)?.label ?? x));
      return xs.length ? join(xs) : t("clin.none_reported");
    }
    if (typeof v === "boolean") return v ? t("cert.yes") : t("cert.no");
    if (typeof v === "number") return formatNumber(v);
    if (lifestyleKinds[key]) return label(lifestyleKinds[key], String(v));
    return String(v);
  };
  const add = (key: string, v: unknown) => {
    const k = intakeLabels[key];
    if (!k || v === null || v === undefined) return;
    rows.push(el("dt", {}, t(k)), el("dd", {}, show(key, v)));
  };
  const intake = s.intake ?? {};
  for (const [k, v] of Object.entries(intake)) if (k !== "lifestyle") add(k, v);
  for (const [k, v] of Object.entries((intake.lifestyle as Record<string, unknown> | undefined) ?? {}))
    add(k, v);
  const missing = (s.result.missing ?? [])
    .map((m) => m.slice(m.lastIndexOf("/") + 1))
    .filter((m) => intakeLabels[m])
    .map((m) => t(intakeLabels[m]));
  return el(
    "details",
    { class: "intake-answers", open: "" },
    el(
      "summary",
      {},
      t("clin.intake_answers", formatDateTime(s.created_at), s.created_by_name ?? s.created_by),
    ),
    el("dl", {}, ...rows),
    missing.length ? el("p", { class: "muted" }, `${t("screen.missing")}: ${join(missing)}`) : "",
  );
}

// What in the intake made a rule fire, as the screening engine records it (screening/screen.cc:
// "sleep 5.5 h", "diet irregular", a condition's id, a medication as typed), in the reader's
// words: the question's label and the answer, as the intake answers above show them.
function matchedLabel(c: Clinical, m: string): string {
  const answer = (key: string, value: string) => `${t(intakeLabels[key])} ${value}`;
  let x: RegExpMatchArray | null;
  if ((x = m.match(/^(\d+) allergies$/))) return answer("allergies", formatNumber(Number(x[1])));
  if ((x = m.match(/^age (\d+)$/))) return answer("age", formatNumber(Number(x[1])));
  if ((x = m.match(/^sleep ([\d.]+) h$/))) return answer("sleep_hours", formatNumber(Number(x[1])));
  if ((x = m.match(/^PSS-10 (\d+)$/))) return answer("stress_pss10", formatNumber(Number(x[1])));
  if ((x = m.match(/^alcohol ([\d.]+) units\/week$/)))
    return answer("alcohol_units_per_week", formatNumber(Number(x[1])));
  if (m === "smoker") return answer("smoker", t("cert.yes"));
  if ((x = m.match(/^(diet|UV|menopause) (\S+)$/))) {
    const key = { diet: "diet", UV: "uv_exposure", menopause: "menopause" }[x[1]] ?? "diet";
    return answer(key, label(lifestyleKinds[key], x[2]));
  }
  if (m === "/weight_kg") return `${t("screen.missing")}: ${t(intakeLabels.weight_kg)}`;
  return c.conditions.find((k) => k.id === m)?.label ?? m;
}

// A flag as the physician signs it: severity, the rule's reason, the routes it concerns, what
// in the intake matched, and the rule's source.
function flagItem(c: Clinical, f: Flag): HTMLElement {
  return el(
    "li",
    { class: "flag", "data-rule": f.rule },
    chip(f.severity_label || label("severity", f.severity), severityTone(f.severity)),
    " ",
    el("strong", {}, f.text),
    el(
      "div",
      { class: "muted" },
      [
        f.routes.length
          ? `${t("clin.route")}: ${f.routes.map((r) => label("route", r)).join(t("word.list_separator"))}`
          : "",
        f.matched.length
          ? `${t("screen.matched")}: ${f.matched.map((m) => matchedLabel(c, m)).join(t("word.list_separator"))}`
          : "",
      ]
        .filter((x) => x)
        .join(" · "),
    ),
    el("div", { class: "source" }, `${t("screen.source")}: ${f.source}`),
  );
}

// Intake & screening: each screening with the intake answers, its flags (severity, reason,
// source) and the physician's sign-off; a new intake on an explicit action.
export function intakePanel(
  patientId: string,
  c: Clinical,
  can: (p: string) => boolean,
  reload: () => void,
): Node[] {
  const screening = el("section", { id: "screening" }, el("h2", {}, t("clin.screening")));
  if (can("clinical.record"))
    screening.append(action("intake", t("action.intake"), null, () => intakeForm(patientId, c, reload)));
  if (c.screenings.length === 0) screening.append(el("p", { class: "muted" }, t("clin.no_screening")));
  for (const s of c.screenings) {
    const card = el(
      "div",
      { class: "card screening", "data-screening": String(s.id) },
      el(
        "p",
        {},
        s.signed_off ? chip(t("clin.signed_off"), "ok") : chip(t("clin.not_signed_off"), "warn"),
        s.signed_off
          ? ` ${t("clin.signed_off_by", s.signed_off_by_name ?? s.signed_off_by, formatDateTime(s.signed_off_at ?? ""))}`
          : "",
      ),
      s.signed_off && s.sign_off_note ? el("p", { class: "note" }, s.sign_off_note) : "",
      intakeAnswers(c, s),
      el("h3", {}, t("clin.flags")),
      s.result.flags.length === 0
        ? el("p", { class: "muted" }, t("clin.no_flags"))
        : el("ul", { class: "flags" }, ...s.result.flags.map((f) => flagItem(c, f))),
    );
    screening.append(card);
    if (!s.signed_off && can("clinical.sign_off"))
      card.append(
        form(
          `signoff-${s.id}`,
          "",
          [{ name: "note", label: t("clin.sign_off_note") }],
          t("clin.sign_off"),
          async (v) => {
            await api("POST", `/api/v1/screenings/${s.id}/sign-off`, { note: v.note });
            reload();
          },
        ),
      );
  }
  return [screening];
}

function intakeForm(patientId: string, c: Clinical, reload: () => void): HTMLElement {
  const yesNo: [string, string][] = [
    ["", "—"],
    ["true", t("cert.yes")],
    ["false", t("cert.no")],
  ];
  const choice = (prefix: string, values: string[]): [string, string][] => [
    ["", "—"],
    ...values.map((v) => [v, label(prefix, v)] as [string, string]),
  ];
  return form(
    "intake",
    t("clin.intake"),
    [
      { name: "age", label: t("clin.age"), type: "number" },
      { name: "weight_kg", label: t("clin.weight"), type: "number", step: "0.1" },
      {
        name: "goals",
        label: t("clin.goals"),
        type: "checks",
        options: ["skin", "hair", "systemic"].map((g) => [g, label("goal", g)]),
      },
      {
        name: "planned_routes",
        label: t("clin.planned_routes"),
        type: "checks",
        options: ["iv", "injection", "microneedle", "topical"].map((r) => [r, label("route", r)]),
      },
      {
        name: "conditions",
        label: t("clin.conditions"),
        type: "checks",
        options: c.conditions.map((x) => [x.id, x.label]),
      },
      { name: "medications", label: t("clin.medications") },
      { name: "allergies", label: t("clin.allergies") },
      { name: "sleep_hours", label: t("clin.sleep"), type: "number", step: "0.5" },
      { name: "stress_pss10", label: t("clin.stress"), type: "number" },
      { name: "smoker", label: t("clin.smoker"), type: "select", options: yesNo },
      { name: "alcohol_units_per_week", label: t("clin.alcohol"), type: "number", step: "any" },
      {
        name: "diet",
        label: t("clin.diet"),
        type: "select",
        options: choice("diet", ["balanced", "irregular", "poor", "vegetarian", "vegan", "other"]),
      },
      {
        name: "uv_exposure",
        label: t("clin.uv"),
        type: "select",
        options: choice("uv", ["low", "moderate", "high"]),
      },
      {
        name: "menopause",
        label: t("clin.menopause"),
        type: "select",
        options: choice("meno", ["pre", "peri", "post", "not_applicable"]),
      },
    ],
    t("clin.screen"),
    async (v) => {
      // Only what was answered is sent: an unanswered question stays "missing", never guessed.
      const intake: Record<string, unknown> = {
        schema: "exoclinic.intake/1",
        conditions: list(v.conditions),
        medications: list(v.medications),
        allergies: list(v.allergies),
      };
      if (v.age) intake.age = Number(v.age);
      if (v.weight_kg) intake.weight_kg = Number(v.weight_kg);
      if (v.goals) intake.goals = list(v.goals);
      if (v.planned_routes) intake.planned_routes = list(v.planned_routes);
      const lifestyle: Record<string, unknown> = {};
      for (const k of ["sleep_hours", "stress_pss10", "alcohol_units_per_week"])
        if (v[k]) lifestyle[k] = Number(v[k]);
      if (v.smoker) lifestyle.smoker = v.smoker === "true";
      for (const k of ["diet", "uv_exposure", "menopause"]) if (v[k]) lifestyle[k] = v[k];
      if (Object.keys(lifestyle).length) intake.lifestyle = lifestyle;
      await api("POST", `/api/v1/patients/${patientId}/screenings`, intake);
      reload();
    },
  );
}

// Plans & consent: each plan with its lot, dose, sites, schedule, cost and checks; activation by
// the physician; the consent taken or withdrawn on an explicit action.
export function plansPanel(
  patientId: string,
  c: Clinical,
  can: (p: string) => boolean,
  reload: () => void,
): Node[] {
  const section = el("section", { id: "plans" }, el("h2", {}, t("clin.plans")));
  if (can("clinical.sign_off"))
    section.append(
      action("new-plan", t("action.new_plan"), null, () =>
        planForm(
          patientId,
          c.lots.filter((l) => l.state === "released"),
          reload,
        ),
      ),
    );
  if (c.plans.length === 0) section.append(el("p", { class: "muted" }, t("clin.no_plans")));
  for (const p of c.plans) {
    const card = el(
      "div",
      { class: "card plan", "data-plan": String(p.id) },
      // The route is the first of the facts below, not repeated in the heading.
      el(
        "h3",
        {},
        `${t("clin.plan")} #${p.id} · `,
        // An active plan with every session recorded is shown as done (its status stays active:
        // consent and follow-ups still belong to it).
        doneCount(c, p) >= p.sessions && p.status === "active"
          ? chip(t("clin.plan_completed"), "")
          : chip(label("plan_status", p.status), p.status === "active" ? "ok" : "warn"),
      ),
      el("p", { class: "facts" }, planFacts(c, p)),
      el(
        "p",
        {},
        t("clin.schedule"),
        ": ",
        pieces(
          p.schedule.map((d) => formatDate(d)),
          t("word.list_separator"),
        ),
      ),
      // Subtotal, tax and total each kept whole: at 390 px the line breaks between them.
      el(
        "p",
        { class: "cost" },
        pieces(
          [
            t("clin.cost_subtotal", yen(p.cost.subtotal, p.cost.currency)),
            t("clin.cost_tax", yen(p.cost.consumption_tax, p.cost.currency)),
            t("clin.cost_total", yen(p.cost.total, p.cost.currency)),
          ],
          " ",
        ),
      ),
      p.checks.length
        ? el(
            "ul",
            {},
            ...p.checks.map((x) =>
              el(
                "li",
                {},
                chip(label("check_level", x.level), x.level === "error" ? "bad" : "warn"),
                " ",
                x.message,
              ),
            ),
          )
        : "",
      p.activation_override
        ? el("p", { class: "override" }, t("clin.activation_override"), ": ", p.activation_override)
        : "",
    );
    if (p.status === "draft" && can("clinical.sign_off")) {
      const errors = p.checks.filter((x) => x.level === "error").map((x) => x.message);
      const b = el("button", { type: "button", class: "activate" }, t("clin.activate"));
      const refusal = el("div", { class: "activate-refusal" });
      b.addEventListener(
        "click",
        whenDone(async () => {
          try {
            await api("POST", `/api/v1/plans/${p.id}/activate`, {});
            reload();
          } catch (e) {
            // Another plan on the route still running: the physician may activate both, saying why.
            refusal.replaceChildren(
              el("p", { class: "error", role: "alert" }, String((e as Error).message)),
              ...(e instanceof ApiError && e.id === "err.active_plan_exists"
                ? [activateOverrideForm(p, reload)]
                : []),
            );
          }
        }),
      );
      card.append(
        p.can_activate
          ? el("p", {}, b)
          : el("p", { class: "blocked", role: "note" }, t("clin.cannot_activate", errors.join(" / "))),
        refusal,
      );
    }
    card.append(
      el(
        "p",
        {},
        t("clin.consent_preview"),
        " ",
        consentPreviewLink(p.id, "ja"),
        " · ",
        consentPreviewLink(p.id, "en"),
      ),
    );
    const valid = c.consents.get(p.id);
    if (valid) {
      card.append(
        el(
          "p",
          { class: "consented" },
          chip(t("clin.consented", formatDateTime(valid.signed_at)), "ok"),
          " ",
          el("a", { href: `/api/v1/consents/${valid.id}/document.pdf` }, t("clin.consent_document")),
        ),
      );
      if (can("clinical.record"))
        card.append(
          action(`withdraw-${p.id}`, t("clin.withdraw"), null, () =>
            form(
              `withdraw-${valid.id}`,
              "",
              [{ name: "reason", label: t("clin.withdraw_reason"), required: true }],
              t("clin.withdraw"),
              async (v) => {
                await api("POST", `/api/v1/consents/${valid.id}/withdraw`, { reason: v.reason });
                reload();
              },
            ),
          ),
        );
    } else if (can("clinical.record")) {
      // A cancelled plan takes no consent (consents.cc refuses it with the same words).
      const refused =
        p.status === "cancelled" ? t("err.plan_not_draft", label("plan_status", p.status)) : null;
      card.append(action(`consent-${p.id}`, t("action.consent"), refused, () => consentForm(p.id, reload)));
    }
    section.append(card);
  }
  return [section];
}

// Sessions & aftercare: per plan, "record a session" when it may be recorded, else why not;
// the sessions given, each with its aftercare sheet.
export function sessionsPanel(
  c: Clinical,
  can: (p: string) => boolean,
  today: string,
  reload: () => void,
): Node[] {
  const section = el("section", { id: "sessions" }, el("h2", {}, t("tab.sessions")));
  const last = sessionStorage.getItem("exoclinic.last_session");
  if (last && c.sessions.some((s) => String(s.id) === last))
    section.append(
      el(
        "p",
        {},
        el(
          "a",
          { href: `/api/v1/sessions/${last}/aftercare.pdf?lang=${lang()}`, id: "aftercare-link" },
          t("clin.aftercare"),
        ),
      ),
    );
  for (const p of c.plans.filter((x) => x.status !== "draft")) {
    const block = el(
      "div",
      { class: "card", "data-plan": String(p.id) },
      el("h3", {}, `${t("clin.plan")} #${p.id} · `, planFacts(c, p)),
      el("p", {}, pieces([nextSession(c, p)])),
    );
    if (can("clinical.record"))
      block.append(
        action(`session-${p.id}`, t("action.record_session"), sessionBlocked(c, p, today), () =>
          sessionForm(c, p, can("clinical.sign_off"), reload),
        ),
      );
    section.append(block);
  }
  if (c.followups.length)
    section.append(
      el("h3", {}, t("clin.open_followups")),
      el(
        "ul",
        { id: "patient-followups" },
        ...c.followups.map((f) => el("li", {}, `${formatDate(f.due_on)} · ${f.text}`)),
      ),
    );
  section.append(
    c.sessions.length === 0
      ? el("p", { class: "muted" }, t("clin.no_sessions"))
      : table(
          [
            t("clin.performed_at"),
            t("clin.route"),
            t("clin.operator"),
            t("clin.reactions"),
            t("clin.aftercare_short"),
          ],
          c.sessions.map((s) => [
            formatDateTime(s.performed_at),
            label("route", s.route),
            s.operator,
            s.reactions || "—",
            el(
              "a",
              { href: `/api/v1/sessions/${s.id}/aftercare.pdf?lang=${lang()}`, class: "aftercare" },
              t("clin.aftercare_short"),
            ),
          ]),
          t("clin.sessions_list"),
        ),
  );
  return [section];
}

// Documents: what can be printed or handed over, and the record's history.
export function documentsPanel(patientId: string, c: Clinical): Node[] {
  const items: Node[] = [
    el(
      "li",
      {},
      el(
        "a",
        { href: `/api/v1/patients/${patientId}/outcome-report.pdf?lang=${lang()}` },
        t("patients.outcome_report"),
      ),
    ),
  ];
  for (const p of c.plans) {
    const valid = c.consents.get(p.id);
    items.push(
      el(
        "li",
        {},
        `${t("clin.plan")} #${p.id} · ${label("route", p.route)}: `,
        el("a", { href: `/api/v1/plans/${p.id}/schedule.ics?lang=${lang()}` }, t("clin.ics")),
        ...(valid
          ? [
              " · ",
              el("a", { href: `/api/v1/consents/${valid.id}/document.pdf` }, t("clin.consent_document")),
            ]
          : []),
      ),
    );
  }
  for (const s of c.sessions)
    items.push(
      el(
        "li",
        {},
        `${formatDateTime(s.performed_at)} · ${label("route", s.route)}: `,
        el("a", { href: `/api/v1/sessions/${s.id}/aftercare.pdf?lang=${lang()}` }, t("clin.aftercare")),
      ),
    );
  return [
    el(
      "section",
      { id: "documents" },
      el("h2", {}, t("tab.documents")),
      el("ul", { class: "links" }, ...items),
    ),
  ];
}

// Each measure's values over time, the sessions marked. Drawn when the charts first come into
// view (the outcomes tab opened), so the patient page is not kept waiting for them; the chart
// code and uPlot are a chunk of their own, loaded then (a dynamic import).
function chartsOf(c: Clinical): HTMLElement {
  const measures = [...new Set(c.measurements.filter((m) => m.current).map((m) => m.measure))];
  if (measures.length === 0) return el("p", { class: "muted" }, t("patients.no_measurements"));
  const box = el("div", { id: "charts" });
  const draw = ({ measureChart }: typeof import("./charts")) =>
    box.replaceChildren(
      ...measures.map((m) => {
        const info = c.measures.find((x) => x.id === m);
        return measureChart(
          info?.name ?? m,
          info?.unit_label ?? "",
          c.measurements.filter((x) => x.measure === m),
          c.sessions.map((x) => x.performed_at),
          [info?.min ?? 0, info?.max ?? 100],
          info?.bands ?? [],
          info?.bands_source ?? "",
        );
      }),
    );
  const seen = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    seen.disconnect();
    import("./charts").then(draw, (e: unknown) =>
      box.replaceChildren(
        el("p", { class: "error", role: "alert" }, e instanceof Error ? e.message : String(e)),
      ),
    );
  });
  seen.observe(box);
  return box;
}

// Outcomes: a value entered on an explicit action, every stored value, the questionnaire link.
export function outcomesPanel(
  patientId: string,
  c: Clinical,
  can: (p: string) => boolean,
  reload: () => void,
): Node[] {
  const section = el("section", { id: "outcomes" }, el("h2", {}, t("clin.outcomes")));
  const measures = c.measures.filter((m) => !m.questionnaire && !m.computed);
  if (can("clinical.record"))
    section.append(
      action("measurement", t("action.measurement"), null, () =>
        form(
          "measurement-form",
          t("clin.enter_outcome"),
          [
            {
              name: "measure",
              label: t("clin.measure"),
              type: "select",
              choose: true,
              required: true,
              options: measures.map((m) => [m.id, `${m.name} (${m.unit_label})`]),
            },
            { name: "value", label: t("clin.value"), type: "number", step: "any", required: true },
            {
              name: "measured_on",
              label: t("clin.measured_on"),
              type: "date",
              required: true,
              nowButton: true,
            },
          ],
          t("clin.save"),
          async (v) => {
            await api("POST", "/api/v1/measurements", {
              patient_id: Number(patientId),
              measure: v.measure,
              value: Number(v.value),
              measured_on: v.measured_on,
            });
            reload();
          },
        ),
      ),
    );
  // The charts first, then every stored value.
  section.append(el("h3", {}, t("patients.charts")), chartsOf(c), measurementList(c, measures, reload));
  const out: Node[] = [section];
  if (can("clinical.record")) out.push(portalSection(patientId, c));
  return out;
}

// A link the patient opens on their phone (QR code) to fill questionnaires; shown once.
function portalSection(patientId: string, c: Clinical): HTMLElement {
  const measures = c.measures.filter((m) => m.recorded_by.includes("patient"));
  const name = (id: string) => c.measures.find((m) => m.id === id)?.name ?? id;
  const open = c.portalLinks.filter((l) => l.open);
  const result = el("div", { id: "portal-result" });
  const boxes = measures.map((m) =>
    el(
      "label",
      { class: "inline" },
      el("input", { type: "checkbox", class: "check", name: "portal-measure", value: m.id }),
      ` ${m.name}`,
    ),
  );
  const days = el("input", { id: "portal-days", type: "number", min: "1", max: "30", value: "7" });
  const message = el("p", { role: "status" });
  const f = el(
    "form",
    { class: "card", id: "portal-form" },
    el("h3", {}, t("portal.create")),
    el("p", { class: "muted" }, t("portal_link.intro")),
    el("fieldset", {}, el("legend", {}, t("portal.measures")), ...boxes),
    el("label", { for: "portal-days" }, t("portal.days")),
    days,
    el("p", {}, el("button", { type: "submit" }, t("portal.create"))),
    message,
    result,
  );
  f.addEventListener(
    "submit",
    whenDone(async (ev) => {
      ev.preventDefault();
      const chosen = [...f.querySelectorAll<HTMLInputElement>("input[name=portal-measure]:checked")].map(
        (i) => i.value,
      );
      message.className = "";
      message.textContent = "";
      try {
        const r = await api<{ id: number; url: string; qr_png_base64: string; expires_at: string }>(
          "POST",
          `/api/v1/patients/${patientId}/portal-links`,
          { measures: chosen, days: Number(days.value) },
        );
        const revoke = el("button", { type: "button", id: "portal-revoke" }, t("portal.revoke"));
        revoke.addEventListener(
          "click",
          whenDone(async () => {
            await api("POST", `/api/v1/portal-links/${r.id}/revoke`, {});
            result.replaceChildren(el("p", { role: "status" }, t("portal.revoked")));
          }),
        );
        result.replaceChildren(
          el("p", {}, t("portal.once", formatDateTime(r.expires_at))),
          el("p", {}, el("a", { href: r.url, id: "portal-url" }, r.url)),
          el("img", {
            src: `data:image/png;base64,${r.qr_png_base64}`,
            alt: t("portal.qr"),
            class: "qr",
            width: "180",
            height: "180",
          }),
          el("p", {}, revoke),
        );
      } catch (e) {
        message.className = "error";
        message.textContent = e instanceof ApiError ? e.message : String(e);
      }
    }, message),
  );
  return el(
    "section",
    { id: "portal" },
    el("h2", {}, t("portal_link.title")),
    open.length
      ? el(
          "ul",
          { id: "portal-open" },
          ...open.map((l) =>
            el(
              "li",
              {},
              t("portal_link.open", l.measures.map(name).join(", "), formatDateTime(l.expires_at)),
            ),
          ),
        )
      : el("p", { class: "muted" }, t("portal_link.none_open")),
    action("portal", t("action.portal"), null, () => f),
  );
}

interface AdverseEvent {
  id: number;
  onset_date: string;
  description: string;
  term: string;
  term_label: string;
  term_coded: boolean;
  ctcae_grade: number;
  serious: boolean;
  seriousness_criteria: string[];
  causality: string;
  outcome: string;
  alert: boolean;
}
const criteria = [
  "death",
  "life_threatening",
  "hospitalisation",
  "disability",
  "congenital_anomaly",
  "medically_important",
];
const causalities = ["certain", "probable", "possible", "unlikely", "conditional", "unassessable"];
const outcomes = ["recovered", "recovering", "not_recovered", "recovered_with_sequelae", "fatal", "unknown"];

// The patient's adverse events (grade and seriousness as chips) and, on an explicit action, the
// form to record one: grade, causality, outcome and the session it followed are each chosen by a
// person ("not linked to a session" is a choice too), never pre-selected.
export function adverseEventPanel(
  patientId: string,
  c: Clinical,
  canRecord: boolean,
  reload: () => void,
): Node[] {
  const section = el("section", { id: "adverse-events" }, el("h2", {}, t("ae.title")));
  if (canRecord)
    section.append(
      action("ae", t("ae.record"), null, () =>
        form(
          "ae-form",
          t("ae.record"),
          [
            { name: "onset_date", label: t("ae.onset"), type: "date", required: true },
            {
              name: "term",
              label: t("ae.term"),
              required: true,
              suggestions: c.terms,
              suggestionLabels: c.termLabels,
            },
            { name: "description", label: t("ae.description"), required: true },
            {
              name: "ctcae_grade",
              label: t("ae.grade"),
              type: "select",
              choose: true,
              required: true,
              options: [1, 2, 3, 4, 5].map((g) => [String(g), t("ae.grade_n", g)]),
            },
            { name: "serious", label: t("ae.serious"), type: "checkbox" },
            {
              name: "criterion",
              label: t("ae.criterion"),
              type: "select",
              apiName: "seriousness_criteria",
              options: [["", "—"], ...criteria.map((x) => [x, label("seriousness", x)] as [string, string])],
            },
            {
              name: "causality",
              label: t("ae.causality"),
              type: "select",
              choose: true,
              required: true,
              options: causalities.map((x) => [x, label("causality", x)]),
            },
            {
              name: "outcome",
              label: t("ae.outcome"),
              type: "select",
              choose: true,
              required: true,
              options: outcomes.map((o) => [o, label("ae_outcome", o)]),
            },
            { name: "action_taken", label: t("ae.action") },
            {
              name: "session",
              label: t("ae.session"),
              type: "select",
              choose: true,
              required: true,
              apiName: "session_ids",
              options: [
                ["none", t("ae.no_session")],
                ...c.sessions.map(
                  (x) =>
                    [String(x.id), `${formatDateTime(x.performed_at)} · ${label("route", x.route)}`] as [
                      string,
                      string,
                    ],
                ),
              ],
            },
          ],
          t("clin.record"),
          async (v) => {
            await api("POST", "/api/v1/adverse-events", {
              patient_id: Number(patientId),
              onset_date: v.onset_date,
              term: v.term,
              description: v.description,
              ctcae_grade: Number(v.ctcae_grade),
              serious: v.serious === "1",
              seriousness_criteria: v.criterion ? [v.criterion] : [],
              causality: v.causality,
              outcome: v.outcome,
              action_taken: v.action_taken,
              session_ids: v.session && v.session !== "none" ? [Number(v.session)] : [],
            });
            reload();
          },
        ),
      ),
    );
  section.append(
    c.events.length === 0
      ? el("p", { class: "muted" }, t("ae.none"))
      : el(
          "ul",
          {},
          ...c.events.map((a) =>
            el(
              "li",
              {},
              chip(t("ae.grade_n", a.ctcae_grade), a.ctcae_grade >= 3 ? "bad" : "warn"),
              " ",
              a.serious
                ? chip(
                    `${t("ae.serious")}: ${a.seriousness_criteria.map((x) => label("seriousness", x)).join(", ")}`,
                    "bad",
                  )
                : "",
              a.serious ? " " : "",
              `${formatDate(a.onset_date)} · ${a.term_label}`,
              a.term_coded ? "" : ` (${t("ae.uncoded")})`,
              ` · ${label("causality", a.causality)} · ${label("ae_outcome", a.outcome)} — ${a.description}`,
            ),
          ),
        ),
  );
  return [section];
}

// Sites a route can use: the drip goes to the whole body, the other routes to named areas.
const routes = ["topical", "microneedle", "injection", "iv"];
const sites = ["face", "neck", "decollete", "hands", "scalp", "whole_body"];
const siteFits = (route: string, site: string) => (route === "iv") === (site === "whole_body");

// A new plan: every clinical choice (route, lot, goals, sites, dose, interval, number of
// sessions, start, infusion time) starts empty and is made by the physician.
function planForm(patientId: string, lots: Lot[], reload: () => void): HTMLFormElement {
  const f = form(
    "plan-form",
    t("clin.new_plan"),
    [
      {
        name: "route",
        label: t("clin.route"),
        type: "select",
        choose: true,
        required: true,
        options: routes.map((r) => [r, label("route", r)]),
      },
      {
        name: "lot_id",
        label: t("clin.lot"),
        type: "select",
        choose: true,
        required: true,
        options: lots.map((l) => [String(l.id), `${l.lot_number} · ${l.product_name}`]),
      },
      {
        name: "goals",
        label: t("clin.goals"),
        type: "checks",
        required: true,
        options: ["skin", "hair", "systemic"].map((g) => [g, label("goal", g)]),
      },
      {
        name: "sites",
        label: t("clin.sites"),
        type: "checks",
        required: true,
        options: sites.map((x) => [x, label("site", x)]),
      },
      { name: "dose_particles", label: t("clin.dose"), required: true },
      { name: "infusion_minutes", label: t("clin.infusion_minutes"), type: "number", min: "1", max: "1440" },
      {
        name: "interval_days",
        label: t("clin.interval"),
        type: "number",
        min: "1",
        max: "365",
        required: true,
      },
      { name: "sessions", label: t("clin.sessions"), type: "number", min: "1", max: "52", required: true },
      { name: "start_date", label: t("clin.start"), type: "date", required: true },
    ],
    t("clin.create_plan"),
    async (v) => {
      await api("POST", `/api/v1/patients/${patientId}/plans`, {
        goals: v.goals ? v.goals.split(",") : [],
        route: v.route,
        sites: v.sites ? v.sites.split(",") : [],
        lot_id: Number(v.lot_id),
        dose_particles: Number(v.dose_particles),
        interval_days: Number(v.interval_days),
        sessions: Number(v.sessions),
        start_date: v.start_date,
        ...(v.route === "iv" ? { infusion_minutes: Number(v.infusion_minutes) } : {}),
      });
      reload();
    },
  );
  // The route decides which sites can be chosen and whether an infusion time is asked.
  const route = f.querySelector("#plan-form-route") as HTMLSelectElement;
  const infusion = f.querySelector("#plan-form-infusion_minutes") as HTMLInputElement;
  const infusionLabel = f.querySelector("label[for=plan-form-infusion_minutes]") as HTMLElement;
  const update = () => {
    for (const box of f.querySelectorAll<HTMLInputElement>("input[name=sites]")) {
      const fits = route.value !== "" && siteFits(route.value, box.value);
      if (!fits) box.checked = false;
      (box.closest("label") as HTMLElement).hidden = !fits;
    }
    const iv = route.value === "iv";
    infusion.hidden = infusionLabel.hidden = !iv;
    infusion.required = iv;
    if (!iv) infusion.value = "";
  };
  route.addEventListener("change", update);
  update();
  return f;
}

// The content hash of each consent preview shown on this device ("plan:lang" -> SHA-256), sent
// with the signature so that the server refuses to store a document other than the one read.
const previewed = new Map<string, string>();

// A link that opens the unsigned consent in a new tab, keeping the hash the server gives with it.
function consentPreviewLink(planId: number, lng: "ja" | "en"): HTMLElement {
  const href = `/api/v1/plans/${planId}/consent.pdf?lang=${lng}`;
  const a = el("a", { href, class: "consent-preview", hreflang: lng, target: "_blank" }, t(`lang.${lng}`));
  a.addEventListener(
    "click",
    whenDone(async (ev) => {
      ev.preventDefault();
      const tab = window.open("", "_blank"); // opened now, while the tap still counts
      const res = await fetch(href, { credentials: "same-origin" });
      if (!res.ok) {
        tab?.close();
        return;
      }
      const hash = res.headers.get("X-Consent-Content-Sha256");
      if (hash) previewed.set(`${planId}:${lng}`, hash);
      const url = URL.createObjectURL(await res.blob());
      if (tab) tab.location.href = url;
      else location.href = url;
    }),
  );
  return a;
}

function consentForm(planId: number, reload: () => void): HTMLElement {
  const canvas = el("canvas", {
    width: "360",
    height: "120",
    class: "signature",
    "aria-label": t("clin.signature"),
  });
  const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
  ctx.lineWidth = 2;
  // Each stroke keeps the picture before it, so "undo" takes back the last stroke.
  const before: ImageData[] = [];
  let drawing = false;
  const drawn = () => before.length > 0;
  const at = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect();
    return [
      (e.clientX - r.left) * (canvas.width / r.width),
      (e.clientY - r.top) * (canvas.height / r.height),
    ];
  };
  canvas.addEventListener("pointerdown", (e) => {
    drawing = true;
    before.push(ctx.getImageData(0, 0, canvas.width, canvas.height));
    const [x, y] = at(e);
    ctx.beginPath();
    ctx.moveTo(x, y);
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    const [x, y] = at(e);
    ctx.lineTo(x, y);
    ctx.stroke();
  });
  canvas.addEventListener("pointerup", () => (drawing = false));
  const undo = el("button", { type: "button", class: "secondary", "data-signature": "undo" }, t("sig.undo"));
  undo.addEventListener("click", () => {
    const last = before.pop();
    if (last) ctx.putImageData(last, 0, 0);
  });
  const clear = el(
    "button",
    { type: "button", class: "secondary", "data-signature": "clear" },
    t("sig.clear"),
  );
  clear.addEventListener("click", () => {
    before.length = 0;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
  });
  const f = form(
    `consent-${planId}`,
    t("clin.consent"),
    [
      {
        name: "lang",
        label: t("clin.consent_lang"),
        type: "select",
        choose: true,
        required: true,
        options: [
          ["ja", t("lang.ja")],
          ["en", t("lang.en")],
        ],
      },
      { name: "typed_name", label: t("clin.typed_name"), required: true },
      { name: "relationship", label: t("clin.relationship") },
    ],
    t("clin.sign"),
    async (v) => {
      const png = drawn() ? canvas.toDataURL("image/png").split(",")[1] : undefined;
      await api("POST", `/api/v1/plans/${planId}/consents`, {
        lang: v.lang,
        typed_name: v.typed_name,
        relationship: v.relationship || undefined,
        signature_png_base64: png,
        preview_sha256: previewed.get(`${planId}:${v.lang}`),
      });
      reload();
    },
  );
  // Before the submit button and the status line, the form's last two children.
  f.insertBefore(
    el(
      "p",
      {},
      el("span", { class: "muted" }, t("clin.signature")),
      el("br"),
      canvas,
      el("span", { class: "with-button" }, undo, clear),
    ),
    f.lastElementChild?.previousElementSibling ?? null,
  );
  return f;
}

// The session of plan `p` nearest to `at` when it lies closer than the plan's interval: the
// days between them and its id (as record_session.cc refuses it); null otherwise.
export function intervalConflict(
  sessions: { id: number; plan_id: number; performed_at: string }[],
  p: { id: number; interval_days: number },
  at: Date,
): { days: number; session: number } | null {
  let nearest: { days: number; session: number; gap: number } | null = null;
  for (const s of sessions) {
    if (s.plan_id !== p.id) continue;
    const gap = Math.abs(at.getTime() - new Date(s.performed_at).getTime());
    if (!nearest || gap < nearest.gap) nearest = { gap, session: s.id, days: Math.floor(gap / 86400000) };
  }
  return nearest && nearest.gap < p.interval_days * 86400000
    ? { days: nearest.days, session: nearest.session }
    : null;
}

// Activation when another plan on the route is still running (err.active_plan_exists): the
// physician types why both may run; the activation is sent again with that reason.
function activateOverrideForm(p: Plan, reload: () => void): HTMLElement {
  return form(
    `activate-${p.id}`,
    "",
    [{ name: "override_reason", label: t("clin.activate_override_reason"), required: true }],
    t("clin.activate_with_reason"),
    async (v) => {
      await api("POST", `/api/v1/plans/${p.id}/activate`, { override_reason: v.override_reason });
      reload();
    },
  );
}

// A session as it happened: the time, the operator, the reactions seen and, for a drip, the
// vital signs measured — all typed by the person recording it; none is filled in for them.
// A time sooner than the plan's interval after another session (seen here, or refused so by the
// server) says so; a physician may then record it with a reason they type.
function sessionForm(c: Clinical, p: Plan, physician: boolean, reload: () => void): HTMLElement {
  const iv = p.route === "iv";
  const fields: Field[] = [
    { name: "operator", label: t("clin.operator"), required: true },
    {
      name: "performed_at",
      label: t("clin.performed_at"),
      type: "datetime-local",
      required: true,
      nowButton: true,
    },
    ...(physician
      ? [{ name: "interval_override_reason", label: t("clin.interval_override_reason"), required: true }]
      : []),
    ...(iv
      ? ([
          {
            name: "bp_systolic",
            label: t("clin.bp_systolic"),
            type: "number",
            min: "50",
            max: "260",
            required: true,
          },
          {
            name: "bp_diastolic",
            label: t("clin.bp_diastolic"),
            type: "number",
            min: "30",
            max: "160",
            required: true,
          },
          { name: "pulse", label: t("clin.pulse"), type: "number", min: "30", max: "220", required: true },
          {
            name: "temperature_c",
            label: t("clin.temperature"),
            type: "number",
            min: "34",
            max: "42",
            step: "0.1",
            required: true,
          },
          { name: "spo2", label: t("clin.spo2"), type: "number", min: "70", max: "100" },
        ] as Field[])
      : []),
    { name: "reactions", label: t("clin.reactions") },
  ];
  const id = `session-${p.id}`;
  let refusedForInterval = false;
  const f = form(id, t("clin.record_session"), fields, t("clin.record"), async (v) => {
    const body: Record<string, unknown> = {
      plan_id: p.id,
      operator: v.operator,
      performed_at:
        clinicInstant(v.performed_at)
          ?.toISOString()
          .replace(/\.\d+Z$/, "Z") ?? v.performed_at,
      reactions: v.reactions,
    };
    if (iv) {
      body.vitals = {
        bp_systolic: Number(v.bp_systolic),
        bp_diastolic: Number(v.bp_diastolic),
        pulse: Number(v.pulse),
        temperature_c: Number(v.temperature_c),
        ...(v.spo2 ? { spo2: Number(v.spo2) } : {}),
      };
    }
    if (reason && !reason.hidden && v.interval_override_reason)
      body.interval_override_reason = v.interval_override_reason;
    try {
      const s = await api<{ id: number }>("POST", "/api/v1/sessions", body);
      sessionStorage.setItem("exoclinic.last_session", String(s.id));
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.fields.some((x) => x.id === "err.session_interval")) {
        refusedForInterval = true;
        showReason(e.fields.find((x) => x.id === "err.session_interval")?.message ?? "");
        reason?.focus();
      }
      throw e;
    }
  });
  const when = f.querySelector<HTMLInputElement>(`#${id}-performed_at`) as HTMLInputElement;
  const reason = f.querySelector<HTMLInputElement>(`#${id}-interval_override_reason`);
  const reasonLabel = f.querySelector<HTMLElement>(`label[for="${id}-interval_override_reason"]`);
  const note = el("p", { class: "note", id: `${id}-interval-note`, role: "note", hidden: "" });
  when.closest("span.with-button")?.after(note);
  // The note says why; the reason field (physicians only) shows with it and is then required.
  const showReason = (text: string) => {
    note.textContent = text;
    note.hidden = !text;
    if (reason && reasonLabel) reason.hidden = reasonLabel.hidden = !text;
  };
  const check = () => {
    const at = clinicInstant(when.value);
    const conflict = at ? intervalConflict(c.sessions, p, at) : null;
    if (conflict) showReason(t("err.session_interval", conflict.days, conflict.session, p.interval_days));
    else if (!refusedForInterval) showReason("");
  };
  showReason("");
  f.addEventListener("input", check);
  f.addEventListener("change", check);
  f.addEventListener("click", () => setTimeout(check)); // the "now" button sets the time
  return f;
}

interface StoredMeasurement {
  id: number;
  measure: string;
  value: number;
  measured_on: string;
  time_point: string;
  current: boolean;
  supersedes: number | null;
  correction_reason: string;
}

// Every stored value (corrections add a version, never overwrite); the current ones can be
// corrected with a reason.
function measurementList(c: Clinical, measures: Measure[], reload: () => void): HTMLElement {
  const all = c.measurements;
  const name = (id: string) => c.measures.find((m) => m.id === id)?.name ?? id;
  const correctable = new Set(measures.map((m) => m.id));
  const rows = all.map((m) => {
    const cells: (Node | string)[] = [
      formatDate(m.measured_on),
      name(m.measure),
      formatNumber(m.value),
      chip(t(m.time_point === "baseline" ? "clin.baseline" : "clin.follow_up"), ""),
      m.current
        ? m.supersedes
          ? t("clin.corrects", m.supersedes, m.correction_reason)
          : ""
        : chip(t("clin.superseded"), "warn"),
    ];
    if (m.current && correctable.has(m.measure)) {
      // The form is made when the row is opened: a long history stays quick to show.
      const details = el("details", {}, el("summary", {}, t("clin.correct")));
      details.addEventListener("toggle", () => {
        if (!details.open || details.querySelector("form")) return;
        details.append(
          form(
            `correct-${m.id}`,
            "",
            [
              { name: "value", label: t("clin.new_value"), type: "number", step: "any", required: true },
              { name: "reason", label: t("clin.correction_reason"), required: true },
            ],
            t("clin.correct"),
            async (v) => {
              await api("POST", `/api/v1/measurements/${m.id}/corrections`, {
                value: Number(v.value),
                reason: v.reason,
              });
              reload();
            },
          ),
        );
      });
      cells.push(details);
    } else cells.push("");
    return cells;
  });
  return el(
    "div",
    { id: "measurements" },
    all.length === 0
      ? el("p", { class: "muted" }, t("patients.no_measurements"))
      : table(
          [
            t("clin.measured_on"),
            t("clin.measure"),
            t("clin.value"),
            t("clin.time_point"),
            t("clin.note"),
            t("clin.correct"),
          ],
          rows,
          t("clin.all_values"),
        ),
  );
}

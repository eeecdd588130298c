// Patient pages: search by kanji, kana or patient number; registration; a patient's timeline
// with a chart of each measure over time (SVG drawn by the server) and the outcome report.
import { api, ApiError } from "./api";
import { formatDate, formatNumber, localDay, t, label } from "./i18n";
import { labelIn } from "./forms";
import {
  adverseEventPanel,
  type Clinical,
  documentsPanel,
  doneCount,
  intakePanel,
  loadClinical,
  nextSession,
  outcomesPanel,
  pieces,
  planFacts,
  plansPanel,
  sessionBlocked,
  sessionsPanel,
} from "./clinical";
import { type CheckIn, checkInControl } from "./frontdesk";
import { chip, el, page, settle, table, tabs, whenDone } from "./ui";

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
  check_in_today: CheckIn | null; // the front desk's 受付 of today
}

export async function patientsPage(query: string, canWrite: boolean): Promise<void> {
  const q = el("input", { id: "patient-query", name: "q", value: query, type: "search" });
  const form = el(
    "form",
    { role: "search", class: "card" },
    el("label", { for: "patient-query" }, t("patients.search")),
    q,
    el("p", {}, el("button", { type: "submit" }, t("patients.search_button"))),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = `#/patients?q=${encodeURIComponent(q.value)}`;
  });
  const r = await api<{ patients: Patient[] }>("GET", `/api/v1/patients?q=${encodeURIComponent(query)}`);
  const content: Node[] = [
    form,
    table(
      [t("patients.number"), t("patients.name"), t("patients.kana"), t("patients.age")],
      r.patients.map((p) => [
        p.patient_number,
        el(
          "span",
          {},
          el("a", { href: `#/patients/${p.id}` }, p.name_kanji),
          ...(p.synthetic ? [" ", chip(t("patient.synthetic"), "warn")] : []),
        ),
        p.name_kana,
        String(p.age),
      ]),
    ),
  ];
  if (canWrite) content.push(registerForm());
  page(t("patients.title"), ...content);
}

function registerForm(): HTMLElement {
  const field = (id: string, label: string, attrs: Record<string, string> = {}) => [
    el("label", { for: id }, label),
    el("input", { id, name: id, ...attrs }),
  ];
  // Nothing is chosen for the person: the empty entry stays until someone picks one.
  const sex = el(
    "select",
    { id: "sex", name: "sex", required: "" },
    el("option", { value: "" }, t("form.choose")),
    ...["female", "male", "other", "unknown"].map((s) => el("option", { value: s }, label("sex", s))),
  );
  const message = el("p", { role: "status" });
  // Shown only when the server finds a patient with the same birth date and name or kana: the
  // person registering says whether this is someone else (unticked until they do).
  const confirm = el("input", {
    type: "checkbox",
    class: "check",
    id: "confirmed_distinct",
    name: "confirmed_distinct",
  });
  const distinct = el(
    "p",
    { id: "distinct-row", hidden: "" },
    el(
      "label",
      { for: "confirmed_distinct", class: "inline" },
      confirm,
      ` ${t("patients.confirm_distinct")}`,
    ),
  );
  const form = el(
    "form",
    { class: "card", id: "register-form" },
    el("h2", {}, t("patients.register")),
    ...field("name_kanji", t("patients.name"), { required: "" }),
    ...field("name_kana", t("patients.kana"), { required: "" }),
    ...field("birth_date", t("patients.birth_date"), { type: "date", required: "" }),
    el("label", { for: "sex" }, t("patients.sex")),
    sex,
    ...field("phone", t("patients.phone"), { type: "tel", autocomplete: "off" }),
    ...field("email", t("patients.email"), { type: "email", autocomplete: "off" }),
    ...field("address", t("patients.address"), { autocomplete: "off" }),
    distinct,
    el("p", {}, el("button", { type: "submit" }, t("patients.register"))),
    message,
  );
  // A confirmation is about the name and birth date it was given for: changing them asks again.
  form.addEventListener("input", (ev) => {
    const name = (ev.target as HTMLInputElement).name;
    if (["name_kanji", "name_kana", "birth_date"].includes(name)) {
      confirm.checked = false;
      distinct.hidden = true;
    }
  });
  form.addEventListener(
    "submit",
    whenDone(async (ev) => {
      ev.preventDefault();
      const data = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
      for (const k of ["phone", "email", "address"]) if (!data[k]) delete data[k];
      const body: Record<string, string | boolean> = { ...data };
      delete body.confirmed_distinct;
      if (confirm.checked) body.confirmed_distinct = true;
      try {
        const p = await api<Patient>("POST", "/api/v1/patients", body);
        location.hash = `#/patients/${p.id}`;
      } catch (e) {
        const duplicate = e instanceof ApiError && e.id === "err.patient_likely_duplicate";
        if (duplicate) {
          distinct.hidden = false;
          confirm.focus();
        }
        // A likely duplicate: the server's sentence names the registered patient; the question
        // beside the button says the rest.
        message.textContent = duplicate
          ? e.summary
          : e instanceof ApiError
            ? e.describe(labelIn(form))
            : String(e);
        message.className = "error";
      }
    }, message),
  );
  return form;
}

// A patient's page: the overview (who, alerts, active plans with lot, dose, route, sites and the
// next session) at the top, the record in tabs below. The open tab is kept in the address
// (?tab=plans), so an action's reload and a shared link open the same tab.
// `read`: the overview's read when already asked (the app's first page, main.ts).
export async function patientPage(
  id: string,
  permissions: string[],
  tab = "",
  read?: Promise<Clinical>,
): Promise<void> {
  const can = (x: string) => permissions.includes(x);
  // One read for a clinical role (the overview); the patient alone for reception.
  const c = can("clinical.read") ? await (read ?? loadClinical(id)) : null;
  const alone = c ? null : await api<Patient>("GET", `/api/v1/patients/${id}`);
  const p = c ? c.patient : (alone as Patient);
  const checkIn = c ? c.checkIn : (alone as Patient).check_in_today;
  const contact = [p.phone, p.email, p.address].filter((x) => x).join(" · ");
  const overview = el(
    "section",
    { id: "overview", class: "card", "aria-labelledby": "overview-h" },
    el("h2", { id: "overview-h", class: "visually-hidden" }, t("overview.title")),
    ...(p.synthetic
      ? [
          el(
            "p",
            { id: "synthetic-patient" },
            chip(t("patient.synthetic"), "warn"),
            " ",
            t("patient.synthetic_note"),
          ),
        ]
      : []),
    el(
      "p",
      {},
      `${p.name_kana} · ${formatDate(p.birth_date)} (${t("patients.age_n", p.age)}) · ${label("sex", p.sex)}`,
    ),
    el("p", { class: "muted", id: "contact" }, contact || t("patients.no_contact")),
  );
  let current = tab;
  // Arrived today? Reception (and anyone who may register patients) checks the patient in here.
  overview.append(
    el(
      "p",
      { id: "check-in-today" },
      checkInControl(p.id, p.name_kanji, checkIn, can("patients.write"), () =>
        settle(patientPage(id, permissions, current)),
      ),
    ),
  );
  if (!c) {
    page(`${p.name_kanji} (${p.patient_number})`, overview);
    return;
  }
  const today = localDay(new Date());
  overview.append(...overviewClinical(c, today));
  const reload = () => settle(patientPage(id, permissions, current));
  const record = tabs(
    t("patient.tabs"),
    [
      { id: "intake", label: t("tab.intake"), content: () => intakePanel(id, c, can, reload) },
      { id: "plans", label: t("tab.plans"), content: () => plansPanel(id, c, can, reload) },
      { id: "sessions", label: t("tab.sessions"), content: () => sessionsPanel(c, can, today, reload) },
      { id: "outcomes", label: t("tab.outcomes"), content: () => outcomesPanel(id, c, can, reload) },
      {
        id: "ae",
        label: t("tab.ae"),
        content: () => adverseEventPanel(id, c, can("clinical.record"), reload),
      },
      {
        id: "documents",
        label: t("tab.documents"),
        content: () => [
          ...documentsPanel(id, c),
          el("h2", {}, t("patients.timeline")),
          table(
            [t("patients.when"), t("patients.what"), t("patients.summary"), t("patients.by")],
            c.timeline.map((e) => [formatDate(e.at), label("kind", e.kind), e.summary, e.actor_name ?? "—"]),
          ),
        ],
      },
    ],
    tab,
    (chosen) => {
      current = chosen;
      history.replaceState(null, "", `#/patients/${id}?tab=${chosen}`);
    },
  );
  page(`${p.name_kanji} (${p.patient_number})`, overview, record);
}

// The overview's clinical part: what needs attention, and each active plan at a glance.
function overviewClinical(c: Clinical, today: string): Node[] {
  const alerts: Node[] = [
    ...c.events
      .filter((a) => a.alert)
      .map((a) =>
        el(
          "li",
          {},
          chip(a.serious ? t("dash.serious") : t("ae.grade_n", a.ctcae_grade), "bad"),
          ` ${formatDate(a.onset_date)} · ${a.term_label}`,
        ),
      ),
    ...c.screenings
      .filter((s) => !s.signed_off)
      .map(() => el("li", {}, chip(t("clin.not_signed_off"), "warn"), " ", t("overview.screening_pending"))),
    ...(c.screenings[0]?.result.flags ?? [])
      .filter((f) => f.severity === "contraindicated")
      .map((f) => el("li", {}, chip(label("severity", f.severity), "bad"), " ", f.text)),
  ];
  // One plan of the overview: its number, facts and next session (or that all are recorded).
  const planLine = (x: Clinical["plans"][number], blocked: string | null) =>
    el(
      "li",
      { "data-plan": String(x.id) },
      el("strong", {}, `${t("clin.plan")} #${x.id}`),
      " · ",
      planFacts(c, x),
      " · ",
      pieces([nextSession(c, x)]),
      blocked ? el("div", { class: "blocked" }, blocked) : "",
    );
  const running = c.plans.filter((x) => x.status === "active");
  // Plans with every session recorded are listed apart: "active" would read as still running.
  const active = running.filter((x) => doneCount(c, x) < x.sessions);
  const completed = running.filter((x) => doneCount(c, x) >= x.sessions);
  // The latest current value of each measure.
  const latest = new Map<string, Clinical["measurements"][number]>();
  for (const m of c.measurements.filter((x) => x.current))
    if (!latest.has(m.measure) || (latest.get(m.measure)?.measured_on ?? "") < m.measured_on)
      latest.set(m.measure, m);
  const values = [...latest.values()].map((m) => {
    const info = c.measures.find((x) => x.id === m.measure);
    return el(
      "li",
      {},
      t(
        "overview.latest_value",
        info?.name ?? m.measure,
        formatNumber(m.value),
        info?.unit_label ?? "",
        formatDate(m.measured_on),
      ),
    );
  });
  return [
    el("h3", {}, t("overview.alerts")),
    alerts.length
      ? el("ul", { id: "overview-alerts" }, ...alerts)
      : el("p", { class: "muted", id: "overview-alerts" }, t("overview.no_alerts")),
    el("h3", {}, t("overview.active_plans")),
    active.length === 0
      ? el("p", { class: "muted", id: "overview-plans" }, t("overview.no_active"))
      : el(
          "ul",
          { id: "overview-plans" },
          // Why no session can be recorded now, under each running plan.
          ...active.map((x) => planLine(x, sessionBlocked(c, x, today))),
        ),
    ...(completed.length === 0
      ? []
      : [
          el("h3", {}, t("overview.completed_plans")),
          el("ul", { id: "overview-completed" }, ...completed.map((x) => planLine(x, null))),
        ]),
    el("h3", {}, t("overview.latest")),
    values.length
      ? el("ul", { id: "overview-values" }, ...values)
      : el("p", { class: "muted", id: "overview-values" }, t("patients.no_measurements")),
  ];
}

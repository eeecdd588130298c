// exoclinic web application: a hash router over the staff pages and the public pages.
import "./style.css";
import { api, ApiError, setCsrf } from "./api";
import {
  formatDate,
  formatTime,
  initialLang,
  lang,
  localDay,
  setLang,
  setTimeZone,
  t,
  type Key,
  label,
} from "./i18n";
import { analyticsPage } from "./analytics";
import { lotPage, lotsPage } from "./lots";
import { form } from "./forms";
import { type CheckIn, checkInControl } from "./frontdesk";
import { settingsPage } from "./settings";
import { loadClinical, type Clinical } from "./clinical";
import { patientPage, patientsPage } from "./patients";
import { aboutPage, checklistPage, publicLotPage, selfCheckPage } from "./public";
import { chip, el, page, whenDone } from "./ui";

interface Me {
  username: string;
  display_name: string | null; // null until an administrator sets it
  role: string;
  permissions: string[];
  time_zone: string;
  demo_data: boolean; // the clinic holds fictitious demo patients: every page says so
  csrf_token: string;
}

let me: Me | null = null;
// The signed-in person as people name them; the login in parentheses only while no display name
// is set (as the API's actor_name does).
const myName = (m: Me) => m.display_name || `(${m.username})`;
// Whether this browser signed in (kept across reloads): only then is /api/v1/me asked, so a
// public page never asks who the reader is (and never logs a 401 for it).
const signedInKey = "exoclinic.signed_in";
const signedIn = () => localStorage.getItem(signedInKey) === "1";
let meAsked = false;
// Whether the person last signed in here may read clinical records: a patient page opened first
// (a reload, a shared link) then asks its overview beside /api/v1/me, not after it.
const clinicalKey = "exoclinic.reads_clinical";
// Pages anyone may open without an account.
const publicPages = new Set(["", "login", "setup", "about", "checklist", "self-check", "lot"]);
const top = document.getElementById("top") as HTMLElement;
// The skip link moves the focus to the content; followed as a link it would change the route.
document.querySelector("a.skip")?.addEventListener("click", (ev) => {
  ev.preventDefault();
  (document.getElementById("main") as HTMLElement).focus();
});

function renderHeader(): void {
  const nav = el("nav", { "aria-label": "main" });
  if (me) nav.append(el("a", { href: "#/dashboard" }, t("nav.dashboard")));
  if (can("lots.read")) nav.append(el("a", { href: "#/lots" }, t("nav.lots")));
  if (can("patients.read")) nav.append(el("a", { href: "#/patients" }, t("nav.patients")));
  if (can("outcomes.export_deidentified")) nav.append(el("a", { href: "#/analytics" }, t("nav.analytics")));
  if (can("users.manage")) nav.append(el("a", { href: "#/settings" }, t("nav.settings")));
  nav.append(el("a", { href: "#/about" }, t("nav.about")));
  nav.append(el("a", { href: "#/checklist" }, t("nav.checklist")));
  nav.append(el("a", { href: "#/self-check" }, t("nav.selfcheck")));
  if (!me) nav.append(el("a", { href: "#/login" }, t("nav.login")));
  const langButton = el("button", { type: "button", class: "link", id: "lang-switch" }, t("nav.lang"));
  langButton.addEventListener("click", () => {
    // The page is rendered again once the other language's texts are here.
    setLang(lang() === "ja" ? "en" : "ja").then(navigate, showError);
  });
  nav.append(langButton);
  if (me) {
    nav.append(el("span", { class: "muted", id: "whoami" }, myName(me)));
    const out = el("button", { type: "button", class: "link", id: "logout" }, t("nav.logout"));
    out.addEventListener(
      "click",
      whenDone(async () => {
        await api("POST", "/api/v1/logout").catch(() => undefined);
        me = null;
        localStorage.removeItem(signedInKey);
        location.hash = "#/login";
      }),
    );
    nav.append(out);
  }
  top.replaceChildren(el("a", { href: "#/", class: "brand" }, t("app.name")), nav);
  if (me?.demo_data)
    top.append(el("p", { class: "demo-banner", id: "demo-banner", role: "note" }, t("app.demo_banner")));
}

// First start: the one-time token printed by `exoclinic serve` creates the first administrator.
function setupPage(): void {
  page(
    t("setup.title"),
    el("p", {}, t("setup.intro")),
    form(
      "setup-form",
      "",
      [
        { name: "setup_token", label: t("setup.token"), required: true },
        { name: "username", label: t("login.username"), required: true },
        { name: "display_name", label: t("set.display_name"), required: true },
        { name: "password", label: t("set.password"), type: "password", required: true },
      ],
      t("setup.submit"),
      async (v) => {
        await api("POST", "/api/v1/setup", v);
        location.hash = "#/login";
      },
    ),
  );
}

function loginPage(): void {
  const user = el("input", { id: "username", name: "username", autocomplete: "username", required: "" });
  const pass = el("input", {
    id: "password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: "",
  });
  const error = el("p", { class: "error", role: "alert" });
  const form = el(
    "form",
    { class: "card" },
    el("label", { for: "username" }, t("login.username")),
    user,
    el("label", { for: "password" }, t("login.password")),
    pass,
    el("p", {}, el("button", { type: "submit" }, t("login.submit"))),
    error,
    el("p", { class: "muted" }, el("a", { href: "#/setup" }, t("setup.link"))),
  );
  form.addEventListener(
    "submit",
    whenDone(async (ev) => {
      ev.preventDefault();
      try {
        await api("POST", "/api/v1/login", { username: user.value, password: pass.value });
        localStorage.setItem(signedInKey, "1");
        await loadMe();
        location.hash = "#/dashboard";
      } catch (e) {
        error.textContent = e instanceof ApiError ? `${t("login.failed")}: ${e.message}` : t("err.network");
      }
    }, error),
  );
  page(t("login.title"), form);
}

async function loadMe(): Promise<void> {
  meAsked = true;
  try {
    me = await api<Me>("GET", "/api/v1/me");
    localStorage.setItem(clinicalKey, can("clinical.read") ? "1" : "0");
    setTimeZone(me.time_zone);
    setCsrf(me.csrf_token);
  } catch {
    me = null;
    localStorage.removeItem(signedInKey);
  }
}

function can(permission: string): boolean {
  return !!me && me.permissions.includes(permission);
}

// A dashboard card that loads its list and renders each item.
function card(titleKey: Key, id: string, load: () => Promise<Node[]>, emptyKey: Key): HTMLElement {
  const list = el("ul", {});
  const section = el(
    "section",
    { class: "card", id, "aria-labelledby": `${id}-h`, "aria-busy": "true" },
    el("h2", { id: `${id}-h` }, t(titleKey)),
    list,
  );
  load()
    .then((items) => {
      if (items.length === 0) list.replaceWith(el("p", { class: "muted" }, t(emptyKey)));
      else list.replaceChildren(...items.map((i) => el("li", {}, i)));
    })
    .catch((e: Error) => list.replaceWith(el("p", { class: "error" }, e.message)))
    .finally(() => section.removeAttribute("aria-busy"));
  return section;
}

interface Named {
  patient: { id: number; patient_number: string; name_kanji: string; name_kana: string; synthetic?: boolean };
}
interface AdverseEvent extends Named {
  onset_date: string;
  term: string;
  term_label: string;
  ctcae_grade: number;
  serious: boolean;
}
interface Measurement extends Named {
  measure: string;
  measured_on: string;
  value: number;
}
interface FollowUp extends Named {
  id: number;
  due_on: string;
  kind: string;
  text: string;
}
interface Waiting extends Named {
  id: number;
  created_at: string;
  contraindicated_routes?: string;
}
interface Lot {
  id: number;
  lot_number: string;
  product_name: string;
  state: string;
  state_label: string;
  expires_on: string | null;
}
interface DayEntry {
  plan_id: number;
  patient_id: number;
  patient_number: string;
  name_kanji: string;
  name_kana: string;
  synthetic: boolean;
  route: string;
  session_number: number;
  sessions: number;
  planned: boolean;
  done: boolean;
  performed_at: string | null;
  lot_number?: string;
  check_in: CheckIn | null; // the front desk's 受付 of the day
}
interface Signal {
  lot_number: string;
  route: string;
  events: number;
  sessions: number;
  p_value: number | null;
  flagged: boolean;
}
// GET /api/v1/dashboard: the parts a role may not see are absent.
interface Dashboard {
  today: DayEntry[];
  check_ins: (CheckIn & Named)[]; // every check-in of the day, a patient with no plan today too
  followups?: FollowUp[];
  sign_offs?: Waiting[];
  drafts?: Waiting[];
  alerts?: AdverseEvent[];
  questionnaire_alerts?: Measurement[];
  signals?: Signal[];
}

// A patient by name and number, linking to their page (a tab of it when given).
function who(p: Named["patient"], tab = ""): HTMLElement {
  const link = el(
    "a",
    { href: `#/patients/${p.id}${tab ? `?tab=${tab}` : ""}`, lang: "ja" },
    `${p.name_kanji} (${p.patient_number})`,
  );
  return p.synthetic ? el("span", {}, link, " ", chip(t("patient.synthetic"), "warn")) : link;
}

// The day as the role needs it: reception the day's list (names, times, planned or done) and
// nothing clinical; a nurse also the follow-ups due; a physician also what waits for their
// signature, the alerts and the lot signals. One read (/api/v1/dashboard), and the lot register
// for the roles that keep lots.
function dashboardPage(): void {
  if (!me) {
    location.hash = "#/login";
    return;
  }
  const today = new Date();
  const soon = localDay(new Date(today.getTime() + 30 * 86400000));
  const clinical = can("clinical.read");
  const data = can("patients.read")
    ? api<Dashboard>("GET", `/api/v1/dashboard?date=${localDay(today)}`)
    : null;
  const cards: HTMLElement[] = [];
  if (data) {
    cards.push(
      card(
        "dash.today",
        "today",
        async () => {
          const d = await data;
          const planned = new Set(d.today.map((e) => e.patient_id));
          const desk = can("patients.write");
          const again = () => dashboardPage();
          // One 受付 per patient: a patient with two entries today gets the button on the first.
          const shown = new Set<number>();
          const control = (id: number, name: string, c: CheckIn | null) => {
            if (shown.has(id)) return "";
            shown.add(id);
            return checkInControl(id, name, c, desk, again);
          };
          return [
            ...d.today.map((e) =>
              el(
                "span",
                {},
                e.done
                  ? chip(t("dash.done", formatTime(e.performed_at ?? "")), "ok")
                  : chip(t("dash.planned"), "warn"),
                " ",
                who({
                  id: e.patient_id,
                  patient_number: e.patient_number,
                  name_kanji: e.name_kanji,
                  name_kana: e.name_kana,
                  synthetic: e.synthetic,
                }),
                " ",
                el("span", { class: "muted fact" }, e.name_kana),
                clinical
                  ? ` · ${label("route", e.route)} · ${t("dash.session_of", e.session_number, e.sessions)}` +
                      (e.lot_number ? ` · ${e.lot_number}` : "")
                  : "",
                " ",
                control(e.patient_id, e.name_kanji, e.check_in),
              ),
            ),
            // Arrivals with no session planned today (a consultation, a question): listed too.
            ...d.check_ins
              .filter((c) => !planned.has(c.patient_id))
              .map((c) =>
                el(
                  "span",
                  {},
                  chip(t("desk.walk_in"), ""),
                  " ",
                  who(c.patient),
                  " ",
                  el("span", { class: "muted fact" }, c.patient.name_kana),
                  " ",
                  control(c.patient_id, c.patient.name_kanji, c),
                ),
              ),
          ];
        },
        "dash.no_today",
      ),
    );
  }
  if (data && clinical) {
    cards.push(
      card(
        "dash.followups",
        "followups",
        async () =>
          ((await data).followups ?? []).map((f) => {
            const item = el(
              "span",
              {},
              `${formatDate(f.due_on)} · `,
              who(f.patient, "sessions"),
              ` · ${f.text} `,
            );
            if (can("clinical.record")) {
              const done = el(
                "button",
                { type: "button", class: "small", "data-followup": String(f.id) },
                t("dash.done_button"),
              );
              done.addEventListener(
                "click",
                whenDone(async () => {
                  await api("POST", `/api/v1/followups/${f.id}/done`, {});
                  item.closest("li")?.remove();
                }),
              );
              item.append(done);
            }
            return item;
          }),
        "dash.no_followups",
      ),
    );
  }
  if (data && can("clinical.sign_off")) {
    cards.push(
      card(
        "dash.sign_offs",
        "sign-offs",
        async () => {
          const d = await data;
          return [
            ...(d.sign_offs ?? []).map((s) =>
              el(
                "span",
                {},
                chip(t("dash.screening_waiting"), "warn"),
                ` ${formatDate(s.created_at)} · `,
                who(s.patient, "intake"),
              ),
            ),
            ...(d.drafts ?? []).map((p) =>
              el(
                "span",
                {},
                chip(t("dash.plan_waiting", p.id), "warn"),
                ` ${formatDate(p.created_at)} · `,
                who(p.patient, "plans"),
              ),
            ),
          ];
        },
        "dash.no_sign_offs",
      ),
    );
    cards.push(
      card(
        "dash.alerts",
        "alerts",
        async () => {
          const d = await data;
          return [
            ...(d.alerts ?? []).map((a) =>
              el(
                "span",
                {},
                el(
                  "span",
                  { class: "chip bad" },
                  a.serious ? t("dash.serious") : t("dash.grade", a.ctcae_grade),
                ),
                ` ${formatDate(a.onset_date)} · `,
                who(a.patient, "ae"),
                ` · ${a.term_label}`,
              ),
            ),
            ...(d.questionnaire_alerts ?? []).map((m) =>
              el(
                "span",
                {},
                el("span", { class: "chip bad" }, t("dash.item9")),
                ` ${formatDate(m.measured_on)} · `,
                who(m.patient, "outcomes"),
              ),
            ),
          ];
        },
        "dash.no_alerts",
      ),
    );
    cards.push(
      card(
        "dash.signals",
        "signals",
        async () =>
          ((await data).signals ?? []).map((s) =>
            el(
              "span",
              {},
              t(
                "dash.flagged",
                `${s.lot_number} ${label("route", s.route)}`,
                s.events,
                s.sessions,
                s.p_value?.toPrecision(2) ?? "—",
              ),
            ),
          ),
        "dash.no_signals",
      ),
    );
  }
  if (can("lots.read")) {
    cards.push(
      card(
        "dash.lots",
        "lots",
        async () => {
          const r = await api<{ lots: Lot[] }>("GET", "/api/v1/lots");
          return r.lots
            .filter(
              (l) =>
                l.state === "quarantined" ||
                (l.state === "released" && l.expires_on !== null && l.expires_on <= soon),
            )
            .map((l) =>
              el(
                "span",
                {},
                el("span", { class: `chip ${l.state === "quarantined" ? "warn" : "bad"}` }, l.state_label),
                ` ${l.lot_number} · ${l.product_name}` +
                  (l.expires_on ? ` · ${t("dash.expires", formatDate(l.expires_on))}` : ""),
              ),
            );
        },
        "dash.no_lots",
      ),
    );
  }
  page(
    t("dash.title"),
    el("p", { class: "muted" }, t("dash.signed_in", myName(me), label("role", me.role))),
    el("div", { class: "grid", id: "dashboard", "data-role": me.role }, ...cards),
  );
}

function showError(e: unknown): void {
  if (e instanceof ApiError && e.status === 401) {
    me = null;
    localStorage.removeItem(signedInKey);
    location.hash = "#/login";
    return;
  }
  page(
    t("err.title"),
    el("p", { class: "error", role: "alert" }, e instanceof Error ? e.message : String(e)),
  );
}

async function route(): Promise<void> {
  const hash = location.hash || "#/";
  const [path, query] = hash.slice(1).split("?");
  const parts = path.split("/").filter((x) => x);
  const params = new URLSearchParams(query ?? "");
  const isPublic = publicPages.has(parts[0] ?? "");
  // The first page of a signed-in browser: a patient page's overview is asked at once, beside
  // /api/v1/me (one round trip before the page, not two); the page takes it if the role may read it.
  let overview: Promise<Clinical> | undefined;
  if (!me && !meAsked && signedIn()) {
    if (parts[0] === "patients" && parts[1] && localStorage.getItem(clinicalKey) === "1") {
      overview = loadClinical(parts[1]);
      overview.catch(() => undefined); // a failure is the page's to show, if it uses the read
    }
    await loadMe();
  }
  if (!me && !isPublic) {
    location.replace("#/login");
    return;
  }
  renderHeader();
  // An async page shows its failure (or goes to the login on a 401) instead of rejecting.
  const go = (p: Promise<void>) => {
    p.catch(showError);
  };
  if (parts[0] === "login") loginPage();
  else if (parts[0] === "setup") setupPage();
  else if (parts[0] === "dashboard") dashboardPage();
  else if (parts[0] === "about") aboutPage();
  else if (parts[0] === "checklist") checklistPage();
  else if (parts[0] === "self-check") go(selfCheckPage());
  else if (parts[0] === "lot" && parts[1]) go(publicLotPage(parts[1]));
  else if (parts[0] === "analytics") go(analyticsPage(me?.demo_data ?? false));
  else if (parts[0] === "lots" && parts[1]) go(lotPage(parts[1], me?.permissions ?? []));
  else if (parts[0] === "lots") go(lotsPage(can("lots.import")));
  else if (parts[0] === "settings") go(settingsPage());
  else if (parts[0] === "patients" && parts[1])
    go(patientPage(parts[1], me?.permissions ?? [], params.get("tab") ?? "", overview));
  else if (parts[0] === "patients") go(patientsPage(params.get("q") ?? "", can("patients.write")));
  else if (me) dashboardPage();
  else aboutPage();
}

// Renders the page the address names; a page that fails shows why (showError).
function navigate(): void {
  route().catch(showError);
}

// The first page waits for the reader's language (English is a chunk of its own); when its texts
// cannot be loaded, the app opens in Japanese.
const start = () => {
  window.addEventListener("hashchange", navigate);
  navigate();
};
setLang(initialLang()).then(start, start);

// exoclinic web application: a hash router over the staff pages and the public pages.
import "./style.css";
import { api, ApiError, setCsrf } from "./api";
import { formatDate, initialLang, lang, setLang, t, type Key } from "./i18n";

interface Me {
  username: string;
  role: string;
  permissions: string[];
  csrf_token: string;
}

let me: Me | null = null;
const main = document.getElementById("main") as HTMLElement;
const top = document.getElementById("top") as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function renderHeader(): void {
  const nav = el("nav", { "aria-label": "main" });
  if (me) nav.append(el("a", { href: "#/dashboard" }, t("nav.dashboard")));
  nav.append(el("a", { href: "#/about" }, t("nav.about")));
  if (!me) nav.append(el("a", { href: "#/login" }, t("nav.login")));
  const langButton = el("button", { type: "button", class: "link", id: "lang-switch" }, t("nav.lang"));
  langButton.addEventListener("click", () => {
    setLang(lang() === "ja" ? "en" : "ja");
    route();
  });
  nav.append(langButton);
  if (me) {
    const out = el("button", { type: "button", class: "link", id: "logout" }, t("nav.logout"));
    out.addEventListener("click", async () => {
      await api("POST", "/api/v1/logout").catch(() => undefined);
      me = null;
      location.hash = "#/login";
    });
    nav.append(out);
  }
  top.replaceChildren(el("a", { href: "#/", class: "brand" }, t("app.name")), nav);
}

function page(title: string, ...content: Node[]): void {
  document.title = `${title} — exoclinic`;
  main.replaceChildren(el("h1", {}, title), ...content);
  main.focus();
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
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      await api("POST", "/api/v1/login", { username: user.value, password: pass.value });
      await loadMe();
      location.hash = "#/dashboard";
    } catch (e) {
      error.textContent = e instanceof ApiError ? `${t("login.failed")}: ${e.message}` : t("err.network");
    }
  });
  page(t("login.title"), form);
}

async function loadMe(): Promise<void> {
  try {
    me = await api<Me>("GET", "/api/v1/me");
    setCsrf(me.csrf_token);
  } catch {
    me = null;
  }
}

function can(permission: string): boolean {
  return !!me && me.permissions.includes(permission);
}

// A dashboard card that loads its list and renders each item, or says why it cannot.
function card(titleKey: Key, id: string, allowed: boolean, load: () => Promise<Node[]>, emptyKey: Key): HTMLElement {
  const list = el("ul", {});
  const section = el("section", { class: "card", id, "aria-labelledby": `${id}-h` }, el("h2", { id: `${id}-h` }, t(titleKey)), list);
  if (!allowed) {
    list.replaceWith(el("p", { class: "muted" }, t("dash.not_allowed")));
    return section;
  }
  load()
    .then((items) => {
      if (items.length === 0) list.replaceWith(el("p", { class: "muted" }, t(emptyKey)));
      else list.replaceChildren(...items.map((i) => el("li", {}, i)));
    })
    .catch((e: Error) => list.replaceWith(el("p", { class: "error" }, e.message)));
  return section;
}

interface AdverseEvent { patient_id: number; onset_date: string; term: string; ctcae_grade: number; serious: boolean }
interface Measurement { patient_id: number; measure: string; measured_on: string; value: number }
interface FollowUp { patient_id: number; due_on: string; kind: string; note: string }
interface Lot { id: number; lot_number: string; product_name: string; state: string; state_label: string; expires_on: string | null }
interface Signal { lot_number: string; route: string; events: number; sessions: number; p_value: number | null; flagged: boolean }

function dashboardPage(): void {
  if (!me) {
    location.hash = "#/login";
    return;
  }
  const clinical = can("clinical.read");
  const today = new Date();
  const soon = new Date(today.getTime() + 30 * 86400000).toISOString().slice(0, 10);
  page(
    t("dash.title"),
    el("p", { class: "muted" }, t("dash.signed_in", me.username, me.role)),
    el(
      "div",
      { class: "grid" },
      card("dash.alerts", "alerts", clinical, async () => {
        const r = await api<{ alerts: AdverseEvent[]; questionnaire_alerts: Measurement[] }>("GET", "/api/v1/alerts");
        return [
          ...r.alerts.map((a) =>
            el(
              "span",
              {},
              el("span", { class: "chip bad" }, a.serious ? t("dash.serious") : t("dash.grade", a.ctcae_grade)),
              ` ${formatDate(a.onset_date)} · ${t("dash.patient", a.patient_id)} · ${a.term}`,
            ),
          ),
          ...r.questionnaire_alerts.map((m) =>
            el("span", {}, el("span", { class: "chip bad" }, t("dash.item9")), ` ${formatDate(m.measured_on)} · ${t("dash.patient", m.patient_id)}`),
          ),
        ];
      }, "dash.no_alerts"),
      card("dash.followups", "followups", clinical, async () => {
        const r = await api<{ followups: FollowUp[] }>("GET", `/api/v1/followups?due=${today.toISOString().slice(0, 10)}`);
        return r.followups.map((f) => el("span", {}, `${formatDate(f.due_on)} · ${t("dash.patient", f.patient_id)} · ${f.kind} ${f.note}`));
      }, "dash.no_followups"),
      card("dash.lots", "lots", can("lots.read"), async () => {
        const r = await api<{ lots: Lot[] }>("GET", "/api/v1/lots");
        return r.lots
          .filter((l) => l.state === "quarantined" || (l.state === "released" && l.expires_on !== null && l.expires_on <= soon))
          .map((l) =>
            el(
              "span",
              {},
              el("span", { class: `chip ${l.state === "quarantined" ? "warn" : "bad"}` }, l.state_label),
              ` ${l.lot_number} · ${l.product_name}` + (l.expires_on ? ` · ${t("dash.expires", formatDate(l.expires_on))}` : ""),
            ),
          );
      }, "dash.no_lots"),
      card("dash.signals", "signals", clinical, async () => {
        const r = await api<{ signals: Signal[] }>("GET", "/api/v1/signals");
        return r.signals
          .filter((s) => s.flagged)
          .map((s) => el("span", {}, t("dash.flagged", `${s.lot_number} ${s.route}`, s.events, s.sessions, s.p_value?.toPrecision(2) ?? "—")));
      }, "dash.no_signals"),
    ),
  );
}

function aboutPage(): void {
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

function route(): void {
  renderHeader();
  const hash = location.hash || "#/";
  if (hash.startsWith("#/login")) loginPage();
  else if (hash.startsWith("#/dashboard")) dashboardPage();
  else if (hash.startsWith("#/about")) aboutPage();
  else if (me) dashboardPage();
  else aboutPage();
}

setLang(initialLang());
window.addEventListener("hashchange", route);
loadMe().then(route);

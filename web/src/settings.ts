// Settings (admin): users and roles; the clinic's closed days, prices and follow-up days as a
// form; every rule file as text. The server checks each change with the program's own loader
// and, when it saves, the running server applies it at once.
import { api, ApiError } from "./api";
import { form, list } from "./forms";
import { t, label } from "./i18n";
import { chip, el, page, table, whenDone } from "./ui";

interface User {
  id: number;
  username: string;
  role: string;
  disabled: boolean;
  display_name: string;
  registration_number: string;
}

export async function settingsPage(): Promise<void> {
  const users = (await api<{ users: User[] }>("GET", "/api/v1/users")).users;
  const roles = ["admin", "physician", "nurse", "reception", "analyst"];
  page(
    t("set.title"),
    el("h2", {}, t("set.users")),
    table(
      [t("set.username"), t("set.display_name"), t("set.registration_number"), t("set.role"), "", "", ""],
      users.map((u) => {
        // Disabling ends the user's sessions at once; an administrator cannot lock themself out.
        const toggle = el(
          "button",
          { type: "button", class: "small", "data-user": u.username },
          t(u.disabled ? "set.enable" : "set.disable"),
        );
        toggle.addEventListener(
          "click",
          whenDone(async () => {
            try {
              await api(
                "POST",
                `/api/v1/users/${encodeURIComponent(u.username)}/${u.disabled ? "enable" : "disable"}`,
                {},
              );
              await settingsPage();
            } catch (e) {
              toggle.after(
                el(
                  "span",
                  { class: "error", role: "alert" },
                  ` ${e instanceof ApiError ? e.message : String(e)}`,
                ),
              );
            }
          }),
        );
        const edit = el(
          "button",
          { type: "button", class: "small", "data-edit-user": u.username },
          t("set.edit_name"),
        );
        edit.addEventListener("click", () => profileForm(u, edit));
        return [
          u.username,
          u.display_name || t("set.name_unset"),
          u.registration_number,
          label("role", u.role),
          chip(u.disabled ? t("set.disabled") : t("set.active"), u.disabled ? "bad" : "ok"),
          toggle,
          edit,
        ];
      }),
    ),
    form(
      "user-form",
      t("set.add"),
      [
        { name: "username", label: t("set.username"), required: true },
        { name: "display_name", label: t("set.display_name"), required: true },
        {
          name: "role",
          label: t("set.role"),
          type: "select",
          choose: true,
          required: true,
          options: roles.map((r) => [r, label("role", r)]),
        },
        { name: "registration_number", label: t("set.registration_number_hint") },
        { name: "password", label: t("set.password"), type: "password", required: true },
      ],
      t("set.add"),
      async (v) => {
        await api("POST", "/api/v1/users", v);
        await settingsPage();
      },
    ),
    await clinicSection(),
    await rulesSection(),
  );
}

// The name and registration number a user is shown with (on consents, histories and screens),
// in a form below the button that opened it; it starts with what is stored.
function profileForm(u: User, after: HTMLElement): void {
  document.getElementById("profile-form")?.remove();
  const f = form(
    "profile-form",
    t("set.edit_name_of", u.username),
    [
      { name: "display_name", label: t("set.display_name"), required: true, value: u.display_name },
      { name: "registration_number", label: t("set.registration_number_hint"), value: u.registration_number },
    ],
    t("set.save_name"),
    async (v) => {
      await api("POST", `/api/v1/users/${encodeURIComponent(u.username)}/profile`, v);
      await settingsPage();
    },
  );
  (after.closest("table") ?? after).after(f);
  f.querySelector("input")?.focus();
}

interface ClinicSettings {
  clinic: { name: string; address: string; telephone: string; public_url: string; time_zone: string };
  closed: { weekdays: string[]; dates: string[] };
  prices: { currency: string; consumption_tax_rate: number; per_session: Record<string, number> };
  followups: { days: number[] };
}
const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const routes = ["iv", "injection", "microneedle", "topical"];
const savedText = (applies: string) => t(applies === "now" ? "set.saved_now" : "set.saved_rules");

// Closed days, prices and follow-up days as fields; saved as rules/clinic.toml.
async function clinicSection(): Promise<HTMLElement> {
  const c = await api<ClinicSettings>("GET", "/api/v1/settings/clinic");
  const input = (id: string, label: string, value: string, attrs: Record<string, string> = {}) => [
    el("label", { for: id }, label),
    el("input", { id, name: id, value, ...attrs }),
  ];
  const days = el(
    "fieldset",
    {},
    el("legend", {}, t("set.closed_weekdays")),
    ...weekdays.map((d) => {
      const box = el("input", { type: "checkbox", id: `closed-${d}`, value: d, class: "check" });
      box.checked = c.closed.weekdays.includes(d);
      return el("label", { class: "inline", for: `closed-${d}` }, box, ` ${label("wd", d)}`);
    }),
  );
  const dates = el("textarea", { id: "closed-dates", rows: "4" });
  dates.value = c.closed.dates.join("\n");
  const message = el("p", { role: "status", id: "clinic-message" });
  const f = el(
    "form",
    { class: "card", id: "clinic-form" },
    el("h2", {}, t("set.clinic_title")),
    ...input("clinic-name", t("set.clinic_name"), c.clinic.name, { maxlength: "100" }),
    ...input("clinic-address", t("set.clinic_address"), c.clinic.address, { maxlength: "200" }),
    ...input("clinic-telephone", t("set.clinic_telephone"), c.clinic.telephone, {
      maxlength: "30",
      type: "tel",
    }),
    ...input("public-url", t("set.public_url"), c.clinic.public_url, { maxlength: "200", type: "url" }),
    ...input("time-zone", t("set.time_zone"), c.clinic.time_zone, { maxlength: "64" }),
    days,
    el("label", { for: "closed-dates" }, t("set.closed_dates")),
    dates,
    ...input("currency", t("set.currency"), c.prices.currency, { maxlength: "3", size: "4" }),
    ...input("tax-rate", t("set.tax_rate"), String(Math.round(c.prices.consumption_tax_rate * 1000) / 10), {
      type: "number",
      step: "0.1",
      min: "0",
      max: "100",
    }),
    el(
      "fieldset",
      {},
      el("legend", {}, t("set.prices")),
      ...routes.flatMap((r) =>
        input(`price-${r}`, label("route", r), String(c.prices.per_session[r] ?? 0), {
          type: "number",
          step: "1",
          min: "0",
        }),
      ),
    ),
    ...input("followup-days", t("set.followup_days"), c.followups.days.join(", ")),
    el("p", {}, el("button", { type: "submit" }, t("set.save_rules"))),
    message,
  );
  f.addEventListener(
    "submit",
    whenDone(async (ev) => {
      ev.preventDefault();
      const value = (id: string) => (f.querySelector(`#${id}`) as HTMLInputElement).value;
      const body: ClinicSettings = {
        clinic: {
          name: value("clinic-name").trim(),
          address: value("clinic-address").trim(),
          telephone: value("clinic-telephone").trim(),
          public_url: value("public-url").trim(),
          time_zone: value("time-zone").trim(),
        },
        closed: {
          weekdays: weekdays.filter((d) => (f.querySelector(`#closed-${d}`) as HTMLInputElement).checked),
          dates: dates.value.split(/[\s,]+/).filter((x) => x),
        },
        prices: {
          currency: value("currency"),
          consumption_tax_rate: Number(value("tax-rate")) / 100,
          per_session: Object.fromEntries(routes.map((r) => [r, Number(value(`price-${r}`))])),
        },
        followups: { days: list(value("followup-days")).map(Number) },
      };
      try {
        const r = await api<{ applies: string }>("POST", "/api/v1/settings/clinic", body);
        message.className = "";
        message.textContent = savedText(r.applies);
      } catch (e) {
        message.className = "error";
        message.textContent = e instanceof ApiError ? e.message : String(e);
      }
    }, message),
  );
  return f;
}

// Rule files: the server checks a new text with the program's own loader before saving it.
async function rulesSection(): Promise<HTMLElement> {
  const files = (await api<{ files: { id: string; path: string }[] }>("GET", "/api/v1/settings/rules")).files;
  const select = el(
    "select",
    { id: "rule-file" },
    ...files.map((f) => el("option", { value: f.id, title: f.path }, label("rule_file", f.id))),
  );
  const text = el("textarea", { id: "rule-text", rows: "18", spellcheck: "false" });
  const message = el("p", { role: "status", id: "rule-message" });
  const load = async () => {
    text.value = (await api<{ text: string }>("GET", `/api/v1/settings/rules/${select.value}`)).text;
    message.textContent = "";
  };
  select.addEventListener("change", whenDone(load, message));
  const save = el("button", { type: "submit" }, t("set.save_rules"));
  const f = el(
    "form",
    { class: "card", id: "rules-form" },
    el("h2", {}, t("set.rules_title")),
    el("p", { class: "muted" }, t("set.rules")),
    el("label", { for: "rule-file" }, t("set.rule_file")),
    select,
    el("label", { for: "rule-text" }, t("set.rule_text")),
    text,
    el("p", {}, save),
    message,
  );
  f.addEventListener(
    "submit",
    whenDone(async (ev) => {
      ev.preventDefault();
      try {
        const r = await api<{ applies: string }>("POST", `/api/v1/settings/rules/${select.value}`, {
          text: text.value,
        });
        message.className = "";
        message.textContent = savedText(r.applies);
      } catch (e) {
        message.className = "error";
        message.textContent = e instanceof ApiError ? e.message : String(e);
      }
    }, message),
  );
  await load();
  return f;
}

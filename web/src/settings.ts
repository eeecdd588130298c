// Settings (admin): users of the clinic with their roles; adding a user.
import { api, ApiError } from "./api";
import { form } from "./forms";
import { t } from "./i18n";
import { chip, el, page, table } from "./ui";

interface User { id: number; username: string; role: string; disabled: boolean }

export async function settingsPage(): Promise<void> {
  const users = (await api<{ users: User[] }>("GET", "/api/v1/users")).users;
  const roles = ["admin", "physician", "nurse", "reception", "analyst"];
  page(
    t("set.title"),
    el("h2", {}, t("set.users")),
    table([t("set.username"), t("set.role"), ""], users.map((u) => [u.username, u.role, chip(u.disabled ? t("set.disabled") : t("set.active"), u.disabled ? "bad" : "ok")])),
    form("user-form", t("set.add"), [
      { name: "username", label: t("set.username"), required: true },
      { name: "role", label: t("set.role"), type: "select", options: roles.map((r) => [r, r]) },
      { name: "password", label: t("set.password"), type: "password", required: true },
    ], t("set.add"), async (v) => {
      await api("POST", "/api/v1/users", v);
      await settingsPage();
    }),
    await rulesSection(),
  );
}

// Rule files: the server checks a new text with the program's own loader before saving it.
async function rulesSection(): Promise<HTMLElement> {
  const files = (await api<{ files: { id: string; path: string }[] }>("GET", "/api/v1/settings/rules")).files;
  const select = el("select", { id: "rule-file" }, ...files.map((f) => el("option", { value: f.id }, f.path)));
  const text = el("textarea", { id: "rule-text", rows: "18", spellcheck: "false" });
  const message = el("p", { role: "status", id: "rule-message" });
  const load = async () => {
    text.value = (await api<{ text: string }>("GET", `/api/v1/settings/rules/${select.value}`)).text;
    message.textContent = "";
  };
  select.addEventListener("change", () => void load());
  const save = el("button", { type: "submit" }, t("set.save_rules"));
  const f = el("form", { class: "card", id: "rules-form" }, el("h2", {}, t("set.rules_title")),
    el("p", { class: "muted" }, t("set.rules")),
    el("label", { for: "rule-file" }, t("set.rule_file")), select,
    el("label", { for: "rule-text" }, t("set.rule_text")), text, el("p", {}, save), message);
  f.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      await api("POST", `/api/v1/settings/rules/${select.value}`, { text: text.value });
      message.className = "";
      message.textContent = t("set.saved_rules");
    } catch (e) {
      message.className = "error";
      message.textContent = e instanceof ApiError ? e.message : String(e);
    }
  });
  await load();
  return f;
}

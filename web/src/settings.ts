// Settings (admin): users of the clinic with their roles; adding a user.
import { api } from "./api";
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
    el("p", { class: "muted" }, t("set.rules")),
  );
}

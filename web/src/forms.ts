// A small form builder: labelled fields, a submit button, and the server's error (with the
// field it names) shown in the form. Used by the clinical workflow pages.
import { ApiError } from "./api";
import { t } from "./i18n";
import { el } from "./ui";

export interface Field {
  name: string;
  label: string;
  type?: "text" | "password" | "number" | "date" | "datetime-local" | "select" | "checkbox" | "checks";
  options?: [string, string][];  // value, label (select, checks)
  value?: string;
  required?: boolean;
  step?: string;
  suggestions?: string[];  // offered in a datalist; any text is accepted
  // A select starts on an empty "choose" entry: nothing is chosen until a person chooses it.
  choose?: boolean;
  // A date/time field gets a "now" button: the current time goes in only when a person taps it.
  nowButton?: boolean;
  min?: string;
  max?: string;
}

// The current local time as a datetime-local value (minutes).
export function localDateTime(d: Date): string {
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

export function form(id: string, title: string, fields: Field[], submit: string,
                     onSubmit: (values: Record<string, string>) => Promise<void>): HTMLFormElement {
  const f = el("form", { class: "card", id });
  if (title) f.append(el("h3", {}, title));
  for (const field of fields) {
    const fid = `${id}-${field.name}`;
    if (field.type === "select") {
      const options: [string, string][] = [...(field.choose ? [["", t("form.choose")] as [string, string]] : []), ...(field.options ?? [])];
      const s = el("select", { id: fid, name: field.name }, ...options.map(([v, l]) => el("option", { value: v }, l)));
      if (field.required) s.required = true;
      if (field.value !== undefined) s.value = field.value;
      f.append(el("label", { for: fid }, field.label), s);
    } else if (field.type === "checks") {
      // Several choices: the value is the checked ones, comma-separated.
      f.append(el("fieldset", { id: fid, ...(field.required ? { "data-required": "" } : {}) }, el("legend", {}, field.label), ...(field.options ?? []).map(([v, l]) =>
        el("label", { class: "inline" }, el("input", { type: "checkbox", class: "check", name: field.name, value: v }), ` ${l} `))));
    } else if (field.type === "checkbox") {
      f.append(el("label", { class: "inline" }, el("input", { type: "checkbox", id: fid, name: field.name, class: "check" }), ` ${field.label}`));
    } else {
      const attrs: Record<string, string> = { id: fid, name: field.name, type: field.type ?? "text" };
      if (field.value !== undefined) attrs.value = field.value;
      if (field.required) attrs.required = "";
      if (field.step) attrs.step = field.step;
      if (field.min !== undefined) attrs.min = field.min;
      if (field.max !== undefined) attrs.max = field.max;
      if (field.suggestions) attrs.list = `${fid}-list`;
      const input = el("input", attrs);
      f.append(el("label", { for: fid }, field.label));
      if (field.nowButton) {
        const now = el("button", { type: "button", class: "secondary", id: `${fid}-now` }, t(field.type === "date" ? "form.today" : "form.now"));
        now.addEventListener("click", () => { input.value = field.type === "date" ? localDateTime(new Date()).slice(0, 10) : localDateTime(new Date()); });
        f.append(el("span", { class: "with-button" }, input, now));
      } else {
        f.append(input);
      }
      if (field.suggestions)
        f.append(el("datalist", { id: `${fid}-list` }, ...field.suggestions.map((v) => el("option", { value: v }))));
    }
  }
  const message = el("p", { role: "status" });
  f.append(el("p", {}, el("button", { type: "submit" }, submit)), message);
  f.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const values: Record<string, string> = {};
    for (const field of fields) {
      if (field.type === "checks") {
        const set = f.querySelector<HTMLElement>(`#${id}-${field.name}`);
        if (field.required && set && !set.hidden &&
            f.querySelectorAll(`input[name=${field.name}]:checked`).length === 0) {
          message.className = "error";
          message.textContent = t("form.choose_at_least_one", field.label);
          return;
        }
        values[field.name] = [...f.querySelectorAll<HTMLInputElement>(`input[name=${field.name}]:checked`)].map((i) => i.value).join(",");
        continue;
      }
      const input = f.querySelector(`[name=${field.name}]`) as HTMLInputElement;
      values[field.name] = field.type === "checkbox" ? (input.checked ? "1" : "") : input.value;
    }
    message.className = "";
    message.textContent = "";
    try {
      await onSubmit(values);
    } catch (e) {
      message.className = "error";
      message.textContent = e instanceof ApiError ? e.message : String(e);
    }
  });
  return f;
}

export const list = (s: string) => s.split(/[,、]/).map((x) => x.trim()).filter((x) => x);

// A small form builder: labelled fields, a submit button, and the server's error (with the
// field it names) shown in the form. Used by the clinical workflow pages.
import { ApiError } from "./api";
import { clinicWallTime, lang, localDay, t } from "./i18n";
import { el, whenDone } from "./ui";

export interface Field {
  name: string;
  label: string;
  type?: "text" | "password" | "number" | "date" | "datetime-local" | "select" | "checkbox" | "checks";
  options?: [string, string][]; // value, label (select, checks)
  value?: string;
  required?: boolean;
  step?: string;
  suggestions?: string[]; // offered in a datalist; any text is accepted
  suggestionLabels?: Record<string, string>; // what each suggestion is called in the page's language
  // A select starts on an empty "choose" entry: nothing is chosen until a person chooses it.
  choose?: boolean;
  // A date/time field gets a "now" button: the current time goes in only when a person taps it.
  nowButton?: boolean;
  min?: string;
  max?: string;
  // The name the API gives this field in its errors when it differs ("session_ids").
  apiName?: string;
}

// For a form built by hand: the label of the control whose name is the last part of the field
// an API error names ("/name_kana" -> the label of [name=name_kana]).
export function labelIn(f: HTMLFormElement): (id: string) => string | undefined {
  return (id) => {
    const name =
      id
        .split("/")
        .filter((x) => x && !/^\d+$/.test(x))
        .pop() ?? "";
    const control = [...f.elements].find((e) => (e as HTMLInputElement).name === name) as
      HTMLElement | undefined;
    return control?.id
      ? (f.querySelector(`label[for="${control.id}"]`)?.textContent ?? undefined)
      : undefined;
  };
}

// The label of the field an API error names ("/vitals/pulse", "typed_name"), if the form has it.
export function fieldLabel(fields: Field[], id: string): string | undefined {
  const parts = id
    .replace(/^\//, "")
    .split("/")
    .filter((x) => x && !/^\d+$/.test(x));
  for (const candidate of [parts.join("."), parts[parts.length - 1], parts[0]]) {
    const f = fields.find((x) => x.name === candidate || x.apiName === candidate);
    if (f) return f.label;
  }
  return undefined;
}

export function form(
  id: string,
  title: string,
  fields: Field[],
  submit: string,
  onSubmit: (values: Record<string, string>) => Promise<void>,
): HTMLFormElement {
  // The form checks its own required fields (novalidate) so the refusal names the field in the
  // page's language, not the browser's.
  const f = el("form", { class: "card", id, novalidate: "" });
  if (title) f.append(el("h3", {}, title));
  for (const field of fields) {
    const fid = `${id}-${field.name}`;
    if (field.type === "select") {
      const options: [string, string][] = [
        ...(field.choose ? [["", t("form.choose")] as [string, string]] : []),
        ...(field.options ?? []),
      ];
      const s = el(
        "select",
        { id: fid, name: field.name },
        ...options.map(([v, l]) => el("option", { value: v }, l)),
      );
      if (field.required) s.required = true;
      if (field.value !== undefined) s.value = field.value;
      f.append(el("label", { for: fid }, field.label), s);
    } else if (field.type === "checks") {
      // Several choices: the value is the checked ones, comma-separated.
      f.append(
        el(
          "fieldset",
          { id: fid, ...(field.required ? { "data-required": "" } : {}) },
          el("legend", {}, field.label),
          ...(field.options ?? []).map(([v, l]) =>
            el(
              "label",
              { class: "inline" },
              el("input", { type: "checkbox", class: "check", name: field.name, value: v }),
              ` ${l} `,
            ),
          ),
        ),
      );
    } else if (field.type === "checkbox") {
      f.append(
        el(
          "label",
          { class: "inline" },
          el("input", { type: "checkbox", id: fid, name: field.name, class: "check" }),
          ` ${field.label}`,
        ),
      );
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
        const now = el(
          "button",
          { type: "button", class: "secondary", id: `${fid}-now` },
          t(field.type === "date" ? "form.today" : "form.now"),
        );
        now.addEventListener("click", () => {
          input.value = field.type === "date" ? localDay(new Date()) : clinicWallTime(new Date());
        });
        f.append(el("span", { class: "with-button" }, input, now));
      } else {
        f.append(input);
      }
      if (field.suggestions)
        f.append(
          el(
            "datalist",
            { id: `${fid}-list` },
            ...field.suggestions.map((v) =>
              el("option", {
                value: v,
                ...(field.suggestionLabels?.[v] && field.suggestionLabels[v] !== v
                  ? { label: field.suggestionLabels[v] }
                  : {}),
              }),
            ),
          ),
        );
    }
  }
  const message = el("p", { role: "status" });
  f.append(el("p", {}, el("button", { type: "submit" }, submit)), message);
  f.addEventListener(
    "submit",
    whenDone(async (ev) => {
      ev.preventDefault();
      const values: Record<string, string> = {};
      // Every required field left empty is named at once; then the first value out of range.
      const missing: string[] = [];
      let invalid: [HTMLInputElement, Field] | null = null;
      for (const field of fields) {
        const input = f.querySelector<HTMLInputElement>(`#${id}-${field.name}`);
        if (!input || field.type === "checks" || input.hidden) continue;
        input.removeAttribute("aria-invalid");
        if (input.checkValidity()) continue;
        input.setAttribute("aria-invalid", "true");
        if (input.validity.valueMissing) missing.push(field.label);
        invalid ??= [input, field];
      }
      if (invalid) {
        message.className = "error";
        message.textContent = missing.length
          ? t("form.required", missing.join(lang() === "ja" ? "、" : ", "))
          : `${invalid[1].label}: ${invalid[0].validationMessage}`;
        invalid[0].focus();
        return;
      }
      for (const field of fields) {
        if (field.type === "checks") {
          const set = f.querySelector<HTMLElement>(`#${id}-${field.name}`);
          if (
            field.required &&
            set &&
            !set.hidden &&
            f.querySelectorAll(`input[name=${field.name}]:checked`).length === 0
          ) {
            message.className = "error";
            message.textContent = t("form.choose_at_least_one", field.label);
            return;
          }
          values[field.name] = [...f.querySelectorAll<HTMLInputElement>(`input[name=${field.name}]:checked`)]
            .map((i) => i.value)
            .join(",");
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
        message.textContent =
          e instanceof ApiError ? e.describe((name) => fieldLabel(fields, name)) : String(e);
      }
    }, message),
  );
  return f;
}

export const list = (s: string) =>
  s
    .split(/[,、]/)
    .map((x) => x.trim())
    .filter((x) => x);

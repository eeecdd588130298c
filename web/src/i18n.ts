// Japanese and English texts of the web application, from the one message catalogue
// (i18n/messages.toml, turned into catalogue.gen.ts at build time). The language defaults to the
// browser's and is kept in localStorage when switched.
import { texts } from "./catalogue.gen";

export type Lang = "ja" | "en";

export type Key = keyof typeof texts;

export function initialLang(): Lang {
  const saved = localStorage.getItem("exoclinic.lang");
  if (saved === "ja" || saved === "en") return saved;
  return navigator.language.toLowerCase().startsWith("ja") ? "ja" : "en";
}

let current: Lang = "ja";
export function setLang(lang: Lang): void {
  current = lang;
  localStorage.setItem("exoclinic.lang", lang);
  document.documentElement.lang = lang;
}
export function lang(): Lang {
  return current;
}

// Fills {0}, {1}, ... and plurals {0|one form|other form} ("#" is the number), as the C++
// program does (core/messages.cc).
export function format(pattern: string, args: (string | number)[]): string {
  return pattern.replace(/\{(\d)(?:\|([^|}]*)\|([^}]*))?\}/g, (_m, k: string, one?: string, other?: string) => {
    const v = args[Number(k)];
    const s = v === undefined ? "" : String(v);
    if (one === undefined) return s;
    return (s === "1" ? one : other ?? "").replace(/#/g, s);
  });
}

export function t(key: Key, ...args: (string | number)[]): string {
  return format(texts[key][current], args);
}

// "<kind>.<id>" with the id lower-cased and every run of other characters than a-z, 0-9 made one
// "_", as core/messages.cc LabelKey does ("tissue", "Umbilical cord" -> "tissue.umbilical_cord").
export function labelKey(kind: string, id: string): string {
  return `${kind}.${id.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "")}`;
}

// The label of an enum value ("route", "iv" -> 点滴静注), or the id as written when the catalogue
// has none (free text from a certificate; tests/catalogue_check.py checks every enum value has one).
export function label(kind: string, id: string): string {
  const key = labelKey(kind, id);
  return key in texts ? t(key as Key) : id;
}

export function formatDate(iso: string): string {
  const d = new Date(iso.length === 10 ? iso + "T00:00:00" : iso);
  return new Intl.DateTimeFormat(current === "ja" ? "ja-JP" : "en-GB", { dateStyle: "medium" }).format(d);
}

export function formatTime(iso: string): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(current === "ja" ? "ja-JP" : "en-GB", { timeStyle: "short" }).format(new Date(iso));
}

// YYYY-MM-DD of the browser's local calendar day (toISOString would give the UTC day).
export function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

// A text given in both languages next to where it is used (long field lists).
export function tx(text: { ja: string; en: string }): string {
  return text[current];
}

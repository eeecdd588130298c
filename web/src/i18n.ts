// Japanese and English texts of the web application, from the one message catalogue
// (i18n/messages.toml, turned into catalogue.ja.gen.ts and catalogue.en.gen.ts at build time).
// The language defaults to the browser's and is kept in localStorage when switched. Japanese is
// in the entry bundle; English is loaded (a dynamic import, a chunk of its own) the first time it
// is chosen, and the language changes only once its texts are here: nothing renders a missing text.
import { texts as ja, type Key } from "./catalogue.ja.gen";

export type Lang = "ja" | "en";

export type { Key };

export function initialLang(): Lang {
  const saved = localStorage.getItem("exoclinic.lang");
  if (saved === "ja" || saved === "en") return saved;
  return navigator.language.toLowerCase().startsWith("ja") ? "ja" : "en";
}

const dictionaries: Partial<Record<Lang, Record<Key, string>>> = { ja };
let current: Lang = "ja";
let texts: Record<Key, string> = ja;

// Switches to `lang` once its texts are loaded (at once for Japanese); rejects, keeping the
// language shown, when they cannot be loaded.
export async function setLang(lang: Lang): Promise<void> {
  const loaded = (dictionaries[lang] ??= (await import("./catalogue.en.gen")).texts);
  current = lang;
  texts = loaded;
  localStorage.setItem("exoclinic.lang", lang);
  document.documentElement.lang = lang;
}
export function lang(): Lang {
  return current;
}

// Fills {0}, {1}, ... and plurals {0|one form|other form} ("#" is the number), as the C++
// program does (core/messages.cc).
// "{0:route}" shows the argument (an id, or ids joined by ", ") as labels of that kind;
// "{0:date}" a YYYY-MM-DD as people write it.
export function format(pattern: string, args: (string | number)[]): string {
  return pattern.replace(
    /\{(\d)(?::([a-z_]+))?(?:\|([^|}]*)\|([^}]*))?\}/g,
    (_m, k: string, kind?: string, one?: string, other?: string) => {
      const v = args[Number(k)];
      const s = v === undefined ? "" : String(v);
      if (kind === "date") return /^\d{4}-\d{2}-\d{2}$/.test(s) ? formatDate(s) : s;
      if (kind !== undefined)
        return s
          .split(", ")
          .map((id) => label(kind, id))
          .join(current === "ja" ? "、" : ", ");
      if (one === undefined) return s;
      return (s === "1" ? one : (other ?? "")).replace(/#/g, s);
    },
  );
}

export function t(key: Key, ...args: (string | number)[]): string {
  return format(texts[key], args);
}

// "<kind>.<id>" with the id lower-cased and every run of other characters than a-z, 0-9 made one
// "_", as core/messages.cc LabelKey does ("tissue", "Umbilical cord" -> "tissue.umbilical_cord").
export function labelKey(kind: string, id: string): string {
  return `${kind}.${id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")}`;
}

// The label of an enum value ("route", "iv" -> 点滴静注), or the id as written when the catalogue
// has none (free text from a certificate; tests/catalogue_check.py checks every enum value has one).
export function label(kind: string, id: string): string {
  const key = labelKey(kind, id);
  return key in texts ? t(key as Key) : id;
}

// The clinic's time zone (from /api/v1/me; Asia/Tokyo until known). Every date and time shown
// to a person is in this zone and the reader's locale; the API keeps UTC ISO 8601.
let zone = "Asia/Tokyo";
export function setTimeZone(z: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: z });
    zone = z;
  } catch {
    // An unknown zone is refused by the server's settings check; keep the last good one.
  }
}

const locale = () => (current === "ja" ? "ja-JP" : "en-US");

// A calendar date ("2026-12-01") or the day of an instant in the clinic's zone:
// "2026年12月1日" / "Dec 1, 2026".
export function formatDate(iso: string): string {
  if (!iso) return "";
  const dateOnly = iso.length === 10;
  const d = new Date(dateOnly ? iso + "T00:00:00Z" : iso);
  return new Intl.DateTimeFormat(locale(), {
    dateStyle: current === "ja" ? "long" : "medium",
    timeZone: dateOnly ? "UTC" : zone,
  }).format(d);
}

// An instant in the clinic's zone: "2026年12月1日 15:14" / "Dec 1, 2026, 3:14 PM".
export function formatDateTime(iso: string): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(locale(), {
    dateStyle: current === "ja" ? "long" : "medium",
    timeStyle: "short",
    timeZone: zone,
  }).format(new Date(iso));
}

// The time of an instant in the clinic's zone: "15:14" / "3:14 PM".
export function formatTime(iso: string): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(locale(), { timeStyle: "short", timeZone: zone }).format(new Date(iso));
}

// YYYY-MM-DD of the clinic's calendar day at `d` (toISOString would give the UTC day).
export function localDay(d: Date): string {
  return clinicWallTime(d).slice(0, 10);
}

// The clinic's wall-clock time at `d` as a datetime-local value ("2026-12-01T15:14"): a time
// typed or set with "now" is in the clinic's zone, like every time shown, whatever the zone of
// the device (a tablet set to UTC, a physician abroad).
export function clinicWallTime(d: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(d);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

// The instant a datetime-local value ("2026-12-01T15:14") names in the clinic's zone; null when
// it is not a time. The zone's offset is found at the instant itself (twice, for a DST change).
export function clinicInstant(wall: string): Date | null {
  const asUtc = Date.parse(`${wall}:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(wall) || Number.isNaN(asUtc)) return null;
  let at = asUtc;
  for (let i = 0; i < 2; i++) at = asUtc - (Date.parse(`${clinicWallTime(new Date(at))}:00Z`) - at);
  return new Date(at);
}

// A measured value for people: grouped digits, at most 6 significant, never exponent notation.
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(current === "ja" ? "ja-JP" : "en-US", { maximumSignificantDigits: 6 }).format(
    n,
  );
}

// A particle count as people read it, as core/format.cc FormatParticles writes it:
// 「約50億個（5.0×10⁹個）」, "about 5 billion particles (5.0×10⁹)"; below 10,000 the count itself.
export function formatParticles(n: number): string {
  if (!Number.isFinite(n) || n < 10000)
    return t("count.particles_exact", new Intl.NumberFormat("en-US").format(Math.round(n)));
  const scale = Math.pow(10, Math.floor(Math.log10(n)) - 1);
  const v = Math.round(n / scale) * scale; // two significant digits
  const small = (x: number) =>
    x >= 10 || Math.abs(x - Math.round(x)) < 1e-9
      ? new Intl.NumberFormat("en-US").format(Math.round(x))
      : x.toFixed(1);
  const units: [number, Key][] =
    current === "ja"
      ? [
          [1e12, "count.ja_cho"],
          [1e8, "count.ja_oku"],
          [1e4, "count.ja_man"],
        ]
      : [
          [1e12, "count.trillion"],
          [1e9, "count.billion"],
          [1e6, "count.million"],
          [1e3, "count.thousand"],
        ];
  const unit = units.find(([size]) => v >= size);
  const amount = unit ? t(unit[1], small(v / unit[0])) : new Intl.NumberFormat("en-US").format(v);
  let exp = Math.floor(Math.log10(n));
  let mant = n / Math.pow(10, exp);
  if (Math.abs(Math.round(mant * 10) / 10) >= 10) {
    mant /= 10;
    exp += 1;
  }
  const sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  const power = `×10${[...String(exp)].map((d) => sup[Number(d)]).join("")}`;
  return t("count.particles", t("count.about", amount), `${mant.toFixed(1)}${power}`);
}

// Yen as the catalogue writes it: "180,000円" / "¥180,000".
export function formatYen(yen: number): string {
  return t("money.yen", new Intl.NumberFormat("en-US").format(yen));
}

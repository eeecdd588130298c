// The web app's texts, dates, times and money (src/i18n.ts): the same catalogue rules as the C++
// program (core/messages.cc) and the clinic's time zone whatever the device's.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  clinicInstant,
  clinicWallTime,
  format,
  formatDate,
  formatNumber,
  formatParticles,
  formatYen,
  label,
  labelKey,
  localDay,
  setLang,
  setTimeZone,
} from "../src/i18n";

// setLang keeps the choice in localStorage and marks the document's language.
const stored = new Map<string, string>();
Object.assign(globalThis, {
  localStorage: {
    getItem: (k: string) => stored.get(k) ?? null,
    setItem: (k: string, v: string) => stored.set(k, v),
  },
  document: { documentElement: { lang: "" } },
});

test("plurals pick one form for 1 and the other for any other number, # is the number", async () => {
  await setLang("en");
  assert.equal(format("{0|# item|# items} left", [1]), "1 item left");
  assert.equal(format("{0|# item|# items} left", [3]), "3 items left");
  assert.equal(format("{1} of {0}", ["a", "b"]), "b of a");
  assert.equal(format("{2}", ["a"]), "", "a missing argument renders as nothing, as in C++");
});

test("labels: ids joined by ', ' become the reader's labels with the language's separator", async () => {
  await setLang("ja");
  assert.equal(format("{0:route}", ["iv, topical"]), "点滴静注、外用・頭皮");
  await setLang("en");
  assert.equal(format("{0:route}", ["iv, topical"]), "IV drip, Topical / scalp");
  assert.equal(labelKey("tissue", " Umbilical cord "), "tissue.umbilical_cord");
  assert.equal(
    label("tissue", "Wharton jelly (rare)"),
    "Wharton jelly (rare)",
    "free text without a label stays as written",
  );
  assert.equal(stored.get("exoclinic.lang"), "en");
});

test("a time is typed and shown in the clinic's zone, not the device's or UTC", () => {
  setTimeZone("Asia/Tokyo");
  const at = new Date("2026-12-01T06:14:00Z");
  assert.equal(clinicWallTime(at), "2026-12-01T15:14");
  assert.equal(clinicInstant("2026-12-01T15:14")?.toISOString(), "2026-12-01T06:14:00.000Z");
  assert.equal(localDay(new Date("2026-12-01T16:00:00Z")), "2026-12-02", "Tokyo's day begins at 15:00 UTC");
  assert.equal(clinicInstant("2026-12-01 15:14"), null);
  assert.equal(clinicInstant("2026-13-01T15:14"), null);
});

test("a zone with summer time gives each date its own offset; an unknown zone is ignored", () => {
  setTimeZone("America/New_York");
  assert.equal(clinicInstant("2026-07-01T12:00")?.toISOString(), "2026-07-01T16:00:00.000Z");
  assert.equal(clinicInstant("2026-12-01T12:00")?.toISOString(), "2026-12-01T17:00:00.000Z");
  setTimeZone("Mars/Olympus_Mons");
  assert.equal(clinicWallTime(new Date("2026-12-01T17:00:00Z")), "2026-12-01T12:00");
  setTimeZone("Asia/Tokyo");
});

test("dates, numbers and money in the reader's locale", async () => {
  await setLang("ja");
  assert.equal(formatDate("2026-12-01"), "2026年12月1日");
  assert.equal(formatYen(180000), "180,000円");
  assert.equal(formatNumber(1e10), "10,000,000,000", "never exponent notation");
  await setLang("en");
  assert.equal(formatDate("2026-12-01"), "Dec 1, 2026");
  assert.equal(formatYen(594000), "¥594,000");
  assert.equal(formatNumber(0.1234567), "0.123457");
});

test("particle counts as people read them, as the C++ program writes them (core/format.cc)", async () => {
  await setLang("ja");
  assert.equal(formatParticles(5e9), "約50億個（5.0×10⁹個）");
  assert.equal(formatParticles(1.234e10), "約120億個（1.2×10¹⁰個）");
  assert.equal(formatParticles(800), "800個");
  await setLang("en");
  assert.equal(formatParticles(5e9), "about 5 billion particles (5.0×10⁹)");
  assert.equal(formatParticles(2.5e10), "about 25 billion particles (2.5×10¹⁰)");
});

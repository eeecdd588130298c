// Build step: turns the one message catalogue (../i18n/messages.toml, shared with the C++
// program) into the web application's dictionaries, one file per language:
// src/catalogue.ja.gen.ts (in the entry bundle; its keys are the type `Key`) and
// src/catalogue.en.gen.ts (loaded by a dynamic import when English is chosen; typed
// Record<Key, string>, so tsc refuses a missing key). Fails, naming the key, when a key lacks its
// Japanese or English text.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "..", "..", "i18n", "messages.toml");
const target = (lang) => join(here, "..", "src", `catalogue.${lang}.gen.ts`);

// Texts only the command line shows stay out of the bundle.
const cliOnly = (key) => key.startsWith("help.") || key.startsWith("cli.");

const doc = parse(readFileSync(source, "utf8"));
const texts = { ja: {}, en: {} };
for (const key of Object.keys(doc).sort()) {
  const entry = doc[key];
  if (typeof entry?.ja !== "string" || typeof entry?.en !== "string" || Object.keys(entry).length !== 2) {
    console.error(`${source}: key "${key}" needs exactly two strings, ja and en`);
    process.exit(1);
  }
  if (!cliOnly(key)) {
    texts.ja[key] = entry.ja;
    texts.en[key] = entry.en;
  }
}
const banner = "// Generated from i18n/messages.toml by web/scripts/catalogue.mjs; do not edit.\n";
writeFileSync(
  target("ja"),
  `${banner}export const texts = ${JSON.stringify(texts.ja, null, 1)} as const;\nexport type Key = keyof typeof texts;\n`,
);
writeFileSync(
  target("en"),
  `${banner}import type { Key } from "./catalogue.ja.gen";\nexport const texts: Record<Key, string> = ${JSON.stringify(texts.en, null, 1)};\n`,
);
// The single file of both languages that earlier builds wrote.
const old = join(here, "..", "src", "catalogue.gen.ts");
if (existsSync(old)) rmSync(old);

// Build step: turns the one message catalogue (../i18n/messages.toml, shared with the C++
// program) into src/catalogue.gen.ts, the web application's dictionary. Fails, naming the key,
// when a key lacks its Japanese or English text.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "..", "..", "i18n", "messages.toml");
const target = join(here, "..", "src", "catalogue.gen.ts");

// Texts only the command line shows stay out of the bundle.
const cliOnly = (key) => key.startsWith("help.") || key.startsWith("cli.");

const doc = parse(readFileSync(source, "utf8"));
const texts = {};
for (const key of Object.keys(doc).sort()) {
  const entry = doc[key];
  if (typeof entry?.ja !== "string" || typeof entry?.en !== "string" || Object.keys(entry).length !== 2) {
    console.error(`${source}: key "${key}" needs exactly two strings, ja and en`);
    process.exit(1);
  }
  if (!cliOnly(key)) texts[key] = { ja: entry.ja, en: entry.en };
}
const body = `// Generated from i18n/messages.toml by web/scripts/catalogue.mjs; do not edit.
export const texts = ${JSON.stringify(texts, null, 1)} as const;
`;
writeFileSync(target, body);

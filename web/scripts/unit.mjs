// The web application's unit tests (web/test/*.test.ts): each file bundled by esbuild (Vite's
// own) for Node, then run by Node's built-in test runner. Prints Node's TAP summary; exits
// non-zero on any failure.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const tests = readdirSync(join(web, "test")).filter((f) => f.endsWith(".test.ts"));
if (tests.length === 0) {
  console.error("unit: no tests in web/test");
  process.exit(1);
}
const out = mkdtempSync(join(tmpdir(), "exoclinic-web-unit-"));
try {
  await build({
    entryPoints: tests.map((f) => join(web, "test", f)),
    outdir: out,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node18",
    logLevel: "error",
  });
  const files = tests.map((f) => join(out, f.replace(/\.ts$/, ".js")));
  const run = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...files], { stdio: "inherit" });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}

// What the browser tests share: a scratch folder with its own database and copy of the rule
// files, the command line on them, a server on a random port, and check(), which runs one named
// check and counts it. Used by app.test.mjs and lang.test.mjs.
import { spawn, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A scratch folder under the system's temporary one: `db` in it, a copy of the rule files (the
// settings page writes to them) and `cli(args, input)` running exoclinic on both.
export function scratch(root, exo, name) {
  const dir = mkdtempSync(join(tmpdir(), `exoclinic-${name}-`));
  const db = join(dir, `${name}.db`);
  const rules = join(dir, "rules");
  cpSync(join(root, "rules"), rules, { recursive: true });
  // Clinical commands act as a named user: signIn(user) creates an API token of theirs and the
  // commands after it carry it in EXOCLINIC_TOKEN, as a script would.
  let token = "";
  const cli = (args, input) =>
    execFileSync(exo, ["--db", db, "--rules", rules, ...args], {
      input, encoding: "utf8", env: { ...process.env, ...(token ? { EXOCLINIC_TOKEN: token } : {}) },
    });
  const signIn = (user) => {
    token = "";
    token = cli(["token", "create", user, "--name", `${name} test`]).trim().split("\n").pop();
  };
  return { dir, db, rules, cli, signIn };
}

// `exoclinic serve` on a port from `portBase` up to 2,000 above it; resolves once it answers
// (or after ten seconds), with the process, its base URL and its port.
export async function startServer(exo, { db, rules }, portBase) {
  const port = portBase + Math.floor(Math.random() * 2000);
  const server = spawn(exo, ["--db", db, "--rules", rules, "serve", "--port", String(port), "--public-url", "https://clinic.example.jp"], { stdio: ["ignore", "pipe", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return { server, base, port };
}

// check(name, fn) runs fn and prints "ok" or "FAIL" with the error; a check also fails on what
// the pages it opened logged (watch(page), below). finish() prints the counts and exits 1 when any
// check failed.
export function checks() {
  let passed = 0, failed = 0, current = "";
  const problems = [];
  // E2E_ONLY=<regex>: run only the checks whose names match (while working on a page; a check
  // may need data an earlier one made, so name those too). The suite's summary says so.
  const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;
  let skipped = 0;
  async function check(name, fn) {
    if (only && !only.test(name)) {
      skipped++;
      return;
    }
    current = name;
    const from = problems.length;
    try {
      await fn();
      const mine = problems.slice(from);
      if (mine.length) throw new Error(`console errors or failed requests: ${mine.join(" | ")}`);
      passed++;
      console.log(`ok   ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e.message}`);
    }
  }
  function finish() {
    if (skipped) console.log(`(E2E_ONLY: ${skipped} checks skipped)`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
  }
  return { check, finish, watch: (page) => watch(page, problems, () => current) };
}

// Collects what a page must never show in its console: errors, uncaught exceptions, failed
// requests and HTTP errors, each as "where: what" in `problems`. A check that expects a refusal
// says so with page.allow(/url pattern/); nothing else is excused (#15).
export function watch(page, problems, where) {
  const allowed = [];
  page.allow = (re) => allowed.push(re);
  const excused = (url) => allowed.some((re) => re.test(url));
  page.on("console", (m) => {
    if (m.type() === "error" && !excused(m.location()?.url ?? "")) problems.push(`${where()}: console error: ${m.text()} ${m.location()?.url ?? ""}`);
  });
  page.on("pageerror", (e) => problems.push(`${where()}: uncaught: ${e.message}`));
  page.on("requestfailed", (r) => {
    const why = r.failure()?.errorText ?? "";
    if (!why.includes("ERR_ABORTED")) problems.push(`${where()}: request failed: ${r.url()} ${why}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !excused(r.url())) problems.push(`${where()}: HTTP ${r.status()} ${r.url()}`);
  });
}

// Every page's visible text in Japanese (issue #14): renders each page of the web application
// and the server's own pages with a Japanese browser and finds no catalogue key, no enum id, no
// ISO 8601 timestamp or date and no scientific notation in the visible text; axe-core finds no
// serious or critical violation on any of them, tab by tab, at 390, 820 and 1280 px (#15). Prints
// "N passed, N failed"; exits 1 on failure. Usage: node tests/e2e/lang.test.mjs BUILD_DIR
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { checks, scratch, startServer } from "./harness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, "web", "package.json"));
const { chromium } = require("playwright-core");
const { parse } = require("smol-toml");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const build = process.argv[2] ?? join(root, "build");
const exo = join(build, "exoclinic");
const work = scratch(root, exo, "lang");
// Screenshots of the pages at each width, for a person to look at (not committed).
const shots = join(build, "screenshots");
mkdirSync(shots, { recursive: true });
const { dir, cli, signIn } = work;
const password = "a long enough password";

// What must not show: every catalogue key, and every enum id (the ids of the "<enum>.<id>"
// labels), as a whole word.
const catalogue = parse(readFileSync(join(root, "i18n", "messages.toml"), "utf8"));
const keys = Object.keys(catalogue);
const enumKinds = ["route", "lot_state", "lot_action", "role", "severity", "criterion_status",
  "test_outcome", "causality", "ae_outcome", "seriousness", "plan_status", "consent_status",
  "audit_outcome", "audit_action", "qc_area", "sex", "kind", "goal", "questionnaire", "ctcae_grade"];
const enumIds = new Set();
for (const k of keys) {
  const kind = k.slice(0, k.indexOf("."));
  const id = k.slice(k.indexOf(".") + 1);
  if (enumKinds.includes(kind) && /^[a-z][a-z0-9_.]*$/.test(id) && id.length > 1) enumIds.add(id);
}

function problems(text) {
  const found = [];
  for (const k of keys) if (text.includes(k)) found.push(`key ${k}`);
  for (const id of enumIds) {
    // A dotted name ("nurse.demo", a user name) is a person's word, not an enum id.
    const re = new RegExp(`(^|[^A-Za-z0-9_.])${id.replace(/\./g, "\\.")}($|[^A-Za-z0-9_.]|\\.(?![a-z]))`);
    if (re.test(text)) found.push(`id ${id}`);
  }
  for (const m of text.match(/\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}[^\s]*)?/g) ?? []) found.push(`ISO ${m}`);
  for (const m of text.match(/\d(\.\d+)?e[+-]?\d+/g) ?? []) found.push(`scientific ${m}`);
  if (/\bJPY\b/.test(text)) found.push("JPY");
  return found;
}

// Data: demo lots, staff, a patient with a screening, a plan, an adverse event and a portal link.
cli(["demo"]);
cli(["user", "add", "dr.sato", "--role", "physician", "--display-name", "佐藤 一郎", "--registration-number", "123456"], `${password}\n${password}\n`);
cli(["user", "add", "tanaka", "--role", "admin", "--display-name", "田中 美咲"], `${password}\n${password}\n`);
cli(["user", "add", "desk.abe", "--role", "reception", "--display-name", "阿部 受付"], `${password}\n${password}\n`);
cli(["user", "add", "nurse.kato", "--role", "nurse", "--display-name", "加藤 看護師"], `${password}\n${password}\n`);
signIn("dr.sato");
writeFileSync(join(dir, "patient.json"), JSON.stringify({
  name_kanji: "山田 花子", name_kana: "ヤマダ ハナコ", birth_date: "1974-03-02", sex: "female",
}));
cli(["patient", "add", join(dir, "patient.json")]);
cli(["screening", "record", "1", join(root, "tests", "data", "intake.json")]);
cli(["demo", "--patients", "12", "--lang", "ja"]);  // as scripts/run.sh loads it
const today = new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Tokyo" });  // the clinic's day
writeFileSync(join(dir, "ae.json"), JSON.stringify({
  patient_id: 1, onset_date: today, description: "蕁麻疹", term: "Urticaria",
  ctcae_grade: 3, serious: false, causality: "possible", outcome: "recovering",
}));
cli(["ae", "record", join(dir, "ae.json")]);
const link = cli(["portal-link", "create", "1", "--measures", "phq9"]);
const portalPath = link.match(/\/portal\/[0-9a-f]{32}/)[0];

const { server, base } = await startServer(exo, work, 20000);

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--headless", "--disable-gpu"] });
// Each check also fails on a console error or failed request of the pages it visits.
const { check, finish, watch } = checks();

async function page(user, width = 1280) {
  // CSP forbids inline scripts: the context bypasses it only to inject axe-core.
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "ja-JP", bypassCSP: true });
  const p = await context.newPage();
  watch(p);
  if (user) {
    await p.goto(`${base}/app/#/login`);
    await p.fill("#username", user);
    await p.fill("#password", password);
    await p.click("button[type=submit]");
    await p.waitForSelector("#dashboard");
  }
  return p;
}

// Opens `url`, waits until the page settled, and checks its visible text (every tab's, on a
// page with tabs); `shot` names the screenshot to save.
// axe-core (issue #15): no serious or critical violation, at every width, on every tab.
async function axe(p, where) {
  await p.addScriptTag({ content: axeSource });
  const result = await p.evaluate(async () => await window.axe.run(document));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) throw new Error(`${where}: axe ${bad.map((v) => `${v.id} (${v.nodes.length})`).join(", ")}`);
}

async function visit(p, url, ready, shot = "") {
  await p.goto(`${base}${url}`);
  await p.waitForLoadState("networkidle");
  if (ready) await p.waitForSelector(ready, { timeout: 30000 });
  await p.waitForTimeout(300);
  const check = async (where) => {
    const text = await p.evaluate(() => document.body.innerText);
    if (text.trim().length < 20) throw new Error(`${where}: almost no text`);
    const found = problems(text);
    if (found.length) throw new Error(`${where}: ${[...new Set(found)].slice(0, 15).join("; ")}`);
    await axe(p, where);
  };
  await check(url);
  if (shot) await p.screenshot({ path: join(shots, `${shot}.png`), fullPage: true });
  for (const tab of await p.$$eval("[role=tab]", (ts) => ts.map((t) => t.id))) {
    await p.click(`#${tab}`);
    await check(`${url} ${tab}`);
    if (shot) await p.screenshot({ path: join(shots, `${shot}-${tab.replace(/^tab-/, "")}.png`), fullPage: true });
  }
}

const visitor = await page(null);
for (const [url, ready] of [["/", "h1"], ["/app/#/about", "h1"], ["/app/#/checklist", "h1"],
  ["/app/#/self-check", "form"], [`${portalPath}?lang=ja`, "form"]])
  await check(`public ${url}`, () => visit(visitor, url, ready));

// At a phone's, a tablet's and a desktop's width, with screenshots of the dashboard, the lot
// page and the patient page (every tab).
for (const width of [390, 820, 1280]) {
  const doctor = await page("dr.sato", width);
  for (const [url, ready, shot] of [["/app/#/dashboard", "#alerts", "dashboard"], ["/app/#/lots", "table", "lots"], ["/app/#/lots/1", "h2", "lot"],
    ["/app/#/patients", "table", ""], ["/app/#/patients/1", "#screening", "patient"], ["/app/#/patients/3", "#screening", "patient-demo"]])
    await check(`physician ${url} at ${width} px`, () => visit(doctor, url, ready, shot ? `${shot}-${width}` : ""));
  await doctor.context().close();
  // A nurse's and a receptionist's pages at the same width: the patient list and a patient.
  for (const [user, role] of [["nurse.kato", "nurse"], ["desk.abe", "reception"]]) {
    const p = await page(user, width);
    for (const [url, ready, shot] of [["/app/#/patients", "table", ""], ["/app/#/patients/1", "h1", `patient-${role}`]])
      await check(`${role} ${url} at ${width} px`, () => visit(p, url, ready, shot ? `${shot}-${width}` : ""));
    await p.context().close();
  }
}
// Each role's dashboard (#15): reception the day's list alone, a nurse also the follow-ups (and
// the lots), a physician also what waits for a signature, the alerts and the signals; patients
// by name, never 「患者 41」.
const cards = {
  "desk.abe": ["today"],
  "nurse.kato": ["today", "followups", "lots"],
  "dr.sato": ["today", "followups", "sign-offs", "alerts", "signals", "lots"],
};
for (const width of [390, 820, 1280]) {
  for (const [user, want] of Object.entries(cards)) {
    await check(`dashboard of ${user} at ${width} px`, async () => {
      const p = await page(user, width);
      await p.waitForSelector("#dashboard:not(:has([aria-busy]))");
      await visit(p, "/app/#/dashboard", "#dashboard:not(:has([aria-busy]))", `dashboard-${user.split(".")[0]}-${width}`);
      const shown = await p.$$eval("#dashboard > section", (ss) => ss.map((x) => x.id));
      if (shown.join() !== want.join()) throw new Error(`cards ${shown.join()}, expected ${want.join()}`);
      const text = await p.evaluate(() => document.body.innerText);
      if (/患者\s*\d/.test(text)) throw new Error("a patient named by number");
      if (user === "dr.sato" && !(await p.textContent("#alerts")).includes("山田 花子")) throw new Error("the alert names 山田 花子");
      if (user === "dr.sato" && !(await p.textContent("#sign-offs")).includes("山田 花子")) throw new Error("her screening waits for sign-off");
      if (user === "desk.abe" && /\d+\/\d+回目|点滴静注|局所注射|外用・頭皮|マイクロニードル/.test(text)) throw new Error("reception sees treatment details");
      await p.context().close();
    });
  }
}

const doctor = await page("dr.sato");
// What made a screening rule fire, in the physician's language: the question and the answer as
// the intake shows them, not the engine's words ("sleep 5.5 h", "diet irregular", "autoimmune").
await check("a flag's matched answers are in Japanese", async () => {
  await doctor.goto(`${base}/app/#/patients/1`);
  await doctor.waitForSelector("#screening .flag");
  const matched = await doctor.$$eval("#screening .flag .muted", (xs) => xs.map((x) => x.textContent));
  const engine = /\b(sleep|diet|menopause|UV|PSS-10|alcohol|units|age|smoker|allergies|autoimmune|post)\b/;
  const bad = matched.filter((x) => engine.test(x.replace(/^.*該当:/, "")));
  if (bad.length) throw new Error(`engine words shown: ${bad.join(" | ")}`);
  const all = matched.join(" ");
  if (!all.includes("睡眠時間") || !all.includes("自己免疫疾患")) throw new Error(`the answers: ${all}`);
  // The intake answers are read under the question, without the form's input hints.
  const answers = await doctor.textContent("#screening .intake-answers");
  if (/カンマ区切り|空欄なら/.test(answers)) throw new Error(`a form hint in the answers: ${answers}`);
  if (!answers.includes("アレルギー") || !answers.includes("服薬（一般名）")) throw new Error(`the answers: ${answers}`);
});
// A plan with every session recorded is not listed as running: the overview puts it apart and
// its card says so, while a plan still running keeps 「実施中」.
await check("a plan with every session recorded reads as done, not as running", async () => {
  const get = async (path) => (await doctor.request.get(`${base}/api/v1/${path}`)).json();
  let found;
  for (let patient = 1; patient <= 45 && !found; patient++) {
    const plans = (await get(`patients/${patient}/plans`)).plans ?? [];
    const sessions = (await get(`patients/${patient}/sessions`)).sessions ?? [];
    for (const x of plans.filter((y) => y.status === "active"))
      if (sessions.filter((s) => s.plan_id === x.id).length >= x.sessions) found ??= [patient, x.id];
  }
  if (!found) throw new Error("the demo clinic has no plan with every session recorded");
  const [patient, plan] = found;
  await doctor.goto(`${base}/app/#/patients/${patient}`);
  await doctor.waitForSelector("#overview-plans");
  const done = await doctor.textContent(`#overview-completed [data-plan="${plan}"]`);
  if (!done.includes("記録済み")) throw new Error(`the overview's done plan: ${done}`);
  if ((await doctor.locator(`#overview-plans [data-plan="${plan}"]`).count()) !== 0)
    throw new Error("the done plan is listed as running");
  await doctor.click("#tab-plans");
  const heading = await doctor.textContent(`.plan[data-plan="${plan}"] h3`);
  if (!heading.includes("全回実施済み") || heading.includes("実施中")) throw new Error(`the card: ${heading}`);
});
await check("public lot page (the QR code's target)", async () => {
  await doctor.goto(`${base}/app/#/lots/1`);
  await doctor.waitForSelector("#public-lot-link");
  const href = await doctor.getAttribute("#public-lot-link", "href");
  await visit(visitor, href, "h1");
});

const admin = await page("tanaka");
for (const [url, ready] of [["/app/#/settings", "#clinic-form"], ["/app/#/analytics", "h1"]])
  await check(`admin ${url}`, () => visit(admin, url, ready));

await browser.close();
server.kill();
finish();

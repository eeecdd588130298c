// End-to-end tests of the web application in Debian's chromium (headless) through
// playwright-core: a real server on a real SQLite file, axe-core on every page, screenshots at
// 390, 820 and 1280 px in BUILD_DIR/screenshots. Prints "N passed, N failed"; exits 1 on failure.
// Usage: node tests/e2e/app.test.mjs BUILD_DIR
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { checks, scratch, startServer } from "./harness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, "web", "package.json"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const build = process.argv[2] ?? join(root, "build");
const exo = join(build, "exoclinic");
// A scratch database and copy of the rule files (the settings page writes to them).
const work = scratch(root, exo, "e2e");
const { dir, rules, cli, signIn } = work;
const shots = join(build, "screenshots");
mkdirSync(shots, { recursive: true });
const password = "a long enough password";

// Data: demo lots, a physician, a patient with a grade 3 adverse event, a portal link.
cli(["demo"]);
cli(["user", "add", "dr.sato", "--role", "physician", "--display-name", "佐藤 一郎", "--registration-number", "123456"], `${password}\n${password}\n`);
cli(["user", "add", "admin.tanaka", "--role", "admin", "--display-name", "田中 美咲"], `${password}\n${password}\n`);
cli(["user", "add", "desk.abe", "--role", "reception", "--display-name", "阿部 受付"], `${password}\n${password}\n`);
signIn("dr.sato");
writeFileSync(join(dir, "patient.json"), JSON.stringify({
  name_kanji: "山田 花子", name_kana: "ヤマダ ハナコ", birth_date: "1974-03-02", sex: "female",
}));
cli(["patient", "add", join(dir, "patient.json")]);
// Forty demo patients (ids 2-41) with months of synthetic history, for the dashboard and analytics.
cli(["demo", "--patients", "40", "--lang", "ja"]);  // as scripts/run.sh loads it
const today = new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Tokyo" });  // the clinic's day
writeFileSync(join(dir, "ae.json"), JSON.stringify({
  patient_id: 1, onset_date: today, description: "urticaria after the drip", term: "Urticaria",
  ctcae_grade: 3, serious: false, causality: "possible", outcome: "recovering",
}));
cli(["ae", "record", join(dir, "ae.json")]);
const link = cli(["portal-link", "create", "1", "--measures", "phq9"]);
const portalPath = link.match(/\/portal\/[0-9a-f]{32}/)[0];

const { server, base, port } = await startServer(exo, work, 18000);

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
// Each check fails on a console error or failed request of any page it opened (watch).
const { check, finish, watch } = checks();
function expect(cond, what) {
  if (!cond) throw new Error(what);
}
// Waits until `selector`'s text (or value) includes `text`; a timeout names what it saw.
async function waitText(page, selector, text, timeout = 30000) {
  try {
    await page.waitForFunction(([sel, want]) => {
      const e = document.querySelector(sel);
      return !!e && ((e.value ?? "") + e.textContent).includes(want);
    }, [selector, text], { timeout });
  } catch (e) {
    const seen = await page.evaluate((sel) => { const e = document.querySelector(sel); return e ? (e.value ?? "") + e.textContent : "(no element)"; }, selector).catch(() => "?");
    throw new Error(`waiting for "${text}" in ${selector}; saw: ${String(seen).slice(0, 300)}`);
  }
}
// axe-core: no serious or critical violation. CSP forbids inline scripts, so this context
// bypasses CSP only to inject axe.
// The plan form asks for every clinical choice; the test makes each one, as a physician would.
async function fillPlan(page, { route, lot, goals, sites, dose, interval, sessions, start, infusion }) {
  await page.selectOption("#plan-form-route", route);
  await page.selectOption("#plan-form-lot_id", lot);
  for (const g of goals) await page.check(`#plan-form input[name=goals][value=${g}]`);
  for (const x of sites) await page.check(`#plan-form input[name=sites][value=${x}]`);
  await page.fill("#plan-form-dose_particles", dose);
  if (infusion !== undefined) await page.fill("#plan-form-infusion_minutes", infusion);
  await page.fill("#plan-form-interval_days", interval);
  await page.fill("#plan-form-sessions", sessions);
  await page.fill("#plan-form-start_date", start);
}

// The patient page: the record's tabs, and the actions that open a form.
async function openTab(page, id) {
  await page.click(`#tab-${id}`);
  await page.waitForSelector(`#panel-${id}:not([hidden])`);
}
async function act(page, action) {
  await page.click(`button[data-action='${action}']`);
}
async function planId(page, route) {
  const patient = page.url().match(/patients\/(\d+)/)[1];
  const plans = (await (await page.request.get(`${base}/api/v1/patients/${patient}/plans`)).json()).plans;
  return plans.find((x) => x.route === route).id;
}

async function axe(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.length === 0, `${name}: ${bad.map((v) => `${v.id} (${v.nodes.length})`).join(", ")}`);
}
// Every request any page makes: nothing may come from outside the server.
const outside = new Set();
async function newPage(width, locale) {
  // The device's zone is not the clinic's (Asia/Tokyo): every time typed, set with "now" or shown
  // must be the clinic's all the same, at any hour of the test run.
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale, bypassCSP: true, timezoneId: "America/Los_Angeles" });
  context.on("request", (r) => {
    const u = r.url();
    // Chromium's own PDF viewer (a consent preview opened in a new tab) and the chrome:// pages'
    // style sheets it uses are the browser, not a load from outside.
    const pdfViewer =
      u.startsWith("chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/") || u.startsWith("chrome://resources/");
    if (!u.startsWith(base) && !u.startsWith("data:") && !u.startsWith("blob:") && !pdfViewer && !u.startsWith(`http://127.0.0.1:${port + 1}`)) outside.add(u);
  });
  const page = await context.newPage();
  watch(page);
  return page;
}

for (const [locale, heading] of [["ja-JP", "エクソソーム（細胞外小胞）治療とは"], ["en-US", "What are exosome (extracellular vesicle) treatments?"]]) {
  await check(`public page in ${locale}`, async () => {
    for (const width of [390, 1280]) {
      const page = await newPage(width, locale);
      const res = await page.goto(`${base}/`);
      expect(res.ok(), `GET / → ${res.status()}`);
      expect((res.headers()["content-security-policy"] ?? "").includes("default-src 'self'"), "CSP header");
      await page.waitForSelector("h1");
      expect((await page.textContent("h1")) === heading, `heading: ${await page.textContent("h1")}`);
      expect((await page.textContent("main")).includes(locale === "ja-JP" ? "判断するのは医師です" : "A physician decides"), "physician decides");
      await axe(page, `about ${locale} ${width}`);
      await page.screenshot({ path: join(shots, `about-${locale}-${width}.png`), fullPage: true });
      await page.context().close();
    }
  });
}

await check("language switch", async () => {
  const page = await newPage(1280, "en-US");
  await page.goto(`${base}/app/#/about`);
  await page.click("#lang-switch");
  await page.waitForFunction(() => document.documentElement.lang === "ja");
  expect((await page.textContent("h1")).includes("エクソソーム"), "switched to Japanese");
  await page.context().close();
});

await check("log in and see the dashboard", async () => {
  for (const width of [1280, 390]) {
    const page = await newPage(width, "ja-JP");
    await page.goto(`${base}/app/#/login`);
    page.allow(/\/api\/v1\/login\?/);  // the wrong password is refused
    await page.fill("#username", "dr.sato");
    await page.fill("#password", "wrong password here");
    await page.click("button[type=submit]");
    await page.waitForSelector(".error:not(:empty)");
    await axe(page, `login ${width}`);
    await page.screenshot({ path: join(shots, `login-${width}.png`), fullPage: true });
    await page.fill("#password", password);
    await page.click("button[type=submit]");
    await page.waitForSelector("#alerts li");
    expect((await page.textContent("#alerts")).includes("Urticaria"), "the grade 3 event is an alert");
    await page.waitForSelector("#lots li");
    expect((await page.textContent("#lots")).includes("隔離保管"), "quarantined demo lots are listed");
    await axe(page, `dashboard ${width}`);
    await page.screenshot({ path: join(shots, `dashboard-${width}.png`), fullPage: true });
    await page.context().close();
  }
});

async function loggedIn(width, locale = "ja-JP", user = "dr.sato") {
  const page = await newPage(width, locale);
  await page.goto(`${base}/app/#/login`);
  await page.fill("#username", user);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#dashboard");
  return page;
}

await check("demo data is marked as demo on every page; a real patient is not", async () => {
  for (const width of [390, 1280]) {
    const page = await loggedIn(width);
    for (const path of ["#/dashboard", "#/lots", "#/patients", "#/patients/1", "#/patients/2", "#/analytics", "#/about"]) {
      await page.goto(`${base}/app/${path}`);
      await page.waitForSelector("#demo-banner");
      expect((await page.textContent("#demo-banner")).includes("架空"), `${path}: the banner says the patients are fictitious`);
    }
    await page.goto(`${base}/app/#/patients/2`);  // D0001
    await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("D0001") && document.querySelector("#overview"));
    expect((await page.textContent("#synthetic-patient")).includes("デモ（架空）"), "the demo patient is marked");
    await page.screenshot({ path: join(shots, `demo-patient-${width}.png`), fullPage: true });
    await page.goto(`${base}/app/#/patients/1`);  // registered by a person
    await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("山田 花子") && document.querySelector("#overview"));
    expect((await page.locator("#synthetic-patient").count()) === 0, "a real patient is not marked as demo");
    await page.goto(`${base}/app/#/patients?q=D000`);
    await page.waitForSelector("tbody tr");
    expect((await page.textContent("tbody")).includes("デモ（架空）"), "the search list marks demo patients");
    await page.goto(`${base}/app/#/analytics`);
    await page.waitForSelector("#an-demo-model");
    expect((await page.textContent("#an-demo-model")).includes("平均的な変化は入っていません"), "the analytics page states the synthetic model");
    await page.context().close();
  }
});

await check("import a certificate and release the lot", async () => {
  const page = await loggedIn(1280);
  await page.goto(`${base}/app/#/lots`);
  await page.waitForSelector("#import-form");
  await page.setInputFiles("#certificate-file", join(root, "tests", "data", "certificate_adipose.json"));
  await page.fill("#vials", "12");
  await page.click("#import-form button[type=submit]");
  await page.waitForSelector("#release-form");
  expect((await page.textContent("main")).includes("隔離保管"), "imported into quarantine");
  await page.check("#release-form input[value=topical]");
  await page.click("#release-form button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#lot-message")?.textContent?.length > 0);
  expect((await page.textContent("#lot-message")).includes("使用可にしました"), await page.textContent("#lot-message"));
  await page.context().close();
});

await check("release against the verdict: one reason per blocking criterion, typed in the dialog and stored with it", async () => {
  const page = await loggedIn(1280);
  // The adipose demo lot: endotoxin not disclosed, and the donor panel lacks HTLV-1,
  // parvovirus B19 and syphilis. One reason for the endotoxin must not release it (#13).
  await page.goto(`${base}/app/#/lots/2`);
  await page.waitForSelector("#release-form");
  expect(await page.locator("#release-form input:not(.check)").count() === 0, "no reason field before a route is chosen");
  expect(await page.isDisabled("#release-confirm"), "nothing to confirm before a route is chosen");
  // IV first: its verdict, the manufacturer's warning and a reason field per blocking criterion.
  await page.check("#release-form input[value=iv]");
  await waitText(page, "#release-preview [data-route=iv]", "製造元はこの経路を想定用途に挙げていません");
  expect((await page.textContent("#release-preview [data-route=iv]")).includes("使用不可"), await page.textContent("#release-preview"));
  await page.uncheck("#release-form input[value=iv]");
  await page.check("#release-form input[value=injection]");
  await page.waitForSelector("#override-reasons input");
  const fields = await page.$$eval("#override-reasons input", (es) => es.map((e) => [e.name, e.value, document.querySelector(`label[for="${e.id}"]`)?.textContent ?? ""]));
  expect(fields.length === 2 && fields.every(([, value]) => value === ""), `two empty reason fields: ${JSON.stringify(fields)}`);
  expect(fields[0][0] === "donor.screening" && fields[0][2].includes("ドナー感染症検査") && fields[1][0] === "tests.endotoxin" && fields[1][2].includes("エンドトキシン"),
    `labelled by the criteria's names: ${JSON.stringify(fields)}`);
  expect(fields.every(([name, , text]) => !text.includes(name)), `no raw ids in the labels: ${JSON.stringify(fields)}`);
  // Only the endotoxin acknowledged: refused in the page, naming the donor screening; nothing sent.
  await page.fill("#override-tests-endotoxin", "LAL report received by fax, filed");
  await page.click("#release-confirm");
  await page.waitForSelector("#release-message.error");
  expect((await page.textContent("#release-message")).includes("ドナー感染症検査"), await page.textContent("#release-message"));
  expect((await page.textContent("main")).includes("隔離保管"), "still in quarantine");
  for (const width of [390, 820, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, width);
    const small = await page.$$eval("#release-form button, #release-form input:not(.check), #release-form label.inline", (es) =>
      es.filter((e) => e.offsetParent !== null).map((e) => [e.outerHTML.slice(0, 60), Math.round(e.getBoundingClientRect().height)]).filter(([, h]) => h < 44));
    expect(small.length === 0, `controls under 44 px at ${width}: ${JSON.stringify(small)}`);
    await page.locator("#release-form").screenshot({ path: join(shots, `release-dialog-${width}.png`) });
  }
  await axe(page, "release dialog");
  await page.fill("#override-donor-screening", "manufacturer's donor panel seen, all negative");
  await page.click("#release-confirm");
  await waitText(page, "#lot-message", "使用可にしました");
  // Stored per criterion, as the API reads it back.
  const lot = await (await page.request.get(`${base}/api/v1/lots/2`)).json();
  const release = lot.events.find((e) => e.action === "release");
  const stored = Object.fromEntries(release.overridden.map((o) => [o.criterion, o.reason]));
  expect(release.override && release.actor === "dr.sato" && release.actor_name === "佐藤 一郎" && Object.keys(stored).length === 2 &&
         stored["tests.endotoxin"] === "LAL report received by fax, filed" &&
         stored["donor.screening"] === "manufacturer's donor panel seen, all negative", `stored: ${JSON.stringify(release)}`);
  // The history lists each criterion by its name with its reason; the QC table marks both.
  // The last row naming the reason is the history's (the QC table above names it too).
  const history = await page.locator("tbody tr", { hasText: "LAL report" }).last().textContent();
  // The person by name (#14), never their login id.
  expect(history.includes("局所注射") && history.includes("佐藤 一郎") && !history.includes("dr.sato") && history.includes("判定に反して") && history.includes("ドナー感染症検査") &&
         history.includes("all negative") && /\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}/.test(history), `history row: ${history}`);
  expect(await page.locator(".acknowledged").count() === 2, "the QC table shows both acknowledgements");
  // The page starts with a summary per route: the released route usable, IV not, with the
  // manufacturer's warning.
  const summary = (route) => page.textContent(`#route-summary [data-route=${route}]`);
  expect((await summary("injection")).includes("本日使用可"), `injection: ${await summary("injection")}`);
  expect((await summary("iv")).includes("本日使用不可") && (await summary("iv")).includes("製造元はこの経路を想定用途に挙げていません"), `iv: ${await summary("iv")}`);
  expect(await page.evaluate(() => document.querySelector("#route-summary")?.compareDocumentPosition(document.querySelector("#release-form")) === Node.DOCUMENT_POSITION_FOLLOWING), "the summary comes before the release form");
  await page.context().close();
});

await check("enter a certificate by hand: only what is filled is sent, errors name the field", async () => {
  const page = await loggedIn(1280);
  await page.goto(`${base}/app/#/lots`);
  await page.waitForSelector("#import-form");
  page.allow(/\/api\/v1\/qc\/evaluate\?/);  // the impossible expiry date is refused
  await page.click("details summary");
  await page.fill("#cert-product-name", "Hand-entered UC EV");
  await page.fill("#cert-product-manufacturer", "Paper Certificates KK");
  await page.fill("#cert-product-origin-species", "human");
  await page.fill("#cert-lot-number", "HAND-001");
  await page.fill("#cert-lot-manufactured-on", "2026-10-01");
  await page.fill("#cert-lot-expires-on", "2026-09-01");
  await page.click("#cert-check");
  await page.waitForSelector("#cert-result.error");
  expect((await page.textContent("#cert-result")).includes("/lot/expires_on"), await page.textContent("#cert-result"));
  await page.fill("#cert-lot-expires-on", "2027-10-01");
  await page.selectOption("#cert-tests-sterility", "negative");
  await page.fill("#cert-tests-endotoxin-eu-per-ml", "0.2");
  await page.click("#cert-check");
  await page.waitForFunction(() => document.querySelector("#cert-result .chip"));
  expect((await page.textContent("#cert-result")).includes("未開示の項目"), "counts what is not disclosed");
  await axe(page, "certificate form");
  await page.screenshot({ path: join(shots, "certificate-form-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 900 });
  await page.waitForFunction(() => document.documentElement.scrollWidth <= 390);
  await page.screenshot({ path: join(shots, "certificate-form-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.fill("#cert-vials", "10");
  await page.click("#cert-form button[type=submit]");
  await page.waitForSelector("#verdicts .chip");
  expect((await page.textContent("main")).includes("HAND-001") || (await page.textContent("h1")).includes("HAND-001"), "the new lot's page");
  expect((await page.textContent("main")).includes("隔離保管"), "in quarantine");
  await page.context().close();
});

await check("a clinic day: patient, intake, sign-off, plan, consent, session, aftercare, outcome, chart", async () => {
  const page = await loggedIn(1280);
  await page.goto(`${base}/app/#/patients`);
  await page.waitForSelector("#register-form");
  await page.fill("#name_kanji", "佐藤 美咲");
  await page.fill("#name_kana", "サトウ ミサキ");
  await page.fill("#birth_date", "1985-06-01");
  await page.fill("#phone", "090-2222-3333");
  await page.fill("#email", "misaki@example.jp");
  await page.click("#register-form button[type=submit]");
  expect(await page.evaluate(() => !document.querySelector("#register-form").checkValidity()), "the sex is not chosen for the patient");
  await page.selectOption("#sex", "female");
  await page.click("#register-form button[type=submit]");
  await page.waitForSelector("button[data-action=intake]");
  expect((await page.textContent("#contact")).includes("misaki@example.jp"), "contact details on the patient page");
  expect(await page.getAttribute("#tab-intake", "aria-selected") === "true" && await page.isHidden("#panel-plans"), "the intake tab is open, the others closed");
  expect(await page.locator("#intake").count() === 0, "the intake form opens only on its action");
  await act(page, "intake");
  await page.fill("#intake-age", "41");
  await page.fill("#intake-weight_kg", "52");
  await page.fill("#intake-medications", "aspirin");
  await page.check("#intake input[name=goals][value=skin]");
  await page.check("#intake input[name=planned_routes][value=topical]");
  await page.check("#intake input[name=planned_routes][value=iv]");
  await page.selectOption("#intake-smoker", "false");
  await page.selectOption("#intake-uv_exposure", "high");
  await page.click("#intake button[type=submit]");
  await page.waitForSelector("#screening .card .chip");
  expect((await page.textContent("#screening")).includes("医師の確認待ち"), "awaiting sign-off");
  // What the physician signs: the intake answers by their labels, each flag with its severity,
  // reason and source.
  {
    const answers = await page.textContent("#screening .intake-answers");
    for (const want of ["aspirin", "52", "点滴静注", "外用・頭皮", "いいえ"]) expect(answers.includes(want), `intake answers show ${want}: ${answers}`);
    const flags = await page.$$eval("#screening .flag", (fs) => fs.map((f) => [f.querySelector(".chip")?.textContent ?? "", f.querySelector("strong")?.textContent ?? "", f.querySelector(".source")?.textContent ?? ""]));
    expect(flags.length > 0, "aspirin with a drip raises a flag");
    for (const [severity, reason, source] of flags)
      expect(severity.length > 1 && reason.length > 5 && /^出典: .{5,}/.test(source), `a flag with severity, reason and source: ${severity} | ${reason} | ${source}`);
  }
  await page.fill("[id^=signoff-] input[name=note]", "aspirin: bruising explained");
  await page.click("[id^=signoff-] button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#screening")?.textContent?.includes("医師確認済み"));
  await openTab(page, "plans");
  expect(await page.locator("#plan-form").count() === 0, "the plan form opens only on its action");
  await act(page, "new-plan");
  // Nothing in the plan form is chosen for the physician: submitting it empty stores nothing.
  expect(await page.inputValue("#plan-form-route") === "" && await page.inputValue("#plan-form-dose_particles") === "" &&
         await page.locator("#plan-form input:checked").count() === 0, "the plan form starts empty");
  const localToday = new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Tokyo" });  // the clinic's day
  await fillPlan(page, { route: "topical", lot: "1", goals: ["skin"], sites: ["face", "neck"], dose: "2e9", interval: "28", sessions: "3", start: localToday });
  expect(await page.locator("#plan-form input[name=sites][value=whole_body]").isHidden(), "a drip site is not offered for a topical plan");
  await page.click("#plan-form button[type=submit]");
  await page.waitForSelector(".plan button.activate");
  expect((await page.textContent(".plan")).includes("消費税"), "cost with consumption tax");
  await page.click(".plan button.activate");
  await page.waitForFunction(() => document.querySelector(".plan h3")?.textContent?.includes("実施中"));
  expect(await page.getAttribute("#tab-plans", "aria-selected") === "true", "the plans tab stays open after the reload");
  // Without a signed consent no session can be recorded: the sessions tab says why.
  await openTab(page, "sessions");
  expect((await page.textContent("#panel-sessions .blocked")).includes("有効な同意がありません"), await page.textContent("#panel-sessions"));
  expect(await page.locator("button[data-action^='session-']").count() === 0, "no session action without consent");
  expect((await page.textContent("#overview-plans")).includes("1回 約20億個（2.0×10⁹個）") && (await page.textContent("#overview-plans")).includes("顔"),
    `the overview shows the active plan's dose and sites: ${await page.textContent("#overview-plans")}`);
  await openTab(page, "plans");
  // The patient reads the Japanese preview (a new tab); its content hash goes with the signature.
  {
    const [preview] = await Promise.all([page.waitForEvent("popup"), page.click("a.consent-preview[hreflang=ja]")]);
    await preview.waitForURL(/^blob:/);
    await preview.close();
  }
  await act(page, `consent-${await planId(page, "topical")}`);
  expect(await page.inputValue("[id^=consent-] select[name=lang]") === "", "the consent's language is not chosen for the patient");
  await page.selectOption("[id^=consent-] select[name=lang]", "ja");
  // Another person's name is refused; the refusal names the field by its label, not its id.
  page.allow(/\/api\/v1\/plans\/\d+\/consents\?/);
  await page.fill("[id^=consent-] input[name=typed_name]", "別人 太郎");
  await page.click("[id^=consent-] button[type=submit]");
  await page.waitForSelector("[id^=consent-] .error");
  {
    const refusal = await page.textContent("[id^=consent-] .error");
    const name = await page.textContent("[id^=consent-] label[for$=-typed_name]");
    expect(refusal.includes(name) && !refusal.includes("typed_name"), `the refusal names the field by its label: ${refusal}`);
  }
  await page.fill("[id^=consent-] input[name=typed_name]", "佐藤 美咲");
  // The signature pad: undo takes back a stroke, clear empties it; the patient signs again.
  const pad = () => page.evaluate(() => document.querySelector("canvas.signature").toDataURL());
  const blank = await pad();
  const box = await page.locator("canvas.signature").boundingBox();
  const stroke = async (points) => {
    await page.mouse.move(box.x + 20, box.y + 60);
    await page.mouse.down();
    for (const [x, y] of points) await page.mouse.move(box.x + x, box.y + y, { steps: 8 });
    await page.mouse.up();
  };
  await stroke([[120, 30], [220, 80]]);
  expect(await pad() !== blank, "a stroke is drawn");
  await page.click("[data-signature=undo]");
  expect(await pad() === blank, "undo takes back the stroke");
  await stroke([[200, 40]]);
  await page.click("[data-signature=clear]");
  expect(await pad() === blank, "clear empties the pad");
  await stroke([[120, 30], [220, 80]]);
  const signing = page.waitForRequest((r) => r.method() === "POST" && /\/consents\?/.test(r.url()) && r.postDataJSON()?.typed_name === "佐藤 美咲");
  await page.click("[id^=consent-] button[type=submit]");
  {
    const sent = (await signing).postDataJSON();
    expect(sent.lang === "ja" && /^[0-9a-f]{64}$/.test(sent.preview_sha256 ?? ""), `the signature names the language and the preview read: ${JSON.stringify({ lang: sent.lang, preview_sha256: sent.preview_sha256 })}`);
  }
  await page.waitForSelector(".plan .consented");
  await openTab(page, "sessions");
  await act(page, `session-${await planId(page, "topical")}`);
  await page.waitForSelector("[id^=session-]");
  // The clinic's day (rules/clinic.toml: Asia/Tokyo), not the machine's: the dashboard lists by it.
  const daySession = await page.evaluate(() => new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Tokyo" }));
  await page.fill("[id^=session-] input[name=operator]", "nurse.ito");
  expect(await page.inputValue("[id^=session-] input[name=performed_at]") === "" &&
         await page.inputValue("[id^=session-] input[name=reactions]") === "", "the session's time and reactions start empty");
  await page.click("[id^=session-] [id$=-performed_at-now]");
  await page.click("[id^=session-] button[type=submit]");
  await page.waitForSelector("#aftercare-link, [id^=session-] .error");
  expect(await page.locator("#aftercare-link").count() === 1, `session: ${await page.textContent("[id^=session-] [role=status]").catch(() => "")}`);
  const pdf = await page.request.get(await page.getAttribute("#aftercare-link", "href").then((h) => new URL(h, base).href));
  expect(pdf.status() === 200 && pdf.headers()["content-type"] === "application/pdf", `aftercare PDF ${pdf.status()}`);
  await openTab(page, "ae");
  await act(page, "ae");
  // An adverse event after the session, from the list of terms.
  // Grade, causality and outcome are judgements: none is pre-selected, and the form does not
  // go out until a person has chosen each.
  for (const f of ["ctcae_grade", "causality", "outcome", "session"])
    expect(await page.inputValue(`#ae-form-${f}`) === "", `the adverse-event form does not pre-select ${f}`);
  expect(await page.inputValue("#ae-form-onset_date") === "", "the onset date is not pre-filled");
  for (const f of ["onset_date", "term", "description", "ctcae_grade", "causality", "outcome", "session"])
    expect(await page.getAttribute(`#ae-form-${f}`, "required") !== null, `${f} is required`);
  // Only the term: the form refuses, naming every field still to fill or choose.
  await page.fill("#ae-form-term", "Injection site erythema");
  await page.click("#ae-form button[type=submit]");
  {
    const refusal = await page.textContent("#ae-form [role=status]");
    for (const f of ["onset_date", "description", "ctcae_grade", "causality", "outcome", "session"]) {
      const name = await page.textContent(`label[for=ae-form-${f}]`);
      expect(refusal.includes(name), `the refusal names ${name}: ${refusal}`);
    }
    expect(!refusal.includes(await page.textContent("label[for=ae-form-term]")), `the term was given: ${refusal}`);
    expect(!refusal.includes("ctcae_grade") && !refusal.includes("causality"), `no field ids in the refusal: ${refusal}`);
    // The server refuses the same record too, naming the field.
    const patient = page.url().match(/patients\/(\d+)/)[1];
    const r = await page.request.post(`${base}/api/v1/adverse-events`, {
      headers: { "X-CSRF-Token": await page.evaluate(async () => (await (await fetch("/api/v1/me")).json()).csrf_token) },
      data: { patient_id: Number(patient), term: "Injection site erythema" } });
    const body = await r.json();
    expect(r.status() === 422 || r.status() === 400, `server refusal status ${r.status()}`);
    expect(JSON.stringify(body.error.fields).length > 2, `the server names the field: ${JSON.stringify(body)}`);
  }
  await page.fill("#ae-form-description", "redness for two days");
  await page.fill("#ae-form-onset_date", localToday);
  await page.selectOption("#ae-form-ctcae_grade", "2");
  await page.selectOption("#ae-form-causality", "unlikely");
  await page.selectOption("#ae-form-outcome", "recovered");
  await page.fill("#ae-form-action_taken", "cold compress");
  await page.check("#ae-form-serious");
  await page.selectOption("#ae-form-criterion", "medically_important");
  // The session it followed is chosen too (the API does not list an event's sessions back yet:
  // the store reads them only for the lot signals).
  const linked = await page.evaluate(() => [...document.querySelectorAll("#ae-form-session option")].map((o) => o.value).find((v) => /^\d+$/.test(v)));
  await page.selectOption("#ae-form-session", linked);
  await page.click("#ae-form button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#adverse-events ul")?.textContent?.includes("注射部位紅斑"));
  expect((await page.textContent("#adverse-events")).includes("グレード 2"), "grade shown");
  {
    const patientId = page.url().match(/patients\/(\d+)/)[1];
    const stored = (await (await page.request.get(`${base}/api/v1/patients/${patientId}/adverse-events`)).json()).adverse_events
      .find((a) => a.term === "Injection site erythema");
    expect(stored && stored.ctcae_grade === 2 && stored.causality === "unlikely" && stored.outcome === "recovered" &&
           stored.onset_date === localToday && stored.description === "redness for two days" && stored.serious === true &&
           JSON.stringify(stored.seriousness_criteria) === '["medically_important"]' && stored.action_taken === "cold compress",
           `the stored adverse event is what was chosen: ${JSON.stringify(stored)}`);
  }
  await openTab(page, "outcomes");
  await act(page, "measurement");
  await page.selectOption("#measurement-form-measure", "corneometer");
  await page.fill("#measurement-form-value", "45.5");
  await page.click("#measurement-form-measured_on-now");
  await page.click("#measurement-form button[type=submit]");
  // The chart is drawn in the browser (uPlot on a canvas), with the values as text as well.
  await page.waitForSelector("#charts canvas");
  expect((await page.textContent("#charts figcaption")).includes("45.5"), "the value in the caption");
  // Axis units and a legend for the line and the session marks.
  {
    // uPlot draws the axes on the canvas; the labels it was given are kept on the figure.
    const axes = await page.getAttribute("#charts figure", "data-axes");
    expect(axes === "測定日 | 任意単位", `axis labels: ${axes}`);
    const legend = await page.textContent("#charts .chart-legend");
    expect(legend.includes("施術日") && legend.includes("任意単位"), `legend: ${legend}`);
  }
  expect(/Corneometer[)）]: 45\.5/.test(await page.textContent("main")), "timeline lists the measurement by its name");
  // A mistyped value is corrected with a reason: the old one stays, marked corrected.
  await page.click("#measurements details summary");
  await page.fill("#measurements [id^=correct-] input[name=value]", "54.5");
  await page.fill("#measurements [id^=correct-] input[name=reason]", "digits swapped");
  await page.click("#measurements [id^=correct-] button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#measurements")?.textContent?.includes("digits swapped"));
  expect((await page.textContent("#measurements")).includes("訂正済み"), "the old value is kept as corrected");
  expect((await page.textContent("#charts figcaption")).includes("54.5"), "the chart shows the corrected value");
  // An IV drip: the infusion time and the vital signs are typed by the physician and the nurse,
  // and what is stored is what they typed.
  await openTab(page, "plans");
  const plans = await page.locator(".plan").count();
  await act(page, "new-plan");
  await fillPlan(page, { route: "iv", lot: "1", goals: ["systemic"], sites: ["whole_body"], dose: "1e10", infusion: "45", interval: "28", sessions: "2", start: localToday });
  expect(await page.locator("#plan-form input[name=sites][value=face]").isHidden(), "a face site is not offered for a drip");
  await page.click("#plan-form button[type=submit]");
  await page.waitForFunction((n) => document.querySelectorAll(".plan").length > n, plans);
  await page.click(".plan button.activate");
  await page.waitForFunction(() => document.querySelector(".plan h3")?.textContent?.includes("実施中") && !document.querySelector(".plan button.activate"));
  await act(page, `consent-${await planId(page, "iv")}`);
  await page.selectOption("[id^=consent-] select[name=lang]", "ja");
  await page.fill("[id^=consent-] input[name=typed_name]", "佐藤 美咲");
  await page.click("[id^=consent-] button[type=submit]");
  await page.waitForFunction(() => document.querySelectorAll(".plan .consented").length === 2);
  await openTab(page, "sessions");
  await act(page, `session-${await planId(page, "iv")}`);
  await page.waitForSelector("form[id^=session-]:has(input[name=bp_systolic])");
  const ivForm = "form[id^=session-]:has(input[name=bp_systolic])";
  for (const f of ["bp_systolic", "bp_diastolic", "pulse", "temperature_c", "spo2"])
    expect(await page.inputValue(`${ivForm} input[name=${f}]`) === "", `${f} starts empty`);
  await page.fill(`${ivForm} input[name=operator]`, "nurse.ito");
  await page.click(`${ivForm} [id$=-performed_at-now]`);
  await page.fill(`${ivForm} input[name=bp_systolic]`, "128");
  await page.fill(`${ivForm} input[name=bp_diastolic]`, "82");
  await page.fill(`${ivForm} input[name=pulse]`, "66");
  await page.fill(`${ivForm} input[name=temperature_c]`, "36.8");
  await page.fill(`${ivForm} input[name=spo2]`, "98");
  await page.click(`${ivForm} button[type=submit]`);
  await page.waitForFunction(() => !document.querySelector("form[id^=session-]:has(input[name=bp_systolic]) .error") &&
    document.querySelectorAll("#sessions li, .plan").length > 0);
  {
    const patientId = page.url().match(/patients\/(\d+)/)[1];
    let iv;
    for (let i = 0; i < 50 && !iv; i++) {
      iv = (await (await page.request.get(`${base}/api/v1/patients/${patientId}/sessions`)).json()).sessions.find((x) => x.route === "iv");
      if (!iv) await new Promise((r) => setTimeout(r, 200));
    }
    expect(iv && iv.vitals && iv.vitals.bp_systolic === 128 && iv.vitals.bp_diastolic === 82 && iv.vitals.pulse === 66 &&
           iv.vitals.temperature_c === 36.8 && iv.vitals.spo2 === 98 && iv.reactions === "",
           `the stored vitals are the ones typed: ${JSON.stringify(iv)} ${await page.textContent(ivForm + " [role=status]").catch(() => "")}`);
    const plan = (await (await page.request.get(`${base}/api/v1/patients/${patientId}/plans`)).json()).plans.find((x) => x.route === "iv");
    expect(plan && plan.infusion_minutes === 45, `the stored infusion time is the one typed: ${JSON.stringify(plan)}`);
  }
  await axe(page, "patient clinical");
  await page.screenshot({ path: join(shots, "clinic-day-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 900 });
  // The tablet turned to a phone's width: the charts follow, nothing scrolls sideways.
  await page.waitForFunction(() => document.documentElement.scrollWidth <= 390);
  await page.screenshot({ path: join(shots, "clinic-day-390.png"), fullPage: true });
  // The dashboard lists today's session as done.
  await page.goto(`${base}/app/#/dashboard`);
  await page.waitForSelector("#today li");
  const todayText = await page.textContent("#today");
  // Past the clinic's midnight the session was yesterday's and the plan's next day is weeks away.
  const sameDay = daySession === (await page.evaluate(() => new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Tokyo" })));
  expect(!sameDay || (todayText.includes("佐藤 美咲") && todayText.includes("実施済み") && todayText.includes("1/3回目")), `today: ${todayText}`);
  await page.context().close();
});

// The patient registered by "a clinic day" (佐藤 美咲), found as staff would: by name and birth date.
async function clinicDayPatient(page) {
  const found = ((await (await page.request.get(`${base}/api/v1/patients?q=${encodeURIComponent("佐藤")}`)).json()).patients ?? [])
    .filter((x) => x.name_kanji === "佐藤 美咲" && x.birth_date === "1985-06-01");
  expect(found.length === 1, `the clinic day's patient: ${JSON.stringify(found)}`);
  return found[0].id;
}

await check("a second session sooner than the plan's interval: the physician types why, and it is stored", async () => {
  const page = await loggedIn(1280);
  const patient = await clinicDayPatient(page);
  const plan = (await (await page.request.get(`${base}/api/v1/patients/${patient}/plans`)).json()).plans.find((x) => x.route === "topical");
  await page.goto(`${base}/app/#/patients/${patient}?tab=sessions`);
  await page.waitForSelector(`button[data-action='session-${plan.id}']`);
  await act(page, `session-${plan.id}`);
  const form = `#session-${plan.id}`;
  await page.waitForSelector(form);
  expect(await page.isHidden(`${form}-interval_override_reason`), "no reason field before a time is chosen");
  await page.fill(`${form}-operator`, "dr.sato");
  await page.click(`${form}-performed_at-now`);
  // Today is within 28 days of this morning's session: the form says so and asks the physician why.
  await page.waitForSelector(`${form}-interval_override_reason`, { state: "visible" });
  expect((await page.textContent(`${form}-interval-note`)).includes("28"), await page.textContent(`${form}-interval-note`));
  expect(await page.inputValue(`${form}-interval_override_reason`) === "", "the reason starts empty");
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector(`${form} [role=status].error`);
  expect((await page.textContent(`${form} [role=status]`)).includes(await page.textContent(`label[for=session-${plan.id}-interval_override_reason]`)), "the empty reason is named");
  await page.fill(`${form}-interval_override_reason`, "flying abroad for three months; agreed with the patient");
  await page.click(`${form} button[type=submit]`);
  let stored;
  for (let i = 0; i < 50 && !stored; i++) {
    stored = (await (await page.request.get(`${base}/api/v1/patients/${patient}/sessions`)).json()).sessions
      .find((x) => x.plan_id === plan.id && x.interval_override_reason);
    if (!stored) await new Promise((r) => setTimeout(r, 200));
  }
  expect(stored && stored.interval_override_reason === "flying abroad for three months; agreed with the patient",
    `the stored reason is the one typed: ${JSON.stringify(stored)}`);
  await page.context().close();
});

await check("a second running plan on the same route: activation is refused until the physician types why, and the reason is stored", async () => {
  const page = await loggedIn(1280);
  const patient = await clinicDayPatient(page);
  const plansOf = async () => (await (await page.request.get(`${base}/api/v1/patients/${patient}/plans`)).json()).plans;
  const running = (await plansOf()).find((x) => x.route === "topical" && x.status === "active");
  expect(running, "the clinic day's topical plan is running");
  await page.goto(`${base}/app/#/patients/${patient}?tab=plans`);
  await page.waitForSelector("button[data-action='new-plan']");
  const before = await page.locator(".plan").count();
  await act(page, "new-plan");
  await page.waitForSelector("#plan-form");
  await fillPlan(page, { route: "topical", lot: "1", goals: ["skin"], sites: ["neck"], dose: "2e9", interval: "28", sessions: "2", start: today });
  await page.click("#plan-form button[type=submit]");
  await page.waitForFunction((n) => document.querySelectorAll(".plan").length > n, before);
  const draft = (await plansOf()).find((x) => x.route === "topical" && x.status === "draft");
  expect(draft, "the second topical plan is stored as a draft");
  const card = `.plan[data-plan='${draft.id}']`;
  page.allow(/\/api\/v1\/plans\/\d+\/activate\?/);  // refused (409) until the physician says why
  await page.click(`${card} button.activate`);
  const reason = `#activate-${draft.id}-override_reason`;
  await page.waitForSelector(reason);
  const refusal = await page.textContent(`${card} .activate-refusal [role=alert]`);
  expect(refusal.includes(`計画 ${running.id}`) && refusal.includes("外用・頭皮") && !refusal.includes("topical"), `the refusal names the running plan and the route: ${refusal}`);
  expect(await page.inputValue(reason) === "", "the reason starts empty");
  await page.click(`#activate-${draft.id} button[type=submit]`);
  await page.waitForSelector(`#activate-${draft.id} [role=status].error`);
  expect((await page.textContent(`#activate-${draft.id} [role=status]`)).includes(await page.textContent(`label[for=activate-${draft.id}-override_reason]`)), "the empty reason is named");
  expect((await plansOf()).find((x) => x.id === draft.id).status === "draft", "still a draft without a reason");
  const typed = "首のみ別枠で実施（患者の希望、医師判断）";
  await page.fill(reason, typed);
  await page.click(`#activate-${draft.id} button[type=submit]`);
  await page.waitForFunction((sel) => document.querySelector(`${sel} h3`)?.textContent?.includes("実施中"), card);
  const stored = (await plansOf()).find((x) => x.id === draft.id);
  expect(stored.status === "active" && stored.activation_override === typed && stored.activated_by === "dr.sato",
    `the stored activation is the one typed, by the physician: ${JSON.stringify({ s: stored.status, o: stored.activation_override, by: stored.activated_by })}`);
  expect((await page.textContent(card)).includes(typed), "the plan card shows why both run");
  await page.screenshot({ path: join(shots, "plan-activate-override-1280.png"), fullPage: false });
  await page.context().close();
});

await check("lots: register, QC report with sources, release and recall", async () => {
  for (const width of [1280, 390]) {
    const page = await loggedIn(width);
    await page.goto(`${base}/app/#/lots`);
    await page.waitForSelector("table a");
    expect((await page.locator("tbody tr").count()) >= 4, "the four demo lots");
    await axe(page, `lots ${width}`);
    await page.screenshot({ path: join(shots, `lots-${width}.png`), fullPage: true });
    await page.click("tbody tr:first-child a");
    await page.waitForSelector("#verdicts .chip");
    const criteria = await page.locator("tbody tr").count();
    expect(criteria >= 15, `every criterion listed (${criteria})`);
    await axe(page, `lot ${width}`);
    await page.screenshot({ path: join(shots, `lot-${width}.png`), fullPage: true });
    await page.context().close();
  }
  // Recall the lot of the clinic day: the patient treated from it is listed.
  const page = await loggedIn(1280);
  await page.goto(`${base}/app/#/lots/1`);
  await page.waitForSelector("#recall-form");
  await page.fill("#recall-reason", "supplier notice");
  await page.click("#recall-form button[type=submit]");
  await page.waitForSelector("#affected [role=status]");
  expect((await page.textContent("#affected")).includes("佐藤 美咲"), "the treated patient is listed");
  await page.context().close();
});

await check("the recall's follow-up is on the dashboard and can be marked done", async () => {
  const page = await loggedIn(1280);
  await page.waitForSelector("#followups li button");
  const before = await page.locator("#followups li").count();
  expect((await page.textContent("#followups")).includes("回収の連絡"), await page.textContent("#followups"));
  await page.click("#followups li button");
  await page.waitForFunction((n) => document.querySelectorAll("#followups li").length < n || document.querySelector("#followups p"), before);
  await page.reload();
  await page.waitForSelector("#followups li, #followups p");
  expect((await page.locator("#followups li").count()) === before - 1, "gone after a reload");
  await page.context().close();
});

await check("the lot page a patient reaches from the QR code, after the recall", async () => {
  const staff = await loggedIn(1280);
  const lot = await (await staff.request.get(`${base}/api/v1/lots/1`)).json();
  await staff.context().close();
  for (const [locale, heading, recalled] of [["ja-JP", "製品ロットの品質情報", "回収されました"], ["en-US", "Quality information about this product lot", "has been recalled"]]) {
    for (const width of [390, 1280]) {
      const page = await newPage(width, locale);
      await page.goto(`${base}/lots/public/${lot.public_token}`);
      await page.waitForSelector("#disclosure li");
      expect(page.url().includes("/app/#/lot/"), `redirected to the app: ${page.url()}`);
      expect((await page.textContent("h1")) === heading, `heading: ${await page.textContent("h1")}`);
      expect((await page.textContent("[role=alert]")).includes(recalled), "the recall is shown");
      expect((await page.locator("tbody tr").count()) >= 15, "every criterion");
      const text = await page.textContent("main");
      expect(!text.includes("佐藤") && !text.includes("山田"), "no patient data");
      await axe(page, `public lot ${locale} ${width}`);
      await page.screenshot({ path: join(shots, `public-lot-${locale}-${width}.png`), fullPage: true });
      await page.context().close();
    }
  }
  // A mistyped or withdrawn code: a clear message, in the page's design.
  const lost = await newPage(390, "en-US");
  lost.allow(/\/api\/v1\/public\/lots\/0{32}\?/);  // no such lot: the page says so
  await lost.goto(`${base}/lots/public/${"0".repeat(32)}`);
  await lost.waitForSelector("[role=alert]");
  expect((await lost.textContent("[role=alert]")).length > 5, "an error message");
  await lost.context().close();
  // Without the web application's script: the plain page.
  const plain = await fetch(`${base}/lots/public/${lot.public_token}?plain=1&lang=en`);
  expect(plain.status === 200 && (await plain.text()).includes("<table>"), "plain page");
});

await check("the sessions tab says why a session cannot be recorded: all recorded, lot recalled", async () => {
  const page = await loggedIn(1280);
  const get = async (path) => (await page.request.get(`${base}/api/v1/${path}`)).json();
  // A plan with every session recorded, and an active plan on the lot recalled above.
  let used, recalled;
  for (let patient = 1; patient <= 45 && !(used && recalled); patient++) {
    const plans = (await get(`patients/${patient}/plans`)).plans ?? [];
    const sessions = (await get(`patients/${patient}/sessions`)).sessions ?? [];
    for (const p of plans.filter((x) => x.status === "active")) {
      const done = sessions.filter((x) => x.plan_id === p.id).length;
      if (done >= p.sessions) used ??= [patient, p.id];
      else if (p.lot_id === 1 && !recalled &&
               ((await get(`plans/${p.id}/consents`)).consents ?? []).some((x) => !x.withdrawn_at))
        recalled = [patient, p.id];  // consented: the lot is what stops it
    }
  }
  expect(used && recalled, `found the plans: ${used} ${recalled}`);
  for (const [[patient, plan], reason] of [[used, "すべて記録済み"], [recalled, "使用できません"]]) {
    await page.goto(`${base}/app/#/patients/${patient}?tab=sessions`);
    await page.waitForSelector(`#panel-sessions [data-action='session-${plan}']`);
    expect(await page.locator(`button[data-action='session-${plan}']`).count() === 0, `no session action on plan ${plan}`);
    const said = await page.textContent(`#panel-sessions [data-action='session-${plan}']`);
    expect(said.includes(reason), `plan ${plan}: ${said}`);
  }
  await page.context().close();
});

await check("patients: search, register, timeline", async () => {
  for (const width of [1280, 390]) {
    const page = await loggedIn(width);
    await page.goto(`${base}/app/#/patients?q=${encodeURIComponent("山田")}`);
    await page.waitForSelector("tbody a");
    await axe(page, `patients ${width}`);
    await page.screenshot({ path: join(shots, `patients-${width}.png`), fullPage: true });
    await page.click("tbody a");
    await page.waitForSelector("#screening");
    expect((await page.textContent("#whoami")) === "佐藤 一郎", "the header names the signed-in person, not the login id");
    // A section is built when its tab opens (the page shows the overview and one section).
    expect(await page.locator("#panel-documents > *").count() === 0, "the documents tab is not built before it opens");
    await openTab(page, "documents");
    expect((await page.textContent("#panel-documents")).includes("有害事象"), "timeline shows the adverse event");
    await openTab(page, "ae");
    expect((await page.textContent("#adverse-events")).includes("Urticaria"), "the adverse event is listed");
    await axe(page, `patient ${width}`);
    await page.screenshot({ path: join(shots, `patient-${width}.png`), fullPage: true });
    await page.context().close();
  }
  const page = await loggedIn(1280);
  await page.goto(`${base}/app/#/patients`);
  await page.waitForSelector("#register-form");
  await page.fill("#name_kanji", "鈴木 一郎");
  await page.fill("#name_kana", "スズキ イチロウ");
  await page.fill("#birth_date", "1968-01-20");
  await page.selectOption("#sex", "male");
  await page.click("#register-form button[type=submit]");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent?.includes("鈴木 一郎"));
  const firstUrl = page.url();
  // The same name and birth date again (issue #13): flagged, with the record already there, and a
  // question the person answers; nothing is registered until they tick it.
  page.allow(/\/api\/v1\/patients\?/);  // the likely duplicate is refused (409) until confirmed
  await page.goto(`${base}/app/#/patients`);
  await page.waitForSelector("#register-form");
  expect(await page.isHidden("#distinct-row"), "the question is not asked before it applies");
  await page.fill("#name_kanji", "鈴木　一郎");
  await page.fill("#name_kana", "スズキ イチロウ");
  await page.fill("#birth_date", "1968-01-20");
  await page.selectOption("#sex", "male");
  await page.click("#register-form button[type=submit]");
  await waitText(page, "#register-form [role=status]", "同じ生年月日");
  const warning = await page.textContent("#register-form [role=status]");
  expect(warning.includes("鈴木 一郎") && !warning.includes(" — "), `the existing record is named, in one sentence: ${warning}`);
  expect(await page.isVisible("#distinct-row") && (await page.textContent("#distinct-row")).includes("登録済みの方とは別人であることを確認しました"),
    "the question is asked beside the button");
  expect(await page.isVisible("#distinct-row") && !(await page.isChecked("#confirmed_distinct")), "the question is shown, unticked");
  await page.screenshot({ path: join(shots, "patient-duplicate-1280.png"), fullPage: true });
  const before = (await (await page.request.get(`${base}/api/v1/patients?q=${encodeURIComponent("イチロウ")}`)).json()).patients.length;
  expect(before === 1, `nothing registered yet (${before})`);
  await page.check("#confirmed_distinct");
  await page.click("#register-form button[type=submit]");
  await page.waitForFunction((u) => location.href !== u && document.querySelector("h1")?.textContent?.includes("鈴木"), firstUrl);
  const after = (await (await page.request.get(`${base}/api/v1/patients?q=${encodeURIComponent("イチロウ")}`)).json()).patients;
  expect(after.length === 2 && after.some((p) => p.name_kanji === "鈴木　一郎"), `registered as typed: ${JSON.stringify(after.map((p) => p.name_kanji))}`);
  await page.context().close();
});

await check("a phone's width: controls at least 44 px, checkboxes sized up, tables as cards, tabs by keyboard", async () => {
  const page = await loggedIn(390);
  await page.goto(`${base}/app/#/patients/2`);
  await page.waitForSelector("[role=tab]");
  // The visible elements matching `selector`, each with its size.
  const sizes = (selector) => page.$$eval(selector, (es) => es.filter((e) => e.offsetParent !== null).map((e) => {
    const r = e.getBoundingClientRect();
    return [e.outerHTML.slice(0, 80), Math.round(r.width), Math.round(r.height)];
  }));
  const atLeast = async (selector, what, w, h) => {
    const found = await sizes(selector);
    expect(found.length > 0, `no ${what} on the page`);
    for (const [html, width, height] of found) expect(width >= w && height >= h, `${what} ${width}×${height} px: ${html}`);
  };
  await atLeast("[role=tab]", "tab", 44, 44);
  await atLeast("button[data-action]", "action button", 44, 44);
  await atLeast("header nav a, header nav button", "navigation link", 44, 44);
  await act(page, "intake");
  await atLeast("#intake input.check", "checkbox", 24, 24);
  await atLeast("#intake label.inline", "checkbox row", 44, 44);
  await atLeast("#intake button, #intake select, #intake input:not(.check)", "form control", 44, 44);
  await openTab(page, "documents");
  await atLeast("#documents .links a", "link in a list", 44, 44);
  // The tabs by keyboard: the arrow keys move and open, Home and End go to the ends.
  await page.focus("#tab-documents");
  await page.keyboard.press("ArrowRight");
  expect(await page.evaluate(() => document.activeElement?.id === "tab-intake") && await page.isVisible("#panel-intake"), "ArrowRight wraps to the first tab");
  await page.keyboard.press("End");
  expect(await page.evaluate(() => document.activeElement?.id === "tab-documents") && await page.isHidden("#panel-intake"), "End opens the last tab");
  expect(await page.locator("[role=tab][tabindex='0']").count() === 1, "one tab in the Tab order");
  // Below 600 px a table is a list of cards, each value under its column's name.
  await openTab(page, "sessions");
  const cell = await page.$eval("#sessions tbody td", (td) => [getComputedStyle(td).display, getComputedStyle(td, "::before").content]);
  expect(cell[0] === "block" && cell[1].includes("施術日時"), `a session row as a card: ${cell}`);
  await page.waitForFunction(() => document.documentElement.scrollWidth <= 390);
  await axe(page, "patient 390");
  await page.context().close();
});

for (const locale of ["ja-JP", "en-US"]) {
  await check(`checklist and self-check in ${locale}`, async () => {
    for (const width of [390, 1280]) {
      const page = await newPage(width, locale);
      await page.goto(`${base}/app/#/checklist`);
      await page.waitForSelector("#checklist li");
      expect((await page.locator("#checklist li").count()) === 5, "five points");
      await axe(page, `checklist ${locale} ${width}`);
      await page.screenshot({ path: join(shots, `checklist-${locale}-${width}.png`), fullPage: true });
      await page.goto(`${base}/app/#/self-check`);
      await page.waitForSelector("#selfcheck");
      await page.check("#anticoagulant");
      await page.check("#cond-pregnancy");
      await page.click("#selfcheck button[type=submit]");
      await page.waitForSelector("#selfcheck-result li");
      const text = await page.textContent("#selfcheck-result");
      expect(/妊娠|pregnan/i.test(text), `pregnancy is a point to discuss: ${text}`);
      expect(!/suitable|適応があります/.test(text), "never says suitable");
      expect(text.includes(locale === "ja-JP" ? "診断ではありません" : "not a diagnosis"), "says it is not a diagnosis");
      await axe(page, `self-check ${locale} ${width}`);
      await page.screenshot({ path: join(shots, `selfcheck-${locale}-${width}.png`), fullPage: true });
      await page.context().close();
    }
  });
}

await check("analytics: a measure without data gives a clear error; corneometer gives the model and its figures", async () => {
  for (const width of [1280, 390]) {
    const page = await loggedIn(width);
    await page.goto(`${base}/app/#/analytics`);
    page.allow(/\/api\/v1\/analyses\?/);  // no TEWL data: refused with the reason
    await page.waitForSelector("#analysis-form");
    await page.selectOption("#an-measure", "tewl");
    await page.click("#analysis-form button[type=submit]");
    await page.waitForSelector("#an-result [role=alert]");
    expect((await page.textContent("#an-result")).length > 10, "an error message");
    await page.selectOption("#an-measure", "corneometer");
    await page.check("input[value=route]");
    await page.check("input[value=sleep_hours]");
    // The model's request as the browser sees it (issue #17: under 300 ms on a quiet machine).
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/v1/analyses") && r.request().method() === "POST", { timeout: 60000 }),
      page.click("#analysis-form button[type=submit]"),
    ]);
    await answer.finished();
    const ms = answer.request().timing().responseEnd;
    console.log(`     analytics (${width} px): POST /api/v1/analyses answered in ${ms.toFixed(0)} ms`);
    expect(answer.status() === 200, `the analysis answered ${answer.status()}`);
    // The goal is 300 ms; the limit is three times that, for a machine running other test
    // suites beside this one (ctest -j2 on 2 cores).
    expect(ms >= 0 && ms < 900, `the analysis took ${ms.toFixed(0)} ms (goal 300 ms, limit 900 ms under load)`);
    await page.waitForSelector("#an-result figure img", { timeout: 60000 });
    const text = await page.textContent("#an-result");
    expect(text.includes("初回からの週数") && text.includes("睡眠時間") && text.includes("切片"), `fixed effects listed by name: ${text.slice(0, 300)}`);
    expect(!/weeks_since_first|sleep_hours|\(Intercept\)|isSingular/.test(text), "no model column names or English warnings on the Japanese page");
    expect((await page.locator("#an-result figure img").count()) >= 2, "forest plot and trajectories");
    await axe(page, `analytics ${width}`);
    await page.screenshot({ path: join(shots, `analytics-${width}.png`), fullPage: true });
    await page.context().close();
  }
});

await check("analytics: lot is offered as a random effect and a fit with it shows the lot's variance component", async () => {
  for (const locale of ["ja-JP", "en-US"]) {
    const page = await loggedIn(1280, locale);
    await page.goto(`${base}/app/#/analytics`);
    await page.waitForSelector("#analysis-form");
    expect((await page.locator("#an-random-effects input[value=lot]").count()) === 1, "the lot option exists");
    expect((await page.locator("#an-random-effects input[value=clinic]").count()) === 1, "the clinic option exists");
    await page.selectOption("#an-measure", "corneometer");
    await page.check("#an-random-effects input[value=lot]");
    await page.click("#analysis-form button[type=submit]");
    await page.waitForSelector("#an-random tr[data-group=lot_key]", { timeout: 60000 });
    const row = await page.textContent("#an-random tr[data-group=lot_key]");
    expect(row.includes(locale === "ja-JP" ? "ロット" : "lot"), `the lot row is named in ${locale}`);
    const sd = Number((await page.locator("#an-random tr[data-group=lot_key] td").nth(2).textContent()).trim());
    expect(Number.isFinite(sd) && sd >= 0, `the lot SD is a number (${sd})`);
    const text = await page.textContent("#an-result");
    expect(text.includes(locale === "ja-JP" ? "級内相関" : "intraclass correlation"), "the variance shares are shown");
    expect(text.includes(locale === "ja-JP" ? "交絡" : "confounded with time"), "the note on what a lot variance means");
    expect((await page.locator("#an-result figure img").count()) >= 3, "forest, caterpillar of lots and trajectories");
    await axe(page, `analytics lot ${locale}`);
    await page.screenshot({ path: join(shots, `analytics-lot-${locale}.png`), fullPage: true });
    await page.context().close();
  }
});

await check("settings: an administrator adds a user and sees no clinical data", async () => {
  for (const width of [1280, 390]) {
    const page = await loggedIn(width, "en-US", "admin.tanaka");
    // No clinical card at all for an administrator: the lot register's summary only.
    await page.waitForSelector("#dashboard #lots");
    expect(await page.locator("#dashboard > section").count() === 1, "the administrator's dashboard holds the lots only");
    await page.goto(`${base}/app/#/settings`);
    await page.waitForSelector("#user-form");
    if (width === 1280) {
      page.allow(/\/api\/v1\/users\?/);  // the physician without a registration number is refused
      // No role is chosen for the administrator: the empty choice is refused by name.
      expect(await page.inputValue("#user-form-role") === "", "the role starts unchosen");
      await page.fill("#user-form-username", "nurse.ito");
      await page.fill("#user-form-display_name", "伊藤 早紀");
      await page.fill("#user-form-password", password);
      await page.click("#user-form button[type=submit]");
      await waitText(page, "#user-form [role=status]", "Role");
      await page.selectOption("#user-form-role", "nurse");
      await page.click("#user-form button[type=submit]");
      await waitText(page, "main", "伊藤 早紀");
      // A physician without a registration number is refused naming it; with one, stored.
      await page.fill("#user-form-username", "dr.mori");
      await page.fill("#user-form-display_name", "森 直人");
      await page.selectOption("#user-form-role", "physician");
      await page.fill("#user-form-password", password);
      await page.click("#user-form button[type=submit]");
      await page.waitForSelector("#user-form [role=status].error");
      expect((await page.textContent("#user-form [role=status]")).includes("registration"), await page.textContent("#user-form [role=status]"));
      await page.fill("#user-form-registration_number", "３４５６７８");
      await page.click("#user-form button[type=submit]");
      await waitText(page, "main", "森 直人");
      // The name is edited in place and read back as typed.
      await page.click("button[data-edit-user='dr.mori']");
      await page.fill("#profile-form-display_name", "森 直人（皮膚科）");
      await page.click("#profile-form button[type=submit]");
      await waitText(page, "main", "森 直人（皮膚科）");
      const stored = await page.evaluate(async () => (await (await fetch("/api/v1/users")).json()).users.find((u) => u.username === "dr.mori"));
      expect(stored.display_name === "森 直人（皮膚科）" && stored.registration_number === "345678" && stored.role === "physician", JSON.stringify(stored));
      // Disable the new user, then enable again.
      await page.click("button[data-user='nurse.ito']");
      await waitText(page, "button[data-user='nurse.ito']", "Enable");
      await page.click("button[data-user='nurse.ito']");
      await waitText(page, "button[data-user='nurse.ito']", "Disable");
      // Rule files: a broken text is refused with the reason, a valid one saved.
      page.allow(/\/api\/v1\/settings\/(rules\/clinic|clinic)\?/);
      await page.waitForSelector("#rules-form");
      await page.selectOption("#rule-file", "clinic");
      await waitText(page, "#rule-text", "[prices.per_session]");  // clinic.toml, not the first file
      const original = await page.inputValue("#rule-text");
      await page.fill("#rule-text", original + "\n[[broken");
      await page.click("#rules-form button[type=submit]");
      await page.waitForSelector("#rule-message.error");
      await page.fill("#rule-text", original + "\n# checked in the browser\n");
      await page.click("#rules-form button[type=submit]");
      await waitText(page, "#rule-message", "Saved");
      expect(readFileSync(join(rules, "clinic.toml"), "utf8").includes("# checked in the browser"), "file written");
      // The clinic form: an impossible date is refused naming the key; a new topical price is in
      // force at once.
      const dates = await page.inputValue("#closed-dates");
      await page.fill("#closed-dates", dates + "\n2027-02-30");
      await page.click("#clinic-form button[type=submit]");
      await page.waitForSelector("#clinic-message.error");
      expect((await page.textContent("#clinic-message")).includes("closed.dates"), await page.textContent("#clinic-message"));
      await page.fill("#closed-dates", dates);
      await page.fill("#price-topical", "33000");
      await page.check("#closed-saturday");
      await page.click("#clinic-form button[type=submit]");
      await waitText(page, "#clinic-message", "in force now");
      const toml = readFileSync(join(rules, "clinic.toml"), "utf8");
      expect(toml.includes("topical = 33000") && toml.includes('"saturday"'), "clinic.toml rewritten");
    }
    await axe(page, `settings ${width}`);
    await page.screenshot({ path: join(shots, `settings-${width}.png`), fullPage: true });
    await page.context().close();
  }
});

await check("the new price applies without a restart; dates and money in the locale's format", async () => {
  for (const [locale, money, date] of [["en-US", /¥99,000/, /[A-Z][a-z]{2} \d{1,2}, \d{4}/], ["ja-JP", /99,000円/, /\d{4}年\d{1,2}月\d{1,2}日/]]) {
    const page = await loggedIn(1280, locale);
    await page.goto(`${base}/app/#/patients/2?tab=plans`);  // demo patient D0001, its plans tab
    await act(page, "new-plan");
    await page.waitForSelector("#plan-form");
    const start = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
    // Lot 1 was recalled by an earlier check: the physician picks a lot still released.
    const lot = await page.evaluate(() => [...document.querySelectorAll("#plan-form-lot_id option")].map((o) => o.value).find((v) => v !== ""));
    await fillPlan(page, { route: "topical", lot, goals: ["skin"], sites: ["face"], dose: "2e9", interval: "28", sessions: "3", start });
    const before = await page.locator(".plan").count();
    await page.click("#plan-form button[type=submit]");
    // The new plan, or the form's refusal (named in the failure rather than a bare timeout).
    await page.waitForFunction((n) => document.querySelectorAll(".plan").length > n || document.querySelector("#plan-form [role=status]")?.textContent, before);
    expect(await page.locator(".plan").count() > before, `the plan was not stored: ${await page.textContent("#plan-form [role=status]").catch(() => "")}`);
    const card = await page.textContent(".plan");  // the newest plan comes first
    expect(money.test(card), `${locale} price: ${card}`);
    expect(date.test(card), `${locale} date: ${card}`);
    await page.context().close();
  }
});

await check("a patient fills a questionnaire from a portal link", async () => {
  const page = await newPage(390, "ja-JP");
  await page.goto(`${base}${portalPath}?lang=ja`);
  expect((await page.textContent("h1")).includes("質問票"), "portal heading");
  expect(!(await page.content()).includes("山田"), "no patient details on the portal");
  await axe(page, "portal");
  await page.screenshot({ path: join(shots, "portal-390.png"), fullPage: true });
  // Styled like the app: the answers are radio rows of at least 44 px, with the scale's words.
  expect(await page.evaluate(() => getComputedStyle(document.querySelector("button[type=submit]")).backgroundColor) === "rgb(31, 95, 168)", "the portal's stylesheet applies");
  const rows = await page.$$eval(".scale label", (ls) => ls.map((l) => Math.round(l.getBoundingClientRect().height)));
  expect(rows.length === 9 * 4 && rows.every((h) => h >= 44), `nine questions of four 44 px answers: ${rows.length}, min ${Math.min(...rows)}`);
  expect((await page.textContent(".scale label:first-child")).includes("全くない"), "each answer with the scale's words");
  expect((await page.textContent("#progress")).includes("1 / 1"), "the progress");
  for (let i = 1; i <= 9; i++) await page.check(`input[name=a${i}][value="1"]`);
  await page.click("button[type=submit]");
  await page.waitForSelector("[role=status]");
  expect((await page.textContent("[role=status]")).includes("受け付けました"), "saved");
  // Item 9 above 0: where to turn today, each public line with its source, first on the page.
  await page.waitForSelector(".crisis");
  const crisis = await page.textContent(".crisis");
  expect(crisis.includes("0120-279-338") && crisis.includes("いのちの電話") && crisis.includes("出典"), `crisis lines: ${crisis}`);
  expect(await page.locator(".crisis a[href^='tel:']").count() >= 3, "the numbers can be called from the phone");
  await axe(page, "portal after item 9");
  await page.screenshot({ path: join(shots, "portal-crisis-390.png"), fullPage: true });
  await page.context().close();
});

// Reference bands where the catalogue has them (#15): the PHQ-9 chart shades and names its
// published bands and says where they come from; a measure without cut-offs has none.
await check("the PHQ-9 chart shows its reference bands with their source", async () => {
  const page = await loggedIn(820);
  await page.goto(`${base}/app/#/patients/1`);
  await page.waitForSelector("#overview");
  await openTab(page, "outcomes");
  await page.waitForSelector("#charts", { state: "attached" });
  await page.locator("#charts").scrollIntoViewIfNeeded();  // charts are drawn when they come into view
  await page.waitForSelector("#charts figure");
  const phq = page.locator("#charts figure", { hasText: "PHQ-9" });
  await phq.waitFor();
  const note = await phq.locator(".chart-bands").textContent();
  expect(note.includes("5〜9 軽度") && note.includes("20〜27 重度") && note.includes("診断ではありません"), `bands: ${note}`);
  expect(note.includes("区分の出典") && note.includes("Kroenke"), `source: ${note}`);
  await axe(page, "chart with bands");
  await phq.screenshot({ path: join(shots, "chart-phq9-bands-820.png") });
  await page.context().close();
});

await check("staff make a questionnaire link on the patient page; the patient answers it on a phone", async () => {
  const staff = await loggedIn(1280);
  await staff.goto(`${base}/app/#/patients/1`);
  await openTab(staff, "outcomes");
  await act(staff, "portal");
  await staff.waitForSelector("#portal-form");
  await staff.check("input[name=portal-measure][value=k6]");
  await staff.click("#portal-form button[type=submit]");
  await staff.waitForSelector("#portal-url");
  // The link patients get is the clinic's public address (serve --public-url), never the
  // address this browser used to reach the server (issue #16); the test's phone opens the same
  // path on the test server.
  const url = await staff.getAttribute("#portal-url", "href");
  expect(url.startsWith("https://clinic.example.jp/portal/"), url);
  expect((await staff.locator("#portal-result img").count()) === 1, "a QR code");
  await axe(staff, "portal link");
  await staff.context().close();
  for (const width of [390, 820, 1280]) {
    const phone = await newPage(width, "en-US");
    await phone.goto(base + new URL(url).pathname);
    expect((await phone.textContent("main")).includes("K6"), "the chosen questionnaire");
    await phone.screenshot({ path: join(shots, `portal-k6-${width}.png`), fullPage: true });
    if (width === 390) {
      for (let i = 1; i <= 6; i++) await phone.check(`input[name=a${i}][value="1"]`);
      await phone.click("button[type=submit]");
      await phone.waitForSelector("[role=status]");
    }
    await phone.context().close();
  }
});

await check("first start: the setup page creates the administrator from the one-time token", async () => {
  const freshDb = join(dir, "fresh.db");
  const freshPort = port + 1;
  const fresh = spawn(exo, ["--db", freshDb, "--rules", rules, "serve", "--port", String(freshPort)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  fresh.stdout.on("data", (d) => (out += d));
  for (let i = 0; i < 100 && !/[0-9a-f]{32}/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
  const token = out.match(/[0-9a-f]{32}/)?.[0];
  expect(token, "the server printed a setup token");
  const page = await newPage(390, "en-US");
  await page.goto(`http://127.0.0.1:${freshPort}/app/#/login`);
  await page.click("a[href='#/setup']");
  await page.waitForSelector("#setup-form");
  await axe(page, "setup");
  await page.screenshot({ path: join(shots, "setup-390.png"), fullPage: true });
  await page.fill("#setup-form-setup_token", token);
  await page.fill("#setup-form-username", "admin.first");
  await page.fill("#setup-form-display_name", "最初の 管理者");
  await page.fill("#setup-form-password", password);
  await page.click("#setup-form button[type=submit]");
  await page.waitForSelector("#username");
  await page.fill("#username", "admin.first");
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#dashboard");
  await page.context().close();
  fresh.kill();
});

await check("keyboard only: skip link, then log in with Tab and Enter", async () => {
  const page = await newPage(1280, "en-US");
  await page.goto(`${base}/app/#/login`);
  await page.waitForSelector("#username");
  // Each page puts the focus on its content; from the top of the document the skip link is first.
  expect(await page.evaluate(() => document.activeElement?.id === "main"), "focus on the content after a route change");
  expect(await page.evaluate(() => document.querySelector("a, button, input, select, textarea")?.classList.contains("skip")), "the skip link comes first");
  await page.focus("a.skip");
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement?.id === "main" && location.hash === "#/login"), "focus on the content, same page");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.id === "username"), "then the user name");
  await page.keyboard.type("dr.sato");
  await page.keyboard.press("Tab");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#alerts");
  await page.context().close();
});

// The front desk (#15): reception checks a patient in when she arrives, on her page or on the
// day's list; the time is the tap's (nobody types it), the dashboard shows who has arrived, and a
// mistaken check-in is undone after a confirmation. Read back through the API each time.
await check("reception checks a patient in, sees her on the day's list, and undoes a mistake", async () => {
  const page = await loggedIn(390, "ja-JP", "desk.abe");
  const checkIns = async () => (await (await page.request.get(`${base}/api/v1/check-ins`)).json()).check_ins;
  expect((await checkIns()).length === 0, "nobody has arrived yet");
  await page.goto(`${base}/app/#/patients/1`);
  await page.waitForSelector("[data-check-in='1']");
  expect((await page.textContent(".check-in")).includes("未受付"), "not checked in yet");
  const before = Date.now();
  await page.click("[data-check-in='1']");
  await waitText(page, ".check-in", "受付済み");
  const stored = await checkIns();
  expect(stored.length === 1 && stored[0].patient_id === 1 && stored[0].checked_in_by_name === "阿部 受付", JSON.stringify(stored));
  const at = Date.parse(stored[0].checked_in_at);
  expect(at >= before - 2000 && at <= Date.now() + 2000, `stored at the tap: ${stored[0].checked_in_at}`);
  expect(!/\d{4}-\d{2}-\d{2}T/.test(await page.textContent(".check-in")), "the time as people read it");
  await page.goto(`${base}/app/#/dashboard`);
  await page.waitForSelector("#today .check-in");
  const today = await page.textContent("#today");
  expect(today.includes("山田 花子") && today.includes("受付済み") && today.includes("施術予定なし"), `the day's list: ${today.slice(0, 300)}`);
  await axe(page, "reception dashboard");
  await page.screenshot({ path: join(shots, "dashboard-reception-checked-in-390.png"), fullPage: true });
  const small = await page.$$eval("#today button", (bs) => bs.map((b) => b.getBoundingClientRect()).filter((r) => r.width < 44 || r.height < 44).length);
  expect(small === 0, `${small} buttons of the day's list smaller than 44 px`);
  page.once("dialog", (d) => d.accept());
  await page.click("#today [data-undo-check-in]");
  await page.waitForFunction(() => !document.querySelector("#today [data-undo-check-in]"));
  expect((await checkIns()).length === 0, "undone: nobody stands checked in");
  await page.context().close();
});

await check("no page loaded anything from outside the server", async () => {
  expect(outside.size === 0, [...outside].join(", "));
});

await browser.close();
server.kill();
finish();

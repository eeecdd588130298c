// How long a person waits for the app's pages (#15: each page interactive in < 500 ms on loopback
// with the demo clinic; a patient page in at most 6 API requests). Its own ctest (web_speed),
// run with nothing else of the suite beside it (RUN_SERIAL): it measures the page as a clinic's
// tablet sees it, not the test suite's load. The medians go to bench/RESULTS.md.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checks, scratch, startServer } from "./harness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, "web", "package.json"));
const { chromium } = require("playwright-core");
const build = process.argv[2] ?? join(root, "build");
const exo = join(build, "exoclinic");
const work = scratch(root, exo, "speed");
const password = "a long enough password";
// The demo clinic: four lots and forty patients (ids 1-40) with months of history.
work.cli(["user", "add", "dr.sato", "--role", "physician", "--display-name", "佐藤 一郎", "--registration-number", "123456"], `${password}\n${password}\n`);
work.cli(["demo", "--patients", "40"]);
const { server, base } = await startServer(exo, work, 22000);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const { check, finish, watch } = checks();
const expect = (cond, what) => { if (!cond) throw new Error(what); };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (xs) => `${xs.map(Math.round).join("/")} ms (median ${Math.round(median(xs))})`;

async function signedIn() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
  const page = await context.newPage();
  watch(page);
  await page.goto(`${base}/app/#/login`);
  await page.fill("#username", "dr.sato");
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#dashboard");
  return page;
}

await check("the patient page: one overview read, at most 6 API requests, interactive in < 500 ms", async () => {
  const page = await signedIn();
  const api = [];
  page.on("request", (r) => { if (r.url().includes("/api/")) api.push(new URL(r.url()).pathname); });
  // Only the built files (hashed names, no patient data) may be kept by the browser.
  const caching = {};
  page.on("response", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith("/app/assets/")) caching.asset = r.headers()["cache-control"];
    if (path.endsWith("/overview")) caching.overview = r.headers()["cache-control"];
  });
  // The icon opened as a document of its own makes Chromium ask /favicon.ico, which the app
  // never names (its pages link /app/favicon.svg).
  page.allow(/\/favicon\.ico$/);
  const ready = () => page.waitForFunction(() => document.querySelector("#overview") && document.querySelector("#tab-intake") && performance.now());
  const full = [], move = [], requests = [], cold = [], floor = [];
  for (let i = 0; i < 5; i++) {
    // A cold start (from about:blank: Chromium makes a new renderer process), judged like the
    // others (median < 500 ms), and Chromium's own floor for it, the app's script-free icon the
    // same way, printed only (~200 ms on a quiet 2-core VM, ~400 ms when it is busy).
    await page.goto("about:blank");
    await page.goto(`${base}/app/favicon.svg`);
    floor.push(await page.evaluate(() => performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd));
    await page.goto("about:blank");
    await page.goto(`${base}/app/#/patients/2`);
    cold.push(await (await ready()).jsonValue());
    // A full load as a clinic's tablet opens the address or reloads with the app in use: a new
    // document (the app's code, who is signed in, the overview) from a page of the server.
    api.length = 0;
    await page.goto(`${base}/app/favicon.svg`);
    await page.goto(`${base}/app/#/patients/2`);
    full.push(await (await ready()).jsonValue());
    requests.push(api.length);
    expect(api.length <= 6, `a full load made ${api.length} API requests: ${api.join(", ")}`);
    expect(api.filter((x) => x.endsWith("/overview")).length === 1, `one overview read: ${api.join(", ")}`);
    // A move from another page of the app.
    await page.evaluate(() => { location.hash = "#/patients"; });
    await page.waitForSelector("#register-form");
    api.length = 0;
    const start = await page.evaluate(() => { const t = performance.now(); location.hash = "#/patients/2"; return t; });
    move.push(await (await ready()).jsonValue() - start);
    expect(api.length <= 6, `a move made ${api.length} API requests: ${api.join(", ")}`);
  }
  // What the page shows came from the overview: the demo patient's plans and values.
  expect(await page.locator("#overview-plans, #overview-values").count() === 2, "overview parts");
  expect(caching.overview === "no-store" && (caching.asset ?? "").includes("immutable"), `caching: ${JSON.stringify(caching)}`);
  console.log(`     patient page: full load ${ms(full)}, move ${ms(move)}; API requests per full load ${requests.join("/")}`);
  console.log(`     cold start from about:blank ${ms(cold)}; Chromium's floor (the icon, no script) ${ms(floor)}`);
  expect(median(full) < 500, `full load median ${Math.round(median(full))} ms`);
  expect(median(move) < 500, `move median ${Math.round(median(move))} ms`);
  // The cold start is judged when Chromium's own floor shows a machine that is not stalled (its
  // median under 300 ms; ~200 ms quiet). On a machine so busy that Chromium alone needs more, the
  // page's time says more about the machine than the app: printed, not judged.
  if (median(floor) < 300)
    expect(median(cold) < 500, `cold start median ${Math.round(median(cold))} ms (Chromium's floor ${Math.round(median(floor))} ms)`);
  else
    console.log(`     cold start not judged: Chromium's floor median ${Math.round(median(floor))} ms (≥ 300 ms, the machine is busy)`);
  await page.context().close();
});

// The other pages a clinic opens all day, each moved to from the patient list five times.
await check("dashboard, lot register, patient list and analytics: each interactive in < 500 ms", async () => {
  const page = await signedIn();
  // The dashboard is ready when its day card has loaded (no aria-busy): a list on an open day, its
  // empty text on a day the demo clinic is closed (Sundays in Tokyo), when the suite may run too.
  const pages = [["dashboard", "#today"], ["lots", "main table"], ["patients", "#register-form"],
                 ["analytics", "#analysis-form"]];
  const results = [];
  for (const [hash, selector] of pages) {
    const times = [];
    for (let i = 0; i < 5; i++) {
      await page.evaluate(() => { location.hash = "#/about"; });
      await page.waitForSelector("h1");
      const start = await page.evaluate((h) => { const t = performance.now(); location.hash = `#/${h}`; return t; }, hash);
      const done = await page.waitForFunction((s) => {
        const busy = document.querySelector("[aria-busy=true]");
        return !busy && document.querySelector(s) && performance.now();
      }, selector);
      times.push(await done.jsonValue() - start);
    }
    results.push([hash, times]);
    console.log(`     ${hash}: ${ms(times)}`);
  }
  for (const [hash, times] of results) expect(median(times) < 500, `${hash}: median ${Math.round(median(times))} ms`);
  await page.context().close();
});

await browser.close();
server.kill();
finish();

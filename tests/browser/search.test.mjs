// Browser tests of the search box of a site built by the real polydoc binary, served over a
// loopback HTTP server started here: nothing of search loads before the box is used; a query
// finds the page of its own locale in another inflection of the word (German, Spanish and
// English stemming); the results work from the keyboard; axe-core finds no serious or critical
// violation with the results open; a locale split into index shards is searched as a whole;
// after an incremental build that put a changed page into the delta bundle, the page is found
// as it is now, once, with its own link; without JavaScript there is no box; no request leaves
// the loopback server.
//
// Needs: the polydoc binary ($POLYDOC_BIN, default target/debug/polydoc, built by cargo),
// Chromium at $CHROMIUM (default /usr/bin/chromium), `npm ci` in this folder.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, readdirSync, existsSync, statSync, rmSync, cpSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join, resolve, normalize, extname, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const targetDir = process.env.CARGO_TARGET_DIR || join(repo, "target");
const bin = process.env.POLYDOC_BIN || join(targetDir, "debug", "polydoc");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
};

let site, server, origin, browser, editedServer, editedOrigin;
const requests = [];

function serve(root) {
  return createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) path = join(root, "missing");
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
    if (!existsSync(path)) {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(readFileSync(join(root, "404.html")));
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream" });
    res.end(readFileSync(path));
  });
}

before(async () => {
  assert.ok(existsSync(bin), `polydoc binary not found at ${bin}: run cargo build first`);
  assert.ok(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
  site = mkdtempSync(join(tmpdir(), "polydoc-search-"));
  // Two pages per search shard: each locale's index is split into shards the browser merges,
  // so every query below also proves that a page found in any shard is found.
  execFileSync(bin, ["build", "--root", repo, "--out", join(site, "public"), "--no-cache", "-q"], {
    stdio: "inherit",
    env: { ...process.env, POLYDOC_SEARCH_SHARD_PAGES: "2" },
  });
  for (const locale of ["en", "de", "es"]) {
    const shards = readFileSync(join(site, "public", "pagefind", locale, "shards.js"), "utf8");
    // The page the queries below find is in a merged shard, not in the primary bundle.
    const primary = join(site, "public", "pagefind", locale, "fragment");
    const urls = readdirSync(primary).map((f) => JSON.parse(gunzipSync(readFileSync(join(primary, f))).subarray(12).toString()).url);
    assert.ok(!urls.includes(`/${locale}/create-chat/`), `${locale}: create-chat is in the primary bundle: ${urls}`);
    assert.match(shards, /^export default \["shard-\d+\/"(, "shard-\d+\/")*\];\nexport const delta = null;\nexport const stale = \[\];\n$/, `${locale} is split into shards`);
  }
  server = serve(join(site, "public"));
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  // A copy of the project, built, then built again after the German title of Create chat
  // changed: the incremental build puts the changed pages into the delta bundle (used here
  // whatever the shards' size) and lists their shard copies as stale.
  const edited = join(site, "edited");
  for (const part of ["content", "locales", "templates"]) cpSync(join(repo, part), join(edited, part), { recursive: true });
  const env = { ...process.env, POLYDOC_SEARCH_SHARD_PAGES: "2", POLYDOC_SEARCH_DELTA_MIN: "1" };
  execFileSync(bin, ["build", "--root", edited, "--out", join(edited, "public"), "-q"], { stdio: "inherit", env });
  const ftl = join(edited, "locales", "de", "create-chat.ftl");
  const text = readFileSync(ftl, "utf8");
  assert.ok(text.includes("\ntitle = Chat erstellen\n"));
  writeFileSync(ftl, text.replace("\ntitle = Chat erstellen\n", "\ntitle = Zwiebelkuchen erstellen\n"));
  execFileSync(bin, ["build", "--root", edited, "--out", join(edited, "public"), "-q"], { stdio: "inherit", env });
  const shards = readFileSync(join(edited, "public", "pagefind", "de", "shards.js"), "utf8");
  assert.match(shards, /\nexport const delta = "shard-delta\/";\nexport const stale = \[.*"\/de\/create-chat\/".*\];\n$/, `a delta: ${shards}`);
  editedServer = serve(join(edited, "public"));
  await new Promise((ok) => editedServer.listen(0, "127.0.0.1", ok));
  editedOrigin = `http://127.0.0.1:${editedServer.address().port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  await new Promise((ok) => (editedServer ? editedServer.close(ok) : ok()));
  if (site) rmSync(site, { recursive: true, force: true });
});

async function newPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const seen = [];
  page.on("request", (r) => { requests.push(r.url()); seen.push(r.url()); });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // A failed load shows as a console error without its URL; the response handler names it.
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text()));
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && errors.push(`${r.status()} ${r.url()}`));
  return { context, page, errors, seen };
}

/** Types `query` into the search box and waits for the results (or the no-result line). */
async function search(page, query) {
  await page.fill("#site-search-input", query);
  await page.waitForFunction(
    (q) => {
      const list = document.getElementById("site-search-results");
      return !list.hidden && (list.getAttribute("data-query") === q || list.querySelector(".site-search-empty"));
    },
    query,
    { timeout: 15000 },
  );
  return page.$$eval("#site-search-results a", (as) => as.map((a) => ({ href: a.getAttribute("href"), title: a.querySelector(".site-search-title").textContent })));
}

/** The page's own text, lowercased: proves a query's word form is not on the page. */
async function pageText(page) {
  return (await page.evaluate(() => document.querySelector("main").textContent)).toLowerCase();
}

test("no search file loads until the box is used, then only from this site", async () => {
  const { context, page, errors, seen } = await newPage();
  await page.goto(`${origin}/de/create-chat/`);
  await page.waitForLoadState("networkidle");
  const searchFiles = (list) => list.filter((u) => u.includes("/pagefind/") || u.endsWith("/search.js"));
  assert.deepEqual(searchFiles(seen), [], "search files loaded with the page");
  assert.ok(await page.isVisible("#site-search-input"), "the box shows with JavaScript");
  await page.focus("#site-search-input");
  await page.waitForFunction(() => document.querySelector("form.site-search").getAttribute("data-ready") === "1");
  await search(page, "Chat");
  const loaded = searchFiles(seen);
  assert.ok(loaded.some((u) => u.endsWith("/assets/search.js")), "search script on demand");
  assert.ok(loaded.some((u) => u.includes("/pagefind/de/pagefind.js")), "the German bundle on demand");
  assert.deepEqual(loaded.filter((u) => u.includes("/pagefind/") && !u.includes("/pagefind/de/")), [], "no other locale's bundle");
  assert.deepEqual(errors, []);
  await context.close();
});

// Each query is a form of a word that is not on the page, whose stem is: found only by stemming
// in the page's language, and only in that locale.
const QUERIES = [
  { locale: "de", query: "Unterhaltungsmitgliedern", title: "Chat erstellen" },
  { locale: "es", query: "inquilinos", title: "Crear chat" },
  { locale: "en", query: "initiating", title: "Create chat" },
];

for (const { locale, query, title } of QUERIES) {
  test(`a ${locale} query finds the ${locale} page in another inflection`, async () => {
    const { context, page, errors } = await newPage();
    await page.goto(`${origin}/${locale}/`);
    const results = await search(page, query);
    assert.deepEqual(results.map((r) => r.title), [title]);
    assert.equal(new URL(results[0].href, page.url()).pathname, `/${locale}/create-chat/`);
    await Promise.all([page.waitForNavigation(), page.click("#site-search-results a")]);
    assert.equal(new URL(page.url()).pathname, `/${locale}/create-chat/`);
    assert.ok(!(await pageText(page)).includes(query.toLowerCase()), `"${query}" itself is not on the page`);
    const marked = await (async () => {
      await search(page, query);
      return page.$$eval("#site-search-results mark", (ms) => ms.map((m) => m.textContent));
    })();
    assert.ok(marked.length > 0, "the excerpt marks the matched word");
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("a query finds nothing in another locale's pages", async () => {
  const { context, page } = await newPage();
  await page.goto(`${origin}/en/create-chat/`);
  assert.deepEqual(await search(page, "Unterhaltungsmitgliedern"), []);
  assert.equal(await page.textContent("#site-search-status"), "No pages match your search.");
  await context.close();
});

test("search works from the keyboard alone", async () => {
  const { context, page } = await newPage();
  await page.goto(`${origin}/es/`);
  for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.id)) !== "site-search-input"; i++) {
    await page.keyboard.press("Tab");
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input", "Tab reaches the box");
  await page.keyboard.type("miembros");
  await page.waitForSelector("#site-search-results a");
  assert.match(await page.textContent("#site-search-status"), /^Páginas encontradas: [1-9][0-9]*$/);
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.closest("#site-search-results") !== null), true, "Down moves into the results");
  await page.keyboard.press("Escape");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input", "Escape returns to the box");
  assert.ok(await page.isHidden("#site-search-results"), "Escape closes the results");
  // Down walks the results to the last one (and stays there); Up walks back to the box.
  await page.keyboard.press("ArrowDown");
  const count = await page.$$eval("#site-search-results a", (links) => links.length);
  for (let i = 0; i < count; i++) await page.keyboard.press("ArrowDown");
  const last = await page.$$eval("#site-search-results a", (links) => links[links.length - 1].getAttribute("href"));
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), last, "Down stops at the last result");
  for (let i = 0; i < count; i++) await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input", "Up from the first result returns to the box");
  await page.keyboard.press("Enter");
  const hrefs = await page.$$eval("#site-search-results a", (links) => links.map((a) => a.href));
  assert.ok(hrefs.some((h) => new URL(h).pathname === "/es/create-chat/"), `the operation page is found: ${hrefs}`);
  const focused = await page.evaluate(() => document.activeElement.href);
  assert.equal(focused, hrefs[0], "Enter in the box moves to the first result");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert.equal(page.url(), hrefs[0], "Enter on a result opens it");
  await context.close();
});

for (const scheme of ["light", "dark"]) {
  test(`axe-core: no serious or critical violation with results open (${scheme})`, async () => {
    const { context, page } = await newPage({ colorScheme: scheme });
    for (const { locale, query } of QUERIES) {
      await page.goto(`${origin}/${locale}/create-chat/`);
      await search(page, query);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } }),
      );
      const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      console.log(`axe ${scheme} ${locale} with results: ${result.violations.length} violation(s), ${bad.length} serious or critical`);
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), []);
    }
    await context.close();
  });
}

test("a page in the delta bundle is found as it is now, once, with its own link", async () => {
  const { context, page, errors } = await newPage();
  await page.goto(`${editedOrigin}/de/`);
  for (const query of ["Zwiebelkuchen", "Unterhaltungsmitgliedern"]) {
    // Other pages show the new title too (the area page, the contents): each is found once.
    const results = await search(page, query);
    const links = results.map((r) => new URL(r.href, page.url()));
    assert.deepEqual(links.filter((l) => l.hash !== ""), [], `${query}: no link has the delta mark`);
    const paths = links.map((l) => l.pathname);
    assert.equal(new Set(paths).size, paths.length, `${query}: a page found twice: ${paths}`);
    const found = results.filter((r, i) => paths[i] === "/de/create-chat/");
    assert.deepEqual(found.map((r) => r.title), ["Zwiebelkuchen erstellen"], `${query}: the page as it is now`);
    assert.ok(!results.some((r) => r.title === "Chat erstellen"), `${query}: the stale copy is dropped`);
  }
  await Promise.all([page.waitForNavigation(), page.click('#site-search-results a[href$="create-chat/"]')]);
  assert.equal(new URL(page.url()).pathname, "/de/create-chat/");
  assert.deepEqual(errors, []);
  await context.close();
});

test("without JavaScript there is no search box", async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto(`${origin}/de/create-chat/`);
  assert.equal(await page.locator("form.site-search").count(), 1);
  assert.ok(await page.isHidden("form.site-search"), "a box that cannot work is not shown");
  await context.close();
});

test("every search request went to the loopback server", () => {
  assert.ok(requests.some((u) => u.includes("/pagefind/")), "the index was loaded");
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin + "/") && !u.startsWith(editedOrigin + "/")), [], "requests to other hosts");
});

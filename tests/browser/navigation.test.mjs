// Browser tests of the site's navigation, built by the real polydoc binary and served over a
// loopback HTTP server started here: the sidebar (areas, the current page marked, collapsible
// and usable without JavaScript), breadcrumbs, "In this article", heading anchors (copy the
// section's address), the language switcher keeping the #fragment, type links and type pages,
// untranslated text marked (lang="en" and a localized note) with the landing page's coverage,
// Learn links in the page's locale, no page wider than a 320/390 px phone in any locale, and
// axe-core (no serious or critical violation) on the new pages.
//
// Two sites are built: the shipped project, and a copy whose German and Spanish lack the
// `summary` message and whose English `title` changed since it was translated (stale).
//
// Needs: the polydoc binary ($POLYDOC_BIN, default target/debug/polydoc, built by cargo),
// Chromium at $CHROMIUM (default /usr/bin/chromium), `npm ci` in this folder.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, statSync, rmSync, cpSync, readdirSync } from "node:fs";
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
const LOCALES = ["en", "de", "es"];
const OP = "create-chat";
const LONG = "getSkypeForBusinessPeerToPeerActivityMinuteCountsWithAVeryLongIdentifier";
const UNTRANSLATED = { de: "noch nicht übersetzt", es: "aún no traducido" };

let tmp, server, origin, browser;

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8" };

function serve(root) {
  return createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) path = join(root, "missing");
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
    if (!existsSync(path)) {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream" });
    res.end(readFileSync(path));
  });
}

/** A copy of the shipped project with de/es missing `summary`, the English title changed, and a
 *  second operation in a nested area (`chat-long`, under `chat`) whose title is one word wider
 *  than a phone, as imported titles are (`getSkypeForBusinessPeerToPeerActivityMinuteCounts`). */
function driftedProject(dir) {
  for (const part of ["content", "locales"]) cpSync(join(repo, part), join(dir, part), { recursive: true });
  const spec = readFileSync(join(dir, "content", "chat", `${OP}.yaml`), "utf8").replace(/^id: .*$/m, `id: ${OP}-long`);
  mkdirSync(join(dir, "content", "chat-long"));
  writeFileSync(join(dir, "content", "chat-long", `${OP}-long.yaml`), spec);
  for (const locale of LOCALES) {
    const ftl = readFileSync(join(dir, "locales", locale, `${OP}.ftl`), "utf8");
    writeFileSync(join(dir, "locales", locale, `${OP}-long.ftl`), ftl.replace(/^title = .*$/m, `title = ${LONG}`));
  }
  for (const locale of ["de", "es"]) {
    const file = join(dir, "locales", locale, `${OP}.ftl`);
    writeFileSync(file, readFileSync(file, "utf8").replace(/^summary = .*\n/m, ""));
  }
  const en = join(dir, "locales", "en", `${OP}.ftl`);
  writeFileSync(en, readFileSync(en, "utf8").replace(/^title = .*$/m, "title = Create a chat"));
}

before(async () => {
  assert.ok(existsSync(bin), `polydoc binary not found at ${bin}: run cargo build first`);
  assert.ok(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
  tmp = mkdtempSync(join(tmpdir(), "polydoc-nav-"));
  execFileSync(bin, ["build", "--root", repo, "--out", join(tmp, "www", "shipped"), "--no-cache", "-q"], { stdio: "inherit" });
  driftedProject(join(tmp, "drifted"));
  execFileSync(bin, ["build", "--root", join(tmp, "drifted"), "--out", join(tmp, "www", "drifted"), "--no-cache", "-q"], { stdio: "inherit" });
  server = serve(join(tmp, "www"));
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function open(path, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && errors.push(`${r.status()} ${r.url()}`));
  if (path) await page.goto(origin + path);
  return { context, page, errors };
}

/** Every page of a built site below `www/<site>`, as server paths. */
function sitePages(site) {
  const root = join(tmp, "www", site);
  const out = [];
  const walk = (dir, rel) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${rel}${entry.name}/`);
      else if (entry.name === "index.html") out.push(`/${site}/${rel}`);
    }
  };
  walk(root, "");
  return out.sort();
}

test("the sidebar lists the areas, opens the current one and marks the page, also without JavaScript", async () => {
  for (const javaScriptEnabled of [true, false]) {
    const { context, page, errors } = await open(`/shipped/de/${OP}/`, { javaScriptEnabled });
    const sidebar = page.locator("nav.sidebar");
    assert.equal(await sidebar.count(), 1, "one sidebar");
    const current = sidebar.locator('a[aria-current="page"]');
    assert.equal(await current.count(), 1, "exactly one current entry");
    assert.equal(await current.getAttribute("href"), `../${OP}/`);
    assert.match(await current.textContent(), /Chat erstellen/);
    const area = sidebar.locator("details").filter({ has: page.locator('a[aria-current="page"]') });
    assert.equal(await area.count(), 1, "the current page's area is a <details>");
    assert.equal(await area.getAttribute("open"), "", "and it is open");
    // Collapsible: the summary closes it, hiding the operation.
    await area.locator("summary").first().click();
    assert.equal(await current.isVisible(), false, "closed area hides its operations");
    await area.locator("summary").first().click();
    assert.ok(await current.isVisible());
    // The area's page lists the operation and marks itself in the sidebar.
    await Promise.all([page.waitForURL(`${origin}/shipped/de/_area/chat/`), sidebar.locator('a[href="../_area/chat/"]').first().click()]);
    assert.equal(await page.locator(`main a[href="../../${OP}/"]`).count(), 1, "the area page links to the operation");
    assert.equal(await page.locator('nav.sidebar a[aria-current="page"]').count(), 1);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("a nested area sits under its parent in the sidebar and the breadcrumbs", async () => {
  const { context, page } = await open(`/drifted/en/${OP}-long/`);
  const current = page.locator('nav.sidebar a[aria-current="page"]');
  assert.equal(await current.count(), 1);
  // chat (open) > chat-long as "long" (open) > the operation.
  const chain = await current.evaluate((a) => {
    const out = [];
    for (let d = a.closest("details"); d; d = d.parentElement.closest("details")) out.unshift([d.querySelector("summary").textContent, d.open]);
    return out;
  });
  assert.deepEqual(chain, [["chat", true], ["long", true]]);
  const crumbs = await page.$$eval("nav.breadcrumbs li", (lis) => lis.map((l) => l.textContent.trim()));
  assert.deepEqual(crumbs.slice(1, 3), ["chat", "long"]);
  // The previous page link leads across areas, to Create chat.
  await Promise.all([page.waitForURL(`${origin}/drifted/en/${OP}/`), page.locator("nav.page-nav a[rel=prev]").click()]);
  await context.close();
});

test("breadcrumbs lead from the page up to the landing page", async () => {
  const { context, page } = await open(`/shipped/es/${OP}/`);
  const crumbs = page.locator("nav.breadcrumbs li");
  assert.equal(await crumbs.count(), 3);
  assert.equal(await crumbs.last().locator('[aria-current="page"]').count(), 1);
  await Promise.all([page.waitForURL(`${origin}/shipped/es/`), crumbs.first().locator("a").click()]);
  assert.equal(await page.getAttribute("html", "lang"), "es");
  await context.close();
});

test('"In this article" lists every section heading and leads to it', async () => {
  for (const locale of LOCALES) {
    const { context, page } = await open(`/shipped/${locale}/${OP}/`);
    const h2 = await page.$$eval("main h2[id]", (hs) => hs.map((h) => h.id));
    const toc = await page.$$eval("nav.toc a", (as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(toc, h2.map((id) => `#${id}`), `${locale}: contents = the h2 headings`);
    await page.locator('nav.toc a[href="#examples"]').click();
    assert.equal(new URL(page.url()).hash, "#examples");
    await context.close();
  }
});

test("every section heading has an anchor link that copies the section's address", async () => {
  const { context, page } = await open(`/shipped/en/${OP}/`, { permissions: ["clipboard-read", "clipboard-write"] });
  const headings = await page.$$eval("main h2[id], main h3[id]", (hs) => hs.map((h) => [h.id, h.querySelector("a.anchor")?.getAttribute("href")]));
  assert.ok(headings.length >= 8, "headings found");
  for (const [id, href] of headings) assert.equal(href, `#${id}`, `heading ${id} has its anchor`);
  const anchor = page.locator('h2#response a.anchor');
  await anchor.hover();
  await anchor.click();
  assert.equal(new URL(page.url()).hash, "#response");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, `${origin}/shipped/en/${OP}/#response`);
  await context.close();
});

test("the language switcher keeps the reader's place (#fragment)", async () => {
  const { context, page } = await open(`/shipped/en/${OP}/#request-body`);
  await Promise.all([page.waitForURL(`${origin}/shipped/de/${OP}/#request-body`), page.locator('.lang-switcher a[hreflang="de"]').click()]);
  // A place reached after loading (a contents link) is kept too.
  await page.locator('nav.toc a[href="#examples"]').click();
  await Promise.all([page.waitForURL(`${origin}/shipped/es/${OP}/#examples`), page.locator('.lang-switcher a[hreflang="es"]').click()]);
  assert.equal(await page.getAttribute("html", "lang"), "es");
  await context.close();
});

test("type names link to type pages, which show properties, inheritance, members and users", async () => {
  const { context, page, errors } = await open(`/shipped/de/${OP}/`);
  // The request body table's type cells and the summary's type name link to type pages.
  const bodyLinks = await page.$$eval("section.request-body table a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(bodyLinks.includes("../_type/chatType/"), `body table links chatType: ${bodyLinks}`);
  assert.ok(bodyLinks.includes("../_type/conversationMember/"), `body table links conversationMember: ${bodyLinks}`);
  assert.equal(await page.locator('p.summary a[href="../_type/chat/"]').count(), 1, "the summary links chat");
  await Promise.all([page.waitForURL(`${origin}/shipped/de/_type/conversationMember/`), page.locator('section.request-body a[href="../_type/conversationMember/"]').first().click()]);
  assert.equal((await page.locator("h1").textContent()).trim(), "conversationMember");
  assert.equal(await page.locator('section a[href="../../_type/entity/"]').count() >= 1, true, "base type entity linked");
  assert.equal(await page.locator('main a[href="../../_type/aadUserConversationMember/"]').count() >= 1, true, "derived type linked");
  const props = await page.$$eval("table.properties tbody tr td:first-child code", (cs) => cs.map((c) => c.textContent));
  assert.ok(props.includes("roles") && props.includes("id"), `own and inherited properties: ${props}`);
  await page.goto(`${origin}/shipped/de/_type/chatType/`);
  assert.deepEqual(await page.$$eval("ul.members code", (cs) => cs.map((c) => c.textContent)), ["oneOnOne", "group", "meeting", "unknownFutureValue"]);
  await page.goto(`${origin}/shipped/de/_type/chat/`);
  assert.equal(await page.locator(`section a[href="../../${OP}/"]`).count(), 1, "chat is used by Create chat");
  // The type index reaches every type.
  await page.goto(`${origin}/shipped/de/_types/c/`);
  assert.ok((await page.locator('main a[href="../../_type/chat/"]').count()) === 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a message shown in English on a de/es page is marked, and the landing page shows coverage", async () => {
  for (const locale of ["de", "es"]) {
    const { context, page } = await open(`/drifted/${locale}/${OP}/`);
    const summary = page.locator("p.summary .untranslated");
    assert.equal(await summary.getAttribute("lang"), "en", `${locale}: the English summary says it is English`);
    assert.match(await summary.textContent(), /Create a new chat object/);
    assert.equal((await page.locator("p.summary .untranslated-mark").textContent()).trim(), UNTRANSLATED[locale]);
    assert.equal(await page.locator("p.summary .untranslated-mark").getAttribute("lang"), locale);
    // Translated text is not marked.
    assert.equal(await page.locator("section.request-body .untranslated").count(), 0);
    await page.goto(`${origin}/drifted/${locale}/`);
    const coverage = await page.locator("p.coverage").textContent();
    const [percent, total, stale] = coverage.match(/\d+/g).map(Number);
    assert.ok(percent < 100 && percent > 20, `${locale}: ${coverage}`);
    assert.ok(total > 100, `${locale}: ${coverage}`);
    assert.equal(stale, 1, `${locale}: the changed English title makes one translation stale: ${coverage}`);
    await context.close();
  }
  const { context, page } = await open(`/drifted/en/${OP}/`);
  assert.equal(await page.locator(".untranslated, .untranslated-mark").count(), 0, "English is never marked");
  await page.goto(`${origin}/shipped/de/`);
  assert.match(await page.locator("p.coverage").textContent(), /^100 %.*\b0\b/);
  await context.close();
});

test("links to Microsoft Learn name the page's locale", async () => {
  const { context, page } = await open();
  for (const [locale, segment] of [["en", "en-us"], ["de", "de-de"], ["es", "es-es"]]) {
    await page.goto(`${origin}/shipped/${locale}/${OP}/`);
    const learn = await page.$$eval('a[href^="https://learn.microsoft.com/"]', (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(learn.length >= 2, `${locale}: Learn links found`);
    for (const href of learn) assert.ok(href.startsWith(`https://learn.microsoft.com/${segment}/`), `${locale}: ${href}`);
  }
  await context.close();
});

test("no page is wider than a 320 or 390 px screen, in any locale", async () => {
  const paths = [...sitePages("shipped"), ...sitePages("drifted")];
  assert.ok(paths.length >= 60, `pages: ${paths.length}`);
  assert.ok(paths.includes(`/drifted/de/${OP}-long/`) && paths.includes("/drifted/es/_area/chat-long/"), "the long title's pages are measured");
  for (const width of [320, 390]) {
    const { context, page } = await open(null, { viewport: { width, height: 800 } });
    const wide = [];
    for (const path of paths) {
      await page.goto(origin + path);
      const [doc, view] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      if (doc > view) wide.push(`${path}: ${doc} > ${view}`);
    }
    assert.deepEqual(wide, [], `pages wider than ${width} px`);
    await context.close();
  }
});

for (const scheme of ["light", "dark"]) {
  test(`axe-core finds no serious or critical violation on the navigation pages (${scheme})`, async () => {
    const { context, page } = await open(null, { colorScheme: scheme });
    const found = [];
    const paths = ["/shipped/", ...LOCALES.flatMap((l) => [`/shipped/${l}/`, `/shipped/${l}/_area/chat/`, `/shipped/${l}/_types/`, `/shipped/${l}/_types/c/`, `/shipped/${l}/_type/chat/`, `/shipped/${l}/_type/chatType/`, `/drifted/${l}/${OP}/`])];
    for (const path of paths) {
      await page.goto(origin + path);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } }));
      for (const v of result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        found.push(`${path}: ${v.id} [${v.impact}] ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      }
    }
    assert.deepEqual(found, [], `serious or critical violations in ${scheme}`);
    await context.close();
  });
}

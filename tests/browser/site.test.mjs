// Browser tests of the shipped site, built by the real polydoc binary and served over a loopback
// HTTP server started here: SDK tabs (synchronised, remembered across reloads and locales,
// keyboard), copy buttons (clipboard equals the code text of the served HTML), the language
// switcher, the 404 page, no request to any other host, and axe-core (no serious or critical
// violation) in light and dark. Screenshots go to $POLYDOC_SCREENSHOTS (default
// target/browser-screenshots/ in the repository).
//
// Needs: the polydoc binary ($POLYDOC_BIN, default target/debug/polydoc, built by cargo),
// Chromium at $CHROMIUM (default /usr/bin/chromium), `npm ci` in this folder.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, existsSync, mkdirSync, statSync, rmSync } from "node:fs";
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
const shots = process.env.POLYDOC_SCREENSHOTS || join(targetDir, "browser-screenshots");
const LOCALES = ["en", "de", "es"];
const OPERATION = "create-chat";

let site, server, origin, browser;
const requests = [];

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".xml": "application/xml" };

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
  site = mkdtempSync(join(tmpdir(), "polydoc-browser-"));
  execFileSync(bin, ["build", "--root", repo, "--out", join(site, "public"), "--no-cache", "-q", "--pseudo"], { stdio: "inherit" });
  server = serve(join(site, "public"));
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  if (site) rmSync(site, { recursive: true, force: true });
  const outside = requests.filter((u) => !u.startsWith(origin + "/"));
  assert.deepEqual(outside, [], "every request goes to the loopback server");
});

async function newPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on("request", (r) => requests.push(r.url()));
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // A failed load shows as a console error without its URL; name the URL instead. The only
  // file a browser asks for that the site does not have is /favicon.ico.
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text()));
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && !r.url().includes("no-such-") && errors.push(`${r.status()} ${r.url()}`));
  return { context, page, errors };
}

/** The text of the HTML `fragment` as a browser would show it: tags dropped, entities decoded. */
function htmlText(fragment) {
  return fragment
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x2F;/g, "/")
    .replace(/&amp;/g, "&");
}

/** Code of the first example's tab `lang`, read from the page HTML as served (not the DOM). */
function servedCode(html, lang) {
  const panel = html.indexOf(`<div class="tab-panel" data-lang="${lang}"`);
  assert.ok(panel >= 0, `no ${lang} panel`);
  const start = html.indexOf("<code>", panel) + "<code>".length;
  const end = html.indexOf("</code></pre>", start);
  return htmlText(html.slice(start, end));
}

const checked = (page) => page.$$eval(".tabs", (groups) => groups.map((g) => g.querySelector(".tab-radio:checked")?.value));

test("a tab chosen in one example holds in every example, after reload and in another locale", async () => {
  const { context, page, errors } = await newPage();
  await page.goto(`${origin}/en/${OPERATION}/`);
  const groups = await checked(page);
  assert.ok(groups.length >= 2, "several examples");
  assert.ok(groups.every((l) => l === "http"), "HTTP is first by default");
  // Click the Python tab of the second example: every group follows.
  await page.locator(".tabs").nth(1).locator("label", { hasText: "Python" }).click();
  assert.ok((await checked(page)).every((l) => l === "python"), "all groups switched to Python");
  const visible = await page.locator(".tabs").nth(0).locator(".tab-panel[data-lang=python]").isVisible();
  assert.ok(visible, "the first example shows its Python panel");
  await page.reload();
  assert.ok((await checked(page)).every((l) => l === "python"), "remembered after reload");
  await page.goto(`${origin}/de/${OPERATION}/`);
  assert.ok((await checked(page)).every((l) => l === "python"), "remembered on the German page");
  assert.deepEqual(errors, []);
  await context.close();
});

test("tabs work from the keyboard with a visible focus", async () => {
  const { context, page } = await newPage();
  await page.goto(`${origin}/en/${OPERATION}/`);
  await page.locator(".tabs").first().locator(".tab-radio:checked").focus();
  await page.keyboard.press("ArrowRight");
  assert.ok((await checked(page)).every((l) => l === "csharp"), "ArrowRight moves to C# in every group");
  await page.keyboard.press("End");
  assert.ok((await checked(page)).every((l) => l === "python"), "End moves to the last tab");
  await page.keyboard.press("Home");
  assert.ok((await checked(page)).every((l) => l === "http"), "Home moves to the first tab");
  const outline = await page.evaluate(() => {
    const radio = document.activeElement;
    return getComputedStyle(radio.nextElementSibling).outlineStyle;
  });
  assert.equal(outline, "solid", "the focused tab's label shows an outline");
  await context.close();
});

test("copy buttons copy exactly the code of the block", async () => {
  for (const locale of LOCALES) {
    const { context, page, errors } = await newPage({ permissions: ["clipboard-read", "clipboard-write"] });
    const response = await page.goto(`${origin}/${locale}/${OPERATION}/`);
    const html = await response.text();
    const first = page.locator(".tabs").first();
    for (const lang of ["http", "csharp", "java", "javascript", "python"]) {
      await first.locator(`label[for$="-${lang}"]`).click();
      const button = first.locator(`.tab-panel[data-lang=${lang}] .copy-button`);
      await button.click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const expected = servedCode(html, lang);
      assert.ok(expected.length > 20, `${locale} ${lang}: code found`);
      assert.equal(copied, expected, `${locale} ${lang}: clipboard equals the code`);
      const label = await button.textContent();
      assert.notEqual(label, await page.evaluate(() => document.body.dataset.copy), `${locale} ${lang}: button confirms the copy`);
    }
    // The response block has its own button.
    const blocks = await page.locator("pre > code").count();
    assert.equal(await page.locator(".copy-button").count(), blocks, `${locale}: one copy button per code block`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("the language switcher leads to the same operation in the other locale", async () => {
  const { context, page } = await newPage();
  for (const locale of LOCALES) {
    await page.goto(`${origin}/${locale}/${OPERATION}/`);
    assert.equal(await page.getAttribute("html", "lang"), locale);
    assert.match(await page.title(), /\S/);
    for (const other of LOCALES.filter((l) => l !== locale)) {
      await page.goto(`${origin}/${locale}/${OPERATION}/`);
      await page.locator(`.lang-switcher a[hreflang="${other}"]`).click();
      await page.waitForURL(`${origin}/${other}/${OPERATION}/`);
      assert.equal(await page.getAttribute("html", "lang"), other);
      assert.equal(await page.locator("article.operation").getAttribute("data-operation"), OPERATION);
    }
  }
  await context.close();
});

test("a missing page gets the 404 page, which links to every locale", async () => {
  const { context, page } = await newPage();
  const response = await page.goto(`${origin}/de/no-such-operation/`);
  assert.equal(response.status(), 404);
  for (const locale of LOCALES) {
    await page.goto(`${origin}/de/no-such-operation/`);
    await page.locator(`a[hreflang="${locale}"]`).click();
    await page.waitForURL(`${origin}/${locale}/`);
    assert.equal(await page.getAttribute("html", "lang"), locale);
  }
  await context.close();
});

test("printing shows every SDK tab and no controls", async () => {
  const { context, page } = await newPage();
  await page.goto(`${origin}/en/${OPERATION}/`);
  await page.emulateMedia({ media: "print" });
  const panels = page.locator(".tab-panel");
  const count = await panels.count();
  assert.ok(count >= 20, "four tabs of five examples");
  for (let i = 0; i < count; i++) assert.ok(await panels.nth(i).isVisible(), `panel ${i} prints`);
  const label = await panels.first().evaluate((p) => getComputedStyle(p, "::before").content);
  assert.equal(label, '"HTTP"', "each printed panel is headed by its language");
  for (const selector of [".copy-button", ".tab-label", ".lang-switcher"]) {
    assert.equal(await page.locator(selector).first().isVisible(), false, `${selector} is not printed`);
  }
  await context.close();
});

test("screenshots of every locale's page, light and dark", async () => {
  for (const scheme of ["light", "dark"]) {
    const { context, page } = await newPage({ colorScheme: scheme, viewport: { width: 1100, height: 900 } });
    for (const locale of [...LOCALES, "en-XA"]) {
      await page.goto(`${origin}/${locale}/${OPERATION}/`);
      const file = join(shots, `${OPERATION}.${locale}.${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(statSync(file).size > 10000, `${file} written`);
      console.log(`screenshot: ${file}`);
    }
    await context.close();
  }
});

const PAGES = ["/", "/404.html", ...[...LOCALES, "en-XA"].flatMap((l) => [`/${l}/`, `/${l}/${OPERATION}/`])];

for (const scheme of ["light", "dark"]) {
  test(`axe-core finds no serious or critical violation (${scheme})`, async () => {
    const { context, page } = await newPage({ colorScheme: scheme });
    const found = [];
    for (const path of PAGES) {
      await page.goto(origin + path);
      // Show a non-default tab, so its panel's code colours are checked too.
      await page.addScriptTag({ content: axeSource });
      for (const lang of ["http", "csharp", "java", "javascript", "python"]) {
        const labels = page.locator(`.tabs label[for$="-${lang}"]`);
        if ((await labels.count()) > 0) await labels.first().click();
        const result = await page.evaluate(() =>
          window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } }),
        );
        const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        console.log(`axe ${scheme} ${path} ${lang}: ${result.violations.length} violation(s), ${bad.length} serious or critical`);
        for (const v of bad) found.push(`${path} (${lang}): ${v.id} [${v.impact}] ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
        if ((await labels.count()) === 0) break;
      }
    }
    assert.deepEqual(found, [], `serious or critical violations in ${scheme}`);
    await context.close();
  });
}

test("opened from disk (file://), every link leads to a page, not a folder listing", async () => {
  // Its own context: file:// requests are not the loopback server's, and nothing is recorded.
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`file://${join(site, "public", "index.html")}`);
  const visited = [];
  // Root page -> German landing page -> the area -> the operation -> the switcher to Spanish ->
  // the site title.
  for (const selector of ['a[hreflang="de"]', 'main a[href*="_area/chat"]', `main a[href*="${OPERATION}"]`, '.lang-switcher a[hreflang="es"]', "a.site-title"]) {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
    visited.push(page.url());
    assert.match(page.url(), /\/index\.html(#.*)?$/, `${selector} led to ${page.url()}`);
    assert.ok(await page.$("h1"), `${page.url()} shows a page with a heading`);
  }
  assert.match(visited[3], /\/es\/create-chat\/index\.html$/);
  const folderLinks = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")).filter((h) => !/^[a-z]+:/i.test(h) && !h.startsWith("#") && /\/([?#].*)?$/.test(h)));
  assert.deepEqual(folderLinks, [], "no relative link names a folder");
  assert.deepEqual(errors, []);
  await context.close();
});

// Runs last (tests in a file run in order): every request of every test above.
test("every request went to the loopback server", () => {
  assert.ok(requests.length > 50, `requests seen: ${requests.length}`);
  assert.ok(requests.some((u) => u.endsWith("/assets/polydoc.js")), "the script was loaded");
  const outside = requests.filter((u) => !u.startsWith(origin + "/"));
  assert.deepEqual(outside, [], "requests to other hosts");
});

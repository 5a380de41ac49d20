// Reader-speed probe for bench/reader.sh: serves each site folder on loopback (plain HTTP/1.1,
// no compression, the same server for both), opens one URL per site in a fresh headless
// Chromium context with an empty cache, and reports the bytes transferred (the DevTools
// protocol's encodedDataLength of every response, headers included, until the network is
// idle) and the first contentful paint (PerformancePaintTiming).
//
// Usage: node reader.mjs NAME=DIR=PATH... (PATH is the URL path to open, with any #hash)
// Env: CHROMIUM (default /usr/bin/chromium), PLAYWRIGHT (playwright-core's folder).
import { createServer } from "node:http";
import { createReadStream, existsSync, statSync } from "node:fs";
import { join, normalize, extname } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require(process.env.PLAYWRIGHT);
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".woff2": "font/woff2" };

function serve(root) {
  return createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) path = join(root, "missing");
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
    if (!existsSync(path)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream", "content-length": statSync(path).size });
    createReadStream(path).pipe(res);
  });
}

async function measure(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  let bytes = 0;
  let requests = 0;
  cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; requests += 1; });
  // A 20 MB single-file bundle may take minutes to fire "load": wait for the first paint,
  // then for the network to settle (bounded), whichever page it is.
  await page.goto(url, { waitUntil: "commit", timeout: 300000 });
  const fcp = await page.waitForFunction(() => {
    const entry = performance.getEntriesByName("first-contentful-paint")[0];
    return entry ? entry.startTime : null;
  }, null, { timeout: 600000, polling: 200 });
  await page.waitForLoadState("networkidle", { timeout: 120000 }).catch(() => {});
  const result = { bytes, requests, fcp: Math.round(await fcp.jsonValue()) };
  await context.close();
  return result;
}

const sites = process.argv.slice(2).map((arg) => {
  const [name, dir, path] = arg.split("=");
  return { name, dir, path };
});
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const line = [];
try {
  for (const site of sites) {
    const server = serve(site.dir);
    await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
    const url = `http://127.0.0.1:${server.address().port}${site.path}`;
    const r = await measure(browser, url);
    server.closeAllConnections?.();
    await new Promise((ok) => server.close(ok));
    console.log(`${site.name}: ${url} ${r.requests} request(s), ${r.bytes} bytes, first contentful paint ${r.fcp} ms`);
    line.push(`${site.name}_bytes=${r.bytes} ${site.name}_fcp_ms=${r.fcp}`);
  }
} finally {
  await browser.close();
}
console.log(line.join(" "));

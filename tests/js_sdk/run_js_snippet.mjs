// Runs generated JavaScript snippets with the real @microsoft/microsoft-graph-client (3.0.7,
// pinned by package-lock.json) and reports what each one sent.
//
// Usage: node run_js_snippet.mjs SNIPPET_FILE...
//
// For each snippet a loopback HTTP server (127.0.0.1, port chosen by the OS) stands in for
// Microsoft Graph: it records the request and answers 204 for DELETE, a plain-text number for a
// `$count` path, and `{}` as JSON otherwise. The snippet runs as the body of an async function
// whose `Client` is the real client class with `Client.init` given the loopback server as
// `baseUrl`, and whose `authProvider` hands out a fixed token. One JSON line per snippet, in
// argument order: {"method", "path" (percent-decoded), "query": [[name, value], ...] (decoded),
// "headers": {lower-case name: value}, "body": JSON or null}, or {"error": "..."} when the
// snippet throws or does not send exactly one request.

import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { Client as RealClient } from "@microsoft/microsoft-graph-client";

const TIMEOUT_MS = 30000;
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;

function listen(captured) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url, "http://127.0.0.1");
      const query = [];
      for (const pair of url.search.replace(/^\?/, "").split("&").filter((p) => p)) {
        const i = pair.indexOf("=");
        const [k, v] = i < 0 ? [pair, ""] : [pair.slice(0, i), pair.slice(i + 1)];
        query.push([decodeURIComponent(k), decodeURIComponent(v)]);
      }
      captured.push({
        method: req.method,
        path: decodeURIComponent(url.pathname),
        query,
        headers: Object.fromEntries(Object.entries(req.headers)),
        body: raw ? JSON.parse(raw) : null,
      });
      if (req.method === "DELETE") {
        res.writeHead(204).end();
      } else if (url.pathname.endsWith("/$count")) {
        res.writeHead(200, { "Content-Type": "text/plain" }).end("5");
      } else {
        res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function runOne(file) {
  const source = readFileSync(file, "utf8");
  const captured = [];
  const server = await listen(captured);
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  const Client = { init: (options) => RealClient.init({ ...options, baseUrl }) };
  const authProvider = (done) => done(null, "loopback-token");
  try {
    const run = new AsyncFunction("Client", "authProvider", source);
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error("timed out")), TIMEOUT_MS);
    });
    await Promise.race([run(Client, authProvider), timeout]).finally(() => clearTimeout(timer));
    if (captured.length !== 1) {
      return { error: `expected exactly one request, got ${captured.length}` };
    }
    return captured[0];
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  } finally {
    server.close();
  }
}

for (const file of process.argv.slice(2)) {
  console.log(JSON.stringify(await runOne(file)));
}

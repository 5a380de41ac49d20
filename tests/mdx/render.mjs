// Compiles Markdown files with the real MDX compiler as Docusaurus 3 does (`@mdx-js/mdx`,
// format `mdx` also for `.md`, remark-frontmatter and remark-gfm), runs each compiled module
// with a small JSX runtime of our own and walks the rendered tree. Used by tests/mdx.rs.
//
//   node render.mjs FILE_OR_FOLDER...
//
// Prints one JSON object per file: { file, problems: [..], text, frontmatter }. A problem is
// anything that is not inert Markdown: a compile error, MDX nodes (ESM, expressions, JSX),
// code that ran (globalThis.pwned), elements outside Markdown's vocabulary, event-handler
// attributes, links or sources with a scheme other than http, https or mailto, front matter
// that is not valid YAML.

import { compile, run } from "@mdx-js/mdx";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import yaml from "js-yaml";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const MARKDOWN_ELEMENTS = new Set([
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "em", "strong", "del",
  "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
]);

const Fragment = Symbol("Fragment");
const jsx = (type, props) => ({ type, props: props || {} });
const runtime = { Fragment, jsx, jsxs: jsx, baseUrl: import.meta.url };

function files(paths) {
  const out = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) out.push(...files([join(p, name)]));
    } else if (p.endsWith(".md") || p.endsWith(".mdx")) {
      out.push(p);
    }
  }
  return out;
}

// A remark plugin that records MDX-only nodes and the YAML front matter.
function inspect(found) {
  return () => (tree) => {
    const walk = (node) => {
      if (node.type.startsWith("mdx")) {
        const at = node.position ? `${node.position.start.line}:${node.position.start.column}` : "?";
        found.mdx.push(`${node.type} at ${at}: ${String(node.value ?? node.name ?? "").slice(0, 80)}`);
      }
      if (node.type === "yaml") found.yaml = node.value;
      for (const child of node.children || []) walk(child);
    };
    walk(tree);
  };
}

// True for relative targets and http, https, mailto (after removing spaces and controls).
function safeUrl(url) {
  const u = String(url).replace(/[\s\u0000-\u001f\u007f]/g, "").toLowerCase();
  const colon = u.indexOf(":");
  if (colon < 0) return true;
  const path = u.search(/[/?#]/);
  if (path >= 0 && path < colon) return true;
  return ["http", "https", "mailto"].includes(u.slice(0, colon));
}

function render(node, state) {
  if (node === null || node === undefined || typeof node === "boolean") return;
  if (typeof node === "string" || typeof node === "number") {
    state.text.push(String(node));
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((n) => render(n, state));
    return;
  }
  const { type, props } = node;
  if (typeof type === "function") {
    render(type(props), state);
    return;
  }
  if (type !== Fragment) {
    if (!MARKDOWN_ELEMENTS.has(type)) state.problems.push(`element <${String(type)}>`);
    for (const [name, value] of Object.entries(props)) {
      if (/^on/i.test(name)) state.problems.push(`event handler ${name} on <${type}>`);
      if (["href", "src", "action", "formAction"].includes(name) && !safeUrl(value)) {
        state.problems.push(`${name}="${value}" on <${type}>`);
      }
    }
  }
  render(props.children, state);
  if (typeof type === "string" && /^(p|td|th|h\d)$/.test(type)) state.text.push("\n");
}

async function check(file) {
  const problems = [];
  const found = { mdx: [], yaml: null };
  const source = readFileSync(file, "utf8");
  let frontmatter = null;
  let text = "";
  try {
    const code = await compile(
      { path: file, value: source },
      {
        format: "mdx",
        outputFormat: "function-body",
        remarkPlugins: [remarkFrontmatter, remarkGfm, inspect(found)],
      },
    );
    problems.push(...found.mdx);
    if (found.yaml !== null) {
      try {
        frontmatter = yaml.load(found.yaml);
      } catch (e) {
        problems.push(`front matter is not YAML: ${e.message}`);
      }
    }
    globalThis.pwned = [];
    const mod = await run(String(code), runtime);
    const exported = Object.keys(mod).filter((k) => k !== "default");
    if (exported.length) problems.push(`exports ${exported.join(", ")}`);
    const state = { text: [], problems };
    render(mod.default({ components: {} }), state);
    text = state.text.join("");
  } catch (e) {
    problems.push(`compile/run error: ${e.message}`);
  }
  if (globalThis.pwned?.length) problems.push(`code ran: pwned = ${JSON.stringify(globalThis.pwned)}`);
  return { file, problems, text, frontmatter };
}

const targets = files(process.argv.slice(2));
if (targets.length === 0) {
  console.error("render.mjs: no .md files given");
  process.exit(2);
}
for (const file of targets) {
  console.log(JSON.stringify(await check(file)));
}

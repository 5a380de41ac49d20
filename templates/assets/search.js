// polydoc search box (partials/search.html), loaded by polydoc.js on the first focus of the
// box, never with the page. Searches this locale's pagefind index (pagefind/<locale>/ and its
// shards, built by `polydoc build` with the locale's stemmer) from the same site: no other host.
// Keyboard: type to search; Down moves into the results (reopening a closed list), Up/Down
// between them, Enter opens one, Escape closes the list and returns to the box.
// Result titles and excerpts are text: only pagefind's <mark> around the matched words
// becomes markup.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form || form.getAttribute("data-ready") === "1") { return; }
  form.setAttribute("data-ready", "1");
  var input = form.querySelector("input[type=search]");
  var status = document.getElementById(input.getAttribute("aria-describedby"));
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var root = new URL(form.getAttribute("data-root") || "./", document.baseURI);
  var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI).href;
  var MAX = 10;
  var engine = null;
  var latest = 0;
  // URLs whose copies in the shards are outdated: an incremental build indexed them again in
  // the delta bundle (shard-delta/), whose URLs end with DELTA_MARK.
  var stale = Object.create(null);
  var DELTA_MARK = "#";

  function text(name) { return form.getAttribute("data-" + name) || ""; }

  function load() {
    if (!engine) {
      var options = { baseUrl: "/", excerptLength: 24 };
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options(options).then(function () {
          // A large locale's index is split into shards (pagefind/<locale>/shard-<k>/),
          // listed in shards.js and merged into this one, so a query searches every page.
          return import(bundle + "shards.js");
        }).then(function (shards) {
          (shards.stale || []).forEach(function (url) { stale[url] = true; });
          var folders = shards.default.concat(shards.delta ? [shards.delta] : []);
          return Promise.all(folders.map(function (folder) {
            return pagefind.mergeIndex(bundle + folder, options);
          }));
        }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  // Appends `excerpt` to `into` as text, with the words pagefind marked in <mark>.
  function appendExcerpt(into, excerpt) {
    var parts = String(excerpt).split(/<(\/?)mark>/);
    var marked = false;
    for (var i = 0; i < parts.length; i++) {
      if (i % 2 === 1) { marked = parts[i] === ""; continue; }
      var plain = new DOMParser().parseFromString(parts[i], "text/html").body.textContent;
      if (plain === "") { continue; }
      if (marked) {
        var mark = document.createElement("mark");
        mark.textContent = plain;
        into.appendChild(mark);
      } else {
        into.appendChild(document.createTextNode(plain));
      }
    }
  }

  // The link of a result: pagefind's URL is site-absolute ("/de/create-chat/"); the site may
  // live under any path (or on disk), so it is resolved against the site's root.
  function resultHref(url) {
    return new URL(String(url).replace(/^\/+/, ""), root).href;
  }

  function show(results, query) {
    list.textContent = "";
    if (results.length === 0) {
      status.textContent = text("no-results");
      var none = document.createElement("p");
      none.className = "site-search-empty";
      none.textContent = text("no-results");
      list.appendChild(none);
      list.hidden = false;
      return;
    }
    status.textContent = text("results") + " " + results.length;
    var ul = document.createElement("ul");
    for (var i = 0; i < results.length; i++) {
      var data = results[i];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = resultHref(data.url);
      var title = document.createElement("span");
      title.className = "site-search-title";
      title.textContent = (data.meta && data.meta.title) || data.url;
      var excerpt = document.createElement("span");
      excerpt.className = "site-search-excerpt";
      appendExcerpt(excerpt, data.excerpt || "");
      a.appendChild(title);
      a.appendChild(excerpt);
      li.appendChild(a);
      ul.appendChild(li);
    }
    list.appendChild(ul);
    list.hidden = false;
    list.setAttribute("data-query", query);
  }

  // The data of the first MAX results that are not outdated copies (see `stale`), loaded a
  // page of results at a time from `from` on, added to `kept`.
  function current(results, from, kept) {
    var batch = results.slice(from, from + MAX);
    if (batch.length === 0 || kept.length >= MAX) { return Promise.resolve(kept.slice(0, MAX)); }
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (all) {
      all.forEach(function (data) {
        var url = String(data.url);
        if (stale[url] === true) { return; }
        if (url.slice(-DELTA_MARK.length) === DELTA_MARK) { data.url = url.slice(0, -DELTA_MARK.length); }
        kept.push(data);
      });
      return current(results, from + MAX, kept);
    });
  }

  function close() {
    list.hidden = true;
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (query === "") { list.textContent = ""; status.textContent = ""; close(); return; }
    load().then(function (pagefind) {
      return pagefind.debouncedSearch(query, {}, 150);
    }).then(function (found) {
      if (found === null || ticket !== latest) { return null; }
      return current(found.results, 0, []);
    }).then(function (results) {
      if (results !== null && ticket === latest) { show(results, query); }
    }).catch(function () {
      if (ticket !== latest) { return; }
      status.textContent = text("unavailable");
      list.textContent = "";
      var p = document.createElement("p");
      p.className = "site-search-empty";
      p.textContent = text("unavailable");
      list.appendChild(p);
      list.hidden = false;
    });
  }

  function links() { return list.querySelectorAll("a"); }

  function move(from, step) {
    var all = Array.prototype.slice.call(links());
    if (all.length === 0) { return; }
    var at = all.indexOf(from);
    var next = at + step;
    if (next < 0) { input.focus(); return; }
    all[Math.min(next, all.length - 1)].focus();
  }

  input.addEventListener("input", run);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length > 0) { event.preventDefault(); list.hidden = false; move(null, 1); }
    if (event.key === "Escape") { close(); }
  });
  list.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); move(event.target, 1); }
    if (event.key === "ArrowUp") { event.preventDefault(); move(event.target, -1); }
    if (event.key === "Escape") { event.preventDefault(); close(); input.focus(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) { first.focus(); }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) { close(); }
  });
  load();
  if (input.value.trim() !== "") { run(); }
})();

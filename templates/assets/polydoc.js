// polydoc page script: optional enhancements on top of pages that work without it.
// - The SDK language chosen in one tab group is chosen in every group on the page and
//   remembered (localStorage) for the next page and the next visit.
// - Every code block gets a copy button that copies exactly the code's text.
// - Home/End move between the tabs of a group (arrow keys do already: they are radio buttons).
// - The language switcher keeps the #fragment; a heading's anchor link copies its address.
// - Opened from disk (file://), links to folders ("../de/create-chat/") get "index.html"
//   appended, since a browser shows a folder listing there instead of the folder's page.
// No request leaves the page: nothing here loads anything.
(function () {
  "use strict";
  var KEY = "polydoc.sdk-language";

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function remember(lang) {
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* storage disabled: keep the page choice only */ }
  }

  // Checks the radio of `lang` in every tab group that has one; groups without it keep theirs.
  function choose(lang) {
    var radios = document.querySelectorAll(".tabs .tab-radio");
    for (var i = 0; i < radios.length; i++) {
      if (radios[i].value === lang) { radios[i].checked = true; }
    }
  }

  function setUpTabs() {
    var saved = remembered();
    if (saved) { choose(saved); }
    document.addEventListener("change", function (event) {
      var target = event.target;
      if (target && target.classList && target.classList.contains("tab-radio") && target.checked) {
        choose(target.value);
        remember(target.value);
      }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (!target || !target.classList || !target.classList.contains("tab-radio")) { return; }
      if (event.key !== "Home" && event.key !== "End") { return; }
      var group = target.closest(".tabs").querySelectorAll(".tab-radio");
      var next = event.key === "Home" ? group[0] : group[group.length - 1];
      event.preventDefault();
      next.focus();
      next.checked = true;
      next.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function setUpCopyButtons() {
    var body = document.body;
    var labels = {
      copy: body.getAttribute("data-copy") || "Copy",
      copied: body.getAttribute("data-copied") || "Copied",
      failed: body.getAttribute("data-copy-failed") || "Copy failed"
    };
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    body.appendChild(status);
    var blocks = document.querySelectorAll("pre > code");
    for (var i = 0; i < blocks.length; i++) {
      addButton(blocks[i], labels, status);
    }
  }

  function addButton(code, labels, status) {
    var pre = code.parentNode;
    var wrap = document.createElement("div");
    wrap.className = "code-block";
    pre.parentNode.insertBefore(wrap, pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = labels.copy;
    wrap.appendChild(button);
    wrap.appendChild(pre);
    button.addEventListener("click", function () {
      var text = code.textContent;
      var done = function (label) {
        button.textContent = label;
        status.textContent = label;
        window.setTimeout(function () { button.textContent = labels.copy; }, 2000);
      };
      if (!navigator.clipboard || !navigator.clipboard.writeText) { done(labels.failed); return; }
      navigator.clipboard.writeText(text).then(function () { done(labels.copied); }, function () { done(labels.failed); });
    });
  }

  // A relative link whose path ends in "/" (before any query or fragment) names a folder.
  function folderLink(href) {
    if (href === null || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#") { return null; }
    var cut = href.search(/[?#]/);
    var path = cut < 0 ? href : href.slice(0, cut);
    var rest = cut < 0 ? "" : href.slice(cut);
    if (path !== "" && path.charAt(path.length - 1) !== "/" && !/(^|\/)\.\.?$/.test(path)) { return null; }
    if (path !== "" && path.charAt(path.length - 1) !== "/") { path += "/"; }
    return path + "index.html" + rest;
  }

  function setUpFileLinks() {
    if (window.location.protocol !== "file:") { return; }
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var fixed = folderLink(links[i].getAttribute("href"));
      if (fixed !== null) { links[i].setAttribute("href", fixed); }
    }
  }

  // The language switcher keeps the reader's place: the current #fragment (heading ids are
  // the same in every locale) is added to each switcher link, and kept up to date.
  function setUpSwitcher() {
    var links = document.querySelectorAll(".lang-switcher a[href]");
    var update = function () {
      for (var i = 0; i < links.length; i++) {
        var href = links[i].getAttribute("href");
        var cut = href.indexOf("#");
        links[i].setAttribute("href", (cut < 0 ? href : href.slice(0, cut)) + window.location.hash);
      }
    };
    update();
    window.addEventListener("hashchange", update);
  }

  // A heading's anchor link also copies the section's address.
  function setUpAnchors() {
    var copied = document.body.getAttribute("data-link-copied") || "Link copied";
    var status = document.querySelector("[role=status]");
    document.addEventListener("click", function (event) {
      var a = event.target && event.target.closest ? event.target.closest("a.anchor") : null;
      if (!a || !navigator.clipboard || !navigator.clipboard.writeText) { return; }
      var url = window.location.href.split("#")[0] + a.getAttribute("href");
      navigator.clipboard.writeText(url).then(function () {
        if (status) { status.textContent = copied; }
        a.setAttribute("data-copied", "");
        window.setTimeout(function () { a.removeAttribute("data-copied"); }, 2000);
      }, function () { /* clipboard refused: the link still moves to the section */ });
    });
  }

  function start() {
    setUpFileLinks();
    setUpTabs();
    setUpCopyButtons();
    setUpSwitcher();
    setUpAnchors();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// Search box (partials/search.html): hidden in the markup, so without JavaScript there is no
// box that cannot work; shown here, except on a site opened from disk (file://), where a
// browser refuses the index's module and WebAssembly. The search script and the index load
// only on the first focus of (or typing into) the box: a page never pays for search upfront.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form || window.location.protocol === "file:") { return; }
  var input = form.querySelector("input[type=search]");
  var asked = false;
  function load() {
    if (asked) { return; }
    asked = true;
    var script = document.createElement("script");
    script.src = form.getAttribute("data-script");
    document.head.appendChild(script);
  }
  input.addEventListener("focus", load);
  input.addEventListener("input", load);
  form.hidden = false;
})();

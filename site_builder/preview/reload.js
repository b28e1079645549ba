/* Added to pages by `site-builder serve` as it serves them; never part of the built site. */
(function () {
  "use strict";
  var script = document.currentScript, box = null;
  function place(element) {
    element.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1em;" +
      "color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;z-index:99999";
    return element;
  }
  function show(text, kind) {
    if (!box) {
      box = place(document.createElement("pre"));
      box.id = "site-builder-error";
      document.body.appendChild(box);
    }
    // Warnings (the build went through) in dark amber, errors (it did not) in dark red; white text on both.
    box.dataset.kind = kind;
    box.style.background = kind === "warning" ? "#5c3a00" : "#5c0011";
    box.textContent = text;
  }
  function statusLink() {
    // A line at the foot of the page, the preview's own, leading to the translation status.
    var line = document.createElement("p"), link = document.createElement("a");
    line.id = "site-builder-status";
    line.lang = "en";
    link.href = script.dataset.status;
    link.textContent = "Preview: translation status";
    line.appendChild(link);
    document.body.appendChild(line);
  }
  statusLink();
  // A page of problems served before any build went through carries its box already: styled like the others.
  var served = document.getElementById("site-builder-error");
  if (served) { box = place(served); show(served.textContent, served.dataset.kind); }
  var events = new EventSource("/__events?path=" + encodeURIComponent(location.pathname) +
    "&build=" + encodeURIComponent(script.dataset.build));
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("css", function (event) {
    // Only the stylesheets changed: swap them in place, keeping the scroll position and what was typed.
    var hrefs = JSON.parse(event.data);
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link, i) {
      if (hrefs[i]) { link.href = hrefs[i]; }
    });
  });
  events.addEventListener("body", function () {
    // The page runs no script of its own: its new body can replace the old one where the reader is.
    fetch(location.href, {cache: "no-store"}).then(function (response) { return response.text(); })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html");
        document.title = fresh.title;
        document.body.replaceWith(fresh.body);
        if (box) { document.body.appendChild(box); } // a warning about this build stays over its new body
        statusLink();
      }).catch(function () { location.reload(); });
  });
  events.addEventListener("problems", function (event) { show(event.data, "error"); });
  events.addEventListener("warnings", function (event) { show(event.data, "warning"); });
  events.addEventListener("fixed", function () { if (box) { box.remove(); box = null; } });
})();

/* storydiff report: small enhancements; the page reads fine without them. */
(function () {
  "use strict";
  var doc = document;

  // Evidence links: bring the sentence into view and flash it.
  function reveal(hash) {
    if (!hash || hash.length < 2) return;
    var el = doc.getElementById(decodeURIComponent(hash.slice(1)));
    if (!el) return;
    el.scrollIntoView({ block: "center" });
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
    window.setTimeout(function () { el.classList.remove("flash"); }, 2500);
  }
  doc.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
    if (!a) return;
    var hash = a.getAttribute("href");
    if (!doc.getElementById(decodeURIComponent(hash.slice(1)))) return;
    ev.preventDefault();
    if (window.history && window.history.pushState) {
      try { window.history.pushState(null, "", hash); } catch (e) { /* file:// in some browsers */ }
    }
    reveal(hash);
  });
  window.addEventListener("popstate", function () { reveal(window.location.hash); });

  // Severity filter for the findings.
  var filters = doc.querySelector(".filters");
  if (filters) {
    filters.hidden = false;
    filters.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-filter]");
      if (!b) return;
      var want = b.getAttribute("data-filter");
      filters.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
      doc.querySelectorAll("#findings .finding").forEach(function (f) {
        f.hidden = want !== "all" && f.getAttribute("data-severity") !== want;
      });
    });
  }

  // Legend checkboxes switch the marks in the article texts on and off.
  doc.querySelectorAll("input[data-toggle]").forEach(function (box) {
    box.addEventListener("change", function () {
      doc.body.classList.toggle(box.getAttribute("data-toggle"), box.checked);
    });
  });
})();

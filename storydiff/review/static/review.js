// One-key review: j/k move between findings, c/d/n/o decide the current one, e edits its note.
// The page works without this file; it only clicks the buttons a person could click.
(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  if (!cards.length) return;
  var current = 0;
  var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  if (target && cards.indexOf(target) >= 0) current = cards.indexOf(target);
  function select(i) {
    if (i < 0 || i >= cards.length) return;
    cards[current].classList.remove("current");
    current = i;
    cards[current].classList.add("current");
    cards[current].scrollIntoView({ block: "nearest" });
  }
  select(current);
  cards.forEach(function (card, i) {
    card.addEventListener("click", function () { select(i); });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
      if (ev.key === "Escape") ev.target.blur();
      return;
    }
    var card = cards[current];
    if (ev.key === "j") { select(current + 1); ev.preventDefault(); return; }
    if (ev.key === "k") { select(current - 1); ev.preventDefault(); return; }
    if (ev.key === "e") { card.querySelector("input[name=note]").focus(); ev.preventDefault(); return; }
    var button = card.querySelector('button[data-key="' + ev.key + '"]');
    if (button) { ev.preventDefault(); button.click(); }
  });
})();

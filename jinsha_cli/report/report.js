// jinsha report: the figure card. The page reads without this script (every mark
// links to its fact, every fact to its rules); the script only shows a figure's
// fact and rules together in a card, on click or keyboard focus. It builds the
// card from nodes already in the page (cloned), never from HTML strings.
(function () {
  "use strict";
  var card = document.getElementById("card");
  var body = card.querySelector(".card-body");
  var current = null;
  var closing = false;  // focus going back to the mark must not reopen its card
  var LABELS = {
    fail: "fails", known: "known discrepancy", slack: "holds only within rounding",
    pass: "holds", unused: "stated, not checked", uncovered: "in no fact"
  };

  function ids(text) {
    return (text || "").split(" ").filter(function (id) { return id.length > 0; });
  }

  function copy(node) {
    var clone = node.cloneNode(true);
    clone.removeAttribute("id");
    clone.querySelectorAll("[id]").forEach(function (inner) { inner.removeAttribute("id"); });
    return clone;
  }

  function open(mark) {
    if (current === mark && !card.hidden) { return; }
    if (current) { current.classList.remove("current"); }
    current = mark;
    mark.classList.add("current");
    var head = document.createElement("p");
    head.className = "card-figure";
    var strong = document.createElement("strong");
    strong.textContent = mark.textContent + (mark.dataset.unit || "");
    head.append(strong, " · " + (LABELS[mark.dataset.status] || mark.dataset.status) +
      " · line " + mark.dataset.line + ", column " + mark.dataset.column);
    var blocks = [head];
    var seen = {};
    ids(mark.dataset.cards).forEach(function (id) {
      var block = document.getElementById(id);
      if (!block) { return; }
      blocks.push(copy(block));
      ids(block.dataset.rules).forEach(function (ruleId) {
        var rule = document.getElementById(ruleId);
        if (rule && !seen[ruleId]) { seen[ruleId] = true; blocks.push(copy(rule)); }
      });
    });
    body.replaceChildren.apply(body, blocks);
    card.hidden = false;
    card.scrollTop = 0;
    var below = mark.getBoundingClientRect().bottom - card.getBoundingClientRect().top + 16;
    if (below > 0) { window.scrollBy(0, below); }  // keep the figure above its card
  }

  function close() {
    card.hidden = true;
    if (current) {
      current.classList.remove("current");
      closing = true;
      current.focus({ preventScroll: true });
      closing = false;
    }
  }

  function markOf(target) {
    var mark = target && target.closest ? target.closest("a.fig") : null;
    return mark && !card.contains(mark) ? mark : null;
  }

  document.addEventListener("click", function (event) {
    var mark = markOf(event.target);
    if (mark) {
      event.preventDefault();
      open(mark);
      if (event.detail === 0) { card.focus(); }  // Enter on a figure: into its card (Escape comes back)
      return;
    }
    var link = event.target.closest ? event.target.closest("a.goto") : null;
    if (link) {
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) { return; }
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      target.classList.remove("flash");
      void target.offsetWidth;  // restart the animation
      target.classList.add("flash");
      if (target.matches("a.fig")) { target.focus({ preventScroll: true }); open(target); }
      try { history.replaceState(null, "", link.hash); } catch (ignored) { /* a page opened from a file may refuse */ }
    }
  });
  document.addEventListener("focusin", function (event) {
    var mark = markOf(event.target);
    if (mark && !closing) { open(mark); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !card.hidden) { close(); }
  });
  card.querySelector(".card-close").addEventListener("click", close);

  // A link to a figure (report.html#p1-m12) opens its card.
  function openFromHash() {
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target && target.matches("a.fig")) {
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
      open(target);
    }
  }
  window.addEventListener("hashchange", openFromHash);
  // after the browser's own scroll to the fragment, which would put the figure under the top edge
  window.addEventListener("load", function () { setTimeout(openFromHash, 0); });
})();

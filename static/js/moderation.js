// Keyboard shortcuts for the moderation queue; the page works fully without them.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll(".queue-row"));
  var at = -1;
  var form = document.getElementById("queue");
  if (form && rows.length && form.dataset.tickAll) {
    // Made here, not in the HTML: without JavaScript it could do nothing.
    var all = document.createElement("button");
    all.type = "button"; all.className = "secondary"; all.id = "tick-all";
    all.textContent = form.dataset.tickAll;
    all.addEventListener("click", function () {
      var boxes = form.querySelectorAll("input[name=item]");
      var tick = Array.prototype.some.call(boxes, function (b) { return !b.checked; });
      Array.prototype.forEach.call(boxes, function (b) { b.checked = tick; });
    });
    form.querySelector(".actions").insertBefore(all, form.querySelector(".actions").firstChild);
  }
  function typing(e) {
    var t = e.target.tagName;
    return t === "INPUT" && e.target.type !== "checkbox" || t === "TEXTAREA" || t === "SELECT";
  }
  function go(i) {
    if (!rows.length) { return; }
    at = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r) { r.classList.remove("current"); });
    rows[at].classList.add("current");
    rows[at].querySelector("input[type=checkbox]").focus();
  }
  document.addEventListener("keydown", function (e) {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.key === "j") { go(at + 1); e.preventDefault(); }
    else if (e.key === "k") { go(at - 1); e.preventDefault(); }
    else if (e.key === "x" && at >= 0) {
      var box = rows[at].querySelector("input[type=checkbox]");
      box.checked = !box.checked; e.preventDefault();
    } else if (e.key === "e" && at >= 0) {
      var edit = rows[at].querySelector("a.edit");
      if (edit) { edit.click(); e.preventDefault(); }
    } else if (e.key === "a") { document.getElementById("approve").click(); e.preventDefault(); }
    else if (e.key === "h") {
      var reason = document.getElementById("reason");
      if (reason.value.trim()) { document.getElementById("hide").click(); } else { reason.focus(); }
      e.preventDefault();
    }
  });
})();

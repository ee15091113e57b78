/* Slides: arrow keys, PageUp/PageDown and clickers move between slide pages; the vote slide
   fetches its totals every few seconds. Links and a refresh link do the same without this. */
(function () {
  var nav = document.querySelector(".deck-nav");
  if (nav) {
    document.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || /INPUT|TEXTAREA|SELECT/.test(e.target.tagName)) return;
      var forward = ["ArrowRight", "PageDown", " "].indexOf(e.key) >= 0;
      var back = ["ArrowLeft", "PageUp"].indexOf(e.key) >= 0;
      var rtl = document.documentElement.dir === "rtl" && e.key.indexOf("Arrow") === 0;
      if (rtl) { var t = forward; forward = back; back = t; }
      var go = forward ? nav.getAttribute("data-next") : back ? nav.getAttribute("data-prev") : "";
      if (!go) return;
      e.preventDefault();
      location.href = location.pathname.replace(/\/\d+$/, "/" + go) + location.search;
    });
  }
  var live = document.getElementById("live");
  if (!live || !window.fetch) return;
  var last = null;
  function tick() {
    fetch(live.getAttribute("data-src"), { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null && html !== last) { last = html; live.innerHTML = html; } })
      .catch(function () {})
      .then(function () { setTimeout(tick, 2000); });
  }
  setTimeout(tick, 2000);
})();

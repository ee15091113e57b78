/* Projector view: fetch the changing part every few seconds; the server escapes every text. */
(function () {
  var live = document.getElementById("live");
  if (!live || !window.fetch) return;
  var last = null;
  function tick() {
    fetch(live.getAttribute("data-src"), { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null && html !== last) { last = html; live.innerHTML = html; }
      })
      .catch(function () {})
      .then(function () { setTimeout(tick, 2500); });
  }
  setTimeout(tick, 2500);
})();

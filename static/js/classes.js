/* The teacher's class session page: the two counts follow by themselves every few seconds.
   Without this file the "Update the counts" link does the same. Only counts, never answers. */
(function () {
  var box = document.querySelector("[data-progress]");
  if (!box || !window.fetch) return;
  function tick() {
    fetch(box.dataset.progress, {credentials: "same-origin"}).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (d) {
      if (!d) return;
      ["started", "done"].forEach(function (k) {
        var el = box.querySelector('[data-count="' + k + '"]');
        if (el && el.textContent !== String(d[k])) el.textContent = d[k];
      });
    }).catch(function () {});
  }
  setInterval(tick, 5000);
})();

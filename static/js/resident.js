/* Medvirk resident pages. Everything works without this file; with it, a screen is sent with
   fetch, so a dropped connection keeps the screen on the phone, and a language switch saves
   the screen first. No htmx here: it alone would break the 12 KB budget. */
(function () {
  var form = document.querySelector("form[data-draft]");
  var note = document.getElementById("net");
  if (!form || !note || !window.fetch || !form.requestSubmit) return;
  var busy = false;
  function send(go) {
    var body = new FormData(form);
    body.set("go", go);
    return fetch(form.action, {method: "POST", body: body, credentials: "same-origin",
                               headers: {"X-Medvirk-Fetch": "1"}});
  }
  form.addEventListener("submit", function (e) {
    if (form.dataset.plain) return;
    e.preventDefault();
    if (busy) return;  // a double tap sends once
    busy = true;
    note.hidden = true;
    var button = e.submitter;
    send(button ? button.value : "next").then(function (r) {
      if (!r.ok) {  // let the server show its message the plain way
        form.dataset.plain = "1";
        return button ? form.requestSubmit(button) : form.requestSubmit();
      }
      return r.json().then(function (d) { location.assign(d.go); });
    }).catch(function () {
      busy = false;
      note.hidden = false;
      note.focus();
    });
  });
  document.querySelectorAll("nav.langs a").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      send("stay").catch(function () {}).then(function () { location.assign(a.href); });
    });
  });
})();

/* Medvirk resident pages. Everything works without this file; with it, a screen is sent with
   fetch, so a dropped connection keeps the screen on the phone (and sends it again by itself
   when the connection is back). The language buttons are submit buttons of the same form, so a
   switch saves the screen first either way. No htmx here: it alone would break the 12 KB budget. */
(function () {
  var form = document.querySelector("form[data-draft]");
  var note = document.getElementById("net");
  if (!form || !note || !window.fetch || !form.requestSubmit) return;
  var busy = false, waiting = null;
  form.addEventListener("submit", function (e) {
    if (form.dataset.plain) return;
    e.preventDefault();
    if (busy) return;  // a double tap sends once
    busy = true;
    note.hidden = true;
    var button = e.submitter, body = new FormData(form);
    body.set("go", button ? button.value : "next");
    fetch(form.action, {method: "POST", body: body, credentials: "same-origin",
                        headers: {"X-Medvirk-Fetch": "1"}}).then(function (r) {
      if (!r.ok) {  // let the server show its message the plain way
        form.dataset.plain = "1";
        return button ? form.requestSubmit(button) : form.requestSubmit();
      }
      return r.json().then(function (d) { location.assign(d.go); });
    }).catch(function () {
      busy = false;
      waiting = button || true;  // tried again when the phone is back online
      note.hidden = false;
      note.focus();
    });
  });
  window.addEventListener("online", function () {
    var b = waiting;
    waiting = null;
    if (b) b === true ? form.requestSubmit() : form.requestSubmit(b);
  });
})();

/* Medvirk field recorder: answers go to an IndexedDB queue on this tablet under a UUID made
   here, and are sent to the idempotent API when there is a connection. An item leaves the
   queue only after the server answered 200 or 201, so a reload, a closed tab or a restarted
   browser loses nothing, and a retry is never stored twice. */
(function () {
  "use strict";
  var root = document.getElementById("field");
  var form = document.getElementById("record");
  if (!root || !form || !window.indexedDB || !window.fetch) return;
  var cfg = root.dataset;
  var DB = "medvirk-field", STORE = "queue", CACHE = "medvirk-field-v1";
  var dbPromise = new Promise(function (resolve, reject) {
    var req = indexedDB.open(DB, 1);
    req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "id" }); };
    req.onsuccess = function () { resolve(req.result); };
    req.onerror = function () { reject(req.error); };
  });

  function tx(mode, work) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode), result;
        result = work(t.objectStore(STORE));
        t.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }
  function all() { return tx("readonly", function (s) { return s.getAll(); }); }
  function put(item) { return tx("readwrite", function (s) { return s.put(item); }); }
  function remove(id) { return tx("readwrite", function (s) { return s["delete"](id); }); }
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)), h = [];
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    for (var i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") + "-" +
      h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }
  function say(template, n) { return template.replace("{n}", String(n)); }
  function show(id, text) {
    var el = document.getElementById(id);
    el.textContent = text || "";
    el.hidden = !text;
  }

  function refresh() {
    return all().then(function (items) {
      var waiting = items.filter(function (i) { return !i.refused; });
      var refused = items.length - waiting.length;
      show("unsent", waiting.length ? say(cfg.tUnsent, waiting.length) : cfg.tAllSent);
      show("sync-problem", refused ? say(cfg.tRejected, refused) : "");
      listRefused(items.filter(function (i) { return i.refused; }));
      var mine = items.filter(function (i) {
        return i.kind === "response" && i.body.session === Number(cfg.session) && !i.body.consensus;
      }).length;
      heading(Number(cfg.stored) + mine + 1);
    });
  }
  function heading(next) {
    var consensus = form.querySelector("input[name=consensus]:checked");
    document.getElementById("record-heading").textContent =
      consensus && consensus.value === "1" ? cfg.tConsensus : say(cfg.tParticipant, next);
  }

  function reasonOf(data) {
    var parts = [data && data.message || ""];
    ((data && data.errors) || []).forEach(function (e) { if (e.message) parts.push(e.message); });
    return parts.filter(Boolean).join(" ");
  }
  function summary(item) {
    if (item.kind === "note") return item.body.text;
    var answers = item.body.answers || {}, out = [];
    Object.keys(answers).forEach(function (slug) {
      var a = answers[slug];
      out.push(slug + ": " + (a.score === null ? "–" : a.score) + (a.good ? " +" + a.good : "") +
               (a.better ? " ↑" + a.better : ""));
    });
    return out.join("; ");
  }
  function button(text, cls, handler) {
    var b = document.createElement("button");
    b.type = "button"; b.className = cls; b.textContent = text;
    b.addEventListener("click", handler);
    return b;
  }
  var fixing = null;  /* the id of a refused record loaded into the form: sent again under it */
  function fix(item) {
    form.reset();
    var body = item.body;
    form.querySelector("input[name=consensus][value='" + (body.consensus ? "1" : "0") + "']").checked = true;
    if (body.locale) form.elements.locale.value = body.locale;
    Object.keys(body.answers || {}).forEach(function (slug) {
      var a = body.answers[slug];
      var radio = form.querySelector("input[name='score-" + slug + "'][value='" + (a.score === null ? "dk" : a.score) + "']");
      if (radio) radio.checked = true;
      if (form.elements["good-" + slug]) form.elements["good-" + slug].value = a.good || "";
      if (form.elements["better-" + slug]) form.elements["better-" + slug].value = a.better || "";
    });
    fixing = item.id;
    return remove(item.id).then(refresh).then(function () {
      show("fixing", cfg.tFixing);
      document.getElementById("record-heading").focus();
    });
  }
  function listRefused(items) {
    var box = document.getElementById("refused");
    var list = box.querySelector("ul");
    list.textContent = "";
    box.hidden = !items.length;
    items.forEach(function (item) {
      var li = document.createElement("li"), why = document.createElement("p"), what = document.createElement("p");
      why.className = "error"; why.textContent = cfg.tReason + " " + (item.reason || item.refused);
      what.className = "refused-body"; what.hidden = true; what.textContent = summary(item);
      li.appendChild(why);
      li.appendChild(button(cfg.tView, "secondary", function () { what.hidden = !what.hidden; }));
      if (item.kind === "response") li.appendChild(button(cfg.tFix, "secondary", function () { fix(item); }));
      li.appendChild(button(cfg.tDelete, "danger", function () {
        if (window.confirm(cfg.tConfirmDelete)) remove(item.id).then(refresh);
      }));
      li.appendChild(what);
      list.appendChild(li);
    });
  }

  var syncing = false;
  function sync() {
    if (syncing) return Promise.resolve();
    syncing = true;
    return all().then(function (items) {
      var chain = Promise.resolve(true);
      items.forEach(function (item) {
        chain = chain.then(function (go) {
          if (!go) return false;
          if (item.refused) return true;  /* waits until it is fixed or deleted */
          return fetch(item.url, {
            method: "POST", credentials: "same-origin", body: JSON.stringify(item.body),
            headers: { "Content-Type": "application/json", "X-Medvirk-Field": "1" }
          }).then(function (r) {
            if (r.status === 200 || r.status === 201) {
              if (r.status === 201 && item.kind === "response" && !item.body.consensus &&
                  item.body.session === Number(cfg.session)) cfg.stored = String(Number(cfg.stored) + 1);
              return remove(item.id).then(function () { return true; });
            }
            if (r.status === 401) { show("sync-problem", cfg.tLogin); return false; }
            if (r.status >= 500 || r.status === 429) return false;
            item.refused = r.status;  /* kept, never deleted unconfirmed */
            return r.json().then(reasonOf, function () { return ""; }).then(function (reason) {
              item.reason = reason || String(r.status);
              return put(item);
            }).then(function () { return true; });
          }, function () { return false; });  /* offline: try again later */
        });
      });
      return chain;
    }).then(function () { syncing = false; return refresh(); }, function () { syncing = false; });
  }

  function text(name) { var el = form.elements[name]; return el ? el.value : ""; }
  function collect() {
    var answers = {};
    form.querySelectorAll("fieldset.theme").forEach(function (fs) {
      var slug = fs.id.slice("score-".length);
      var picked = fs.querySelector("input[type=radio]:checked");
      var good = text("good-" + slug), better = text("better-" + slug);
      if (!picked && !good.trim() && !better.trim()) return;
      var score = picked && picked.value !== "dk" ? Number(picked.value) : null;
      answers[slug] = { score: score, good: good, better: better };
    });
    var consensus = form.querySelector("input[name=consensus]:checked");
    return {
      id: uuid(), area: cfg.area, mode: cfg.mode, locale: text("locale"), answers: answers,
      profile: {}, session: Number(cfg.session), consensus: !!consensus && consensus.value === "1"
    };
  }

  form.addEventListener("change", function (e) { if (e.target.name === "consensus") refresh(); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var body = collect();
    if (!Object.keys(body.answers).length) return;
    if (fixing) { body.id = fixing; fixing = null; show("fixing", ""); }
    var url = "/api/v1/campaigns/" + encodeURIComponent(cfg.slug) + "/responses";
    put({ id: body.id, kind: "response", url: url, body: body, queued: Date.now() }).then(function () {
      var locale = text("locale"), consensus = body.consensus;
      form.reset();
      form.elements.locale.value = locale;
      form.querySelector("input[name=consensus][value='" + (consensus ? "1" : "0") + "']").checked = true;
      show("sync-problem", "");
      return refresh();
    }).then(function () {
      document.getElementById("record-heading").focus();
      sync();
    });
  });

  var notes = document.getElementById("note-form");
  if (notes) {
    notes.addEventListener("submit", function (e) {
      e.preventDefault();
      var note = notes.elements.note.value.trim(), stop = notes.elements.stop.value;
      if (!note) return;
      var id = uuid();
      put({ id: id, kind: "note", url: "/api/v1/field/sessions/" + cfg.session + "/notes",
            body: { id: id, stop: stop === "" ? null : Number(stop), text: note }, queued: Date.now() })
        .then(function () { notes.elements.note.value = ""; return refresh(); }).then(sync);
    });
  }

  document.getElementById("record-heading").setAttribute("tabindex", "-1");
  window.addEventListener("online", sync);
  setInterval(sync, 15000);
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().then(function (granted) { if (!granted) show("persist-note", cfg.tPersist); });
  }
  if (navigator.serviceWorker) {
    navigator.serviceWorker.register("/staff/field/sw.js", { scope: "/staff/field/" }).then(function () {
      /* Cache this page and its files now, so it opens offline even if it was never reloaded online. */
      var urls = [location.pathname];
      document.querySelectorAll("link[rel=stylesheet], script[src]").forEach(function (el) {
        urls.push(el.getAttribute("href") || el.getAttribute("src"));
      });
      return caches.open(CACHE).then(function (cache) { return cache.addAll(urls); });
    })["catch"](function () {});
  }
  refresh().then(sync);
})();

/* Parcours facilitator app: small enhancements. Every page works without them.
 *
 * - Drafts: what is typed in a form marked data-draft is kept on this device (localStorage) as it is
 *   typed, and put back if the page is opened again before the server has moved on (a closed tab, a
 *   lost connection, a server restart lose at most the field being typed).
 * - Autosave: in a form marked data-autosave, each changed field sends the form to the server at once
 *   (header X-Parcours-Autosave); the server answers with the session's new row version.
 * - Offline: a form sent while the device is offline is queued on the device, and sent when the
 *   connection returns.
 * - Timer: a start/stop button fills the time field of a screen; the field stays editable.
 * - Signing out forgets the drafts and timers kept on the device (forms queued offline stay, to be sent).
 * Messages come from the page (data-* attributes written in the reader's language).
 */
(function () {
  "use strict";

  var DRAFT = "parcours:draft:";
  var QUEUE = "parcours:queue";
  var TIMER = "parcours:timer:";
  var RETRY_MS = 2000;
  var SIGN_IN = "/connexion";
  var KEPT = ["csrf", "row_version"]; // sent with a queued form, never restored into one

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function read(key) {
    var store = storage();
    try { return store ? JSON.parse(store.getItem(key) || "null") : null; } catch (e) { return null; }
  }

  function write(key, value) {
    var store = storage();
    if (!store) { return; }
    try {
      if (value === null) { store.removeItem(key); } else { store.setItem(key, JSON.stringify(value)); }
    } catch (e) { /* storage full or refused: the server copy still counts */ }
  }

  function say(form, key) {
    var box = form.querySelector(".draft-status");
    if (box && box.getAttribute("data-" + key)) { box.textContent = box.getAttribute("data-" + key); }
  }

  function version(form) {
    var field = form.querySelector("input[name=row_version]");
    return field ? parseInt(field.value, 10) : null;
  }

  function values(form) {
    var found = {};
    new FormData(form).forEach(function (value, name) {
      if (KEPT.indexOf(name) < 0) { found[name] = String(value); }
    });
    return found;
  }

  function keep(form) {
    write(DRAFT + form.getAttribute("action"), { version: version(form), values: values(form) });
  }

  function restore(form) {
    var draft = read(DRAFT + form.getAttribute("action"));
    if (!draft) { return; }
    var current = version(form);
    if (current !== null && draft.version !== current) { // the server has moved on: its copy wins
      write(DRAFT + form.getAttribute("action"), null);
      return;
    }
    var changed = false;
    Object.keys(draft.values).forEach(function (name) {
      var value = draft.values[name];
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name !== name) { return; }
        if (field.type === "radio" || field.type === "checkbox") {
          if (field.checked !== (field.value === value)) { field.checked = field.value === value; changed = true; }
        } else if (field.value !== value) {
          field.value = value;
          changed = true;
        }
      });
    });
    if (changed) { say(form, "restored"); }
  }

  function body(form) {
    return new URLSearchParams(new FormData(form));
  }

  // -- autosave --------------------------------------------------------------------------

  function autosaver(form) {
    var busy = null; // the save under way, if any
    var again = false;
    function send() {
      if (busy) { again = true; return; }
      if (!navigator.onLine) { say(form, "offline"); return; }
      busy = fetch(form.getAttribute("action"), {
        method: "POST", body: body(form), credentials: "same-origin",
        headers: { "X-Parcours-Autosave": "1" }
      }).then(function (response) {
        return response.json().then(function (answer) { return { status: response.status, answer: answer }; });
      }).then(function (result) {
        if (result.status === 200) {
          form.querySelector("input[name=row_version]").value = String(result.answer.row_version);
          keep(form);
          say(form, "saved");
        } else if (result.status === 409) {
          say(form, "conflict");
        } else {
          say(form, "kept"); // not complete yet (a question unanswered): kept on this device
        }
      }).catch(function () {
        say(form, "kept");
      }).then(function () {
        busy = null;
        if (again) { again = false; send(); }
      });
    }
    // the form is sent only once no save is under way: else it would carry a row version already used
    send.settled = function (then) {
      if (busy) { busy.then(function () { send.settled(then); }); } else { then(); }
    };
    send.busy = function () { return busy !== null || again; };
    return send;
  }

  // -- offline queue ---------------------------------------------------------------------

  function queue(form) {
    var waiting = read(QUEUE) || [];
    waiting.push({ action: form.getAttribute("action"), body: body(form).toString() });
    write(QUEUE, waiting);
  }

  function flush() {
    var waiting = read(QUEUE) || [];
    if (!waiting.length || !navigator.onLine) { return; }
    write(QUEUE, []);
    var here = document.querySelector("form[data-draft]");
    waiting.forEach(function (item) {
      fetch(item.action, {
        method: "POST", body: new URLSearchParams(item.body), credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" }
      }).then(function (response) {
        var mine = here && here.getAttribute("action") === item.action;
        var signedOut = new URL(response.url).pathname === SIGN_IN; // sent back to sign in (account gone): not saved
        if (response.ok && response.redirected && !signedOut) {
          write(DRAFT + item.action, null);
          if (mine) { window.location.assign(response.url); }
        } else if (mine) {
          say(here, "unsent"); // refused (a field to correct, changed elsewhere, signed out): the draft stays
        }
      }).catch(function () { // the connection is not quite back: try again shortly
        var again = read(QUEUE) || [];
        again.push(item);
        write(QUEUE, again);
        window.setTimeout(flush, RETRY_MS);
      });
    });
    if (here) { say(here, "sent"); }
  }

  // -- timer -----------------------------------------------------------------------------

  function timer(box) {
    var form = box.closest("form");
    var field = form.querySelector("#" + box.getAttribute("data-for"));
    var key = TIMER + form.getAttribute("action");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    box.appendChild(button);
    var tick = null;

    function shown() {
      var started = read(key);
      if (started) {
        button.textContent = box.getAttribute("data-stop");
        button.setAttribute("aria-pressed", "true");
      } else {
        button.textContent = box.getAttribute("data-start");
        button.setAttribute("aria-pressed", "false");
      }
    }

    function elapsed(started) {
      return Math.round((Date.now() - started.at) / 1000) + started.before;
    }

    function follow() { // the field shows the running time, second by second
      tick = window.setInterval(function () {
        var running = read(key);
        if (running) { field.value = String(elapsed(running)); }
      }, 1000);
    }

    button.addEventListener("click", function () {
      var started = read(key);
      if (started) { // stop: the time goes into the field, which stays editable
        write(key, null);
        window.clearInterval(tick);
        field.value = String(elapsed(started));
        field.dispatchEvent(new Event("change", { bubbles: true }));
      } else { // start, or go on from the time already in the field
        var before = parseFloat((field.value || "0").replace(",", "."));
        write(key, { at: Date.now(), before: isNaN(before) ? 0 : Math.round(before) });
        follow();
      }
      shown();
    });
    if (read(key)) { follow(); } // a timer left running (page reloaded): it goes on
    shown();
  }

  // -- signing out -----------------------------------------------------------------------

  function forget() { // a shared machine keeps nothing typed once its user signs out; unsent forms stay queued
    var store = storage();
    if (!store) { return; }
    Object.keys(store).forEach(function (key) {
      if (key.indexOf(DRAFT) === 0 || key.indexOf(TIMER) === 0) { store.removeItem(key); }
    });
  }

  // -- wiring ----------------------------------------------------------------------------

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft]"), function (form) {
      restore(form);
      var send = form.hasAttribute("data-autosave") ? autosaver(form) : null;
      form.addEventListener("input", function () { keep(form); });
      form.addEventListener("change", function () {
        keep(form);
        if (send) { send(); }
      });
      form.addEventListener("submit", function (event) {
        keep(form);
        write(TIMER + form.getAttribute("action"), null);
        if (send && send.busy() && navigator.onLine) {
          event.preventDefault();
          send.settled(function () { form.submit(); });
        } else if (!navigator.onLine) {
          event.preventDefault();
          queue(form);
          say(form, "offline");
        } else if (version(form) === null) {
          write(DRAFT + form.getAttribute("action"), null); // nothing on the server says when it is stale
        }
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".timer[data-for]"), timer);
    var logout = document.querySelector("form.logout");
    if (logout) { logout.addEventListener("submit", forget); }
    flush();
  });
  window.addEventListener("online", flush);
}());

// `parcours record`: what the person does in the page, sent to Parcours as steps of Chrome's Recorder
// format (click, change, keyDown), with the selectors the import reads (aria/ by the accessibility tree's
// name and role, then a CSS path). Nothing typed leaves Parcours: the import replaces every value.
// A button that sends the request (its name says so, or the person holds Shift while clicking) is held
// back, unless the recording was started with --send: the step is recorded, nothing is sent.
(() => {
  if (window.__parcoursCapture) return;
  window.__parcoursCapture = true;
  const SENDS = new RegExp(__SENDS__, "i");
  const SEND_ALLOWED = __SEND_ALLOWED__;
  const ACTIONABLE = "a[href], button, input, select, textarea, summary, label, [role=button], [role=link], " +
    "[role=checkbox], [role=radio], [role=switch], [role=tab], [role=menuitem], [role=option], [onclick]";
  const clean = (text) => (text || "").replace(/\s+/g, " ").trim();
  const send = (step) => { if (window.__parcoursRecord) window.__parcoursRecord(step); };
  const unique = (selector) => { try { return document.querySelectorAll(selector).length === 1; } catch (e) { return false; } };
  const cssPath = (el) => {
    if (el.id && unique("#" + CSS.escape(el.id))) return "#" + CSS.escape(el.id);
    const parts = [];
    for (let n = el; n && n.nodeType === 1 && n !== document.documentElement; n = n.parentElement) {
      if (n !== el && n.id && unique("#" + CSS.escape(n.id))) { parts.unshift("#" + CSS.escape(n.id)); break; }
      let i = 1;
      for (let s = n.previousElementSibling; s; s = s.previousElementSibling) if (s.localName === n.localName) i++;
      parts.unshift(`${n.localName}:nth-of-type(${i})`);
    }
    return parts.join(" > ");
  };
  const selectorsOf = (el) => {
    const found = [];
    const name = clean(el.computedName);
    const role = el.computedRole || "";
    if (name) found.push([`aria/${name}` + (role && !["generic", "none"].includes(role) ? `[role="${role}"]` : "")]);
    found.push([cssPath(el)]);
    return found;
  };
  const isTextField = (el) => !!el && ((el.localName === "input" &&
    !["checkbox", "radio", "submit", "button", "image", "reset", "file", "hidden", "range", "color"].includes(el.type)) ||
    el.localName === "textarea" || el.isContentEditable);
  const valueOf = (el) => (el.isContentEditable ? el.innerText : el.value);
  const recorded = new WeakMap();  // the value last sent for each field
  const flush = (el) => {
    if (isTextField(el) && recorded.get(el) !== valueOf(el) && !(recorded.get(el) === undefined && valueOf(el) === "")) {
      recorded.set(el, valueOf(el));
      send({ type: "change", selectors: selectorsOf(el), value: valueOf(el) });
    }
  };
  const isSubmit = (el) => !!el.form && ((el.localName === "button" && (el.getAttribute("type") || "submit") === "submit") ||
    (el.localName === "input" && ["submit", "image"].includes(el.type)));
  const holdBack = (event, step, sends) => {
    if (!sends) return;
    step.parcours_sends = true;
    if (!SEND_ALLOWED) { event.preventDefault(); event.stopImmediatePropagation(); }
  };

  document.addEventListener("click", (event) => {
    if (!event.isTrusted) return;
    const el = event.target.closest(ACTIONABLE) || event.target;
    if (el.localName === "label" && el.control) return;  // its control's change records it
    if (isTextField(el) || el.localName === "select" || (el.localName === "input" && ["checkbox", "radio", "file"].includes(el.type))) return;
    if (document.activeElement && document.activeElement !== el) flush(document.activeElement);
    const step = { type: "click", selectors: selectorsOf(el) };
    holdBack(event, step, event.shiftKey || (isSubmit(el) && SENDS.test(clean(el.computedName))));
    send(step);
  }, true);

  document.addEventListener("change", (event) => {
    const el = event.target;
    // a list or a file chooser may be set by a script (a custom widget, an assistive tool): its change counts
    if (!event.isTrusted && !(el.localName === "select" || (el.localName === "input" && el.type === "file"))) return;
    if (el.localName === "input" && ["checkbox", "radio"].includes(el.type)) {
      // the import reads the box's state before it acts: a click, as Chrome records it
      send({ type: "click", selectors: selectorsOf(el) });
    } else if (el.localName === "input" && el.type === "file") {
      const file = el.files && el.files[0];
      const image = !!file && /^image\//.test(file.type);
      send({ type: "change", selectors: selectorsOf(el), value: image ? "image.png" : "document.pdf" });  // never its name
    } else if (el.localName === "select") {
      send({ type: "change", selectors: selectorsOf(el), value: el.value });
    } else {
      flush(el);
    }
  }, true);

  document.addEventListener("keydown", (event) => {
    if (!event.isTrusted || !["Enter", "Escape"].includes(event.key)) return;
    const el = document.activeElement;
    flush(el);
    if (event.key === "Enter" && el && (el.localName === "button" || el.localName === "a")) return;  // a click follows
    const step = { type: "keyDown", key: event.key };
    if (event.key === "Enter" && isTextField(el) && el.localName !== "textarea" && el.form) {
      const button = el.form.querySelector("button:not([type]), button[type=submit], input[type=submit]");
      holdBack(event, step, event.shiftKey || (!!button && SENDS.test(clean(button.computedName))));
    }
    send(step);
  }, true);
})();

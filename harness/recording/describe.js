// What a recording needs to know of an element, read in the page as the browser's accessibility
// tree has it (Element.computedRole / computedName, Chromium's ComputedAccessibilityInfo): the element
// a person acts on (the control a click inside it reaches), its role, name and label, the group
// (fieldset, radio group) that holds it, and a CSS path for when nothing accessible names it. The element
// acted on is marked with `token` (data-parcours-target) for the locators to be tried against it.
(el, token) => {
  const ACTIONABLE = "a[href], button, input, select, textarea, summary, label, [role=button], [role=link], " +
    "[role=checkbox], [role=radio], [role=switch], [role=tab], [role=menuitem], [role=option], [role=combobox], " +
    "[role=textbox], [contenteditable=''], [contenteditable=true], [onclick], [tabindex]";
  const clean = (text) => (text || "").replace(/\s+/g, " ").trim();
  let target = el.closest(ACTIONABLE) || el;
  // a click on a label acts on its control (a styled checkbox or radio, as design systems draw them)
  if (target.localName === "label" && target.control) target = target.control;
  target.setAttribute("data-parcours-target", token);
  const tag = target.localName;
  const type = (target.getAttribute("type") || (tag === "button" ? "submit" : "")).toLowerCase();
  const isField = (tag === "input" && !["hidden", "submit", "button", "image", "reset"].includes(type)) ||
    tag === "select" || tag === "textarea" || target.isContentEditable ||
    ["textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "switch", "spinbutton", "slider"]
      .includes(target.getAttribute("role") || "");
  const labels = target.labels ? Array.from(target.labels).map((l) => clean(l.innerText)).filter(Boolean) : [];
  // the label's own words, without the hint or error message it holds in a span
  const first = target.labels && target.labels[0];
  const labelOwn = first ? clean(Array.from(first.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join(" ")) : "";
  const form = target.form || target.closest("form");
  const isSubmit = !!form && ((tag === "button" && type === "submit") || (tag === "input" && ["submit", "image"].includes(type)));
  // what Enter in one of the form's fields presses: its default button
  const submitter = isSubmit ? target : form && form.querySelector("button:not([type]), button[type=submit], input[type=submit]");
  let group = null;
  for (let n = target.parentElement; n; n = n.parentElement) {
    const role = n.computedRole;
    if ((n.localName === "fieldset" || role === "group" || role === "radiogroup") && clean(n.computedName)) {
      group = { role: role === "radiogroup" ? "radiogroup" : "group", name: clean(n.computedName) };
      break;
    }
  }
  const esc = (value) => CSS.escape(value);
  const unique = (selector) => { try { return document.querySelectorAll(selector).length === 1; } catch (e) { return false; } };
  const quote = (value) => '"' + value.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  const cssPath = () => {
    if (target.id && !/\d{4,}|[:]/.test(target.id) && unique("#" + esc(target.id))) return "#" + esc(target.id);
    const name = target.getAttribute("name");
    if (name) {
      const byName = `${tag}[name=${quote(name)}]`;
      if (unique(byName)) return byName;
      const value = target.getAttribute("value");
      if (value !== null && unique(`${byName}[value=${quote(value)}]`)) return `${byName}[value=${quote(value)}]`;
    }
    const parts = [];
    for (let n = target; n && n.nodeType === 1 && n !== document.documentElement; n = n.parentElement) {
      if (n !== target && n.id && !/\d{4,}/.test(n.id) && unique("#" + esc(n.id))) { parts.unshift("#" + esc(n.id)); break; }
      let i = 1;
      for (let s = n.previousElementSibling; s; s = s.previousElementSibling) if (s.localName === n.localName) i++;
      parts.unshift(`${n.localName}:nth-of-type(${i})`);
    }
    return parts.join(" > ");
  };
  const options = tag === "select" ? Array.from(target.options).map((o) => ({ value: o.value, text: clean(o.text) })) : [];
  return {
    tag, type, isField, isSubmit,
    inForm: !!form,
    submitName: submitter ? clean(submitter.computedName) : "",
    role: target.computedRole || "",
    name: clean(target.computedName),
    label: labels.join(" ") || (isField ? clean(target.computedName) : ""),
    labelOwn,
    placeholder: target.getAttribute("placeholder") || "",
    text: clean(target.innerText).slice(0, 120),
    autocomplete: target.getAttribute("autocomplete") || "",
    accept: target.getAttribute("accept") || "",
    checked: !!target.checked,
    options,
    group,
    css: cssPath(),
    same: target === el,
  };
}

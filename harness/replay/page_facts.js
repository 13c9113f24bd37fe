// What a person meets on the current screen: its text, headings and form fields,
// and whether it fits the viewport. Runs in the page; returns plain data.
(_root, patterns) => {
  const visible = (el) =>
    el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : !!el.offsetParent;
  const clean = (text) => (text || "").replace(/\s+/g, " ").trim();
  const byIds = (ids) =>
    clean((ids || "").split(/\s+/).map((id) => document.getElementById(id)?.textContent || "").join(" "));

  const labelOf = (el) => {
    if (el.getAttribute("aria-labelledby")) return { text: byIds(el.getAttribute("aria-labelledby")), real: true };
    if (el.getAttribute("aria-label")) return { text: clean(el.getAttribute("aria-label")), real: true };
    const labels = el.labels ? Array.from(el.labels) : [];
    if (labels.length) return { text: clean(labels.map((l) => l.textContent).join(" ")), real: true };
    const fallback = el.getAttribute("title") || el.getAttribute("placeholder") || "";
    return { text: clean(fallback), real: false };
  };

  const root = document.documentElement;
  const text = document.body ? document.body.innerText || "" : "";
  const pageSaysAllRequired = /tous les champs sont obligatoires|all fields are (required|mandatory)/i.test(text);
  const skipped = new Set(["hidden", "submit", "button", "reset", "image"]);
  const controls = Array.from(document.querySelectorAll("input, select, textarea")).filter(
    (el) => !skipped.has((el.getAttribute("type") || "").toLowerCase()) && (visible(el) || (el.labels && Array.from(el.labels).some(visible)))
  );
  const fields = controls.map((el) => {
    const label = labelOf(el);
    const required = el.required || el.getAttribute("aria-required") === "true";
    const described = byIds(el.getAttribute("aria-describedby"));
    const inText = /\*|obligatoire|required/i.test(label.text + " " + described);
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute("type"),
      name: el.getAttribute("name"),
      accessible_name: label.text,
      has_label: label.real && label.text.length > 0,
      required,
      required_marked: required && (inText || pageSaysAllRequired),
      autocomplete: el.getAttribute("autocomplete"),
      invalid: el.getAttribute("aria-invalid") === "true",
      described: described.length > 0,
      placeholder_only: !label.real && !el.getAttribute("title") && !!el.getAttribute("placeholder"),
    };
  });
  const headings = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]"))
    .filter(visible)
    .map((h) => clean(h.textContent));
  // An error summary: an announced region whose links lead to form fields.
  const summaries = Array.from(document.querySelectorAll("[role=alert], [class*=error-summary]"));
  const summaryLinks = summaries.flatMap((box) => Array.from(box.querySelectorAll('a[href^="#"]')))
    .filter((a) => { const target = document.getElementById(a.getAttribute("href").slice(1));
                     return target && target.matches("input, select, textarea"); }).length;
  // Running text, for reading ease: paragraphs and list items, innermost only, never a form's
  // labels, buttons, tables or menus.
  const RUNNING = "p, li, dd, blockquote, figcaption";
  const blocks = [];
  let proseLength = 0;
  const running = document.querySelectorAll(RUNNING);
  for (let i = 0; i < running.length && i < 5000 && proseLength < 50000; i++) {  // a huge page: its first part
    const el = running[i];
    if (el.querySelector(RUNNING) || el.closest("label, legend, button, table, nav, [role=navigation], select") || !visible(el)) continue;
    const block = clean(el.innerText);
    if (block) { blocks.push(block); proseLength += block.length + 1; }
  }
  const prose = blocks.join("\n");
  const base = {
    url: location.href,
    title: document.title,
    text: text.slice(0, 50000),
    prose: prose.slice(0, 50000),
    words: (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) || []).length,
    // a hostile or huge page must not make the record huge
    headings: headings.slice(0, 500),
    fields: fields.slice(0, 500),
    error_summary_links: summaryLinks,
    viewport_width: root.clientWidth,
    page_width: root.scrollWidth,
    page_height: root.scrollHeight,
  };
  if (patterns.basic) return base;  // without Parcours's own checks: only to measure what they cost
  // Error states, recognised by structure rather than by words or aria-invalid alone:
  // the GOV.UK and DSFR message classes, alerts and live regions, and the ties
  // (aria-describedby, aria-errormessage) from fields to their messages.
  const { message: MESSAGE, group: GROUP_ERROR, summary: SUMMARY } = patterns;
  const announcing = (el) => !!el.closest("[role=alert], [aria-live=assertive], [aria-live=polite], [role=status]");
  const control = "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea";
  const idsOf = (el, attr) => (el.getAttribute(attr) || "").split(/\s+/).filter(Boolean);
  const groupOf = (el) => {  // the nearest ancestor holding form controls: the field's group
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      if (node.querySelector(control)) return node;
    }
    return null;
  };
  const keyOf = (el) => el.id || el.getAttribute("name") || "";
  const allControls = Array.from(document.querySelectorAll(control));
  const questions = (els) => new Set(els.map((c) => c.getAttribute("name") || c.id)).size;
  const near = (m) => {  // the control just after (or before) a message in a flat layout
    for (const step of ["nextElementSibling", "previousElementSibling"]) {
      for (let n = m[step], i = 0; n && i < 3; n = n[step], i++) {
        if (n.matches(control)) return n;
        const inside = Array.from(n.querySelectorAll(control));
        if (inside.length) return questions(inside) === 1 ? inside[0] : null;  // a block of several questions
      }
    }
    return null;
  };
  const messages = Array.from(document.querySelectorAll(MESSAGE))
    .filter((m) => visible(m) && !m.matches(control) && clean(m.textContent)).slice(0, 100).map((m) => {
    // tied: a field points to the message, or the message sits in the field's label
    let field = m.id ? allControls.find((c) => idsOf(c, "aria-describedby").includes(m.id) ||
                                           idsOf(c, "aria-errormessage").includes(m.id)) : null;
    const label = m.closest("label");
    if (!field && label && label.control) field = label.control;
    const tied = !!field;
    if (!field) {  // untied: the field it stands with, by layout
      const group = groupOf(m);
      const inGroup = group ? Array.from(group.querySelectorAll(control)) : [];
      field = inGroup.length && questions(inGroup) === 1 ? inGroup[0] : near(m);
    }
    return { text: clean(m.textContent).slice(0, 200), field: field ? keyOf(field) : null,
             tied, announced: announcing(m) };
  });
  const groupsInError = Array.from(document.querySelectorAll(GROUP_ERROR)).filter(visible).length;
  const summaryBox = Array.from(document.querySelectorAll(SUMMARY)).find(visible) || null;
  const alerts = Array.from(document.querySelectorAll("[role=alert], [aria-live=assertive]"))
    .filter((el) => visible(el) && clean(el.textContent).length > 0).length;
  const active = document.activeElement;
  const focus = !active || active === document.body || active === root ? "body"
    : (active.tagName.toLowerCase() + (active.id ? "#" + active.id : ""));
  const values = {};
  for (const el of Array.from(document.querySelectorAll(control)).slice(0, 500)) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (type === "password" || type === "file" || !keyOf(el)) continue;  // never read back
    values[keyOf(el)] = type === "checkbox" || type === "radio" ? (el.checked ? "checked" : "") : el.value;
  }
  // Choices of one question: radios or checkboxes sharing a name, without a
  // fieldset and legend or a named group around them.
  const byName = {};
  for (const el of document.querySelectorAll("input[type=radio], input[type=checkbox]")) {
    const name = el.getAttribute("name");
    if (name && visible(el)) (byName[name] = byName[name] || []).push(el);
  }
  const ungrouped = Object.entries(byName).filter(([, els]) => els.length > 1 && !els.every((el) => {
    const fieldset = el.closest("fieldset");
    if (fieldset && fieldset.querySelector("legend") && clean(fieldset.querySelector("legend").textContent)) return true;
    const group = el.closest("[role=group], [role=radiogroup]");
    return !!group && (group.getAttribute("aria-label") || group.getAttribute("aria-labelledby"));
  })).map(([name]) => name).slice(0, 50);
  // Each link's name, and whether the sentence, paragraph or list item around it says more.
  const links = Array.from(document.querySelectorAll("a[href]")).filter(visible).slice(0, 300).map((a) => {
    const name = clean(a.getAttribute("aria-label") || byIds(a.getAttribute("aria-labelledby")) || a.textContent || a.getAttribute("title") || "");
    const block = a.closest("p, li, td, th, dd, figcaption");
    return { name: name.slice(0, 200), context: !!block && clean(block.textContent).length > name.length + 10 };
  });
  const headingLevels = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading][aria-level]"))
    .filter(visible).slice(0, 500)
    .map((h) => Number(h.getAttribute("aria-level") || h.tagName.slice(1)) || 2);
  // Text that looks like a heading (short, alone on its line, clearly larger or
  // bolder than the body text) but is not one.
  const bodySize = parseFloat(getComputedStyle(document.body || root).fontSize) || 16;
  const fakeHeadings = Array.from(document.querySelectorAll("p, div, span, strong, b, font, td, label"))
    .slice(0, 3000)  // bounded: styles are computed for each candidate
    .filter((el) => {
      if (el.closest("h1, h2, h3, h4, h5, h6, [role=heading], button, a, label, legend, th, summary, nav, header, footer")) return false;
      const text = clean(el.textContent);
      if (text.length < 3 || text.length > 80 || el.children.length > 1 || !visible(el)) return false;
      const style = getComputedStyle(el);
      if (style.display === "inline" && !/^(strong|b|span|font)$/i.test(el.tagName)) return false;
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 600;
      const block = style.display !== "inline" || (el.parentElement && clean(el.parentElement.textContent) === text);
      return block && (size >= bodySize * 1.35 || (size >= bodySize * 1.15 && bold));
    })
    .filter((el, i, all) => !all.some((other) => other !== el && other.contains(el)))
    .slice(0, 20).map((el) => clean(el.textContent));
  const tables = Array.from(document.querySelectorAll("table")).filter(visible).slice(0, 50).map((t) => ({
    headers: t.querySelectorAll("th, [role=columnheader], [role=rowheader]").length,
    cells: t.querySelectorAll("td").length,
    presentation: ["presentation", "none"].includes(t.getAttribute("role") || ""),
    caption: !!t.querySelector("caption") || !!t.getAttribute("aria-label") || !!t.getAttribute("aria-labelledby"),
  }));
  return {
    lang: root.getAttribute("lang") || null,
    errors: {
      messages, groups: groupsInError, summary: !!summaryBox, alerts,
      focus_in_summary: !!summaryBox && !!active && summaryBox.contains(active),
    },
    focus,
    field_values: values,
    ungrouped_choices: ungrouped,
    links,
    heading_levels: headingLevels,
    fake_headings: fakeHeadings,
    tables,
    ...base,
  };
}

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
  // Text as a screen reader reads it: "ou" shown in capitals by `text-transform` is still "ou".
  // A sheet of the page's own (not subject to its content security policy) sets the transform
  // aside while the text is read, and is taken away before anything is drawn again.
  const asSpoken = (read) => {
    if (patterns.basic || !document.adoptedStyleSheets) return read();
    const sheet = new CSSStyleSheet();
    sheet.replaceSync("*, *::before, *::after { text-transform: none !important; }");
    const before = document.adoptedStyleSheets;
    document.adoptedStyleSheets = [...before, sheet];
    try { return read(); } finally { document.adoptedStyleSheets = before; }
  };
  const readText = () => (document.body ? document.body.innerText || "" : "");
  // Running text, for reading ease: paragraphs and list items, innermost only, never a form's
  // labels, buttons, tables or menus.
  const RUNNING = "p, li, dd, blockquote, figcaption";
  const runningBlocks = [];
  const running = document.querySelectorAll(RUNNING);
  for (let i = 0; i < running.length && i < 5000; i++) {  // a huge page: its first part
    const el = running[i];
    if (el.querySelector(RUNNING) || el.closest("label, legend, button, table, nav, [role=navigation], select") || !visible(el)) continue;
    runningBlocks.push(el);
  }
  const [text, blocks] = asSpoken(() => {
    const read = [];
    let proseLength = 0;
    for (const el of runningBlocks) {
      if (proseLength >= 50000) break;
      const block = clean(el.innerText);
      if (block) { read.push(block); proseLength += block.length + 1; }
    }
    return [readText(), read];
  });
  const pageSaysAllRequired = /tous les champs sont obligatoires|all fields are (required|mandatory)/i.test(text);
  const prose = blocks.join("\n");
  const skipped = new Set(["hidden", "submit", "button", "reset", "image"]);
  const controls = Array.from(document.querySelectorAll("input, select, textarea")).filter(
    (el) => !skipped.has((el.getAttribute("type") || "").toLowerCase()) && (visible(el) || (el.labels && Array.from(el.labels).some(visible)))
  );
  const fields = controls.map((el) => {
    const label = labelOf(el);
    const required = el.required || el.getAttribute("aria-required") === "true";
    // help for the field: what it or its question's group points to (GOV.UK's date hint is on the
    // fieldset), or a hint inside its label (the DSFR's `fr-hint-text`)
    const group = el.closest("fieldset[aria-describedby], [role=group][aria-describedby], [role=radiogroup][aria-describedby]");
    const inLabel = el.labels ? Array.from(el.labels).map((l) => l.querySelector("[class*=hint]")?.textContent || "").join(" ") : "";
    const described = clean([byIds(el.getAttribute("aria-describedby")), group ? byIds(group.getAttribute("aria-describedby")) : "",
                             inLabel].join(" "));
    const inText = /\*|obligatoire|required/i.test(label.text + " " + described);
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute("type"),
      name: el.getAttribute("name"),
      id: el.id || null,
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
    // the ids that name the message: its own, or a box of messages it sits in (the DSFR's messages group)
    const named = [];
    for (let n = m, i = 0; n && n !== document.body && i < 3; n = n.parentElement, i++) if (n.id) named.push(n.id);
    const points = (el, attr) => idsOf(el, attr).some((id) => named.includes(id));
    let field = named.length ? allControls.find((c) => points(c, "aria-describedby") || points(c, "aria-errormessage")) : null;
    if (!field && named.length) {  // a question's group (fieldset, role=group) describes all its choices at once
      const group = Array.from(document.querySelectorAll("fieldset[aria-describedby], [role=group][aria-describedby], " +
        "[role=radiogroup][aria-describedby]")).find((g) => points(g, "aria-describedby"));
      field = group ? group.querySelector(control) : null;
    }
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
  // What the page says of the error in words: alerts, live regions, the summary (each cut short).
  const said = Array.from(document.querySelectorAll(`[role=alert], [aria-live], [role=status], ${SUMMARY}`))
    .filter((el, i, all) => visible(el) && clean(el.textContent) && !all.some((other) => other !== el && other.contains(el)))
    .slice(0, 10).map((el) => clean(el.innerText).slice(0, 300));
  // Short red text standing with a field: how many sites show an error without any markup for it.
  const reddish = (colour) => {
    const [r, g, b] = (colour.match(/[\d.]+/g) || []).map(Number);
    return r >= 150 && r - Math.max(g, b) >= 80;
  };
  const redTexts = [];
  const inForms = document.querySelectorAll("form span, form p, form div, form strong, form small, form label, form em");
  for (let i = 0; i < inForms.length && i < 3000 && redTexts.length < 20; i++) {  // bounded, as everything here
    const el = inForms[i];
    const own = Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join(" ");
    if (clean(own).length < 3 || !visible(el) || el.closest("label, legend") && !el.matches(MESSAGE)) continue;
    if (reddish(getComputedStyle(el).color) && groupOf(el)) redTexts.push(clean(el.textContent).slice(0, 200));
  }
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
  // Each link's name, and whether its own context says more (WCAG 2.4.4): its sentence in running
  // text, its list item or table cell, or a description it points to. A paragraph's other sentences
  // are not read with the link. Whether it stands out from the text around it other than by colour
  // (WCAG 1.4.1): an underline, a border, a weight, or a contrast of 3:1 with that text.
  const luminance = (colour) => {
    const [r, g, b] = (colour.match(/[\d.]+/g) || [0, 0, 0]).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const sentenceOf = (a, block) => {
    const whole = block.textContent;
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEndBefore(a);
    const at = range.toString().length;
    const end = at + a.textContent.length;
    const before = whole.slice(0, at).search(/[.!?…](?=\s)[^.!?…]*$/);
    const after = whole.slice(end).search(/[.!?…](\s|$)/);
    return clean(whole.slice(before < 0 ? 0 : before + 1, after < 0 ? whole.length : end + after + 1));
  };
  const decorated = (el, upTo) => {
    for (let n = el; n && n !== upTo; n = n.parentElement) {
      const style = getComputedStyle(n);
      // an underline drawn as a background (the DSFR's links) is one too
      if (style.textDecorationLine.includes("underline") || parseFloat(style.borderBottomWidth) > 0 ||
          style.backgroundImage !== "none") return true;
    }
    return false;
  };
  const links = Array.from(document.querySelectorAll("a[href]")).filter(visible).slice(0, 300).map((a) => {
    const name = clean(a.getAttribute("aria-label") || byIds(a.getAttribute("aria-labelledby")) || a.textContent || a.getAttribute("title") || "");
    const block = a.closest("p, li, td, th, dd, figcaption");
    const said = block ? (block.matches("p") ? sentenceOf(a, block) : clean(block.textContent)) : "";
    const context = said.length > name.length + 10 || byIds(a.getAttribute("aria-describedby")).length > 0;
    let colourOnly = false;
    if (block && block.matches("p, li, dd") && clean(block.textContent).length > name.length + 20 && !a.querySelector("img, svg")) {
      const [own, around] = [getComputedStyle(a), getComputedStyle(block)];
      colourOnly = !decorated(a, block) && Math.abs(Number(own.fontWeight) - Number(around.fontWeight)) < 300 &&
        own.backgroundColor === around.backgroundColor && contrast(own.color, around.color) < 3;
    }
    return { name: name.slice(0, 200), context, colour_only: colourOnly };
  });
  // Text alternatives of images, with what surrounds them, for a person to judge.
  const images = Array.from(document.querySelectorAll("img[alt], [role=img][aria-label]")).filter(visible).slice(0, 100).map((img) => {
    const link = img.closest("a[href], button");
    const figure = img.closest("figure");
    const caption = figure && figure.querySelector("figcaption");
    const src = (img.getAttribute("src") || "").split(/[?#]/)[0];
    const near = link ? clean(link.textContent) : clean(img.parentElement ? img.parentElement.textContent : "");
    const box = img.getBoundingClientRect();
    return { alt: clean(img.getAttribute("alt") ?? img.getAttribute("aria-label")).slice(0, 500),
             file: decodeURIComponent(src.slice(src.lastIndexOf("/") + 1)).slice(0, 200),
             in_link: !!link, near: near.slice(0, 300), caption: caption ? clean(caption.textContent).slice(0, 200) : null,
             width: Math.round(box.width), height: Math.round(box.height) };
  });
  // The end of a procedure said by structure: a success panel or alert, as the design systems build them.
  const confirmation = Array.from(document.querySelectorAll(
    "[class*=panel--confirmation], [class*=alert--success], [class*=banner--success], [class*=callout--success]"))
    .some((el) => visible(el) && clean(el.textContent));
  const headingLevels = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading][aria-level]"))
    .filter(visible).slice(0, 500)
    .map((h) => Number(h.getAttribute("aria-level") || h.tagName.slice(1)) || 2);
  // Text that looks like a heading but is not one (WCAG F2): short, alone on its line, clearly
  // larger (or bolder and larger) than the page's running text, and not something else a person
  // knows by its place: a field's label, hint or error message (what a field points to), an alert,
  // the lead under a real heading, a box that holds a heading or controls, a sentence.
  const sizes = {};
  for (const el of runningBlocks.slice(0, 300)) {  // sentences, not short lines that may be headings themselves
    const length = clean(el.textContent).length;
    const size = length >= 40 ? parseFloat(getComputedStyle(el).fontSize) : 0;
    if (size) sizes[size] = (sizes[size] || 0) + length;
  }
  const usual = Object.entries(sizes).sort((a, b) => b[1] - a[1])[0];
  const bodySize = usual ? Number(usual[0]) : parseFloat(getComputedStyle(document.body || root).fontSize) || 16;
  const pointedAt = new Set();
  for (const el of document.querySelectorAll("[aria-describedby], [aria-errormessage], [aria-labelledby]")) {
    for (const attr of ["aria-describedby", "aria-errormessage", "aria-labelledby"]) idsOf(el, attr).forEach((id) => pointedAt.add(id));
  }
  const HEADING = "h1, h2, h3, h4, h5, h6, [role=heading]";
  const NOT_A_HEADING = `${HEADING}, button, a, label, legend, th, summary, nav, header, footer, dialog, [aria-hidden=true], ` +
    "[role=alert], [role=status], [aria-live], [role=button], [role=link], [role=tab], [role=menuitem], " + MESSAGE;
  const described = (el) => { for (let n = el; n && n !== document.body; n = n.parentElement) if (n.id && pointedAt.has(n.id)) return true; return false; };
  const headingOnly = (el) => el.matches(HEADING) ||
    (!!el.querySelector(HEADING) && !clean(el.textContent.replace(el.querySelector(HEADING).textContent, "")));
  const onlyControls = (el) => !clean(el.textContent) || Array.from(el.querySelectorAll("*")).every(
    (n) => n.matches("a, button, a *, button *") || !Array.from(n.childNodes).some((t) => t.nodeType === 3 && clean(t.textContent)));
  const leadOfHeading = (el) => {  // what a heading's box says under it, last in the box (a panel's body)
    for (let n = el, i = 0; n && n !== document.body && i < 3; n = n.parentElement, i++) {
      let before = n.previousElementSibling;
      while (before && !clean(before.textContent)) before = before.previousElementSibling;
      if (!before) continue;
      if (!headingOnly(before)) return false;
      for (let after = n.nextElementSibling; after; after = after.nextElementSibling) if (!onlyControls(after)) return false;
      return true;
    }
    return false;
  };
  const fakeHeadings = Array.from(document.querySelectorAll("p, div, span, strong, b, font, td"))
    .slice(0, 3000)  // bounded: styles are computed for each candidate
    .filter((el) => {
      if (el.closest(NOT_A_HEADING) || el.querySelector(`${HEADING}, a, button, input, select, textarea, img, svg`)) return false;
      if (/logo/i.test(el.className || "")) return false;  // a brand block (the DSFR's "bloc-marque") is an image of a name
      const text = clean(el.textContent);
      if (text.length < 3 || text.length > 80 || el.children.length > 1 || /[.;,]$/.test(text) || !visible(el)) return false;
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) return false;  // visually hidden: only for screen readers
      const style = getComputedStyle(el);
      if (style.display === "inline" && !/^(strong|b|span|font)$/i.test(el.tagName)) return false;
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 600;
      const block = style.display !== "inline" || (el.parentElement && clean(el.parentElement.textContent) === text);
      if (!(block && (size >= bodySize * 1.35 || (size >= bodySize * 1.15 && bold)))) return false;
      return !described(el) && !leadOfHeading(el);
    })
    .filter((el, i, all) => !all.some((other) => other !== el && other.contains(el)))
    .slice(0, 20).map((el) => clean(el.textContent));
  // A table's first row or column that looks like headers (bold, or set apart by its background
  // or a header group) without being marked as such: what WCAG F91 fails.
  const looksHeaded = (t) => {
    if (t.tHead && t.tHead.rows.length) return true;
    const rows = Array.from(t.rows).slice(0, 20);
    if (rows.length < 2) return false;
    const distinct = (cells, others) => {
      if (!cells.length || cells.some((c) => !clean(c.textContent))) return false;
      const weight = (c) => Math.max(Number(getComputedStyle(c).fontWeight), c.children.length === 1 &&
        clean(c.children[0].textContent) === clean(c.textContent) ? Number(getComputedStyle(c.children[0]).fontWeight) : 0);
      const background = (c) => getComputedStyle(c).backgroundColor;
      const other = others[0];
      return cells.every((c) => weight(c) >= 600) && (!other || weight(other) < 600) ||
        !!other && cells.every((c) => background(c) !== background(other));
    };
    const firstRow = Array.from(rows[0].cells), restRow = Array.from(rows[1].cells);
    const firstCol = rows.map((r) => r.cells[0]).filter(Boolean), restCol = rows.map((r) => r.cells[1]).filter(Boolean);
    return distinct(firstRow, restRow) || (firstCol.length > 1 && distinct(firstCol, restCol));
  };
  const tables = Array.from(document.querySelectorAll("table")).filter(visible).slice(0, 50).map((t) => ({
    headers: t.querySelectorAll("th, [role=columnheader], [role=rowheader]").length,
    cells: t.querySelectorAll("td").length,
    presentation: ["presentation", "none"].includes(t.getAttribute("role") || ""),
    caption: !!t.querySelector("caption") || !!t.getAttribute("aria-label") || !!t.getAttribute("aria-labelledby"),
    looks_headed: looksHeaded(t),
  }));
  return {
    lang: root.getAttribute("lang") || null,
    errors: {
      messages, groups: groupsInError, summary: !!summaryBox, alerts, said, red_texts: redTexts,
      focus_in_summary: !!summaryBox && !!active && summaryBox.contains(active),
    },
    images,
    confirmation,
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

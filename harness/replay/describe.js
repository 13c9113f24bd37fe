// What a person meets in an element, for a finding's identity and its evidence:
// its role and accessible name (as far as the markup gives them), the landmark
// and heading it sits under, a path from that landmark without build-dependent
// parts, the kind of field it is (an input's type, "select", "textarea"), and
// its box on the page (document coordinates, for the crop).
(el, memo) => {  // memo: an optional Map, to look up each landmark's headings once for many elements
  const clean = (text) => (text || "").replace(/\s+/g, " ").trim();
  const byIds = (ids) => clean((ids || "").split(/\s+/).map((id) => {
    const found = id && document.getElementById(id);
    return found ? found.textContent : "";
  }).join(" "));
  const tag = el.tagName.toLowerCase();
  const type = (el.getAttribute("type") || "text").toLowerCase();
  const inSection = () => !!el.parentElement && !!el.parentElement.closest("article, aside, main, nav, section");
  const implicit = {
    a: el.hasAttribute("href") ? "link" : null, button: "button", select: el.multiple ? "listbox" : "combobox",
    textarea: "textbox", h1: "heading", h2: "heading", h3: "heading", h4: "heading", h5: "heading", h6: "heading",
    nav: "navigation", main: "main", aside: "complementary", header: inSection() ? null : "banner",
    footer: inSection() ? null : "contentinfo", form: "form", section: "region", table: "table", ul: "list",
    ol: "list", li: "listitem", p: "paragraph", img: el.getAttribute("alt") === "" ? "presentation" : "img",
    iframe: "iframe", fieldset: "group", dialog: "dialog", summary: "button", label: null,
    input: { checkbox: "checkbox", radio: "radio", submit: "button", button: "button", reset: "button", image: "button",
             range: "slider", search: "searchbox", number: "spinbutton", hidden: null }[type] ?? "textbox",
  };
  const roleOf = (node) => clean(node.getAttribute("role")).split(" ")[0] ||
    (node === el ? implicit[tag] : null) || null;
  const fromContent = /^(button|link|heading|checkbox|radio|tab|menuitem|option|cell|columnheader|rowheader|switch|treeitem|tooltip|listitem|summary)$/;
  const nameOf = (node, role) => {
    const named = byIds(node.getAttribute("aria-labelledby")) || clean(node.getAttribute("aria-label"));
    if (named) return named;
    if (node.labels && node.labels.length) return clean(Array.from(node.labels).map((l) => l.textContent).join(" "));
    if (node.matches("img, input[type=image], area")) return clean(node.getAttribute("alt")) || clean(node.getAttribute("title"));
    if (node.matches("input[type=submit], input[type=button], input[type=reset]")) return clean(node.value);
    if (node.matches("fieldset")) { const legend = node.querySelector("legend"); if (legend) return clean(legend.textContent); }
    if (node.matches("table")) { const caption = node.querySelector("caption"); if (caption) return clean(caption.textContent); }
    if (role && fromContent.test(role)) {
      const text = clean(node.innerText || node.textContent) ||
        clean(Array.from(node.querySelectorAll("img[alt], svg title")).map((i) => i.getAttribute("alt") || i.textContent).join(" "));
      if (text) return text;
    }
    return clean(node.getAttribute("title")) || (node.matches("input, textarea") ? clean(node.getAttribute("placeholder")) : "");
  };
  const LANDMARK = "header, nav, main, footer, aside, form[aria-label], form[aria-labelledby], section[aria-label], " +
    "section[aria-labelledby], [role=banner], [role=navigation], [role=main], [role=contentinfo], [role=complementary], " +
    "[role=region], [role=search], [role=form], [role=dialog], dialog";
  const landmarkEl = el.parentElement ? el.parentElement.closest(LANDMARK) : null;
  const landmarkRole = landmarkEl
    ? (clean(landmarkEl.getAttribute("role")) || { header: "banner", nav: "navigation", main: "main", footer: "contentinfo",
        aside: "complementary", form: "form", section: "region", dialog: "dialog" }[landmarkEl.tagName.toLowerCase()])
    : null;
  const landmark = landmarkEl ? clean(`${landmarkRole} ${nameOf(landmarkEl, null)}`).slice(0, 80) : null;
  // the last heading before the element, inside its landmark
  let heading = null;
  const scope = landmarkEl || document;
  let headings = memo && memo.get(scope);
  if (!headings) {
    headings = scope.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]");
    if (memo) memo.set(scope, headings);
  }
  for (const h of headings) {
    if (h === el || h.contains(el)) break;
    if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) heading = clean(h.textContent).slice(0, 80);
    else break;
  }
  // tag path from the landmark, with classes that are words (no digits, no generated hashes)
  const steps = [];
  for (let node = el; node && node !== landmarkEl && node !== document.body && steps.length < 6; node = node.parentElement) {
    const words = Array.from(node.classList).filter((c) => /^[a-z][a-z_-]*$/i.test(c) && c.length < 40).slice(0, 2);
    steps.unshift(node.tagName.toLowerCase() + words.map((c) => "." + c).join(""));
  }
  const role = roleOf(el);
  const r = el.getBoundingClientRect();
  const field = el.matches("input, select, textarea") ? (tag === "input" ? type : tag) : null;
  return {
    role, name: nameOf(el, role).slice(0, 120) || null, landmark, heading, path: steps.join(" > "), field,
    box: r.width || r.height ? [r.left + scrollX, r.top + scrollY, r.width, r.height].map(Math.round) : null,
  };
}

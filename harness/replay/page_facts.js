// What a person meets on the current screen: its text, headings and form fields,
// and whether it fits the viewport. Runs in the page; returns plain data.
() => {
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
  const root = document.documentElement;
  return {
    url: location.href,
    title: document.title,
    text: text.slice(0, 50000),
    words: (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) || []).length,
    // a hostile or huge page must not make the record huge
    headings: headings.slice(0, 500),
    fields: fields.slice(0, 500),
    error_summary_links: summaryLinks,
    viewport_width: root.clientWidth,
    page_width: root.scrollWidth,
    page_height: root.scrollHeight,
  };
}

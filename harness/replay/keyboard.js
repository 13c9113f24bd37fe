// The keyboard's view of a screen. Called with a command:
//  "prepare": number every element a pointer can operate, note how each looks unfocused;
//  "active": what has the focus now, and whether it looks different from unfocused.
(_root, command) => {
  const OPERABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], " +
    "[onclick], [role=button], [role=link], [role=checkbox], [role=radio], [role=tab], [role=menuitem], [role=switch]";
  const clean = (text) => (text || "").replace(/\s+/g, " ").trim();
  const visible = (el) => el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : !!el.offsetParent;
  const nameOf = (el) => clean(el.getAttribute("aria-label") || (el.labels && el.labels[0] && el.labels[0].textContent) ||
    el.textContent || el.getAttribute("value") || el.getAttribute("title") || el.getAttribute("name") || el.tagName).slice(0, 80);
  // What focus can change about an element's look: outline, shadow, border, colours, underline.
  const look = (el) => {
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.borderWidth,
            s.backgroundColor, s.color, s.textDecorationLine].join("|");
  };
  // Where an element sits on the page (document coordinates), or null when it stays put on
  // screen (fixed or sticky, e.g. a header that follows the scroll): its place says nothing of order.
  const store = (window.__parcoursKeyboard = window.__parcoursKeyboard || { looks: [], left: 0 });
  if (command === "prepare" || !store.pinned) store.pinned = new Map();  // kept for the walk: read once per element
  const pinned = store.pinned;
  // the fixed or sticky box an element sits in (itself or an ancestor), or null
  const pinnedBox = (el) => {
    if (!el || el === document.documentElement) return null;
    if (!pinned.has(el)) {
      const position = getComputedStyle(el).position;
      pinned.set(el, position === "fixed" || position === "sticky" ? el : pinnedBox(el.parentElement));
    }
    return pinned.get(el);
  };
  const boxOf = (el) => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || pinnedBox(el)) return null;
    return [r.top + scrollY, r.bottom + scrollY, r.left + scrollX, r.right + scrollX].map(Math.round);
  };
  if (!store.counting) { // how many times the focus has left an element: a round of the page leaves it
    document.addEventListener("focusout", () => { store.left += 1; }, true);
    store.counting = true;
  }
  if (command === "prepare") {
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    store.looks = [];
    const items = [];
    // The one text field an element belongs with (a show-password toggle with its password field):
    // the box around it (two levels up at most, never a form or a group) holding exactly one text field.
    const TEXT_FIELD = "input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit])" +
      ":not([type=reset]):not([type=image]):not([type=hidden]), select, textarea";
    const fields = Array.from(document.querySelectorAll(TEXT_FIELD));
    const fieldOf = (el) => {
      if (el.matches(TEXT_FIELD)) return fields.indexOf(el);
      for (let n = el.parentElement, i = 0; n && i < 2 && !n.matches("body, main, form, fieldset, section, article, " +
           "[role=group], [role=radiogroup], [role=main]"); n = n.parentElement, i++) {
        const inside = n.querySelectorAll(TEXT_FIELD);
        if (inside.length) return inside.length === 1 ? fields.indexOf(inside[0]) : null;
      }
      return null;
    };
    // Focusable by Tab: what the browser focuses natively, or a tabindex; an `a` without href or a
    // role on a plain element is not, whatever its tabIndex property says.
    const NATIVE = "a[href], area[href], button, input, select, textarea, iframe, [contenteditable=''], [contenteditable=true]";
    const natively = (el) => el.matches(NATIVE) || el.matches("summary") && el.parentElement?.matches("details") &&
      el.parentElement.querySelector("summary") === el;
    for (const el of Array.from(document.querySelectorAll(OPERABLE)).slice(0, 1000)) {
      // disabled (by itself, its fieldset, or aria-disabled): neither operable nor meant to be reached
      if (!visible(el) || el.matches(":disabled") || el.closest("[aria-disabled=true], [inert]")) continue;
      if (el.getAttribute("tabindex") === "-1" && !el.matches("[onclick]")) continue;
      const index = store.looks.length;
      el.setAttribute("data-parcours-k", String(index));
      store.looks.push(look(el));
      const focusable = el.tabIndex >= 0 && (natively(el) || el.hasAttribute("tabindex"));
      items.push({ k: index, name: nameOf(el), tag: el.tagName.toLowerCase(), focusable,
                   tabindex: Number(el.getAttribute("tabindex") || 0), field: fieldOf(el),
                   // a date or time field: Tab stops on its day, month and year, within the one element
                   parts: el.matches("input[type=date], input[type=time], input[type=datetime-local], " +
                                     "input[type=month], input[type=week]"),
                   // a native control that may show its focus on a part of its own (a slider's thumb)
                   painted: el.matches("input[type=range], input[type=color], input[type=file]"),
                   group: el.type === "radio" ? el.getAttribute("name") : null, box: boxOf(el) });
    }
    const main = document.querySelector("main, [role=main]");
    const first = document.querySelector("a[href]");
    const target = first && first.getAttribute("href").startsWith("#") && first.getAttribute("href").length > 1
      ? document.getElementById(first.getAttribute("href").slice(1)) : null;
    return { items, left: store.left, main_first: main ? (() => {
      const inside = main.querySelector("[data-parcours-k]");
      return inside ? Number(inside.getAttribute("data-parcours-k")) : null;
    })() : null, skip_link: !!target };
  }
  // Hidden by author content that stays on screen (WCAG 2.4.11): every point of the focused element
  // the viewport shows has a fixed or sticky box on top of it that is not the element's own.
  const hiddenBy = (el) => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) return null;
    let inside = 0, cover = null;
    for (const fx of [0.1, 0.5, 0.9]) for (const fy of [0.15, 0.5, 0.85]) {
      const x = r.left + fx * r.width, y = r.top + fy * r.height;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      inside += 1;
      const top = document.elementFromPoint(x, y);
      if (!top || el.contains(top) || top.contains(el) || (el.labels && Array.from(el.labels).some((l) => l.contains(top)))) return null;
      const over = pinnedBox(top);
      // content the person opened and dismisses with Escape without moving the focus (a tooltip, a menu)
      // does not fail 2.4.11
      if (!over || over.contains(el) || top.closest("[role=tooltip], [role=menu], [role=listbox]")) return null;
      cover = over;
    }
    if (!inside || !cover) return null;
    const said = clean(cover.getAttribute("aria-label") || cover.querySelector("h1, h2, h3, h4, p, button")?.textContent || "");
    const what = cover.tagName.toLowerCase() + (cover.id ? "#" + cover.id : "") +
      (typeof cover.className === "string" && cover.className ? "." + cover.className.trim().split(/\s+/).slice(0, 2).join(".") : "");
    return { by: (said ? `${what} « ${said.slice(0, 60)} »` : what).slice(0, 120),
             box: [r.left, r.top, r.width, r.height].map(Math.round), width: innerWidth };
  };
  const active = document.activeElement;
  if (!active || active === document.body || active === document.documentElement) return { k: null, left: store.left };
  const holder = active.closest("[data-parcours-k]");
  const k = holder ? Number(holder.getAttribute("data-parcours-k")) : null;
  // where it is while it has the focus: what a person sees (a skip link shows itself only then)
  return { k, visible: k === null || look(holder) !== store.looks[k], name: nameOf(active), left: store.left,
           box: holder ? boxOf(holder) : null, hidden: hiddenBy(active) };
}

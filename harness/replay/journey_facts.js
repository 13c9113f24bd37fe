// What WCAG 2.2's journey criteria look at on the current screen: the help a person can find and
// where it sits, the fields and tests of a sign-in or code step, what is operated by dragging,
// the page's own long timers, and how long the document took to come and what it weighed.
// Runs in the page; returns plain data. `words` holds the patterns, French and English.
(_root, words) => {
  const visible = (el) => el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : !!el.offsetParent;
  const clean = (text) => (text || "").replace(/\s+/g, " ").trim();
  const re = (source) => new RegExp(source, "iu");
  const byIds = (ids) => clean((ids || "").split(/\s+/).map((id) => document.getElementById(id)?.textContent || "").join(" "));
  const nameOf = (el) => clean(el.getAttribute("aria-label") || byIds(el.getAttribute("aria-labelledby")) ||
    (el.labels && el.labels[0] ? el.labels[0].textContent : "") || el.textContent || el.getAttribute("title") ||
    el.getAttribute("placeholder") || el.getAttribute("name") || "").slice(0, 120);
  const bounded = (selector, limit) => Array.from(document.querySelectorAll(selector)).slice(0, limit);

  // -- help (3.2.6): where it sits among the page's parts ------------------------------------------
  const partOf = (el) => {
    if (el.closest("main, [role=main]")) return "main";
    if (el.closest("[role=banner], body > header, body > div > header, body > div > div > header")) return "header";
    if (el.closest("[role=contentinfo], body > footer, body > div > footer, body > div > div > footer")) return "footer";
    if (el.closest("aside, [role=complementary]")) return "aside";
    if (el.closest("nav, [role=navigation]")) return "navigation";
    return "page";
  };
  const helpLink = re(words.help_link);
  const helpBlock = re(words.help_block);
  const chat = re(words.chat);
  const help = [];
  const seen = new Set();
  const add = (kind, name, el) => {
    const key = kind + "|" + name.toLowerCase();
    if (!name || seen.has(key) || help.length >= 30) return;
    seen.add(key);
    help.push({ kind, name: name.slice(0, 120), part: partOf(el) });
  };
  for (const a of bounded("a[href], button, [role=button], [role=link]", 1000)) {
    if (!visible(a)) continue;
    const name = nameOf(a).replace(/[\s.:!?…>›→]+$/u, "");
    const href = a.getAttribute("href") || "";
    if (/^(tel|mailto):/i.test(href)) add("contact", name || href.replace(/^\w+:/, ""), a);
    else if (chat.test(name) || /chat/i.test(a.id + " " + a.className)) add("chat", name, a);
    else if (helpLink.test(name)) add("link", name, a);
  }
  for (const h of bounded("h2, h3, h4, h5, h6, [role=heading]:not([aria-level='1']), summary", 300)) {
    const text = clean(h.textContent);
    if (visible(h) && helpBlock.test(text)) add("block", text, h);
  }

  // -- sign-in and code steps (3.3.8) ----------------------------------------------------------------
  const auth = [];
  for (const old of document.querySelectorAll("[data-parcours-auth], [data-parcours-split]")) {  // an earlier screen's marks
    old.removeAttribute("data-parcours-auth");
    old.removeAttribute("data-parcours-split");
  }
  const single = "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button])";
  const boxes = bounded(single + "[maxlength='1']", 200).filter(visible);
  const splits = new Map();  // a code split in one-character boxes: the boxes' closest common group
  for (const box of boxes) {
    const group = box.closest("fieldset, [role=group]") || box.parentElement?.parentElement || box.parentElement;
    if (!group) continue;
    if (!splits.has(group)) splits.set(group, []);
    splits.get(group).push(box);
  }
  let split = 0;
  for (const [group, parts] of splits) {
    if (parts.length < 4 || parts.length > 10 || auth.length >= 20) continue;
    parts[0].setAttribute("data-parcours-split", String(split++));
    const legend = group.querySelector("legend");
    auth.push({ name: clean(legend ? legend.textContent : nameOf(parts[0])).slice(0, 120), kind: "code",
                autocomplete: parts[0].getAttribute("autocomplete"), parts: parts.length, paste_blocked: false });
  }
  const codeLabel = re(words.code);
  const notCode = re(words.not_code);
  for (const el of bounded(single, 500)) {
    if (!visible(el) || el.getAttribute("maxlength") === "1") continue;
    const type = (el.getAttribute("type") || "text").toLowerCase();
    const autocomplete = el.getAttribute("autocomplete");
    const code = (autocomplete || "").includes("one-time-code") ||
      (codeLabel.test(nameOf(el)) && !notCode.test(nameOf(el) + " " + (el.getAttribute("name") || "") + " " + (autocomplete || "")) &&
       (el.getAttribute("inputmode") === "numeric" || (el.hasAttribute("maxlength") && Number(el.getAttribute("maxlength")) <= 10)));
    if ((type !== "password" && !code) || auth.length >= 20) continue;  // a page of a thousand password fields: its first
    el.setAttribute("data-parcours-auth", String(auth.length));  // tried with a paste once the screen is recorded
    auth.push({ name: nameOf(el), kind: type === "password" ? "password" : "code", autocomplete,
                parts: 0, paste_blocked: false });
  }
  const challenges = [];
  if (auth.length) {
    const text = clean(document.body ? document.body.innerText : "");
    const alternative = bounded("a[href], button, [role=button]", 1000).some((el) => visible(el) && re(words.alternative).test(nameOf(el)));
    const characters = re(words.characters).exec(text);
    const puzzle = re(words.puzzle).exec(text);
    for (const img of bounded("img, canvas, [role=img]", 300)) {
      const said = [img.getAttribute("alt"), img.getAttribute("src"), img.id, img.className].join(" ");
      if (/captcha/i.test(said)) {
        challenges.push({ kind: characters ? "characters" : "captcha", text: clean(img.getAttribute("alt") || (characters || [""])[0] ||
          "captcha").slice(0, 120), alternative });
        break;
      }
    }
    if (!challenges.length) {
      const service = bounded("iframe[src], [class*=captcha i], [id*=captcha i], [class*=recaptcha i], [class*=turnstile i]", 50)[0];
      if (puzzle) challenges.push({ kind: "puzzle", text: puzzle[0].slice(0, 120), alternative });
      else if (characters) challenges.push({ kind: "characters", text: characters[0].slice(0, 120), alternative });
      else if (service && (!service.matches("iframe") || /captcha|turnstile/i.test(service.getAttribute("src"))))
        challenges.push({ kind: "captcha", text: clean(service.getAttribute("src") || service.className).slice(0, 120), alternative });
    }
  }

  // -- dragging (2.5.7): what a person checks for a single-pointer way --------------------------------
  const draggables = [];
  for (const el of bounded("[draggable=true], [role=slider], [aria-grabbed]", 200)) {
    if (!visible(el) || el.matches("input") || draggables.length >= 20) continue;
    const siblings = el.parentElement ? el.parentElement.querySelectorAll(":scope > [draggable=true], :scope > [aria-grabbed]").length : 0;
    const kind = el.matches("[role=slider]") ? "slider" : siblings >= 2 ? "sortable" : "draggable";
    if (kind === "sortable" && draggables.some((d) => d.kind === "sortable" && d.parent === el.parentElement)) continue;
    draggables.push({ name: kind === "sortable" ? clean(nameOf(el.parentElement)).slice(0, 120) : nameOf(el), kind,
                      parent: el.parentElement });
  }

  // -- time limits (2.2.1): the page's own long timers, and a refresh --------------------------------
  const timers = (window.__parcoursTimers || []).map((ms) => Math.round(ms / 1000));
  const refresh = document.querySelector("meta[http-equiv=refresh i]");
  if (refresh) {
    const seconds = parseFloat(refresh.getAttribute("content") || "");
    if (seconds >= 60) timers.push(Math.round(seconds));
  }

  // -- how long the document took, what it weighed -------------------------------------------------------
  const navigation = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const first = !("__parcoursResources" in window);  // an earlier screen of this document counted some already
  const counted = first ? 0 : window.__parcoursResources;
  Object.defineProperty(window, "__parcoursResources", { value: resources.length, configurable: true, enumerable: false });
  let bytes = resources.slice(counted).reduce((sum, r) => sum + (r.transferSize || 0), 0);
  if (first && navigation) bytes += navigation.transferSize || 0;
  return {
    help,
    auth,
    challenges,
    draggables: draggables.map(({ name, kind }) => ({ name, kind })),
    timers_s: Array.from(new Set(timers)).filter((s) => s >= 60 && s <= 72000).sort((a, b) => a - b).slice(0, 20),
    load: {
      load_ms: navigation && navigation.loadEventEnd > 0 ? Math.round(navigation.loadEventEnd) : null,
      usable_ms: navigation && navigation.domContentLoadedEventEnd > 0 ? Math.round(navigation.domContentLoadedEventEnd) : null,
      bytes,
      first,
    },
  };
}

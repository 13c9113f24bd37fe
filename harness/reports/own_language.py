"""Parcours's own pages (reports, the facilitator app) held to the plain-language checks it makes on
French screens, and the glossary that spells out the acronyms a page uses.

What a page quotes is not its own wording and is left out of the check: quotations (`<q>`,
`<blockquote>`), titles of works (`<cite>`), code and HTML excerpts, and text in another language
(a `lang` attribute). The page marks them so, which also tells a screen reader what they are."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from harness.analysis.plain_language import LanguageIssue, check_text
from harness.i18n import Lang, catalogue, t

QUOTED = "q, blockquote, cite, code, pre, kbd, samp, [lang]:not([lang|='fr'])"

# The page's text as a reader meets it (innerText keeps the blocks apart), without what it quotes: a
# copy of the body, its quotations taken out, is laid out under the page for the time of the reading.
_OWN_TEXT = """(quoted) => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll(quoted).forEach((element) => element.remove());
  copy.querySelectorAll("details").forEach((element) => { element.open = true; });
  document.documentElement.appendChild(copy);
  const text = copy.innerText;
  copy.remove();
  return text;
}"""


def own_text(page) -> str:  # noqa: ANN001 - a Playwright Page
    return page.evaluate(_OWN_TEXT, QUOTED)


def own_language_issues(page) -> list[LanguageIssue]:  # noqa: ANN001
    """The plain-language issues of the page's own words (French pages only; [] for another language)."""
    lang = (page.evaluate("document.documentElement.lang") or "").lower()
    return check_text(own_text(page)) if lang.split("-")[0] == "fr" else []


def describe(issue: LanguageIssue) -> str:
    """One line for a developer: the rule, the term when there is one, the sentence."""
    key = issue.params.get("acronym") or issue.params.get("term")
    return f"{issue.rule}{f' ({key})' if key else ''}: {issue.sentence}"


_TAG = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(title|style|script|textarea|option|pre|code)\b", re.IGNORECASE)  # text shown as it is
_GUILLEMETS = re.compile(r"«[\s\u00a0\u202f]*((?:[^«»<>]|«[^«»<>]*»)+?)[\s\u00a0\u202f]*»")  # one quotation inside another at most


def mark_quotations(html: str) -> str:
    """Words between French guillemets in a page's text, set as quotations: « … » becomes <q>…</q>
    (the style sheet draws the guillemets). What a page names or quotes from elsewhere (a screen's
    sentence, a tester's words, a field's name) is then marked as such, for screen readers and for
    the plain-language check. Attributes, raw-text elements (title, style, option…) and code are left alone."""
    out: list[str] = []
    raw = None
    for chunk in _TAG.split(html):
        if chunk.startswith("<"):
            if raw and chunk.lower().startswith(f"</{raw}"):
                raw = None
            elif not raw and (match := _RAW.match(chunk)) and not chunk.endswith("/>"):
                raw = match.group(1).lower()
            out.append(chunk)
        else:
            out.append(chunk if raw else _quotations(chunk))
    return "".join(out)


def _quotations(text: str) -> str:
    return _GUILLEMETS.sub(lambda match: f"<q>{_quotations(match.group(1))}</q>", text)


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    meaning: str
    original: str  # the English words the acronym stands for, or ""


def glossary(html: str, lang: Lang) -> list[GlossaryEntry]:
    """The entries of the project's glossary (locales, `glossary.terms`) whose acronym a rendered page
    uses, in alphabetical order."""
    text = re.sub(r"<(style|script)\b.*?</\1>|<[^>]+>", " ", html, flags=re.DOTALL)
    messages = catalogue(lang)
    prefix = "glossary.terms."
    terms = sorted({key[len(prefix):].split(".")[0] for key in messages if key.startswith(prefix)})
    return [
        GlossaryEntry(term, messages[f"{prefix}{term}.meaning"], messages.get(f"{prefix}{term}.original", ""))
        for term in terms
        if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text)
    ]


def glossary_section(entries: list[GlossaryEntry], lang: Lang) -> Markup:
    """The glossary as a page shows it, after its content (reports and app pages alike)."""
    if not entries:
        return Markup("")
    items = []
    for entry in entries:
        item = escape(t("glossary.item", lang, term=entry.term, meaning=entry.meaning))
        if entry.original:
            lead = f"{escape(t('glossary.in_english', lang))} " if lang != "en" else ""
            item += Markup(f' ({lead}<span lang="en">{escape(entry.original)}</span>)')
        items.append(f"<li>{item}</li>")
    return Markup(f'<section class="glossary" aria-labelledby="sigles"><h2 id="sigles">{escape(t("glossary.heading", lang))}</h2>'
                  f'<ul>{"".join(items)}</ul></section>')


GLOSSARY_PLACE = "<!--parcours:glossary-->"  # a comment: page content is escaped, no text can make one


def own_page(render: Callable[[Markup], str], lang: Lang) -> str:
    """A page of Parcours's own, rendered once with its quotations marked, then the glossary of the acronyms
    it uses put in its place (the glossary's own words may use another acronym: it grows until whole)."""
    html = mark_quotations(render(Markup(GLOSSARY_PLACE)))
    page = html.replace(GLOSSARY_PLACE, "")
    entries = glossary(page, lang)
    while True:
        section = mark_quotations(glossary_section(entries, lang))
        used = glossary(page + section, lang)
        if used == entries:
            return html.replace(GLOSSARY_PLACE, section)
        entries = used

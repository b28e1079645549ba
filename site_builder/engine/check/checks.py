"""Stage 5: checks over the model and the rendered files — links, anchors, translation parity, unwritten text."""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from ..base.errors import Problem
from ..config.config import SiteConfig
from ..model.model import Page, Site

_EXPLICIT_ID = re.compile(r"\{[^}\n]*#([A-Za-z][\w-]*)[^}\n]*\}")
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")
# A number, with thousands written "1,000,000" (English) or "1.000.000" (Indonesian) alike.
_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+")
TODO_MARK = "TODO"


# The output is written by our own templates and Markdown, which always double-quote attributes.
_ID = re.compile(r'\sid="([^"]+)"')
# Links, scripts, images, the copies a picture offers (srcset) and the link-preview picture (og:image): each must
# lead to a file of the site.
_HREF = re.compile(
    r'<(?:a|link)\s[^>]*?href="([^"]*)"|<(?:script|img)\s[^>]*?src="([^"]*)"'
    r'|<meta property="og:image" content="([^"]*)"|<source\s[^>]*?srcset="([^"]*)"'
)


OFF_BASE = "\0"  # the output file of a link that leaves the site's base path


class PageLinks(NamedTuple):
    """What the link check needs of one output file, read once when it is rendered."""

    ids: frozenset[str]
    # (href as written, output file it points to, or "" for another site, or OFF_BASE; fragment)
    links: tuple[tuple[str, str, str], ...]


def read_links(name: str, html: bytes, config: SiteConfig) -> PageLinks:
    """The ids a page defines and where each of its links leads, resolved against the page's own URL."""
    from html import unescape  # here: a build with nothing to do reads no HTML

    text = html.decode("utf-8")
    base = config.base_path
    origin = config.base_url[: -len(base)] if len(base) > 1 else config.base_url.rstrip("/")
    here = base + name.removesuffix("index.html")
    links = []
    hrefs = []
    for a, b, c, srcset in _HREF.findall(text):
        hrefs += [entry.split()[0] for entry in srcset.split(",")] if srcset else [a or b or c]
    for href in map(unescape, hrefs):
        local = href[len(origin) :] if href.startswith(origin + base) else href  # canonical, alternates
        # Most links are root-relative and the same on every page: resolve each of those once.
        absolute = local.startswith("/") and not local.startswith("//") and "/." not in local
        path, fragment, elsewhere = _resolve(local) if absolute else _resolve(urljoin(here, local))
        if elsewhere:
            target = ""
        elif path and not path.startswith(base):
            target = OFF_BASE
        else:
            target = _target_file(path[len(base) :]) if path else name
        links.append((href, target, fragment))
    return PageLinks(frozenset(unescape(i) for i in _ID.findall(text)), tuple(links))


@functools.lru_cache(maxsize=4096)
def _resolve(url: str) -> tuple[str, str, bool]:
    parts = urlsplit(url)
    return unquote(parts.path), unquote(parts.fragment), bool(parts.scheme or parts.netloc)


def _target_file(path: str) -> str:
    return path + "index.html" if path == "" or path.endswith("/") else path


def _source_line(page: Page | None, needle: str) -> int | None:
    """The first body line holding `needle` as a whole token: where an editor should look (None for a
    page whose body this build did not read)."""
    if page is None or not needle:
        return None
    token = re.compile(r"(?<![\w.,-])" + re.escape(needle) + r"(?![\w-])")
    for offset, line in enumerate(page.body.splitlines()):
        if token.search(line):
            return page.body_line + offset
    return None


def draft_message(link: str, draft: Page) -> str:
    """What to say of a link to a draft the build leaves out: in a page's macro or in its Markdown alike."""
    where = f"draft: true in {draft.path.name}, line {draft.line_of('draft')}"
    return f"{link} is a draft ({where}) and is not published; remove the link, or publish that page first"


def check_links(
    site: Site, links: Mapping[str, PageLinks], files: Collection[str], names: Iterable[str]
) -> list[Problem]:
    """Every internal link and #fragment in the files `names` points at a file and an id that exist."""
    sources = {page.output_file: page for page in site.pages}
    left_out = {page.output_file: page for page in site.drafts}
    problems = []
    for name in sorted(names):
        page = sources.get(name)
        where: Path | str = page.path if page else f"(output) {name}"
        for href, target, fragment in links[name].links:
            if not target:
                continue
            if target == OFF_BASE:
                message = f"the link '{href}' leaves the site's base path '{site.config.base_path}'"
                problems.append(Problem(where, message, _source_line(page, href)))
            elif target not in files:
                needle = urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1] or href
                if target in left_out:
                    message = draft_message(f"the link '{href}' points to a page that", left_out[target])
                else:
                    message = f"the link '{href}' points to a page that does not exist"
                problems.append(Problem(where, message, _source_line(page, needle)))
            elif fragment and target in links and fragment not in links[target].ids:
                message = f"the link '{href}' points to '#{fragment}', which is not an anchor on that page"
                problems.append(Problem(where, message, _source_line(page, "#" + fragment)))
    return problems


class SourceMarks(NamedTuple):
    """What the translation checks compare of a page's Markdown, read once per version of the file."""

    anchors: frozenset[str]
    numbers: dict[str, int]  # each number written in digits, and how often it appears
    todo_line: int | None  # the first line still marked TODO
    words: dict[str, int] = {}  # each small number written as a word ("three", "tiga"), as digits
    digest: str = ""  # of what a translator reads: see source_digest


def source_digest(page: Page) -> str:
    """A short digest of what a translator reads of a page: its title, description and text."""
    text = "\n".join((page.title, page.description, page.body.strip()))
    normal = "\n".join(line.rstrip() for line in text.splitlines())  # trailing spaces change nothing
    return hashlib.blake2b(normal.encode("utf-8"), digest_size=6).hexdigest()


def source_marks(page: Page, number_words: Sequence[str] = ()) -> SourceMarks:
    """`number_words` are the language's words for 1, 2, 3 ...: a translation may spell a small number out."""
    body = page.body
    todo = next((page.body_line + n for n, line in enumerate(body.splitlines()) if TODO_MARK in line), None)
    prose = _LINK_TARGET.sub(" ", _MACRO.sub(" ", _EXPLICIT_ID.sub(" ", body)))
    numbers = Counter(re.sub(r"[.,]", "", n) for n in _NUMBER.findall(prose))
    values = {word.lower(): str(value) for value, word in enumerate(number_words, 1)}
    words = Counter(values[w] for w in re.findall(r"[^\W\d_]+", prose.lower()) if w in values)
    return SourceMarks(frozenset(_EXPLICIT_ID.findall(body)), dict(numbers), todo, dict(words), source_digest(page))


def check_parity(
    site: Site, marks: Mapping[Path, SourceMarks] | None = None, keys: Collection[str] | None = None
) -> list[Problem]:
    """A page and its translation carry the same anchors and the same numbers (for `keys`, or all).

    A number in digits on one side must appear on the other in digits or, when small, as a word: the
    spelling rules of a language may ask for "three" where the other writes 3. Words alone are not
    compared, since "one" also means other things.
    """
    marks = marks or {
        page.path: source_marks(page, site.config.language(page.lang).number_words) for page in site.pages
    }
    problems = []
    default = site.config.default_language
    for page in site.pages:
        original = site.page(default, page.key)
        if page.lang == default or original is None or (keys is not None and page.key not in keys):
            continue
        if page.draft or original.draft:  # a translation under way is compared once it is published
            continue
        theirs, ours = marks[original.path], marks[page.path]
        for anchor in sorted(theirs.anchors - ours.anchors):  # named where it is: this page has no line for it
            message = f"the anchor '#{anchor}' has no counterpart in {page.path.name}: give it a section {{#{anchor}}}"
            problems.append(Problem(original.path, message, _source_line(original, "#" + anchor)))
        for anchor in sorted(ours.anchors - theirs.anchors):
            problems.append(
                Problem(
                    page.path,
                    f"the anchor '#{anchor}' is not in {original.path.name}",
                    _source_line(page, "#" + anchor),
                )
            )
        theirs_n, ours_n = theirs.numbers, ours.numbers
        for number in sorted(set(theirs_n) | set(ours_n), key=lambda n: (len(n), n)):
            theirs_count, ours_count = theirs_n.get(number, 0), ours_n.get(number, 0)
            if theirs_count > ours_count + ours.words.get(number, 0) or ours_count > theirs_count + theirs.words.get(
                number, 0
            ):
                if ours_count:
                    message = (
                        f"the number {number} appears {theirs_count} time(s) in {original.path.name} "
                        f"but {ours_count} time(s) here"
                    )
                    problems.append(Problem(page.path, message, _source_line(page, number)))
                else:  # named where it is written
                    message = f"the number {number} appears {theirs_count} time(s) here but not in {page.path.name}"
                    problems.append(Problem(original.path, message, _source_line(original, number)))
    return problems


# Front matter an editor writes in words, where `site-builder new` leaves TODO too.
_WORDED_FIELDS = ("title", "description", "nav_title")
UNWRITTEN = "the page still has TODO text to write; until it is written, keep 'draft: true' in its front matter"


def check_unwritten(site: Site, marks: Mapping[Path, SourceMarks]) -> list[Problem]:
    """Pages made by `site-builder new` carry TODO until someone writes them: a draft may, as it is not published."""
    problems = []
    for page in site.pages:
        if page.draft:
            continue
        field = next((name for name in _WORDED_FIELDS if TODO_MARK in (getattr(page, name) or "")), None)
        line = page.line_of(field) if field else marks[page.path].todo_line
        if line is not None:
            problems.append(Problem(page.path, UNWRITTEN, line))
    return problems


def drafts(site: Site) -> list[Problem]:
    """The drafts the build leaves out: a reminder for editors, not a failure."""
    return [
        Problem(page.path, "a draft, not published until 'draft: true' is removed", page.line_of("draft"))
        for page in site.drafts
    ]


def overdue(site: Site) -> list[Problem]:
    """Pages whose next review date has passed by the build's day: a reminder for editors, not a failure."""
    today = site.config.today
    return [
        Problem(page.path, f"due for review on {page.next_review.isoformat()}", page.line_of("next_review"))
        for page in site.pages
        if page.next_review is not None and page.next_review < today
    ]

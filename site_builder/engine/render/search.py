"""Search in each language: what each rendered page holds for search, and each language's index.

A page is read for search as it is rendered (read_document), from its HTML: the text of its `<main>`,
in sections that start at each heading with an id, every word stemmed by the Snowball stemmer of the
page's language. The index stage then joins the pages of each language that has a page of type
`search` into JSON files beside that page: one for a language of up to PART_PAGES pages, and for a larger one
parts of about PART_PAGES pages each, which the first names (index_parts, make_part), so that an edit
makes its own page's part again and not the whole index. The browser stems the reader's words with
the same Snowball stemmers, generated for JavaScript from the same release (static/js/snowball/), so a
query and the text meet on the same stems.

Left out: the search page itself, pages that ask search engines not to index them (`<meta name="robots"
content="noindex">`, as a page that only sends readers elsewhere does), and the files that are not pages
of a language (language chooser, 404).
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..config.config import Language
from ..model.model import Page, Site

SEARCH_TYPE = "search"  # the page type of a language's search page
INDEX_NAME = "index.json"  # beside the search page's index.html: the index, or its first part
PART_PAGES = 100  # pages in one part of an index, about
# Words as the browser's search splits them (search.js: /[\p{L}\p{N}]+/gu on the lower-cased text).
_WORD = re.compile(r"[^\W_]+")
_SKIPPED = {"nav", "footer", "form", "script", "style", "svg", "template", "noscript", "button"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HEADINGS = {"h1", "h2", "h3"}
# Elements whose text does not run on into the next one's ("a table cell" + "the next cell").
_BREAKS = {"p", "li", "td", "th", "tr", "dt", "dd", "div", "section", "table", "blockquote", "br", "caption"}


@dataclass(frozen=True)
class Section:
    anchor: str  # the heading's id; "" for the top of the page, under its title
    heading: str
    text: str
    stems: tuple[str, ...]  # of the words of its heading and text, each once, sorted


@dataclass(frozen=True)
class Document:
    """What search knows of one page."""

    url_path: str
    title: str
    sections: tuple[Section, ...]


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def stemmer_name(language: Language) -> str | None:
    """The Snowball algorithm for a language, by its English name ("indonesian"); None if Snowball has none."""
    return _algorithm(language.locale)


@functools.cache
def _algorithm(locale: str) -> str | None:
    import snowballstemmer
    from babel import Locale

    name = cast(str, Locale.parse(locale).get_language_name("en")).lower()  # every locale Babel parses has one
    return name if name in snowballstemmer.algorithms() else None


@functools.cache
def _stem(name: str | None) -> Callable[[str], str]:
    if name is None:
        return lambda word: word
    import snowballstemmer

    return functools.cache(snowballstemmer.stemmer(name).stemWord)  # a site repeats its words


# The tokens of the site's own HTML, which the Nu checker holds valid: a comment, a tag, or text.
_TOKEN = re.compile(r"""<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:"[^"]*"|'[^']*'|[^'">])*)>|([^<]+|<)""", re.S)
_SELF_CLOSED = re.compile(r"""(?:^|[\s"'])/$""")  # "<br/>", '<rect x="1" />'; not "<a href=/en/>"
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}
_META = re.compile(r"""<meta\s((?:"[^"]*"|'[^']*'|[^'">])*)>""", re.I)


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(text):
        found.setdefault(name.lower(), html.unescape(double or single or bare))
    return found


class _Reader:
    """The sections of a page's <main>, outside navigation, forms, scripts and hidden parts.

    It reads <main> alone, by a regular expression over the tokens rather than html.parser, which took a
    quarter of the time a page took to render."""

    def __init__(self) -> None:
        self.depth = 0  # inside <main>
        self.skipping = 0  # depth of open elements whose text search leaves out
        self.heading: tuple[str, list[str]] | None = None  # the open heading: its id, its text so far
        self.sections: list[tuple[str, str, list[str]]] = [("", "", [])]

    def feed(self, text: str) -> None:
        start = text.find("<main")
        end = text.rfind("</main>")
        if start < 0 or end < start:
            return
        position = start
        while position < end:
            token = _TOKEN.match(text, position)
            assert token is not None  # the last alternative matches a "<" that starts nothing
            position = token.end()
            closing, tag, attributes, data = token.groups()
            if data is not None:
                self.handle_data(html.unescape(data))
            elif tag is None:
                continue  # a comment
            elif closing:
                self.handle_endtag(tag.lower())
            else:
                tag = tag.lower()
                self.handle_starttag(tag, _attributes(attributes) if attributes.strip(" /") else {})
                if _SELF_CLOSED.search(attributes):
                    self.handle_endtag(tag)
                elif tag in _RAW:  # text up to its end tag, never read as tags
                    close = _RAW[tag].search(text, position)
                    position = close.start() if close else end
        self.depth = 0

    def handle_starttag(self, tag: str, found: Mapping[str, str]) -> None:
        if tag == "main":
            self.depth = 1
            return
        if self.depth and tag in _BREAKS:
            self.handle_data(" ")
        if not self.depth or tag in _VOID:
            return
        self.depth += 1
        # The engine's citation links ("[1]") say nothing a reader searches for.
        if self.skipping or tag in _SKIPPED or "hidden" in found or found.get("class") == "cite":
            self.skipping += 1
        elif tag in _HEADINGS and self.heading is None:
            self.heading = (found.get("id") or "", [])

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag in _BREAKS:
            self.handle_data(" ")
        if not self.depth or tag in _VOID:
            return
        self.depth -= 1
        if self.skipping:
            self.skipping -= 1
        elif tag in _HEADINGS and self.heading is not None:
            anchor, parts = self.heading
            self.heading = None
            text = " ".join("".join(parts).split())
            if tag == "h1":  # the page's title: the heading of its top section
                self.sections[0] = ("", text, self.sections[0][2])
            elif anchor:
                self.sections.append((anchor, text, []))
            else:  # a heading no link can reach: its words belong to the section it is in
                self.sections[-1][2].append(text)

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skipping:
            (self.heading[1] if self.heading is not None else self.sections[-1][2]).append(data)


def _noindex(text: str) -> bool:
    """Whether the page's head asks search engines not to index it (<meta name="robots" content="noindex">)."""
    head = text.find("</head>")
    for meta in _META.finditer(text, 0, head if head >= 0 else len(text)):
        found = _attributes(meta.group(1))
        if found.get("name", "").lower() == "robots" and "noindex" in found.get("content", "").lower():
            return True
    return False


def read_document(page: Page, data: bytes, language: Language) -> Document | None:
    """What search keeps of a rendered page; None for a page left out of search."""
    if page.type == SEARCH_TYPE:
        return None
    text = data.decode("utf-8")
    if _noindex(text):
        return None
    reader = _Reader()
    reader.feed(text)
    stem = _stem(stemmer_name(language))
    sections = []
    for anchor, heading, parts in reader.sections:
        text = " ".join("".join(parts).split())
        if not (text or anchor == ""):
            continue
        heading = heading or page.title
        stems = tuple(sorted(set(map(stem, words(f"{heading} {text}")))))
        sections.append(Section(anchor, heading, text, stems))
    return Document(page.url_path, page.title, tuple(sections))


def search_page(site: Site, lang: str) -> Page | None:
    """The language's search page, if the site has one."""
    return next((p for p in site.pages if p.lang == lang and p.type == SEARCH_TYPE), None)


def index_path(page: Page) -> str:
    return page.url_path + INDEX_NAME


@dataclass(frozen=True)
class IndexPart:
    """One file of a language's index: a share of its pages, so that an edit makes one part again, not all."""

    path: str  # its output file
    pages: tuple[Page, ...]  # in the site's order
    more: tuple[str, ...] = ()  # in the first part, beside the search page, only: the file names of the others


def _share(url_path: str, count: int) -> int:
    """Which of `count` parts holds a page: from its address alone, so a page stays in its part."""
    return int.from_bytes(hashlib.blake2b(url_path.encode(), digest_size=4).digest(), "big") % count


def index_parts(site: Site) -> list[IndexPart]:
    """Each language's index, in parts of about PART_PAGES pages; a language of up to PART_PAGES pages has one."""
    parts = []
    for language in site.languages:
        page = search_page(site, language.code)
        if page is None:
            continue
        pages = [p for p in site.pages if p.lang == language.code and p.type != SEARCH_TYPE]
        count = max(1, -(-len(pages) // PART_PAGES))
        names = [INDEX_NAME, *(f"index-{n}.json" for n in range(1, count))]
        shares: list[list[Page]] = [[] for _ in names]
        for p in pages:
            shares[_share(p.url_path, count)].append(p)
        for n, (name, share) in enumerate(zip(names, shares, strict=True)):
            parts.append(IndexPart(page.url_path + name, tuple(share), tuple(names[1:]) if n == 0 else ()))
    return parts


def make_part(site: Site, part: IndexPart, documents: Mapping[Path, Document | None]) -> bytes:
    """{"pages": [[url, title]], "sections": [[page, anchor, heading, text]], "terms": {stem: [section, …]}},
    and in the first part "more": [the other parts' file names]. The same documents always give the same bytes.

    Each stem lists the sections that hold it, each number as the step from the one before (smaller to send).
    """
    pages: list[list[str]] = []
    sections: list[list[int | str]] = []
    terms: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for page in part.pages:
        document = documents[page.path]
        if document is None:
            continue
        pages.append([site.url(document.url_path), document.title])
        for section in document.sections:
            number = len(sections)
            for stem in section.stems:
                terms.setdefault(stem, []).append(number - last.get(stem, 0))
                last[stem] = number
            sections.append([len(pages) - 1, section.anchor, section.heading, section.text])
    data: dict[str, object] = {"pages": pages, "sections": sections, "terms": dict(sorted(terms.items()))}
    if part.more:
        data["more"] = list(part.more)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_part(site: Site, part: IndexPart, data: bytes) -> dict[Path, Document | None]:
    """What search keeps of each page of a part, read back from the bytes make_part() made of them."""
    found = json.loads(data)
    stems: list[list[str]] = [[] for _ in found["sections"]]
    for stem, steps in found["terms"].items():  # sorted, so each section's stems come out sorted
        number = 0
        for step in steps:
            number += step
            stems[number].append(stem)
    held: dict[int, list[Section]] = {}
    for (number, anchor, heading, text), own in zip(found["sections"], stems, strict=True):
        held.setdefault(number, []).append(Section(anchor, heading, text, tuple(own)))
    by_url = {url: (title, tuple(held.get(n, ()))) for n, (url, title) in enumerate(found["pages"])}
    documents: dict[Path, Document | None] = {}
    for page in part.pages:
        entry = by_url.get(site.url(page.url_path))
        documents[page.path] = None if entry is None else Document(page.url_path, *entry)
    return documents


def pack(document: Document | None) -> bytes:
    """The document as JSON, to wait in a file until the index is made (unpack() makes it again)."""
    if document is None:
        return b"null"
    sections = [[s.anchor, s.heading, s.text, *s.stems] for s in document.sections]
    return json.dumps([document.url_path, document.title, sections], ensure_ascii=False).encode()


def unpack(data: bytes) -> Document | None:
    found = json.loads(data)
    if found is None:
        return None
    url_path, title, sections = found
    return Document(url_path, title, tuple(Section(a, h, t, tuple(stems)) for a, h, t, *stems in sections))

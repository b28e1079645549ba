"""What a rendered page holds, as the checks and the next build read it: its links and ids (PageLinks),
what the translation checks compare of its Markdown (SourceMarks), and the digest that tells two versions
of a file apart."""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from ..config.config import SiteConfig
from .model import Page

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


def draft_message(link: str, draft: Page) -> str:
    """What to say of a link to a draft the build leaves out: in a page's macro or in its Markdown alike."""
    where = f"draft: true in {draft.path.name}, line {draft.line_of('draft')}"
    return f"{link} is a draft ({where}) and is not published; remove the link, or publish that page first"


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


DIGEST_SIZE = 16


def bytes_digest(data: bytes) -> bytes:
    """What tells two versions of a file apart: the next build compares it before writing or rendering again."""
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).digest()

"""Stage 5: checks over the model and the rendered files — links, anchors, translation parity, medical rules."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .errors import Problem
from .model import Page, Site

_EXPLICIT_ID = re.compile(r"\{[^}\n]*#([A-Za-z][\w-]*)[^}\n]*\}")
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")
# A number, with thousands written "1,000,000" (English) or "1.000.000" (Indonesian) alike.
_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+")
TODO_MARK = "TODO"


# The output is written by our own templates and Markdown, which always double-quote attributes.
_ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'<(?:a|link)\s[^>]*?href="([^"]*)"|<(?:script|img)\s[^>]*?src="([^"]*)"')


@dataclass(frozen=True)
class Anchors:
    ids: frozenset[str]
    links: tuple[str, ...]


def read_anchors(html: bytes) -> Anchors:
    """The ids a page defines and the links it makes."""
    text = html.decode("utf-8")
    return Anchors(
        frozenset(unescape(i) for i in _ID.findall(text)),
        tuple(unescape(a or b) for a, b in _HREF.findall(text)),
    )


def _target_file(path: str) -> str:
    return path + "index.html" if path == "" or path.endswith("/") else path


def _source_line(page: Page | None, needle: str) -> int | None:
    """The first body line holding `needle` as a whole token: where an editor should look."""
    if page is None or not needle:
        return None
    token = re.compile(r"(?<![\w.,-])" + re.escape(needle) + r"(?![\w-])")
    for offset, line in enumerate(page.body.splitlines()):
        if token.search(line):
            return page.body_line + offset
    return None


def check_links(site: Site, files: dict[str, bytes]) -> list[Problem]:
    """Every internal link and #fragment in the output points at a file and an id that exist."""
    base = site.config.base_path
    origin = site.config.base_url[: -len(base)] if len(base) > 1 else site.config.base_url.rstrip("/")
    sources = {page.output_file: page for page in site.pages}
    parsed = {name: read_anchors(data) for name, data in files.items() if name.endswith(".html")}
    problems = []
    for name, anchors in sorted(parsed.items()):
        page = sources.get(name)
        where: Path | str = page.path if page else f"(output) {name}"
        here = base + name.removesuffix("index.html")
        for href in anchors.links:
            if href.startswith(origin + base):  # canonical and alternates are absolute
                href = href[len(origin) :]
            parts = urlsplit(urljoin(here, href))
            if parts.scheme or parts.netloc:
                continue
            if parts.path and not parts.path.startswith(base):
                problems.append(
                    Problem(where, f"the link '{href}' leaves the site's base path '{base}'", _source_line(page, href))
                )
                continue
            target = _target_file(unquote(parts.path[len(base) :])) if parts.path else name
            if target not in files:
                problems.append(
                    Problem(
                        where,
                        f"the link '{href}' points to a page that does not exist",
                        _source_line(page, parts.path.rstrip("/").rsplit("/", 1)[-1] or href),
                    )
                )
            elif parts.fragment and target in parsed and unquote(parts.fragment) not in parsed[target].ids:
                problems.append(
                    Problem(
                        where,
                        f"the link '{href}' points to '#{parts.fragment}', which is not an anchor on that page",
                        _source_line(page, "#" + parts.fragment),
                    )
                )
    return problems


def check_procedures(site: Site, files: dict[str, bytes]) -> list[Problem]:
    """A procedure page must say what can go wrong: a section with the id 'risks'."""
    return [
        Problem(page.path, "a procedure page needs a risks section: a heading ending in {#risks}", page.body_line)
        for page in site.pages
        if page.type == "procedure" and 'id="risks"' not in files.get(page.output_file, b"").decode("utf-8")
    ]


def _numbers(text: str) -> Counter[str]:
    prose = _LINK_TARGET.sub(" ", _MACRO.sub(" ", _EXPLICIT_ID.sub(" ", text)))
    return Counter(re.sub(r"[.,]", "", n) for n in _NUMBER.findall(prose))


def check_parity(site: Site) -> list[Problem]:
    """A page and its translation carry the same anchors and the same literal numbers."""
    problems = []
    default = site.config.default_language
    for page in site.pages:
        original = site.page(default, page.key)
        if page.lang == default or original is None:
            continue
        theirs, ours = set(_EXPLICIT_ID.findall(original.body)), set(_EXPLICIT_ID.findall(page.body))
        for anchor in sorted(theirs - ours):
            problems.append(
                Problem(page.path, f"the anchor '#{anchor}' of {original.path.name} has no counterpart here")
            )
        for anchor in sorted(ours - theirs):
            problems.append(
                Problem(
                    page.path,
                    f"the anchor '#{anchor}' is not in {original.path.name}",
                    _source_line(page, "#" + anchor),
                )
            )
        theirs_n, ours_n = _numbers(original.body), _numbers(page.body)
        for number in sorted(set(theirs_n) | set(ours_n), key=lambda n: (len(n), n)):
            if theirs_n[number] != ours_n[number]:
                problems.append(
                    Problem(
                        page.path,
                        f"the number {number} appears {theirs_n[number]} time(s) in {original.path.name} "
                        f"but {ours_n[number]} time(s) here",
                        _source_line(page, number) if ours_n[number] else None,
                    )
                )
    return problems


def check_unwritten(site: Site) -> list[Problem]:
    """Pages made by `site-builder new` carry TODO until someone writes them."""
    problems = []
    for page in site.pages:
        for offset, line in enumerate(page.body.splitlines()):
            if TODO_MARK in line:
                problems.append(Problem(page.path, "the page still has TODO text to write", page.body_line + offset))
                break
    return problems

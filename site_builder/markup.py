"""Page bodies: fact macros first, then Markdown to HTML with stable heading ids.

Macros are deliberately tiny — `{{ name }}` or `{{ name("text", 3) }}` — so page text cannot run
code, every mistake has an exact line, and expanding them costs next to nothing.
"""

from __future__ import annotations

import html
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import markdown

from .errors import SiteError
from .model import Page

_MACRO = re.compile(r"\{\{(.*?)\}\}|\{%", re.S)
_CALL = re.compile(r"\s*([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*((?:\|\s*\w+\s*)*)", re.S)
# Filters for a macro's text mid-sentence: {{ name("thread-lift") | lower }}.
FILTERS: dict[str, Callable[[str], str]] = {"lower": str.lower, "capitalize": lambda s: s[:1].upper() + s[1:]}
_ARGUMENT = re.compile(r"\s*(?:\"([^\"\\]*)\"|'([^'\\]*)'|(-?\d+))\s*(,|$)")
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(html: str) -> str:
    """The words of an HTML fragment, tags dropped and spaces folded."""
    return _SPACE.sub(" ", _TAGS.sub("", html)).strip()


@dataclass(frozen=True)
class Heading:
    id: str
    level: int
    text: str


@dataclass(frozen=True)
class Body:
    html: str
    headings: tuple[Heading, ...]


class MacroError(Exception):
    """A macro was called with an id the data does not have; carries a plain message."""


def _arguments(text: str) -> list[str | int]:
    values: list[str | int] = []
    position = 0
    while position < len(text):
        found = _ARGUMENT.match(text, position)
        if not found:
            raise MacroError(f"cannot read the arguments '{text.strip()}': use quoted text or whole numbers")
        double, single, number = found.group(1, 2, 3)
        values.append(int(number) if number is not None else double if double is not None else single)
        position = found.end()
    return values


def expand(page: Page, macros: Mapping[str, Callable[..., Any] | Any]) -> str:
    """Replace every {{ macro }} in the page body; a bad one is reported at its own line."""

    def one(found: re.Match[str]) -> str:
        line = page.body_line + page.body.count("\n", 0, found.start())
        try:
            if found.group(1) is None:
                raise MacroError("'{%' is not allowed in a page: only {{ macro(...) }} is")
            call = _CALL.fullmatch(found.group(1))
            if not call:
                raise MacroError(f"'{{{{{found.group(1)}}}}}' is not a macro call like {{{{ cost(\"deep-plane\") }}}}")
            name, raw, piped = call.group(1, 2, 3)
            if name not in macros:
                raise MacroError(f"unknown macro '{name}' (known: {', '.join(sorted(macros))})")
            filters = [f.strip() for f in piped.split("|")[1:]]
            for unknown in (f for f in filters if f not in FILTERS):
                raise MacroError(f"unknown filter '{unknown}' (known: {', '.join(FILTERS)})")
            target = macros[name]
            if raw is None:
                text = str(target() if callable(target) else target)
            elif callable(target):
                arguments = _arguments(raw)
                try:
                    inspect.signature(target).bind(*arguments)
                except TypeError:
                    raise MacroError(f"'{name}' was given the wrong number of arguments") from None
                text = str(target(*arguments))
            else:
                raise MacroError(f"'{name}' is a value, not a macro to call: write {{{{ {name} }}}}")
            for f in filters:
                text = FILTERS[f](text)
            return text
        except MacroError as error:
            raise SiteError.at(page.path, str(error), line) from None

    return _MACRO.sub(one, page.body)


class BodyRenderer:
    """Turns page bodies into HTML; reuse one (Markdown is reset between pages)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["extra", "toc", "sane_lists"],
            extension_configs={"toc": {"toc_depth": "2-4"}},
            output_format="html",
        )

    def render(self, page: Page, macros: Mapping[str, Any]) -> Body:
        self._md.reset()
        html = _wrap_tables(self._md.convert(expand(page, macros)))
        headings = tuple(_headings(self._md.toc_tokens))  # type: ignore[attr-defined]
        return Body(html=html, headings=headings)


# A bare Markdown table; tables made by macros come already wrapped (with a caption).
_TABLE = re.compile(r"<table>.*?</table>", re.S)
_HEADING = re.compile(r"<h[2-4][^>]*>(.*?)</h[2-4]>", re.S)


def _wrap_tables(body: str) -> str:
    """Let a wide table scroll inside its own region, named by the heading above it (phones, 320 px)."""

    def wrap(found: re.Match[str]) -> str:
        headings = _HEADING.findall(body, 0, found.start())
        label = html.escape(plain_text(headings[-1]) if headings else "", quote=True)
        return f'<div class="table-wrap" role="region" tabindex="0" aria-label="{label}">{found.group(0)}</div>'

    return _TABLE.sub(wrap, body)


def _headings(tokens: list[dict[str, Any]]) -> list[Heading]:
    found = []
    for token in tokens:
        found.append(Heading(token["id"], token["level"], plain_text(token["name"])))
        found.extend(_headings(token["children"]))
    return found

"""Page bodies: fact macros first, then Markdown (mistune) to HTML with stable heading ids.

Macros are deliberately tiny — `{{ name }}` or `{{ name("text", 3) }}` — so page text cannot run
code, every mistake has an exact line, and expanding them costs next to nothing.
"""

from __future__ import annotations

import functools
import html
import inspect
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mistune
from markupsafe import Markup
from mistune.core import BlockState

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
    text: str  # plain text, entities decoded: templates escape it


@dataclass(frozen=True)
class Body:
    html: str
    headings: tuple[Heading, ...]


class MacroError(Exception):
    """A macro was called with an id the data does not have; carries a plain message."""


# Macros are the same few functions on every page: work out what each accepts once.
_signature = functools.lru_cache(maxsize=256)(inspect.signature)


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


def expand(page: Page, macros: Mapping[str, Callable[..., Any] | Any], blocks: dict[str, str] | None = None) -> str:
    """Replace every {{ macro }} in the page body; a bad one is reported at its own line."""
    return expand_text(page.body, macros, page.path, page.body_line, blocks)


def expand_text(
    body: str,
    macros: Mapping[str, Callable[..., Any] | Any],
    path: Path | str,
    first_line: int | None,
    blocks: dict[str, str] | None = None,
) -> str:
    """Replace every {{ macro }} in `body`, text that starts on `first_line` of the file `path`.

    With `blocks`, a macro that returns block HTML (Markup: a table, a chart) leaves a placeholder
    paragraph instead, and `blocks` maps the placeholder to the HTML, to put back after Markdown:
    Markdown would otherwise read that HTML's indented or blank-line-separated parts as text.
    """

    def one(found: re.Match[str]) -> str:
        line = None if first_line is None else first_line + body.count("\n", 0, found.start())
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
                value = target() if callable(target) else target
            elif callable(target):
                arguments = _arguments(raw)
                try:
                    _signature(target).bind(*arguments)
                except TypeError:
                    raise MacroError(f"'{name}' was given the wrong number of arguments") from None
                value = target(*arguments)
            else:
                raise MacroError(f"'{name}' is a value, not a macro to call: write {{{{ {name} }}}}")
            text = str(value)
            for f in filters:
                text = FILTERS[f](text)
            if blocks is not None and isinstance(value, Markup):
                # A random name cannot occur in page text; blank lines make it a paragraph of its own.
                key = f"macro-block-{secrets.token_hex(8)}"
                blocks[key] = text
                return f"\n\n{key}\n\n"
            return text
        except MacroError as error:
            raise SiteError.at(path, str(error), line) from None

    return _MACRO.sub(one, body)


class Macros:
    """One language's macros, filled in once every extension has added its own, for text from anywhere."""

    def __init__(self) -> None:
        self.table: dict[str, Any] = {}

    def expand(self, text: str, path: Path | str, line: int | None = None) -> str:
        return expand_text(text, self.table, path, line) if "{" in text else text


class BodyRenderer:
    """Turns page bodies into HTML; reuse one (mistune keeps no state between pages)."""

    def __init__(self) -> None:
        # escape=False: raw HTML in page text passes through, as it did with python-markdown.
        self._md = mistune.create_markdown(
            escape=False,
            renderer=_HTMLRenderer(escape=False),
            plugins=["table", "footnotes", "def_list", "strikethrough"],
        )
        self._md.before_render_hooks.append(_explicit_ids)

    def render(self, page: Page, macros: Mapping[str, Any]) -> Body:
        blocks: dict[str, str] = {}
        body, state = self._md.parse(expand(page, macros, blocks))
        assert isinstance(body, str)
        # Macro HTML goes in after _wrap_tables: its tables come wrapped already, and it stays byte for byte.
        body = _wrap_tables(body.rstrip("\n"))  # the templates end the body's line themselves
        for key, block in blocks.items():
            # Normally its own paragraph; a bare name is a placeholder Markdown nested in something else.
            body = body.replace(f"<p>{key}</p>", block).replace(key, block)
        return Body(html=body, headings=tuple(state.env.get("headings", ())))


class _HTMLRenderer(mistune.HTMLRenderer):
    def text(self, text: str) -> str:
        # Quotes stay literal, as python-markdown wrote them: the FAQ's JSON-LD reads its text from this HTML.
        return mistune.escape(mistune.util.unescape(text), quote=False)

    def render_token(self, token: dict[str, Any], state: BlockState) -> str:
        """A heading without an {#id} gets a slug of its text; levels 2-4 are listed for the page's contents."""
        if token["type"] != "heading":
            return super().render_token(token, state)
        inner = self.render_tokens(token["children"], state)
        text = html.unescape(plain_text(inner))
        attrs = token["attrs"]
        if "id" not in attrs:
            attrs["id"] = _unique(_slugify(text), state.env.setdefault("heading_ids", set()))
        if 2 <= attrs["level"] <= 4:
            state.env.setdefault("headings", []).append(Heading(attrs["id"], attrs["level"], text))
        return self.heading(inner, **attrs)


# `## Title {#some-id}`: python-markdown's attr_list syntax for a heading's id, which every page uses.
_EXPLICIT_ID = re.compile(r"[ \t]+\{#([^\s}]+)\}[ \t]*$")


def _explicit_ids(md: mistune.Markdown, state: BlockState) -> None:
    """Take each {#id} off its heading's text before rendering, so no automatic id can take it."""
    ids = state.env["heading_ids"] = set()
    for token in _walk(state.tokens):
        if token["type"] == "heading" and (found := _EXPLICIT_ID.search(token["text"])):
            token["text"] = token["text"][: found.start()]
            token["attrs"]["id"] = found.group(1)
            ids.add(found.group(1))


def _walk(tokens: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for token in tokens:
        yield token
        yield from _walk(token.get("children", ()))


def _slugify(text: str) -> str:
    """python-markdown's toc slug, so automatic ids stay as they were: ASCII, no punctuation, hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text).strip().lower())


def _unique(candidate: str, used: set[str]) -> str:
    if candidate in used or not candidate:
        number = 1
        while f"{candidate}_{number}" in used:
            number += 1
        candidate = f"{candidate}_{number}"
    used.add(candidate)
    return candidate


# A Markdown table; tables made by macros come already wrapped (with a caption), and go in after this.
_TABLE = re.compile(r"<table>.*?</table>", re.S)
_HEADING = re.compile(r"<h[2-4][^>]*>(.*?)</h[2-4]>", re.S)


def _wrap_tables(body: str) -> str:
    """Let a wide table scroll inside its own region, named by the heading above it (phones, 320 px)."""

    def wrap(found: re.Match[str]) -> str:
        headings = _HEADING.findall(body, 0, found.start())
        label = html.escape(plain_text(headings[-1]) if headings else "", quote=True)
        return f'<div class="table-wrap" role="region" tabindex="0" aria-label="{label}">{found.group(0)}</div>'

    return _TABLE.sub(wrap, body)

"""Fact macros in page text: `{{ name }}` or `{{ name("text", 3) }}`, expanded before Markdown reads the page.

Macros are deliberately tiny, so page text cannot run code, every mistake has an exact line, and expanding
them costs next to nothing.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..base.errors import SiteError
from ..model.model import Page

# A macro stands on one line; "{{" with no "}}" after it on that line is a mistake, reported as such.
_MACRO = re.compile(r"\{\{([^\n]*?)\}\}|\{%|\{\{")


_CALL = re.compile(r"\s*([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*((?:\|\s*\w+\s*)*)", re.S)


# Filters for a macro's text mid-sentence: {{ name("some-key") | lower }}.
FILTERS: dict[str, Callable[[str], str]] = {"lower": str.lower, "capitalize": lambda s: s[:1].upper() + s[1:]}


MAX_DIGITS = 15  # more than any count or amount on the site, and far below Python's 4,300-digit limit


_ARGUMENT = re.compile(r"\s*(?:\"([^\"\\]*)\"|'([^'\\]*)'|(-?\d+))\s*(,|$)")


class MacroError(Exception):
    """A macro was called with an id the data does not have; carries a plain message."""


@functools.lru_cache(maxsize=4096)
def _parse_call(text: str) -> tuple[str, tuple[str | int, ...] | None, tuple[str, ...]]:
    """A macro call's name, arguments (None without parentheses) and filters; pages repeat the same calls."""
    call = _CALL.fullmatch(text)
    if not call:
        raise MacroError(f"'{{{{{text}}}}}' is not a macro call like {{{{ url(\"home\") }}}}")
    name, raw, piped = call.group(1, 2, 3)
    filters = tuple(f.strip() for f in piped.split("|")[1:])
    for unknown in (f for f in filters if f not in FILTERS):
        raise MacroError(f"unknown filter '{unknown}' (known: {', '.join(FILTERS)})")
    return name, None if raw is None else tuple(_arguments(raw)), filters


@functools.lru_cache(maxsize=1024)
def _accepts(target: Callable[..., Any], count: int) -> bool:
    """Whether a macro takes `count` arguments: the same few functions on every page, so asked once each."""
    try:
        inspect.signature(target).bind(*range(count))
    except TypeError:
        return False
    return True


def _arguments(text: str) -> list[str | int]:
    values: list[str | int] = []
    position = 0
    while position < len(text):
        found = _ARGUMENT.match(text, position)
        if not found:
            raise MacroError(f"cannot read the arguments '{text.strip()}': use quoted text or whole numbers")
        double, single, number = found.group(1, 2, 3)
        if number is not None and len(number.lstrip("-")) > MAX_DIGITS:
            raise MacroError(f"the number {number[:12]}… is too long: a macro takes at most {MAX_DIGITS} digits")
        values.append(int(number) if number is not None else double if double is not None else single)
        position = found.end()
    return values


def expand(
    page: Page, macros: Mapping[str, Callable[..., Any] | Any], stash: Callable[[str], str] | None = None
) -> str:
    """Replace every {{ macro }} in the page body; a bad one is reported at its own line."""
    return expand_text(page.body, macros, page.path, page.body_line, stash)


def expand_text(
    body: str,
    macros: Mapping[str, Callable[..., Any] | Any],
    path: Path | str,
    first_line: int | None,
    stash: Callable[[str], str] | None = None,
) -> str:
    """Replace every {{ macro }} in `body`, text that starts on `first_line` of the file `path`.

    With `stash`, a macro that returns block HTML (Markup: a table, a chart) leaves in its place the
    placeholder `stash` gives for that HTML, in a paragraph of its own: Markdown would otherwise read
    the HTML's indented or blank-line-separated parts as text.
    """

    def one(found: re.Match[str]) -> str:
        try:
            if found.group() == "{%":
                raise MacroError("'{%' is not allowed in a page: only {{ macro(...) }} is")
            if found.group(1) is None or "{{" in found.group(1):  # no }} on the line, or only after the next {{
                raise MacroError(f"`}}}}` is missing after `{_opening(body, found.start())}`: end the macro with }}}}")
            try:
                name, arguments, filters = _parse_call(found.group(1))
            except MacroError:
                if _CURLY_QUOTES.search(found.group(1)):
                    raise MacroError("curly quotes “ ” from a word processor: type straight quotes (\")") from None
                if found.group(1).count("(") > found.group(1).count(")"):
                    opened = _opening(body, found.start())
                    raise MacroError(f"the ( of `{opened}` is never closed: add ) before }}}}") from None
                raise
            if name not in macros:
                raise MacroError(f"unknown macro '{name}' (known: {', '.join(sorted(macros))})")
            target = macros[name]
            if arguments is None:
                value = target() if callable(target) else target
            elif callable(target):
                if not _accepts(target, len(arguments)):
                    raise MacroError(f"'{name}' was given the wrong number of arguments")
                value = target(*arguments)
            else:
                raise MacroError(f"'{name}' is a value, not a macro to call: write {{{{ {name} }}}}")
            text = str(value)
            for f in filters:
                text = FILTERS[f](text)
            if stash is not None and isinstance(value, Markup):
                return f"\n\n{stash(text)}\n\n"
            return text
        except MacroError as error:
            line = None if first_line is None else first_line + body.count("\n", 0, found.start())
            raise SiteError.at(path, str(error), line) from None

    return _MACRO.sub(one, body)


_CURLY_QUOTES = re.compile("[“”‘’„«»]")


_OPENING = re.compile(r"\{\{\s*[A-Za-z_]\w*\s*\(?")


def _opening(body: str, start: int) -> str:
    """How a macro begins, `{{ cost(…`, to name one an editor left open."""
    found = _OPENING.match(body, start)
    return f"{found.group().rstrip()}…" if found else "{{"


class Macros:
    """One language's macros, filled in once every extension has added its own, for text from anywhere."""

    def __init__(self) -> None:
        self.table: dict[str, Any] = {}

    def expand(self, text: str, path: Path | str, line: int | None = None) -> str:
        return expand_text(text, self.table, path, line) if "{" in text else text

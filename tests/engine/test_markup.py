"""Page bodies: block macros come out intact, heading ids stay as python-markdown made them, extras work."""

from __future__ import annotations

import datetime
from pathlib import Path

from markupsafe import Markup

from site_builder.engine.markup import Body, BodyRenderer, Heading
from site_builder.engine.model import Page

DAY = datetime.date(2026, 1, 1)
# Block HTML with blank lines and indentation, which Markdown would take apart if it saw it.
CHART = Markup('<figure class="chart">\n<svg>\n\n    <text>a  b</text>\n\n</svg>\n<table>\n</table>\n</figure>\n')
MACROS = {"chart": lambda: CHART, "name": lambda: "Thread lift", "raw": "<b>raw</b>"}


def render(body: str) -> Body:
    page = Page(Path("p.md"), "en", "p", "p", "T", "D", "page", DAY, DAY, body, 10)
    return BodyRenderer().render(page, MACROS)


def test_block_macros_come_out_byte_for_byte_and_unwrapped() -> None:
    html = render("## Chart {#chart}\n\nIntro\n{{ chart() }}\nAfter.\n\n{{ chart() }}\n").html
    assert html.count(str(CHART)) == 2
    assert "macro-block" not in html
    assert "<p>Intro</p>" in html and "<p>After.</p>" in html
    assert "table-wrap" not in html  # a macro's table comes wrapped already


def test_page_text_that_looks_like_a_placeholder_stays_text() -> None:
    html = render("macro-block-0\n\n{{ chart() }}\n").html
    assert html.startswith("<p>macro-block-0</p>") and html.count(str(CHART)) == 1


def test_explicit_and_automatic_heading_ids() -> None:
    body = render(
        '## Intro\n\n## Intro\n\n## Q&A: "why?" {#qa}\n\n### Ça marche — vraiment!\n\n'
        "## !!!\n\n## Later {#intro_1}\n\n### {{ name() }} {#card}\n\n##### Deep\n"
    )
    assert body.headings == (
        Heading("intro", 2, "Intro"),
        Heading("intro_2", 2, "Intro"),  # intro_1 is asked for further down
        Heading("qa", 2, 'Q&A: "why?"'),
        Heading("ca-marche-vraiment", 3, "Ça marche — vraiment!"),
        Heading("_1", 2, "!!!"),
        Heading("intro_1", 2, "Later"),
        Heading("card", 3, "Thread lift"),
    )
    assert '<h2 id="qa">Q&amp;A: "why?"</h2>' in body.html
    assert '<h5 id="deep">Deep</h5>' in body.html


def test_markdown_tables_scroll_in_a_region_named_by_their_heading() -> None:
    html = render("## Costs {#costs}\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n").html
    assert '<div class="table-wrap" role="region" tabindex="0" aria-label="Costs"><table>' in html
    assert '<td style="text-align:right">2</td>' in html


def test_footnotes_definition_lists_strikethrough_and_raw_html() -> None:
    html = render(
        'Text[^1] ~~gone~~ <span class="k">x</span> {{ raw }}\n\nTerm\n: Meaning\n\n'
        '<div class="note">\n*as is*\n</div>\n\n[^1]: The note.\n'
    ).html
    assert 'id="fn-1"' in html and 'href="#fn-1"' in html
    assert "<dt>Term</dt>\n<dd>Meaning</dd>" in html
    assert "<del>gone</del>" in html
    assert '<span class="k">x</span> <b>raw</b>' in html
    assert '<div class="note">\n*as is*\n</div>' in html

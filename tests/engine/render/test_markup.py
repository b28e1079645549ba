"""Page bodies through Python-Markdown: block macros intact, stable heading ids, the writing tools editors
use (asides, glossary, parts in another language, footnotes, definition lists, tables), CSP-clean output."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from markupsafe import Markup

from site_builder.engine.base.errors import SiteError
from site_builder.engine.config.config import load_config
from site_builder.engine.load.i18n import load_catalogs
from site_builder.engine.model.model import Page, Term
from site_builder.engine.render.markup import Body, BodyRenderer, Heading
from tests.helpers import PROJECT

DAY = datetime.date(2026, 1, 1)
# Block HTML with blank lines and indentation, which Markdown would take apart if it saw it.
CHART = Markup('<figure class="chart">\n<svg>\n\n    <text>a  b</text>\n\n</svg>\n<table>\n</table>\n</figure>')
MACROS = {"chart": lambda: CHART, "name": lambda: "Thread lift", "raw": "<b>raw</b>"}
GLOSSARY = (
    Term("smas", "SMAS", "The layer under the skin.", "Superficial musculo-aponeurotic system"),
    Term("jowls", "jowls", "Skin and fat of the lower cheek over the jawline."),
)


def page(body: str, lang: str = "en", key: str = "p") -> Page:
    return Page(Path("p.md"), lang, key, "p", "T", "D", "page", DAY, DAY, body, 10)


def render(body: str, renderer: BodyRenderer | None = None) -> Body:
    return (renderer or BodyRenderer()).render(page(body), MACROS)


@pytest.fixture(scope="module")
def renderers() -> dict[str, BodyRenderer]:
    """A renderer per language of the real site, with its catalog's words."""
    config = load_config(PROJECT)
    catalogs = load_catalogs(config)
    return {
        lang.code: BodyRenderer(catalogs.translations[lang.code].gettext, GLOSSARY, f"/{lang.code}/glossary/")
        for lang in config.languages
    }


def test_block_macros_come_out_byte_for_byte_and_unwrapped() -> None:
    html = render("## Chart {#chart}\n\nIntro\n{{ chart() }}\nAfter.\n\n{{ chart() }}\n").html
    assert html.count(str(CHART)) == 2
    assert "<p>Intro</p>" in html and "<p>After.</p>" in html
    assert "<p><figure" not in html
    assert "table-wrap" not in html  # a macro's table comes wrapped already


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


def test_markdown_tables_scroll_in_a_region_named_by_their_heading_and_align_by_class() -> None:
    html = render("## Costs {#costs}\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n").html
    assert '<div aria-label="Costs" class="table-wrap" role="region" tabindex="0"><table>' in html
    assert '<td class="align-right">2</td>' in html and '<th class="align-left">a</th>' in html
    assert "style=" not in html  # the site's Content-Security-Policy blocks style attributes


@pytest.mark.parametrize(("lang", "title"), [("en", "Warning"), ("id", "Peringatan")])
def test_an_aside_takes_its_default_title_from_the_catalog(renderers: dict[str, BodyRenderer], lang: str, title: str):
    html = render("## Risks {#risks}\n\n!!! warning\n    Call a doctor if it **swells**.\n", renderers[lang]).html
    assert html.endswith(
        f'<aside class="admonition warning">\n<h3 class="admonition-title">{title}</h3>\n'
        "<p>Call a doctor if it <strong>swells</strong>.</p>\n</aside>"
    )
    named = render('!!! note "Before you fly"\n    Text.\n', renderers[lang]).html
    assert '<h2 class="admonition-title">Before you fly</h2>' in named  # no section above: one below the page's h1
    assert [h.id for h in render("## A {#a}\n\n!!! tip\n    T.\n", renderers[lang]).headings] == ["a"]


def test_an_unknown_kind_of_aside_is_refused_at_its_line() -> None:
    with pytest.raises(SiteError) as caught:
        render("Intro.\n\n!!! danger\n    Text.\n")
    [problem] = caught.value.problems
    assert (problem.line, "'!!! danger'" in problem.message) == (12, True)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_glossary_abbreviations_and_first_mentions(renderers: dict[str, BodyRenderer], lang: str) -> None:
    html = render(
        "## The SMAS layer {#smas}\n\nThe SMAS holds up jowls. The SMAS again, and jowls again.\n\n"
        "[jowls](https://example.org/) are not linked inside a link.\n",
        renderers[lang],
    ).html
    abbr = '<abbr title="Superficial musculo-aponeurotic system">SMAS</abbr>'
    assert f'<h2 id="smas">The {abbr} layer</h2>' in html  # marked, but not linked, in a heading
    assert (
        f'<p>The <a class="term" href="/{lang}/glossary/#term-smas">{abbr}</a> holds up '
        f'<a class="term" href="/{lang}/glossary/#term-jowls">jowls</a>. The {abbr} again, and jowls again.</p>'
    ) in html
    assert '<a href="https://example.org/">jowls</a>' in html


def test_the_glossary_page_itself_links_no_terms() -> None:
    renderer = BodyRenderer(str, GLOSSARY, "/en/glossary/")
    html = renderer.render(page("The SMAS and jowls.", key="glossary"), MACROS).html
    assert 'class="term"' not in html and "<abbr" in html


@pytest.mark.parametrize("lang", ["en", "id"])
def test_parts_in_another_language_come_out_with_lang(renderers: dict[str, BodyRenderer], lang: str) -> None:
    html = render(
        '### Smile Mini Lift {lang=en #smile}\n\nA *turkey neck*{lang=en} and <span lang="en">neck lift</span>.\n\n'
        'A whole paragraph.\n{: lang="en" }\n\n<div lang="en" markdown="1">\n*Inside* a block.\n</div>\n',
        renderers[lang],
    ).html
    assert '<h3 id="smile" lang="en">Smile Mini Lift</h3>' in html
    assert '<em lang="en">turkey neck</em> and <span lang="en">neck lift</span>' in html
    assert '<p lang="en">A whole paragraph.</p>' in html
    assert '<div lang="en">\n<p><em>Inside</em> a block.</p>\n</div>' in html


@pytest.mark.parametrize(("lang", "back"), [("en", "Back to footnote 1 in the text"), ("id", "Kembali ke catatan")])
def test_footnotes_definition_lists_and_raw_html(renderers: dict[str, BodyRenderer], lang: str, back: str) -> None:
    html = render(
        'Text[^1] <span class="k">x</span> {{ raw }}\n\nTerm\n: Meaning\n\n'
        '<div class="note">\n*as is*\n</div>\n\n[^1]: The note.\n',
        renderers[lang],
    ).html
    assert 'id="fn-1"' in html and 'href="#fn-1"' in html and 'id="fnref-1"' in html
    assert f'title="{back}' in html
    assert "<dt>Term</dt>\n<dd>Meaning</dd>" in html
    assert '<span class="k">x</span> <b>raw</b>' in html
    assert '<div class="note">\n*as is*\n</div>' in html


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Fine.\n\n[Click](javascript:alert(1))\n", 12, "javascript:"),
        ("Fine.\n\nSee [x](JavaScript:void(0)).\n", 12, "javascript:"),
        ("Fine.\n\n\n<script>alert(1)</script>\n", 13, "script"),
        ('<img src="a.png" alt="" onerror="alert(1)">\n', 10, "event attribute"),
        ('Text <span style="color:red">red</span>.\n', 10, "style attribute"),
        ("Fine.\n\n[x]: data:text/html,hi\n\nA [x] link.\n", 12, "data:"),
    ],
)
def test_what_the_security_policy_would_block_is_refused_at_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(SiteError) as caught:
        render(text)
    [problem] = caught.value.problems
    assert problem.line == line and words in problem.message, problem


def test_a_plain_link_with_a_colon_in_its_text_is_fine() -> None:
    assert (
        '<a href="https://example.org/a">note: javascript</a>'
        in render("[note: javascript](https://example.org/a)\n").html
    )

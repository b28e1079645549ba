"""The search index, as the build makes it: one per language with a search page, of that language's pages
only, stemmed by Snowball as the browser stems a query, the same bytes from the same sources, and the same
after an incremental build as after a clean one."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import snowballstemmer

from site_builder.engine.config.config import load_config
from site_builder.engine.model.model import Page
from site_builder.engine.render import search
from tests.helpers import PROJECT, TODAY, clean_build, copy_sources, edit, rebuild, tree

SEARCH = {"en": "en/search/", "id": "id/cari/"}
STEMMERS = PROJECT / "site_builder" / "theme" / "static" / "js" / "snowball"  # the theme ships them


def index(site: Path, lang: str) -> dict:
    return json.loads((site / SEARCH[lang] / "index.json").read_bytes())


def sections_of(found: dict, stem: str) -> list[int]:
    numbers, n = [], 0
    for step in found["terms"].get(stem, []):
        n += step
        numbers.append(n)
    return numbers


def pages_with(found: dict, word: str, algorithm: str) -> set[str]:
    stem = snowballstemmer.stemmer(algorithm).stemWord(word)
    return {found["pages"][found["sections"][n][0]][0] for n in sections_of(found, stem)}


def test_each_language_has_its_index_of_its_own_pages_only(built_site: Path) -> None:
    for lang, path in SEARCH.items():
        urls = [url for url, _title in index(built_site, lang)["pages"]]
        pages = sorted(
            p.parent.relative_to(built_site).as_posix() + "/" for p in built_site.glob(f"{lang}/**/index.html")
        )
        assert urls and all(url.startswith(f"/{lang}/") for url in urls)
        # Every page of the language but the search page; the chooser and the 404 page are not pages of one.
        assert sorted(url.lstrip("/") for url in urls) == [p for p in pages if p != path]


def test_indonesian_forms_of_a_word_find_the_same_pages(built_site: Path) -> None:
    found = index(built_site, "id")
    pages = [pages_with(found, word, "indonesian") for word in ("membandingkan", "perbandingan", "bandingkan")]
    assert pages[0] and pages[0] == pages[1] == pages[2]
    english = index(built_site, "en")
    assert pages_with(english, "comparing", "english") == pages_with(english, "compared", "english") != set()
    assert not pages_with(english, "perbandingan", "english")


def test_a_section_is_found_under_its_heading_with_its_text(built_site: Path) -> None:
    found = index(built_site, "id")
    html = (built_site / "id" / "tanam-benang" / "index.html").read_text()
    anchors = set(re.findall(r'<h[23] id="([^"]+)"', html))
    own = [s for s in found["sections"] if found["pages"][s[0]][0] == "/id/tanam-benang/"]
    assert own[0][1] == "" and own[0][2] == "Tanam benang: apa yang bisa dan tidak bisa dilakukan"
    # Each section of the text under its own heading; the list of sources and the navigation are left out.
    assert {s[1] for s in own[1:]} <= anchors and "risks" in {s[1] for s in own}
    assert all("[1]" not in s[3] and "Lokasi halaman" not in s[3] for s in own)


def test_a_page_that_asks_not_to_be_indexed_is_left_out() -> None:
    config = load_config(PROJECT)
    page = Page(Path("x.md"), "en", "x", "x", "X", "", "page", TODAY, TODAY, "", 1)
    html = '<html><head><meta name="robots" content="noindex"></head><main><h1>X</h1><p>Moved</p></main></html>'
    assert search.read_document(page, html.encode(), config.language("en")) is None
    shown = search.read_document(page, html.replace("noindex", "all").encode(), config.language("en"))
    assert shown is not None and shown.sections[0].text == "Moved"


def test_noindex_is_found_whatever_the_order_of_its_attributes_and_without_a_head_end() -> None:
    config = load_config(PROJECT)
    page = Page(Path("x.md"), "en", "x", "x", "X", "", "page", TODAY, TODAY, "", 1)
    for meta in ('<meta content="noindex, follow" name="robots">', "<meta name=robots content='NOINDEX'>"):
        html = f"<html><head>{meta}<main><h1>X</h1><p>Moved</p></main></html>"
        assert search.read_document(page, html.encode(), config.language("en")) is None, meta


def test_the_reader_keeps_to_the_html_it_is_given_at_its_edges() -> None:
    """What html.parser made of each of these, the token reader makes too."""
    config = load_config(PROJECT)
    page = Page(Path("x.md"), "en", "x", "x", "X", "", "page", TODAY, TODAY, "", 1)
    html = (
        "<html><head></head><body><nav>Menu</nav><main><h1>Title</h1>"
        '<p>A <span title="a>b">quoted</span> sign, <a href=/en/>a bare link</a> and more.</p>'
        "<!-- <h2 id=x>not a heading</h2> --><script>if (a<b) { x = '<h2>'; }</script>"
        '<p>Line<br/>break<svg viewBox="0 0 1 1"><rect width="1" /><text>chart</text></svg> after</p>'
        '<h2 id="next">Next &amp; last</h2><p>Its text.</p></main><footer>Foot</footer></body></html>'
    )
    found = search.read_document(page, html.encode(), config.language("en"))
    assert found is not None
    top, last = found.sections
    assert (top.heading, top.text) == ("Title", "A quoted sign, a bare link and more. Line break after")
    assert (last.anchor, last.heading, last.text) == ("next", "Next & last", "Its text.")


def test_the_index_is_the_same_bytes_from_the_same_sources(built_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "public"
    rebuild(PROJECT, again)
    for path in SEARCH.values():
        assert (again / path / "index.json").read_bytes() == (built_site / path / "index.json").read_bytes()


def test_an_edited_page_is_found_by_its_new_words_after_an_incremental_build(tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "site")
    output = tmp_path / "public"
    rebuild(root, output)
    edit(root / "content" / "id" / "tanam-benang.md", "## Risiko", "Kata uji: pelangi.\n\n## Risiko")

    report = rebuild(root, output)

    assert report.pages_rendered == 1 and "id/cari/index.json" in report.written
    assert pages_with(index(output, "id"), "pelangi", "indonesian") == {"/id/tanam-benang/"}
    assert not pages_with(index(output, "en"), "pelangi", "english")
    assert tree(output) == clean_build(root, tmp_path / "clean")


def test_a_site_without_a_search_page_has_no_index(tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "site")
    (root / "content" / "en" / "search.md").unlink()
    (root / "content" / "id" / "cari.md").unlink()
    output = tmp_path / "public"
    rebuild(root, output)
    assert not list(output.rglob("index.json"))
    assert 'role="search"' not in (output / "en" / "index.html").read_text()


def test_every_page_has_a_search_form_for_its_own_language(built_site: Path) -> None:
    for lang, path in SEARCH.items():
        for file in built_site.glob(f"{lang}/**/index.html"):
            html = file.read_text()
            if file.parent == built_site / path:
                assert 'id="header-q"' not in html and 'id="search-q"' in html  # its own form only
            else:
                assert f'<form class="header-search" role="search" action="/{path}" method="get">' in html, file


NODE_STEM = """
const [stemmer, words] = [process.argv[1], JSON.parse(require("fs").readFileSync(0, "utf8"))];
import(stemmer).then((m) => { const s = new m.default();
  const split = (t) => t.toLowerCase().match(/[\\p{L}\\p{N}]+/gu) || [];
  console.log(JSON.stringify({stems: words.map((w) => s.stemWord(w)), split: words.map(split)})); });
"""


@pytest.mark.parametrize(("lang", "algorithm"), [("id", "indonesian"), ("en", "english")])
def test_the_browsers_stemmer_and_split_are_the_builds(built_site: Path, lang: str, algorithm: str) -> None:
    """Every word of the language's pages, stemmed by the vendored JavaScript and by Python's Snowball,
    and split into words by search.js's pattern and by search.py's."""
    texts = [s[3] for s in index(built_site, lang)["sections"]]
    vocabulary = sorted({w for text in texts for w in search.words(text)})
    out = subprocess.run(
        ["node", "-e", NODE_STEM, str(STEMMERS / f"{algorithm}-stemmer.js")],
        input=json.dumps(vocabulary + texts),
        capture_output=True,
        text=True,
        check=True,
    )
    browser = json.loads(out.stdout)
    assert browser["stems"][: len(vocabulary)] == snowballstemmer.stemmer(algorithm).stemWords(vocabulary)
    assert browser["split"][len(vocabulary) :] == [search.words(text) for text in texts]


def index_files(site: Path, lang: str) -> dict[str, dict]:
    """Every file of a language's index by name: the first, and the parts it names."""
    first = index(site, lang)
    folder = site / SEARCH[lang]
    return {"index.json": first} | {name: json.loads((folder / name).read_bytes()) for name in first.get("more", [])}


def test_a_large_index_comes_in_parts_that_the_first_names_each_page_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_sources(tmp_path / "site")
    whole = tmp_path / "whole"
    rebuild(root, whole)
    monkeypatch.setattr(search, "PART_PAGES", 4)
    output = tmp_path / "parts"
    rebuild(root, output)
    for lang in SEARCH:
        parts = index_files(output, lang)
        pages = [url for part in parts.values() for url, _title in part["pages"]]
        assert len(parts) == -(-len(index(whole, lang)["pages"]) // 4) > 2
        assert sorted(pages) == sorted(url for url, _title in index(whole, lang)["pages"])
        assert not any("more" in part for name, part in parts.items() if name != "index.json")


def test_a_part_read_back_makes_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "PART_PAGES", 4)
    root = copy_sources(tmp_path / "site")
    output = tmp_path / "public"
    rebuild(root, output)
    from site_builder.engine.build import extensions, load_site

    config = load_config(root)
    site = load_site(config, extensions(config))
    parts = search.index_parts(site)
    assert len(parts) > 4
    for part in parts:
        data = (output / part.path).read_bytes()
        assert search.make_part(site, part, search.read_part(site, part, data)) == data


def test_an_edit_makes_its_own_part_again_and_equals_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "PART_PAGES", 4)
    root = copy_sources(tmp_path / "site")
    output = tmp_path / "public"
    rebuild(root, output)
    edit(root / "content" / "id" / "tanam-benang.md", "## Risiko", "Kata uji: pelangi.\n\n## Risiko")

    report = rebuild(root, output)

    made = [name for name in report.written if name.startswith("id/cari/index")]
    assert len(made) == 1 and not any(name.startswith("en/search/index") for name in report.written)
    found = [name for name, part in index_files(output, "id").items() if pages_with(part, "pelangi", "indonesian")]
    assert [f"id/cari/{name}" for name in found] == made
    assert tree(output) == clean_build(root, tmp_path / "clean")

"""The guide itself: complete in both languages, one set of facts, medically hygienic, in its own words."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_builder.engine.build import build, extensions, load_site
from site_builder.engine.check.checks import check_parity
from site_builder.engine.config.config import load_config
from site_builder.engine.load.references import load_references
from tests.helpers import PROJECT

SHARED_TOOLS = PROJECT.parent / "shared" / "tools"


class Blocks(HTMLParser):
    """Text of each paragraph, list item and table cell inside <main>, leaving out the parts marked as
    another language (lang="en" on an Indonesian page) and the list of sources (titles keep their language)."""

    BLOCK = {"p", "li", "td", "th", "dd", "dt", "h2", "h3", "figcaption", "legend", "label"}
    VOID = {"br", "img", "input", "hr", "meta", "link", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._in_main = False
        self._skip = 0  # depth inside a skipped element
        self._lang = ""  # the page's language, from <html lang>
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        lang = dict(attrs).get("lang")
        if tag == "html":
            self._lang = lang or ""
            return
        if tag == "main":
            self._in_main = True
        if self._skip:
            self._skip += tag not in self.VOID
            return
        if ("class", "sources") in attrs or (lang and lang != self._lang):
            self._skip = 1
            return
        if self._in_main and tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag):
        if self._skip:
            self._skip -= 1
            return
        if tag in self.BLOCK or tag == "main":
            self._flush()
        if tag == "main":
            self._in_main = False

    def handle_data(self, data):
        if self._in_main and not self._skip:
            self._buffer.append(data)

    def _flush(self):
        text = " ".join("".join(self._buffer).split())
        if text:
            self.blocks.append(text)
        self._buffer = []


def blocks(path: Path) -> list[str]:
    parser = Blocks()
    parser.feed(path.read_text())
    return parser.blocks


@pytest.fixture(scope="module")
def site():
    config = load_config(PROJECT)
    return load_site(config, extensions(config))


# SPEC section 2: every page of the guide, by translation key.
SPEC_PAGES = {
    "home", "no-procedure", "stages", "thread-lift", "mini-facelift", "deep-plane",
    "timing", "compare", "checklist", "faq", "expectations", "about",
}  # fmt: skip


def test_every_page_key_exists_in_both_languages(site) -> None:
    keys = {lang.code: {p.key for p in site.pages if p.lang == lang.code} for lang in site.languages}
    assert keys["en"] == keys["id"]
    assert keys["en"] >= SPEC_PAGES


def test_the_faq_has_at_least_12_questions_with_the_same_ids_in_both_languages(site) -> None:
    ids = {p.lang: re.findall(r"\{#(faq-[\w-]+)\}", p.body) for p in site.pages if p.key == "faq"}
    assert len(ids["en"]) >= 12
    assert ids["en"] == ids["id"]


def test_translations_carry_the_same_numbers_and_anchors(site) -> None:
    assert check_parity(site) == []


def test_parity_catches_a_number_changed_in_one_language(site_copy: Path) -> None:
    page = site_copy / "content/id/facelift-mini.md"
    text = page.read_text()
    assert "2 cm" in text
    page.write_text(text.replace("2 cm", "3 cm"))
    config = load_config(site_copy)
    problems = check_parity(load_site(config, extensions(config)))
    assert any("the number 2 appears" in p.message and p.path.name == "facelift-mini.md" for p in problems)


def test_one_changed_figure_changes_every_page_table_and_chart_in_both_languages(
    site_copy: Path, tmp_path: Path
) -> None:
    facts = site_copy / "data/facts.yaml"
    old = "cost: {min: 1000000, max: 3500000,"
    assert old in facts.read_text()
    facts.write_text(facts.read_text().replace(old, "cost: {min: 1000000, max: 3700000,"))
    out = tmp_path / "public"
    build(load_config(site_copy), out)
    for path, new, old in [
        ("en/thread-lift/index.html", "KRW 1,000,000–3,700,000", "3,500,000"),
        ("en/compare/index.html", "KRW 1,000,000–3,700,000", "3,500,000"),
        ("en/index.html", "KRW 1,000,000–3,700,000", "3,500,000"),
        ("id/tanam-benang/index.html", "₩ 1.000.000–3.700.000", "3.500.000"),
        ("id/perbandingan/index.html", "₩ 1.000.000–3.700.000", "3.500.000"),
    ]:
        html = (out / path).read_text()
        assert new in html, path
        assert old not in html, path
    # The ten-year chart's table follows: 10 thread lifts at the new top price.
    assert "37,000,000" in (out / "en/compare/index.html").read_text()
    assert "37.000.000" in (out / "id/perbandingan/index.html").read_text()


def test_every_option_has_a_page_with_the_sections_a_reader_needs(built_site: Path, site) -> None:
    """SPEC section 3: a summary at the top, risks, when to get help, questions, sources, review dates."""
    options = {p.params["option"] for p in site.pages if p.type == "option"}
    assert options == {"not-yet", "thread-lift", "mini-facelift", "deep-plane"}
    for page in site.pages:
        if page.type != "option":
            continue
        html = (built_site / page.output_file).read_text()
        assert html.index('id="at-a-glance"') < html.index('class="prose"'), page.path
        for anchor in ("risks", "when-to-get-help", "questions", "sources"):
            assert f'id="{anchor}"' in html, (page.path, anchor)
        assert ("Last reviewed" in html) if page.lang == "en" else ("Terakhir ditinjau" in html), page.path


def test_every_claim_on_an_option_page_links_to_its_source(built_site: Path, site) -> None:
    """Each list item under risks and when-to-get-help carries a citation, or its list is introduced by one."""
    for page in site.pages:
        if page.type != "option":
            continue
        html = (built_site / page.output_file).read_text()
        for anchor in ("risks", "when-to-get-help"):
            section = re.search(rf'<h2 id="{anchor}">(.*?)(?=<h2 )', html, re.S).group(1)
            assert 'class="cite"' in section, (page.path, anchor)
        cites = re.findall(r'href="#source-([a-z0-9-]+)"', html)
        assert cites and all(f'id="source-{key}"' in html for key in cites), page.path


# What every footer must say, in each language: who publishes, that it introduces patients to surgeons,
# and how it is paid (here: that its guide does not say). A claim it cannot back, "earns no more", is refused.
FOOTER = {
    "en": ("Medical Korea Service", "introduces patients to surgeons", "How it is paid:"),
    "id": ("Medical Korea Service", "memperkenalkan pasien kepada dokter bedah", "Cara agen ini dibayar:"),
}
UNBACKED = ("earns no more", "tidak mendapat lebih")


def footer_problems(root: Path) -> list[str]:
    found = []
    for lang, needs in FOOTER.items():
        pages = sorted((root / lang).rglob("index.html"))
        assert pages, lang
        for path in pages:
            match = re.search(r'<footer class="site-footer">(.*?)</footer>', path.read_text(), re.S)
            footer = " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""
            found += [f"{path.relative_to(root)}: no '{words}'" for words in needs if words not in footer]
            found += [f"{path.relative_to(root)}: says '{words}'" for words in UNBACKED if words in footer]
    return found


def test_every_footer_names_the_publisher_its_introductions_and_how_it_is_paid(built_site: Path) -> None:
    assert footer_problems(built_site) == []


def test_a_footer_that_does_not_say_how_the_publisher_is_paid_fails(built_site: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "public"
    shutil.copytree(built_site, copy)
    page = copy / "id" / "tanam-benang" / "index.html"
    html = page.read_text()
    page.write_text(re.sub(r'<span class="footer-paid">.*?</span>', "", html, flags=re.S))
    assert footer_problems(copy) == ["id/tanam-benang/index.html: no 'Cara agen ini dibayar:'"]


NOT_STATED = {"en": "Not given in our sources", "id": "Tidak disebutkan dalam sumber kami"}
# Words that mark a risk in an entry without a figure ("Haematoma, infection"): the names of the risks rows
# and the complications the guide lists.
RISK = {
    "en": r"risk|haematoma|infection|nerve|bleeding|scar|blood vessel",
    "id": r"risiko|hematoma|infeksi|saraf|perdarahan|bekas luka|pembuluh darah",
}


def unmarked_entries(html: str, lang: str) -> list[str]:
    """Table rows and at-a-glance entries that state something from the sources but carry no citation mark."""
    main = html[html.find("<main") : html.find("</main>")]
    # The self-assessment's printed key holds the rules' own answers ("10 years ago"), not the sources' figures.
    main = re.sub(r'<section class="assessment-key".*?</section>', "", main, flags=re.S)
    entries = re.findall(r"<tbody>.*?</tbody>", main, re.S)
    rows = [row for body in entries for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    glance = re.search(r'<section class="at-a-glance".*?</section>', main, re.S)
    items = rows + (re.findall(r"<dd>(.*?)</dd>", glance.group(0), re.S) if glance else [])
    found = []
    for item in items:
        cells = re.findall(r"<td>(.*?)</td>", item, re.S) if "<td>" in item else [item]
        stated = [c for c in cells if " ".join(re.sub(r"<[^>]+>", " ", c).split()) not in ("", NOT_STATED[lang])]
        text = " ".join(re.sub(r"<[^>]+>", " ", item).split())
        figure_or_risk = any(re.search(r"\d", c) for c in stated) or re.search(RISK[lang], text, re.I)
        if stated and figure_or_risk and 'class="cite"' not in item:
            found.append(" ".join(re.sub(r"<[^>]+>", " ", item).split())[:80])
    return found


def test_every_table_row_and_summary_entry_that_states_a_figure_or_risk_cites_its_source(built_site: Path) -> None:
    found = [
        f"{path.relative_to(built_site)}: {entry}"
        for lang in NOT_STATED
        for path in sorted((built_site / lang).rglob("index.html"))
        for entry in unmarked_entries(path.read_text(), lang)
    ]
    assert found == []


def test_a_table_row_or_summary_entry_without_a_citation_mark_is_found() -> None:
    cite = '<a class="cite" href="#source-guide">[1]</a>'
    html = (
        "<main><table><tbody>"
        f"<tr><th>Cost</th><td>KRW 1,000,000 {cite}</td><td>Not given in our sources</td></tr>"
        "<tr><th>Results last</th><td>10–15 years</td><td>Not given in our sources</td></tr>"
        "<tr><th>Bruising</th><td>Not given in our sources</td></tr>"
        "</tbody></table>"
        f'<section class="at-a-glance"><dl><dd>3–6 years {cite}</dd><dd>Haematoma, infection</dd></dl></section>'
        "</main>"
    )
    assert unmarked_entries(html, "en") == ["Results last 10–15 years Not given in our sources", "Haematoma, infection"]


def test_a_headline_figure_only_the_publisher_gives_says_so_with_the_independent_figure_beside_it(
    built_site: Path,
) -> None:
    html = (built_site / "en/deep-plane-facelift/index.html").read_text()
    glance = re.search(r'<section class="at-a-glance".*?</section>', html, re.S).group(0)
    entry = re.search(r"<dt>Results last</dt><dd>(.*?)</dd>", glance).group(1)
    assert entry.startswith("10–15 years (publisher&#39;s figure) ")
    assert 'href="#source-guide"' in entry and 'href="#source-facelift-longevity"' in entry
    assert "Cleveland Clinic, for facelifts in general: up to 10 years for some people" in entry
    home = (built_site / "id/index.html").read_text()
    assert "hingga 10 tahun pada sebagian orang" in home and "angka dari penerbit" in home


COMPARE = {"en": "en/compare/index.html", "id": "id/perbandingan/index.html"}
BOTH_WAYS = {
    "en": "{count} in {per} {what}; {rest} {other}.",
    "id": "{count} dari {per} orang {what}; {rest} orang {other}.",
}
NO_DATA = {"en": "No data in our sources", "id": "Tidak ada data dalam sumber kami"}


def test_the_outcomes_table_shows_each_figure_from_the_data_both_ways_with_no_data_elsewhere(
    built_site: Path, site
) -> None:
    facts = site.data["guide"]
    assert facts.outcomes, "data/facts.yaml counts outcomes"
    for lang, page in COMPARE.items():
        html = (built_site / page).read_text()
        table = re.search(r'<div class="table-wrap outcomes".*?</table>', html, re.S).group(0)
        rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S)
        assert len(rows) == len(facts.outcomes), lang
        sep = "," if lang == "en" else "."
        for outcome, row in zip(facts.outcomes, rows, strict=True):
            words = facts.text[lang]["outcomes"][outcome.id]
            assert outcome.per in (100, 1000) and 0 <= outcome.count <= outcome.per
            expected = BOTH_WAYS[lang].format(
                count=f"{outcome.count:,}".replace(",", sep),
                per=f"{outcome.per:,}".replace(",", sep),
                rest=f"{outcome.per - outcome.count:,}".replace(",", sep),
                what=words["what"],
                other=words["other"],
            )
            cells = re.findall(r"<td>(.*?)</td>", row, re.S)
            for option, cell in zip(facts.options, cells, strict=True):
                if option in outcome.applies:
                    assert cell.startswith(expected + " "), (lang, outcome.id, cell)
                    assert 'class="cite"' in cell, (lang, outcome.id)
                else:
                    assert cell == NO_DATA[lang], (lang, outcome.id, option)
            assert words["who"] in row, "each rate names the people it was counted in"
        # Each icon array marks as many people as its figure counts, out of as many as it counts in.
        for outcome in (o for o in facts.outcomes if o.icons):
            svg = re.search(rf'<svg class="icon-array-svg"[^>]*icons-{outcome.id}-title.*?</svg>', html, re.S).group(0)
            assert svg.count('class="icon marked"') == outcome.count, (lang, outcome.id)


def test_indonesian_pages_show_each_source_publisher_in_indonesian_or_marked_as_another_language(
    built_site: Path,
) -> None:
    items = [
        item
        for page in sorted((built_site / "id").rglob("index.html"))
        for item in re.findall(r'<li id="source-[^"]+">(.*?)</li>', page.read_text(), re.S)
    ]
    assert items
    references = load_references(load_config(PROJECT))
    for item in items:
        publisher = item.split("</cite>. ", 1)[1]
        marked = publisher.startswith("<span lang=")
        translated = any(
            "id" in r.publisher_in and publisher.startswith(r.publisher_in["id"]) for r in references.values()
        )
        assert marked or translated, item


def test_indonesian_pages_have_no_english_paragraph(built_site: Path) -> None:
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.INDONESIAN).build()
    english = []
    for path in sorted((built_site / "id").rglob("index.html")):
        for text in blocks(path):
            if len(text.split()) >= 6 and detector.detect_language_of(text) == Language.ENGLISH:
                english.append(f"{path.relative_to(built_site)}: {text[:90]}")
    assert english == []


def test_english_is_at_most_3_percent_of_the_words_on_indonesian_pages(built_site: Path) -> None:
    """Names of options ("facelift deep plane") are the terms Indonesian readers meet; whole English
    passages are not: what is not marked as English counts against the page."""
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.INDONESIAN).build()
    texts = [text for path in sorted((built_site / "id").rglob("index.html")) for text in blocks(path)]
    english = sum(len(t.split()) for t in texts if detector.detect_language_of(t) == Language.ENGLISH)
    total = sum(len(t.split()) for t in texts)
    print(f"English on /id/: {english} of {total} words ({english / total:.1%})")
    assert english / total <= 0.03, f"{english} of {total} words read as English"


def test_the_detector_does_find_english_when_it_is_there(tmp_path: Path) -> None:
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.INDONESIAN).build()
    page = tmp_path / "p.html"
    page.write_text("<main><p>A thread lift gives a light lift that fades within a year or so.</p></main>")
    assert [detector.detect_language_of(t) for t in blocks(page)] == [Language.ENGLISH]


def test_english_sentences_are_mostly_20_words_or_fewer(built_site: Path) -> None:
    for path in sorted((built_site / "en").rglob("index.html")):
        sentences = [s for text in blocks(path) for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 3]
        short = sum(len(s.split()) <= 20 for s in sentences)
        assert short / len(sentences) >= 0.8, f"{path}: {short}/{len(sentences)} sentences of 20 words or fewer"


def test_at_most_8_percent_of_sentences_on_the_option_pages_run_over_20_words(built_site: Path, site) -> None:
    pages = [p for p in site.pages if p.type == "option" and p.lang == "en"]
    assert len(pages) == 4
    sentences = [
        s
        for page in pages
        for text in blocks(built_site / page.output_file)
        for s in re.split(r"(?<=[.!?])\s+", text)
        if len(s.split()) > 3
    ]
    long = [s for s in sentences if len(s.split()) > 20]
    print(f"option pages: {len(long)} of {len(sentences)} sentences over 20 words ({len(long) / len(sentences):.1%})")
    assert len(long) / len(sentences) <= 0.08, f"{len(long)} of {len(sentences)} sentences run over 20 words"


def test_no_sentence_is_taken_from_the_source_texts() -> None:
    tool = SHARED_TOOLS / "seed_overlap.py"
    assert tool.is_file(), "the shared seed-overlap tool sits beside the project"
    result = subprocess.run(
        [sys.executable, str(tool), "content", "data", "templates", "locales"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "0 shared run(s)" in result.stdout, result.stdout[-2000:]

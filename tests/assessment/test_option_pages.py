"""Each option's page shows "who it suits" and "what it cannot do" as the rule data has them, in both
languages: the page and the scorer read the same entries, so they cannot drift apart."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from site_builder.assessment.model import NOT, TREATS, WITH, Rules
from site_builder.engine.config.config import load_config
from tests.helpers import PROJECT

SECTIONS = {"limits": (WITH, NOT), "who-it-suits": (TREATS,)}
_MACRO = re.compile(r"\\\{\\\{.*?\\\}\\\}")


def page_file(built_site: Path, lang: str, key: str) -> Path:
    for path in (PROJECT / "content" / lang).glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if re.search(rf"^key: {re.escape(key)}$", text, re.M):
            slug = re.search(r"^slug: (.*)$", text, re.M).group(1).strip().strip('"')  # type: ignore[union-attr]
            return built_site / lang / slug / "index.html"
    raise AssertionError(f"no page with key {key} in {lang}")


CITE = re.compile(r'\s*<a class="cite" href="#source-([a-z0-9-]+)"[^>]*>\[\d+\]</a>\s*$')


def section_html(html: str, anchor: str) -> list[str]:
    """The items (their HTML) of the generated list in the section with this id (prose may add its own)."""
    found = re.search(rf'<h2 id="{anchor}">.*?</h2>(.*?)(?=<h2 |</div>\s*</article>|<footer)', html, re.S)
    assert found, anchor
    generated = re.search(r'<ul class="indications [^"]*"[^>]*>(.*?)</ul>', found.group(1), re.S)
    assert generated, anchor
    return re.findall(r"<li>(.*?)</li>", generated.group(1), re.S)


def section_items(html: str, anchor: str) -> list[str]:
    """The list items' words, without their citation marks."""
    return [" ".join(unescape(re.sub(r"<[^>]+>", "", CITE.sub("", li))).split()) for li in section_html(html, anchor)]


def expected(rules: Rules, lang: str, outcome: str, kinds: tuple[str, ...]) -> list[re.Pattern[str]]:
    """The entry texts as written in assessment.yaml; a macro in one may stand for any words."""
    o = rules.outcome(outcome)
    ids = [i.text for i in o.indications if i.verdict in kinds and i.text]
    if NOT in kinds:
        ids += [lim.text for lim in o.limits]
    texts = rules.texts[lang].indications
    return [re.compile(_MACRO.sub(".+?", re.escape(" ".join(texts[i].split())))) for i in ids]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_option_page_lists_the_rule_data(built_site: Path, rules: Rules, lang: str) -> None:
    assert load_config(PROJECT).languages  # the real site, built by the fixture
    for option in rules.options:
        html = page_file(built_site, lang, option.page).read_text(encoding="utf-8")
        for anchor, kinds in SECTIONS.items():
            items = section_items(html, anchor)
            wanted = expected(rules, lang, option.id, kinds)
            assert len(items) == len(wanted), (option.id, anchor, items)
            for item, pattern in zip(items, wanted, strict=True):
                assert pattern.fullmatch(item), (option.id, anchor, item, pattern.pattern)


def test_a_changed_entry_changes_the_page(tmp_path: Path, site_copy: Path) -> None:
    from site_builder.engine.build import build

    text = site_copy / "data" / "text" / "en" / "assessment.yaml"
    old = "  thread-lift-neck: It does not tighten a loose or banded neck.\n"
    assert old in text.read_text(encoding="utf-8")
    text.write_text(
        text.read_text(encoding="utf-8").replace(old, "  thread-lift-neck: Threads leave a banded neck as it is.\n")
    )
    build(load_config(site_copy), tmp_path / "out")
    html = (tmp_path / "out" / "en" / "thread-lift" / "index.html").read_text(encoding="utf-8")
    assert "Threads leave a banded neck as it is." in section_items(html, "limits")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_generated_item_carries_the_citation_mark_of_its_source(
    built_site: Path, rules: Rules, lang: str
) -> None:
    for option in rules.options:
        html = page_file(built_site, lang, option.page).read_text(encoding="utf-8")
        o = rules.outcome(option.id)
        for anchor, kinds in SECTIONS.items():
            entries = [i.source for i in o.indications if i.verdict in kinds and i.text]
            entries += [lim.source for lim in o.limits] if NOT in kinds else []
            items = section_html(html, anchor)
            assert len(items) == len(entries)
            for item, source in zip(items, entries, strict=True):
                mark = CITE.search(item)
                assert mark, (option.id, anchor, item)
                assert source.startswith(mark.group(1)), (option.id, item, source)
                assert f'id="source-{mark.group(1)}"' in html  # the mark leads to the page's list of sources

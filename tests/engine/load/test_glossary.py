"""The glossary: one entry per id in every language, abbreviations spelled out, all of it on the built pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builder.engine.base.errors import SiteError
from site_builder.engine.config.config import load_config
from site_builder.engine.load.glossary import GLOSSARY_FILE, load_glossary
from tests.helpers import PROJECT


def glossary_file(site: Path, lang: str) -> Path:
    return site / "data" / "text" / lang / GLOSSARY_FILE


def test_an_entry_missing_from_one_language_is_reported_at_its_line(site_copy: Path) -> None:
    path = glossary_file(site_copy, "id")
    text = path.read_text()
    path.write_text(re.sub(r"(?ms)^pdo:\n.*?(?=^\w)", "", text))
    with pytest.raises(SiteError) as caught:
        load_glossary(load_config(site_copy))
    [problem] = caught.value.problems
    english = glossary_file(site_copy, "en")
    line = english.read_text().splitlines().index("pdo:") + 1
    assert (problem.path, problem.line) == (english, line)
    assert "'pdo' is missing from Bahasa Indonesia" in problem.message


def test_an_abbreviation_must_say_what_it_stands_for(site_copy: Path) -> None:
    path = glossary_file(site_copy, "en")
    path.write_text(path.read_text() + "bmi:\n  term: BMI\n  meaning: A measure of weight for height.\n")
    other = glossary_file(site_copy, "id")
    other.write_text(other.read_text() + "bmi:\n  term: BMI\n  stands_for: Body mass index\n  meaning: Ukuran.\n")
    with pytest.raises(SiteError) as caught:
        load_glossary(load_config(site_copy))
    [problem] = caught.value.problems
    assert problem.path == path and "'BMI' is an abbreviation" in problem.message


@pytest.mark.parametrize(("lang", "slug"), [("en", "glossary"), ("id", "glosarium")])
def test_the_glossary_page_lists_every_entry_and_other_pages_link_to_it(built_site: Path, lang: str, slug: str) -> None:
    glossary = load_glossary(load_config(PROJECT))[lang]
    listing = (built_site / lang / slug / "index.html").read_text()
    assert [f'id="term-{t.id}"' in listing for t in glossary] == [True] * len(glossary)
    linked = {
        found
        for page in (built_site / lang).rglob("index.html")
        for found in re.findall(rf'href="/{lang}/{slug}/#term-([a-z-]+)"', page.read_text())
    }
    assert {"smas", "svf", "pdo", "krw"} <= linked

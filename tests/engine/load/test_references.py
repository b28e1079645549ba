"""The bibliography: sources on the web are specific pages with the date they were read, and every
source a page lists or cites exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.engine.base.errors import SiteError
from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from site_builder.engine.load.references import load_references
from tests.helpers import PROJECT


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_source_on_the_web_is_a_specific_page_read_on_a_date() -> None:
    references = load_references(load_config(PROJECT))
    online = [r for r in references.values() if r.url]
    assert len(online) >= 20
    for ref in online:
        assert ref.read is not None, ref.id
        path = ref.url.split("//", 1)[1].split("/", 1)[1] if "/" in ref.url.split("//", 1)[1] else ""
        assert path.strip("/"), ref.id


FILLERS = "  url: https://www.nhs.uk/conditions/cosmetic-procedures/non-surgical-cosmetic-procedures/dermal-fillers/\n"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (FILLERS, "  url: https://www.nhs.uk/\n", "is a site's home page"),
        (FILLERS + "  read: 2026-12-01\n", FILLERS, "has a web address but no 'read' date"),
    ],
)
def test_a_vague_source_is_refused_with_its_line(site_copy: Path, old: str, new: str, message: str) -> None:
    sources = site_copy / "data" / "sources.yaml"
    edit(sources, old, new)
    with pytest.raises(SiteError) as info:
        load_references(load_config(site_copy))
    [problem] = info.value.problems
    assert message in problem.message and Path(problem.path) == sources and problem.line


def test_a_page_citing_an_unknown_source_is_refused_at_the_line(site_copy: Path, tmp_path: Path) -> None:
    page = site_copy / "content" / "en" / "thread-lift.md"
    edit(page, '{{ cite("thread-review-2019") }}', '{{ cite("a-blog") }}')
    with pytest.raises(SiteError) as info:
        build(load_config(site_copy), tmp_path / "out")
    [problem] = info.value.problems
    assert "no source 'a-blog'" in problem.message
    text = page.read_text(encoding="utf-8")
    assert problem.line == text[: text.index('cite("a-blog")')].count("\n") + 1


def test_a_page_listing_an_unknown_source_is_refused(site_copy: Path, tmp_path: Path) -> None:
    edit(site_copy / "content" / "en" / "timing.md", "sources: [guide, mini-article]", "sources: [guide, wikipedia]")
    with pytest.raises(SiteError) as info:
        build(load_config(site_copy), tmp_path / "out")
    assert any("'wikipedia', which is not in data/sources.yaml" in p.message for p in info.value.problems)


def test_a_publisher_is_a_name_in_its_language_or_a_description_in_each_language(tmp_path: Path) -> None:
    from site_builder.engine.load.references import read_references

    path = tmp_path / "sources.yaml"
    path.write_text(
        "clinic:\n"
        "  title: An article\n"
        '  publisher: {en: "A Korean clinic (article)", id: "Sebuah klinik di Korea (artikel)"}\n'
        "journal:\n"
        "  title: A review\n"
        "  publisher: Revista Brasileira de Cirurgia Plástica\n"
        "  publisher_lang: pt\n",
        encoding="utf-8",
    )
    found = read_references(path)
    assert found["clinic"].publisher_for("id") == ("Sebuah klinik di Korea (artikel)", "id")
    assert found["clinic"].publisher_for("en") == ("A Korean clinic (article)", "en")
    assert found["journal"].publisher_for("id") == ("Revista Brasileira de Cirurgia Plástica", "pt")


def test_a_publisher_with_empty_words_in_a_language_is_refused_at_its_entry(tmp_path: Path) -> None:
    from site_builder.engine.load.references import read_references

    path = tmp_path / "sources.yaml"
    path.write_text('clinic:\n  title: An article\n  publisher: {en: "A clinic", id: ""}\n', encoding="utf-8")
    with pytest.raises(SiteError) as info:
        read_references(path)
    [problem] = info.value.problems
    assert problem.line == 3 and "publisher in 'id' must be a non-empty text" in problem.message

"""Every fact names the statement it rests on; a figure no source gives is null, never a guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.engine.base.errors import SiteError
from site_builder.engine.config.config import load_config
from site_builder.engine.load.references import load_references
from site_builder.guide.facts import load_facts
from tests.helpers import PROJECT


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_every_fact_of_the_guide_names_a_known_source() -> None:
    config = load_config(PROJECT)
    references = load_references(config)
    facts = load_facts(config, references)
    for option in facts.options.values():
        for field, fact in option.facts.items():
            assert (fact.value is None and not fact.words) or fact.source, (option.id, field)
            if fact.source:
                assert fact.source.split()[0].rstrip(",:") in references, (option.id, field, fact.source)
    assert all(a.source for a in facts.addon_costs.values()) and facts.rates.source


@pytest.mark.parametrize(
    ("old", "new", "message", "line_text"),
    [
        pytest.param(
            'bruising: {min: 2, max: 5, unit: day, source: "guide Part 2: bruising and swelling for 2 to 5 days"}',
            "bruising: {min: 2, max: 5, unit: day}",
            "thread-lift: bruising needs a source",
            "bruising: {min: 2, max: 5, unit: day}",
            id="fact-without-source",
        ),
        pytest.param(
            'source: "guide, summary table: KRW 5,000,000 to 8,000,000"',
            'source: "a friend, summary table"',
            "must start with the id of a source in data/sources.yaml",
            'source: "a friend, summary table"',
            id="unknown-source",
        ),
        pytest.param(
            "    operating_time: null\n    bruising: null\n    social_recovery: {min: 1",
            "    bruising: null\n    social_recovery: {min: 1",
            "option 'mini-facelift' has no 'operating_time'",
            "  mini-facelift:",
            id="field-left-out",
        ),
        pytest.param(
            "anaesthesia: {is: local,",
            "anaesthesia: {is: numbing,",
            "'is' must be one of none, local, sedation, general",
            "anaesthesia: {is: numbing,",
            id="unknown-choice",
        ),
        pytest.param(
            'independent: "thread-lift-cc: results',
            'independent: "cleveland: results',
            "'independent' must start with the id of a source",
            'independent: "cleveland: results',
            id="independent-figure-of-an-unknown-source",
        ),
    ],
)
def test_a_fact_without_its_source_is_refused_at_its_line(
    site_copy: Path, old: str, new: str, message: str, line_text: str
) -> None:
    facts = site_copy / "data" / "facts.yaml"
    edit(facts, old, new)
    config = load_config(site_copy)
    with pytest.raises(SiteError) as info:
        load_facts(config, load_references(config))
    [problem] = [p for p in info.value.problems if message in p.message]
    assert problem.line == line_of(facts, line_text)


def test_an_independent_figure_needs_its_words_in_every_language(site_copy: Path) -> None:
    texts = site_copy / "data" / "text" / "id" / "facts.yaml"
    edit(texts, '    longevity: "Cleveland Clinic: 1 sampai 3 tahun"\n', "")
    config = load_config(site_copy)
    with pytest.raises(SiteError) as info:
        load_facts(config, load_references(config))
    assert any(p.path == texts and "longevity" in p.message for p in info.value.problems), info.value.problems

"""The pipeline lets go of what a large site would otherwise hold to the end: drawn pictures are put away a
share at a time, and the pages' text is forgotten once the checks have passed; the output is the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.engine import build as pipeline
from site_builder.engine.build import build, extensions, load_site
from site_builder.engine.config.config import load_config
from site_builder.engine.model.model import Site
from site_builder.engine.render import cards
from tests.helpers import FIXTURE, copy_sources, tree, with_draft


def test_cards_drawn_a_few_at_a_time_are_the_cards_drawn_at_once(
    site_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(load_config(site_copy), tmp_path / "at-once")
    shares: list[list[str]] = []
    draw_cards = cards.draw_cards
    monkeypatch.setattr(cards, "draw_cards", lambda todo, seconds=None: shares.append(list(todo)) or draw_cards(todo))
    monkeypatch.setattr(pipeline, "DRAW_SHARE", 7)
    build(load_config(site_copy), tmp_path / "shared")

    drawn = [name for share in shares for name in share]
    assert len(shares) > 2 and all(len(share) <= 7 for share in shares)
    assert drawn == sorted(set(drawn)), "each card drawn once, in name order"
    assert tree(tmp_path / "shared") == tree(tmp_path / "at-once")


def test_a_mistake_in_each_share_is_reported_together(site_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shares: list[str] = []

    def refuse(todo: dict[str, cards.Card], seconds: float | None = None) -> dict[str, bytes]:
        shares.append(min(todo))
        raise pipeline.SiteError.at(Path(min(todo)), "took too long")

    monkeypatch.setattr(cards, "draw_cards", refuse)
    monkeypatch.setattr(pipeline, "DRAW_SHARE", 10)
    with pytest.raises(pipeline.SiteError) as raised:
        build(load_config(site_copy), site_copy.parent / "public")

    assert len(shares) > 1
    assert [str(problem.path) for problem in raised.value.problems] == shares, "one from each share, all at once"
    assert not (site_copy.parent / "public").exists(), "nothing written"


def test_the_pages_let_go_of_their_text_and_the_drafts_keep_theirs(tmp_path: Path) -> None:
    config = load_config(with_draft(copy_sources(tmp_path / "site", FIXTURE)))
    site: Site = load_site(config, extensions(config))
    assert site.drafts and all(page.body for page in site.every_page)

    site.let_go_of_texts()

    assert all(page.body == "" for page in site.pages)
    assert all(page.body for page in site.drafts), "a draft's marks are taken from its text when the state is made"

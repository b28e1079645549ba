"""The pipeline lets go of what a large site would otherwise hold to the end: the pages' text is forgotten
once the checks have passed."""

from __future__ import annotations

from pathlib import Path

from site_builder.engine.build import extensions, load_site
from site_builder.engine.config.config import load_config
from site_builder.engine.model.model import Site
from tests.helpers import FIXTURE, copy_sources, with_draft


def test_the_pages_let_go_of_their_text_and_the_drafts_keep_theirs(tmp_path: Path) -> None:
    config = load_config(with_draft(copy_sources(tmp_path / "site", FIXTURE)))
    site: Site = load_site(config, extensions(config))
    assert site.drafts and all(page.body for page in site.every_page)

    site.let_go_of_texts()

    assert all(page.body == "" for page in site.pages)
    assert all(page.body for page in site.drafts), "a draft's marks are taken from its text when the state is made"

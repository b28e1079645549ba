"""Reading pages from text already read: each text is handed over, not held twice."""

from __future__ import annotations

from pathlib import Path

from site_builder.engine.build import extensions
from site_builder.engine.config.config import load_config
from site_builder.engine.load.content import PageReader, page_files, read_pages
from site_builder.engine.model.model import Page
from tests.helpers import FIXTURE


def test_each_text_handed_over_leaves_the_sources_once_its_page_is_read() -> None:
    config = load_config(FIXTURE)
    sources: dict[Path, str | Page] = {path: path.read_text(encoding="utf-8") for path in page_files(config)}
    count = len(sources)

    pages = read_pages(config, PageReader(extensions(config)), sources)

    assert sources == {}, "no text is left held beside the pages made from it"
    assert len(pages) == count and all(page.body for page in pages)
    assert pages == read_pages(config, PageReader(extensions(config))), "the same pages as read from the files"

"""The preview shows drafts, each with a banner in its language, and asks search engines not to index them."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.preview.server import Preview
from tests.helpers import FIXTURE, copy_sources, with_draft

NOINDEX = '<meta name="robots" content="noindex">'


@pytest.fixture
def preview(tmp_path: Path) -> Path:
    """The folder the preview built, from the fixture site with a page in both languages that is a draft."""
    site = with_draft(copy_sources(tmp_path / "site", FIXTURE), id_draft=True)
    built = Preview(site, tmp_path / "preview")
    built.folder.mkdir()
    built.base_url = "http://127.0.0.1:8000/"
    built.rebuild()
    assert built.error == ""
    return built.folder


@pytest.mark.parametrize(
    ("page", "banner", "text"),
    [
        ("en/recovery/index.html", "Draft: this page is not published and shows only in the preview.", "TODO"),
        ("id/pemulihan/index.html", "Draf: halaman ini belum diterbitkan dan hanya tampil di pratinjau.", "Ditulis."),
    ],
)
def test_the_preview_shows_a_draft_with_a_banner_in_its_language_and_noindex(
    preview: Path, page: str, banner: str, text: str
) -> None:
    html = (preview / page).read_text()
    assert f'<p class="draft" role="note">{banner}' in html
    assert NOINDEX in html
    assert text in html  # a draft may be unfinished: the English one still holds TODO


def test_a_published_page_in_the_preview_has_no_banner_and_may_be_indexed(preview: Path) -> None:
    html = (preview / "en/index.html").read_text()
    assert 'class="draft"' not in html and NOINDEX not in html
    assert '<a href="/en/recovery/">Recovery</a>' in html  # the menu leads to the draft, to read it

"""A page past its next review says so to its readers, check lists it, and the sitemap dates pages by review."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.engine.base.errors import SiteError
from site_builder.engine.build import build
from site_builder.engine.config.config import build_date, load_config
from tests.helpers import FIXTURE, TODAY


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("review") / "public"
    build(load_config(FIXTURE), output)
    return output


def test_the_build_day_comes_from_source_date_epoch_when_set() -> None:
    assert build_date({"SOURCE_DATE_EPOCH": "1767225599"}) == datetime.date(2025, 12, 31)
    assert build_date({}) == datetime.datetime.now(datetime.UTC).date()
    assert load_config(FIXTURE).today == TODAY  # the tests pin it


def test_a_source_date_epoch_that_is_not_a_number_is_refused_by_name() -> None:
    with pytest.raises(SiteError, match=r"SOURCE_DATE_EPOCH.*not a count of seconds"):
        build_date({"SOURCE_DATE_EPOCH": "yesterday"})


@pytest.mark.parametrize(
    ("page", "notice"),
    [
        ("en/about/index.html", "This page was due for review on 10 July 2026"),
        ("id/tentang/index.html", "Halaman ini seharusnya ditinjau ulang pada 10 Juli 2026"),
    ],
)
def test_an_overdue_page_shows_the_notice_in_its_language(fixture_site: Path, page: str, notice: str) -> None:
    html = (fixture_site / page).read_text()
    assert re.search(r'<p class="overdue" role="note">' + re.escape(notice), html), html


@pytest.mark.parametrize("page", ["en/thread-lift/index.html", "id/tanam-benang/index.html", "en/index.html"])
def test_a_page_not_yet_due_shows_no_notice(fixture_site: Path, page: str) -> None:
    assert 'class="overdue"' not in (fixture_site / page).read_text()


def test_check_lists_the_overdue_pages_and_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(FIXTURE), "check"]) == 0
    out = capsys.readouterr().out
    assert "2 pages are overdue for review (as of 2026-12-02):" in out
    listed = [line.strip() for line in out.splitlines() if "due for review on" in line]
    assert len(listed) == 2
    assert any(re.search(r"content/en/about\.md:7: due for review on 2026-07-10", line) for line in listed), out
    assert any(re.search(r"content/id/tentang\.md:7: due for review on 2026-07-10", line) for line in listed), out


def test_the_sitemap_dates_each_page_by_its_last_review(fixture_site: Path) -> None:
    sitemap = (fixture_site / "sitemap.xml").read_text()
    entries = re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
    assert entries and all(lastmod == "2026-01-10" for _, lastmod in entries)

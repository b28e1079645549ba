"""`site-builder status` and `site-builder translated`, as an editor runs them: per language, what is
translated and what is missing, stale or fuzzy; a translation marked, then its source changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import FIXTURE, PROJECT, cli, copy_sources, edit


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the fixture site with every translation marked as following its source."""
    site = copy_sources(tmp_path / "site", FIXTURE)
    marked = cli(site, "translated", "id/index.md", "id/tanam-benang.md", "id/tentang.md")
    assert marked.returncode == 0, marked.stderr
    return site


def test_the_real_site_reports_every_language_complete() -> None:
    result = cli(PROJECT, "status", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Bahasa Indonesia (id): complete" in result.stdout
    for word in ("missing", "stale", "unmarked", "fuzzy", "unread"):
        assert f" {word} " not in result.stdout, result.stdout


def test_a_marked_fixture_is_complete(site: Path) -> None:
    result = cli(site, "status", "--strict")
    assert result.returncode == 0, result.stdout
    assert "Bahasa Indonesia (id): complete" in result.stdout
    assert "pages: 3 of 3" in result.stdout


def test_status_lists_a_stale_page_a_missing_page_a_missing_text_and_a_fuzzy_string(site: Path) -> None:
    edit(site / "content/en/about.md", "We own 0 clinics.", "We own 0 clinics at all.")
    (site / "content/id/tanam-benang.md").unlink()
    edit(site / "data/text/id/facts.yaml", "    name: Tanam benang\n", "")
    po = site / "locales/id/LC_MESSAGES/messages.po"
    edit(po, 'msgid "Warning"', '#, fuzzy\nmsgid "Warning"')

    result = cli(site, "status")

    out = result.stdout
    assert result.returncode == 0, result.stderr  # a report, not a failure, unless --strict
    assert "Bahasa Indonesia (id): incomplete" in out
    assert "pages: 2 of 3" in out
    assert "stale    content/id/tentang.md:" in out and "about.md has changed since" in out
    assert "missing  content/en/thread-lift.md:4: has no Bahasa Indonesia version" in out
    assert "missing  data/text/en/facts.yaml:" in out and "'options.thread-lift.name' has no" in out
    assert "fuzzy    locales/id/LC_MESSAGES/messages.po:" in out and "'Warning'" in out
    assert cli(site, "status", "--strict").returncode == 1


def test_check_warns_of_a_stale_translation_and_still_passes(site: Path) -> None:
    edit(site / "content/en/about.md", "We own 0 clinics.", "We own 0 clinics at all.")

    result = cli(site, "check")

    assert result.returncode == 0, result.stderr
    assert "1 translation follows an earlier version of the source" in result.stdout
    assert f"{site / 'content/id/tentang.md'}:8: about.md has changed since" in result.stdout


def test_check_after_a_build_compares_the_pages_that_build_did_not_read_again(site: Path) -> None:
    """The build's state keeps pages without their text: their digests come from it, not from an empty text."""
    assert cli(site, "new", "recovery").returncode == 0  # a draft: its text is read by every build
    assert cli(site, "build").returncode == 0
    assert "follows an earlier version" not in cli(site, "check").stdout
    edit(site / "content/en/about.md", "We own 0 clinics.", "We own 0 clinics at all.")
    assert cli(site, "build").returncode == 0  # about.md read again; the other pages come from the state

    result = cli(site, "check")

    assert result.returncode == 0, result.stderr
    assert "1 translation follows an earlier version of the source" in result.stdout
    assert f"{site / 'content/id/tentang.md'}:8: about.md has changed since" in result.stdout


def test_marking_again_replaces_the_digest_and_clears_the_warning(site: Path) -> None:
    edit(site / "content/en/about.md", "We own 0 clinics.", "We own 0 clinics at all.")
    page = site / "content/id/tentang.md"
    before = page.read_text(encoding="utf-8")

    result = cli(site, "translated", str(page))

    after = page.read_text(encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert after.count("translated_from:") == 1 and after != before
    assert after.replace(after.splitlines()[7], before.splitlines()[7]) == before  # one line changed, in place
    assert "follows an earlier version" not in cli(site, "check").stdout


@pytest.mark.parametrize(
    ("page", "says"),
    [("en/about.md", "is a source page, not a translation"), ("id/nowhere.md", "is not a page in content/")],
)
def test_marking_what_is_not_a_translation_is_refused(site: Path, page: str, says: str) -> None:
    before = {p: p.read_bytes() for p in sorted((site / "content").rglob("*.md"))}
    result = cli(site, "translated", page)
    assert result.returncode == 1 and says in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in before} == before


def test_a_digest_not_written_by_the_command_is_refused_at_its_line(site: Path) -> None:
    page = site / "content/id/tentang.md"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.startswith("translated_from:"))
    lines[number] = "translated_from: yesterday\n"
    page.write_text("".join(lines), encoding="utf-8")

    result = cli(site, "build")

    assert result.returncode == 1
    assert f"{page}:{number + 1}: 'translated_from' must be the 12-letter digest" in result.stderr


def test_a_reader_that_stops_early_gets_no_traceback(site: Path) -> None:
    """`site-builder status | head -1`: the pipe closes before the report is all written."""
    command = [sys.executable, "-m", "site_builder", "--root", str(site), "status"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as head does once it has its line
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors

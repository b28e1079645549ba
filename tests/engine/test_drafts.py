"""`draft: true` keeps a page out of the build and out of every other page; `check` lists it; TODO text
is refused in a published page; a link to a draft is refused at its line. Done as an editor does it: files
in a copy of the fixture site, the command line, the built output."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from site_builder.cli import main
from tests.helpers import EN_DRAFT, FIXTURE, ID_PAGE, clean_build, copy_sources, rebuild, tree, with_draft


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return with_draft(copy_sources(tmp_path / "site", FIXTURE))


def build(site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["--root", str(site), "build"])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_draft_is_left_out_of_the_build_and_of_every_page_that_is_published(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = build(site, capsys)
    assert status == 0, err
    assert f"Left out 1 draft, published once 'draft: true' is removed:\n  {EN_DRAFT}\n" in out
    public = site / "public"
    files = tree(public)
    assert not (public / "en/recovery").exists()
    assert "id/pemulihan/index.html" in files  # its translation is published on its own
    # Not in the sitemap, the menu, the alternates, the language switcher or the breadcrumbs of any page.
    assert all(b"/en/recovery/" not in data for data in files.values())
    assert b"/id/pemulihan/" in files["sitemap.xml"]
    translation = files["id/pemulihan/index.html"].decode()
    assert re.findall(r'hreflang="([\w-]+)"', translation) == ["id", "x-default"]
    assert ">English<" not in translation
    assert '<a href="/id/pemulihan/">Pemulihan</a>' in files["id/index.html"].decode()  # the menu
    assert '<a href="/en/about/">' in files["en/index.html"].decode()  # the English menu, without the draft


def test_a_build_with_nothing_to_do_still_counts_and_names_the_draft(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (EN_DRAFT, ID_PAGE):  # saved a while ago: the build trusts their stat and reads nothing
        os.utime(site / name, (time.time() - 60, time.time() - 60))
    assert build(site, capsys)[0] == 0
    status, out, _ = build(site, capsys)
    assert status == 0
    assert "Built 7 pages" in out and "0 pages rendered, 0 files written" in out
    assert f"Left out 1 draft, published once 'draft: true' is removed:\n  {EN_DRAFT}\n" in out


def test_check_lists_the_drafts_and_passes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(site), "check"]) == 0
    out = capsys.readouterr().out
    assert "1 page is a draft, left out of the build:" in out
    assert f"{site / EN_DRAFT}:8: a draft, not published until 'draft: true' is removed" in out


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ('[Recovery]({{ url("recovery") }})', "the page 'recovery' is a draft"),
        ("[Recovery](/en/recovery/)", "the link '/en/recovery/' points to a page that is a draft"),
    ],
)
def test_a_link_to_a_draft_is_refused_at_its_line_and_the_last_good_site_stays(
    link: str, message: str, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(site, capsys)[0] == 0
    before = tree(site / "public")
    home = site / "content/en/index.md"
    home.write_text(home.read_text() + f"\nAfter it: {link}.\n")
    status, _, err = build(site, capsys)
    assert status == 1
    line = len(home.read_text().splitlines())
    expected = (
        f"{home}:{line}: {message} (draft: true in recovery.md, line 8) and is not published; "
        "remove the link, or publish that page first\n"
    )
    assert err.startswith(expected), err
    assert "Traceback" not in err
    assert tree(site / "public") == before


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("Ditulis.", "Ditulis. TODO: angka.", 9),
        ("title: Pemulihan", "title: 'TODO: judul'", 2),
        ("description: Sesudahnya.", "description: TODO", 3),
    ],
)
def test_build_refuses_todo_in_a_published_page_at_its_line_and_the_last_good_site_stays(
    old: str, new: str, line: int, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(site, capsys)[0] == 0  # the English draft holds TODO, and may
    before = tree(site / "public")
    page = site / ID_PAGE
    page.write_text(page.read_text().replace(old, new))
    status, _, err = build(site, capsys)
    assert status == 1
    assert err.startswith(f"{page}:{line}: the page still has TODO text to write; until it is written, keep"), err
    assert tree(site / "public") == before


@pytest.mark.parametrize("value", ['"true"', "1", "maybe", "", "yes", "no", "on"])
def test_draft_must_be_true_or_false(value: str, site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = site / EN_DRAFT
    page.write_text(page.read_text().replace("draft: true", f"draft: {value}"))
    status, _, err = build(site, capsys)
    assert status == 1
    assert f"{page}:8: 'draft' takes true or false" in err


@pytest.mark.parametrize(("name", "key"), [("content/id/index.md", "home"), ("content/en/about.md", "about")])
def test_a_page_every_page_links_to_cannot_be_a_draft(
    name: str, key: str, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = site / name
    page.write_text(page.read_text().replace("\n---\n", "\ndraft: true\n---\n", 1))
    status, _, err = build(site, capsys)
    assert status == 1
    line = page.read_text().splitlines().index("draft: true") + 1
    assert f"{page}:{line}: the '{key}' page cannot be a draft: every page links to it" in err


def test_publishing_a_draft_and_making_it_one_again_rebuild_every_page_as_a_clean_build(
    site: Path, tmp_path: Path
) -> None:
    """`draft` is front matter: flipping it renders every page again, and the result is a clean build's."""
    page = site / EN_DRAFT
    page.write_text(page.read_text().replace(" TODO: the figures.", ""))
    output = tmp_path / "public"
    assert rebuild(site, output).pages_rendered == 7
    page.write_text(page.read_text().replace("draft: true\n", ""))
    published = rebuild(site, output)
    assert published.pages_rendered == 8 and not published.drafts
    assert "en/recovery/index.html" in tree(output)
    assert tree(output) == clean_build(site, tmp_path / "clean")
    page.write_text(page.read_text().replace("next_review: 2027-07-10\n", "next_review: 2027-07-10\ndraft: true\n"))
    withdrawn = rebuild(site, output)
    assert withdrawn.pages_rendered == 7 and withdrawn.drafts == (str(page),)
    assert "en/recovery/index.html" not in tree(output)
    assert tree(output) == clean_build(site, tmp_path / "clean")

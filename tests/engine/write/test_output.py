"""The output folder: swapped in whole, and never one that would destroy sources or someone's files."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.engine.base.errors import SiteError
from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from site_builder.engine.write import output as output_module
from site_builder.engine.write.output import MARKER, check_output_folder, write_site
from tests.helpers import FIXTURE, PROJECT, clean_build, snapshot, tree
from tests.helpers import GOLDEN as FIXTURE_GOLDEN


@pytest.mark.parametrize("target", [".", "content", "content/en/out", "templates", "..", "static/x"])
def test_refuses_the_project_its_sources_and_their_parents(target: str) -> None:
    config = load_config(PROJECT)
    with pytest.raises(SiteError):
        check_output_folder(config, PROJECT / target)


def test_refuses_a_non_empty_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "holiday.jpg").write_bytes(b"x")
    with pytest.raises(SiteError, match="not empty"):
        check_output_folder(load_config(PROJECT), tmp_path / "photos")


def test_accepts_an_empty_new_or_previously_built_folder(tmp_path: Path) -> None:
    config = load_config(PROJECT)
    (tmp_path / "empty").mkdir()
    check_output_folder(config, tmp_path / "empty")
    check_output_folder(config, tmp_path / "new")
    write_site({"index.html": b"x"}, tmp_path / "built")
    check_output_folder(config, tmp_path / "built")


def test_a_rebuild_replaces_the_whole_folder_and_leaves_beside_it_only_the_staging_folder(tmp_path: Path) -> None:
    write_site({"a.html": b"1", "old/b.html": b"2"}, tmp_path / "public")
    write_site({"a.html": b"3"}, tmp_path / "public")
    assert sorted(p.name for p in (tmp_path / "public").iterdir()) == sorted([MARKER, "a.html"])
    assert (tmp_path / "public/a.html").read_bytes() == b"3"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.staging", "public"]
    assert tree(tmp_path / ".public.staging") == {"a.html": b"1", "old/b.html": b"2"}, "the site before, for the next"




def test_a_folder_holding_a_copied_mark_is_refused_and_nothing_in_it_is_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A gh-pages checkout filled with `cp -r public/. pages/`: its .git and CNAME survive the next build."""
    public, pages = tmp_path / "public", tmp_path / "pages"
    assert main(["--root", str(FIXTURE), "build", "--output", str(public)]) == 0
    (pages / ".git/objects").mkdir(parents=True)
    (pages / ".git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    (pages / "CNAME").write_text("guide.example.org\n")
    shutil.copytree(public, pages, dirs_exist_ok=True)
    before, beside = snapshot(pages), sorted(p.name for p in tmp_path.iterdir())
    capsys.readouterr()

    assert main(["--root", str(FIXTURE), "build", "--output", str(pages)]) == 1

    err = capsys.readouterr().err
    assert f"{pages}: this folder holds site-builder's mark copied from another folder" in err
    assert "nothing in it was touched" in err and "Traceback" not in err
    assert snapshot(pages) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == beside, "nothing made beside it either"


def test_a_folder_with_the_mark_of_an_earlier_version_is_refused(tmp_path: Path) -> None:
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / MARKER).write_text("This folder is written by site-builder and replaced on every build.\n")
    (tmp_path / "public/index.html").write_text("old")
    with pytest.raises(SiteError, match="mark of an earlier site-builder"):
        build(load_config(FIXTURE), tmp_path / "public")
    assert (tmp_path / "public/index.html").read_text() == "old"


def test_its_own_folder_holding_a_git_repository_is_refused(tmp_path: Path) -> None:
    output = tmp_path / "public"
    build(load_config(FIXTURE), output)
    (output / ".git").mkdir()
    with pytest.raises(SiteError, match="would remove this Git repository"):
        build(load_config(FIXTURE), output)
    assert (output / ".git").is_dir()


def test_a_staging_folder_it_did_not_make_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".public.staging").mkdir()
    (tmp_path / ".public.staging/notes.txt").write_text("mine")
    with pytest.raises(SiteError, match="did not make this one"):
        build(load_config(FIXTURE), tmp_path / "public")
    assert (tmp_path / ".public.staging/notes.txt").read_text() == "mine"


def test_its_own_folder_moved_elsewhere_is_still_its_own(tmp_path: Path) -> None:
    config = load_config(FIXTURE)
    build(config, tmp_path / "public")
    os.rename(tmp_path / "public", tmp_path / "site")
    build(config, tmp_path / "site")
    assert tree(tmp_path / "site") == tree(FIXTURE_GOLDEN)


def test_an_empty_folder_of_the_users_is_built_into_and_nothing_is_left_beside_it(tmp_path: Path) -> None:
    (tmp_path / "public").mkdir()
    build(load_config(FIXTURE), tmp_path / "public")
    assert tree(tmp_path / "public") == tree(FIXTURE_GOLDEN)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.build-cache", ".public.staging", "public"]


def test_a_system_without_a_one_step_exchange_swaps_by_two_renames(
    fixture_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output_module, "_renameat2", lambda: None)
    output = tmp_path / "public"
    build(load_config(fixture_copy), output)
    (fixture_copy / "content/en/about.md").write_text((fixture_copy / "content/en/about.md").read_text() + "\nMore.\n")
    assert build(load_config(fixture_copy), output).pages_rendered == 1
    assert b"More." in (output / "en/about/index.html").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.build-cache", ".public.staging", "public", "site"]


def test_what_an_interrupted_build_of_an_earlier_version_left_beside_the_output_is_removed(tmp_path: Path) -> None:
    for leftover in (".public.new-abc123/en", ".public.old-def456/public/en"):
        (tmp_path / leftover).mkdir(parents=True)
        (tmp_path / leftover / "index.html").write_text("partial")
    build(load_config(FIXTURE), tmp_path / "public")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.build-cache", ".public.staging", "public"]


def test_a_full_disk_leaves_the_last_good_site_and_says_so(
    fixture_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "public"
    build(load_config(fixture_copy), output)
    good = snapshot(output)
    template = fixture_copy / "templates/base.html"
    template.write_text(template.read_text().replace('<main id="main">', '<main id="main" class="x">'))
    write = output_module._write
    calls = [0]

    def fills_up(path: str, data: bytes) -> object:
        calls[0] += 1
        if calls[0] > 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        return write(path, data)

    monkeypatch.setattr(output_module, "_write", fills_up)
    capsys.readouterr()
    assert main(["--root", str(fixture_copy), "build", "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert calls[0] == 4, "three files were written into the staging folder before the disk filled up"
    assert (
        f"{output}: cannot write the site (No space left on device); "
        "the folder still holds the last good site, untouched" in err
    )
    assert "nothing was written" in err and "Traceback" not in err
    assert snapshot(output) == good
    assert not list(tmp_path.glob(".public.new-*")) and not list(output.rglob("*.new"))

    monkeypatch.undo()
    build(load_config(fixture_copy), output)
    assert tree(output) == clean_build(fixture_copy, tmp_path / "clean")


def test_an_output_folder_whose_parents_do_not_exist_yet_is_made_with_them(tmp_path: Path) -> None:
    output = tmp_path / "not" / "yet" / "public"
    build(load_config(FIXTURE), output)
    assert tree(output) == tree(FIXTURE_GOLDEN)

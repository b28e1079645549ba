"""The output folder: swapped in whole, and never one that would destroy sources or someone's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.engine.config import load_config
from site_builder.engine.errors import SiteError
from site_builder.engine.output import MARKER, check_output_folder, write_site

from ..conftest import PROJECT
from .test_golden import tree


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

"""The fixture site builds to exactly the golden tree (UPDATE_GOLDEN=1 rewrites it after a deliberate change)."""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from site_builder.engine.write.output import MARKER
from tests.helpers import FIXTURE, GOLDEN, HERE, tree


def test_fixture_site_matches_the_golden_tree(tmp_path: Path) -> None:
    output = tmp_path / "public"
    build(load_config(FIXTURE), output)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(output, GOLDEN, ignore=shutil.ignore_patterns(MARKER))  # the mark names its own folder
    built, golden = tree(output), tree(GOLDEN)
    assert sorted(built) == sorted(golden)
    for name in golden:
        if built[name] != golden[name]:
            diff = difflib.unified_diff(
                golden[name].decode().splitlines(),
                built[name].decode().splitlines(),
                "golden/" + name,
                "built/" + name,
                lineterm="",
            )
            raise AssertionError("\n".join(diff))


def test_two_builds_of_the_same_tree_are_byte_identical(tmp_path: Path) -> None:
    config = load_config(FIXTURE)
    build(config, tmp_path / "one")
    build(config, tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_the_real_site_builds_byte_identically_twice(built_site: Path, tmp_path: Path) -> None:
    build(load_config(HERE.parent), tmp_path / "again")
    assert tree(built_site) == tree(tmp_path / "again")

"""Extensions are found by name in the `site_builder.extensions` entry-point group: the built-in ones, and
any other installed package's; they use the engine through site_builder.api."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builder import api
from site_builder.engine.base.errors import SiteError
from site_builder.engine.config.config import load_config
from site_builder.engine.extension import GROUP, installed, load_extensions
from site_builder.engine.load.content import PageReader
from tests.helpers import PLAIN_CONFIG, write_plain

PACKAGE = Path(api.__file__).parent

RECIPES = """\
from site_builder.api import Extension, Field, schema


class Recipes(Extension):
    name = "recipes"
    page_types = ("recipe",)
    front_matter = {"serves": Field(schema.number, required=False)}
"""


def install_package(folder: Path, monkeypatch: pytest.MonkeyPatch, value: str = "recipes:Recipes") -> None:
    """A package with an entry point in the group, on the import path as an installed one would be."""
    (folder / "recipes").mkdir(parents=True)
    (folder / "recipes" / "__init__.py").write_text(RECIPES)
    info = folder / "recipes-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: recipes\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{GROUP}]\nrecipes = {value}\n")
    monkeypatch.syspath_prepend(str(folder))


def test_the_built_in_extensions_register_in_the_entry_point_group() -> None:
    points = installed()
    assert points["guide"].value == "site_builder.guide:EXTENSION"
    assert points["assessment"].value == "site_builder.assessment:EXTENSION"


def test_a_site_can_bring_its_own_extension_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_package(tmp_path / "installed", monkeypatch)
    root = write_plain(tmp_path / "site", PLAIN_CONFIG + "extensions: [recipes]\n")
    [extension] = load_extensions(load_config(root))
    assert type(extension).__name__ == "Recipes" and isinstance(extension, api.Extension)
    page = root / "content" / "en" / "welcome.md"
    page.write_text(page.read_text().replace("slug: welcome\n", "slug: welcome\ntype: recipe\nserves: 4\n"))
    read = PageReader([extension]).read(page, "en")
    assert (read.type, read.params) == ("recipe", {"serves": 4})


def test_an_extension_no_package_provides_is_refused_at_its_line(tmp_path: Path) -> None:
    root = write_plain(tmp_path / "site", PLAIN_CONFIG + "extensions: [guid]\n")
    with pytest.raises(SiteError) as caught:
        load_extensions(load_config(root))
    [problem] = caught.value.problems
    assert problem.line == 8
    assert "no installed package provides 'guid'" in problem.message and "did you mean 'guide'?" in problem.message


def test_an_entry_point_that_is_no_extension_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_package(tmp_path / "installed", monkeypatch, "recipes:Field")
    root = write_plain(tmp_path / "site", PLAIN_CONFIG + "extensions: [recipes]\n")
    with pytest.raises(SiteError, match=r"'recipes' \(recipes:Field\) is not a site_builder.api.Extension"):
        load_extensions(load_config(root))


def test_the_built_in_extensions_use_the_engine_only_through_the_api() -> None:
    imports = re.compile(r"^\s*from \.\.engine|^\s*(?:from|import) site_builder\.engine", re.M)
    files = sorted([*(PACKAGE / "guide").glob("*.py"), *(PACKAGE / "assessment").glob("*.py")])
    offenders = [p.name for p in files if imports.search(p.read_text())]
    assert offenders == []

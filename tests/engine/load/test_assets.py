"""Static files get content-hashed names; a script that imports another by its relative path is pointed at
the other's hashed name, so the import still works and a change to the one imported renames both."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.engine.base.errors import SiteError
from site_builder.engine.config.config import load_config
from site_builder.engine.load.assets import load_assets


def modules(root: Path, base: str) -> None:
    folder = root / "static" / "js"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "base.js").write_text(base)
    (folder / "uses.js").write_text("import B from './base.js'\nexport default class extends B {}\n")


def test_an_import_names_the_hashed_file_and_follows_its_changes(fixture_copy: Path) -> None:
    modules(fixture_copy, "export default class {}\n")
    first = load_assets(load_config(fixture_copy))
    base, uses = first.output_path("js/base.js"), first.output_path("js/uses.js")
    assert f"from './{Path(base).name}'" in first.files[uses].decode()

    modules(fixture_copy, "export default class { x = 1; }\n")
    second = load_assets(load_config(fixture_copy))
    assert second.output_path("js/base.js") != base and second.output_path("js/uses.js") != uses


def test_an_import_of_a_missing_file_is_refused_at_the_importing_file(fixture_copy: Path) -> None:
    modules(fixture_copy, "export default class {}\n")
    (fixture_copy / "static" / "js" / "base.js").unlink()
    with pytest.raises(SiteError) as raised:
        load_assets(load_config(fixture_copy))
    assert "uses.js" in str(raised.value) and "imports ./base.js, which is not in static/" in str(raised.value)


def test_modules_that_import_each_other_are_refused(fixture_copy: Path) -> None:
    modules(fixture_copy, "import U from './uses.js'\nexport default class {}\n")
    with pytest.raises(SiteError) as raised:
        load_assets(load_config(fixture_copy))
    assert "imports itself, through the modules it imports" in str(raised.value)

"""Which files are sources: the pictures below content/ are listed, and nothing else there but the pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.engine.base.errors import SiteError
from site_builder.engine.config.config import load_config
from site_builder.engine.config.sources import page_names, picture_names


def test_the_pictures_below_content_are_listed_in_path_order_and_nothing_else(fixture_copy: Path) -> None:
    content = fixture_copy / "content"
    for name in ("en/b.png", "en/images/a.JPG", "images/shared.svg", "id/x.webp", "en/notes.txt", "en/.a.png"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(b"x")
    (content / "en/images/Thumbs.db").write_bytes(b"x")
    (content / "en/old.png~").write_bytes(b"x")

    config = load_config(fixture_copy)
    found = [path.relative_to(content).as_posix() for path in picture_names(config)]

    assert found == ["en/b.png", "en/images/a.JPG", "id/x.webp", "images/shared.svg"]
    assert not any(name.endswith(".png") for name in page_names(config))


def test_a_picture_linked_to_a_file_outside_the_project_is_reported_and_not_listed(
    fixture_copy: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"x")
    (fixture_copy / "content/en/secret.png").symlink_to(secret)
    (fixture_copy / "content/en/notes.md.png").symlink_to(fixture_copy / "content/en/index.md")  # inside: followed

    with pytest.raises(SiteError) as caught:
        picture_names(load_config(fixture_copy))

    [problem] = caught.value.problems
    assert str(problem.path).endswith("content/en/secret.png") and "outside the project" in problem.message

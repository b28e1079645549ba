"""`edit_url:` in site.yaml: each page links to its own source file in the repository's web editor."""

from __future__ import annotations

from pathlib import Path

from site_builder.cli import main
from site_builder.engine.build import build
from site_builder.engine.config.config import load_config

EDITOR = "https://git.example.org/guide/edit/main/"


def test_each_page_links_to_its_source_file_in_the_web_editor(site_copy: Path, tmp_path: Path) -> None:
    config = site_copy / "site.yaml"
    config.write_text(config.read_text() + f"edit_url: {EDITOR.rstrip('/')}\n")

    build(load_config(site_copy), tmp_path / "public")

    english = (tmp_path / "public/en/thread-lift/index.html").read_text()
    indonesian = (tmp_path / "public/id/tanam-benang/index.html").read_text()
    assert f'<a href="{EDITOR}content/en/thread-lift.md" rel="external">Edit this page</a>' in english
    assert f'<a href="{EDITOR}content/id/tanam-benang.md" rel="external">Sunting halaman ini</a>' in indonesian


def test_without_edit_url_no_page_has_an_edit_link(built_site: Path) -> None:
    assert "Edit this page" not in (built_site / "en/thread-lift/index.html").read_text()


def test_an_edit_url_that_is_not_an_address_is_refused_at_its_line(site_copy: Path, capsys) -> None:
    config = site_copy / "site.yaml"
    lines = len(config.read_text().splitlines())
    config.write_text(config.read_text() + "edit_url: github.com/org/site\n")

    assert main(["--root", str(site_copy), "check"]) == 1

    assert f"site.yaml:{lines + 1}: 'edit_url' must be the absolute http(s) address" in capsys.readouterr().err

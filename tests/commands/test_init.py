"""site-builder init makes a small site that builds at once with the default theme: a home page, one page and
search in each language, and a language switcher."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from tests.helpers import PROJECT

EXPECTED = [
    "index.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "en/index.html",
    "en/getting-started/index.html",
    "en/search/index.html",
    "id/index.html",
    "id/memulai/index.html",
    "id/cari/index.html",
]


def test_init_then_build_in_process_gives_a_site_with_no_warning(tmp_path: Path) -> None:
    folder = tmp_path / "new-site"
    assert main(["init", str(folder), "--languages", "en,id", "--name", "Garden Notes"]) == 0
    output = tmp_path / "public"
    report = build(load_config(folder), output)
    assert report.warnings == () and report.pages == 6
    assert [name for name in EXPECTED if not (output / name).is_file()] == []
    home = (output / "id" / "index.html").read_text()
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in home  # the language switcher
    assert '<form class="header-search" role="search" action="/id/cari/"' in home
    assert "Garden Notes" in home and "Langsung ke isi utama" in home  # the theme's strings, in Indonesian
    assert list((output / "id" / "cari").glob("index*.json"))  # the language's search index


def test_init_and_build_run_as_commands(tmp_path: Path) -> None:
    python = PROJECT / ".venv" / "bin" / "python"
    command = [str(python if python.exists() else sys.executable), "-m", "site_builder"]
    folder = tmp_path / "site"
    made = subprocess.run([*command, "init", str(folder), "--languages", "en,id"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    built = subprocess.run([*command, "--root", str(folder), "build"], capture_output=True, text=True, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "warning" not in (built.stdout + built.stderr).lower()
    assert [name for name in EXPECTED if not (folder / "public" / name).is_file()] == []


def test_init_refuses_a_folder_that_holds_a_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "site.yaml").write_text("base_url: https://example.org/\n")
    assert main(["init", str(tmp_path)]) == 1
    assert "site.yaml: already here" in capsys.readouterr().err
    assert (tmp_path / "site.yaml").read_text() == "base_url: https://example.org/\n"


@pytest.mark.parametrize("codes", ["en,pt_BR", "en,xx-Q", "en,en", ""])
def test_init_refuses_language_codes_it_cannot_use(tmp_path: Path, codes: str) -> None:
    assert main(["init", str(tmp_path / "site"), "--languages", codes]) == 1
    assert not (tmp_path / "site").exists()


def test_a_language_the_theme_has_no_words_for_is_named_until_translated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "site"
    assert main(["init", str(folder), "--languages", "en,pt-BR"]) == 0
    out = capsys.readouterr().out
    assert "Translate the UI strings in locales/pt-BR/LC_MESSAGES/messages.po" in out
    assert "generate static/js/snowball/portuguese-stemmer.js" in out
    assert main(["--root", str(folder), "build"]) == 1
    err = capsys.readouterr().err
    assert "static/js/snowball/portuguese-stemmer.js: a template asks for this file, but it does not exist" in err
    (folder / "content" / "pt-BR" / "search.md").unlink()  # no search in Portuguese: no stemmer wanted
    (folder / "content" / "en" / "search.md").unlink()
    (folder / "site.yaml").write_text((folder / "site.yaml").read_text().replace(", search]", "]"))
    assert main(["--root", str(folder), "build"]) == 1
    err = capsys.readouterr().err
    assert "locales/pt-BR/LC_MESSAGES/messages.po has no translation of 'Skip to main content'" in err

"""`new` starts a draft in both languages: it builds, left out, until it is written and its draft line removed."""

from __future__ import annotations

from pathlib import Path

from site_builder.cli import main
from site_builder.engine.build import extensions
from site_builder.engine.config.config import load_config
from site_builder.engine.load.content import PageReader, read_pages


def test_new_writes_a_draft_per_language_that_check_lists_and_build_leaves_out(site_copy: Path, capsys) -> None:
    assert main(["--root", str(site_copy), "new", "recovery", "--slug", "id=pemulihan"]) == 0
    en, id_ = site_copy / "content/en/recovery.md", site_copy / "content/id/pemulihan.md"
    assert en.is_file() and id_.is_file()
    config = load_config(site_copy)
    pages = {p.path: p for p in read_pages(config, PageReader(extensions(config)))}
    assert pages[en].key == pages[id_].key == "recovery"
    assert pages[id_].slug == "pemulihan"
    assert pages[en].draft and pages[id_].draft
    assert "draft: true" in en.read_text() and "TODO" in en.read_text()

    capsys.readouterr()
    assert main(["--root", str(site_copy), "check"]) == 0  # a draft may hold TODO: it is listed, not refused
    out = capsys.readouterr().out
    assert f"{en}:8: a draft" in out and f"{id_}:8: a draft" in out
    assert main(["--root", str(site_copy), "build", "--output", str(site_copy / "public")]) == 0
    assert not (site_copy / "public/en/recovery").exists() and not (site_copy / "public/id/pemulihan").exists()

    for path in (en, id_):  # published before it is written: refused at the TODO
        path.write_text(path.read_text().replace("draft: true", "# draft: true"))
    capsys.readouterr()
    assert main(["--root", str(site_copy), "check"]) == 1
    err = capsys.readouterr().err
    assert f"{en}:2: the page still has TODO text to write" in err

    for path in (en, id_):
        text = path.read_text().replace("TODO: ", "")
        path.write_text(text.split("\n---\n")[0] + "\n---\n\nWritten at last.\n")
    assert main(["--root", str(site_copy), "check"]) == 0


def test_new_refuses_a_key_that_exists(site_copy: Path, capsys) -> None:
    assert main(["--root", str(site_copy), "new", "faq"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_new_never_overwrites_a_file(site_copy: Path, capsys) -> None:
    home = (site_copy / "content/en/index.md").read_bytes()
    assert main(["--root", str(site_copy), "new", "index"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert (site_copy / "content/en/index.md").read_bytes() == home


def test_new_refuses_an_unsafe_key(site_copy: Path, capsys) -> None:
    assert main(["--root", str(site_copy), "new", "../evil"]) == 1
    assert "lower-case letters" in capsys.readouterr().err


def test_new_page_offers_a_nav_title_that_works_once_uncommented(site_copy: Path) -> None:
    assert main(["--root", str(site_copy), "new", "recovery"]) == 0
    page_file = site_copy / "content/en/recovery.md"
    page_file.write_text(page_file.read_text().replace("# nav_title: ", "nav_title: "))
    config = load_config(site_copy)
    page = next(p for p in read_pages(config, PageReader(extensions(config))) if p.path == page_file)
    assert page.short_title.startswith("a shorter name")

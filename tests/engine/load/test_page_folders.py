"""Pages in folders below content/<lang>/ are built like the others: the folder keeps an editor's pages in
order, and the address still comes from the page's slug."""

from __future__ import annotations

from pathlib import Path

from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from tests.helpers import FIXTURE, cli, copy_sources


def aftercare(site: Path, lang: str, about: str, slug: str, folder: str) -> Path:
    """A new page made from the fixture's about page, with key 'aftercare', in `folder` below content/<lang>/."""
    text = (site / f"content/{lang}/{about}.md").read_text()
    text = text.replace("key: about", "key: aftercare").replace(f"slug: {about}", f"slug: {slug}")
    path = site / f"content/{lang}/{folder}/{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = text[: text.index("---", 3) + 4]
    path.write_text(f"{front}Aftercare in {folder}.\n")
    return path


def test_a_page_in_a_sub_folder_is_built_at_the_address_of_its_slug(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    aftercare(site, "en", "about", "aftercare", "guides")
    aftercare(site, "id", "tentang", "perawatan", "panduan/lanjut")

    report = build(load_config(site), tmp_path / "public")

    english = (tmp_path / "public/en/aftercare/index.html").read_text()
    assert "Aftercare in guides." in english
    assert "Aftercare in panduan/lanjut." in (tmp_path / "public/id/perawatan/index.html").read_text()
    assert not (tmp_path / "public/en/guides").exists()
    assert report.pages == 8  # the fixture's six and the two in folders
    assert 'hreflang="id"' in english and "/id/perawatan/" in english  # each knows its translation


def test_a_mistake_in_a_page_in_a_sub_folder_names_its_file(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    aftercare(site, "id", "tentang", "perawatan", "panduan")
    page = aftercare(site, "en", "about", "aftercare", "guides")
    page.write_text(page.read_text().replace("title:", "titel:"))

    result = cli(site)

    assert result.returncode == 1
    assert f"{page}:2: " in result.stderr and "did you mean 'title'" in result.stderr

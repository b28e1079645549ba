"""A second site, on another subject, with no extension: three languages, one with a script subtag (zh-Hant),
drawn by the default theme. Its links, hreflang alternates and sitemap hold together as the guide's do."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from tests.helpers import PLAIN_SITE

BASE = "https://tea.example.org/"
LANGUAGES = {"en", "id", "zh-Hant"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def tags(file: Path) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser.tags


def file_of(output: Path, url_path: str) -> Path:
    """The built file a root-relative or absolute URL of the site is served from."""
    path = urlsplit(url_path).path.removeprefix("/")
    return output / (path + "index.html" if path == "" or path.endswith("/") else path)


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("plain") / "public"
    report = build(load_config(PLAIN_SITE), output)
    assert report.warnings == () and report.pages == 9
    return output


def language_pages(output: Path) -> list[Path]:
    return sorted(p for code in LANGUAGES for p in (output / code).rglob("index.html"))


def test_every_page_names_each_of_its_versions_and_they_name_it_back(plain_site: Path) -> None:
    for page in language_pages(plain_site):
        alternates = {a["hreflang"]: a["href"] for t, a in tags(page) if t == "link" and a.get("rel") == "alternate"}
        assert set(alternates) == LANGUAGES | {"x-default"}, page
        canonical = next(a["href"] for t, a in tags(page) if t == "link" and a.get("rel") == "canonical")
        for code, href in alternates.items():
            assert href.startswith(BASE) and file_of(plain_site, href.removeprefix(BASE)).is_file(), (page, href)
            if code != "x-default":  # each version lists this page among its own alternates
                other = file_of(plain_site, href.removeprefix(BASE))
                back = {a["href"] for t, a in tags(other) if t == "link" and a.get("rel") == "alternate"}
                assert canonical in back, (page, other)


def test_a_page_in_a_tagged_language_is_marked_with_the_tag(plain_site: Path) -> None:
    html = (plain_site / "zh-Hant" / "paocha" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant">' in html
    assert '<meta property="og:locale" content="zh_Hant">' in html
    assert '<a href="/id/menyeduh/" hreflang="id" lang="id">Bahasa Indonesia</a>' in html  # the switcher
    assert "跳到主要內容" in html  # the theme's strings, from the site's zh-Hant catalog
    assert "og:image" not in html  # no `card:` in site.yaml: no link-preview pictures


def test_the_pages_are_plain_web_pages(plain_site: Path) -> None:
    html = (plain_site / "id" / "menyeduh" / "index.html").read_text(encoding="utf-8")
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert ld["@graph"][0]["@type"] == "WebPage" and ld["@graph"][0]["inLanguage"] == "id"


def test_the_sitemap_lists_every_page_with_its_alternates(plain_site: Path) -> None:
    sitemap = (plain_site / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<url>\s*<loc>([^<]+)</loc>(.*?)</url>", sitemap, re.S)
    pages = {BASE + p.relative_to(plain_site).as_posix().removesuffix("index.html") for p in language_pages(plain_site)}
    assert {loc for loc, _ in entries} == pages | {BASE}
    for loc, rest in entries:
        alternates = dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', rest))
        assert set(alternates) == LANGUAGES | {"x-default"}, loc
        assert loc in alternates.values() or loc == BASE
        assert all(file_of(plain_site, href.removeprefix(BASE)).is_file() for href in alternates.values())


def test_every_internal_link_and_asset_leads_to_a_built_file(plain_site: Path) -> None:
    broken = []
    for page in sorted(plain_site.rglob("*.html")):
        ids = {a["id"] for _t, a in tags(page) if "id" in a}
        for tag, attrs in tags(page):
            for name in ("href", "src", "action", "data-index"):
                url = attrs.get(name, "")
                if url.startswith("#") and url[1:] not in ids:
                    broken.append(f"{page}: {tag} {name}={url}")
                elif url.startswith("/") and not file_of(plain_site, url).is_file():
                    broken.append(f"{page}: {tag} {name}={url}")
    assert broken == []

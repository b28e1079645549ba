"""What every page and the site as a whole carry: SEO metadata, alternates, sitemap, sub-path links."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from tests.helpers import PROJECT, parse, serve_folder

SPEC_PATHS = [
    "en/",
    "en/aging-stages/",
    "en/thread-lift/",
    "en/mini-facelift/",
    "en/deep-plane-facelift/",
    "en/timing/",
    "en/compare/",
    "en/self-assessment/",
    "en/faq/",
    "en/expectations/",
    "en/about/",
]






@pytest.mark.parametrize("path", SPEC_PATHS)
def test_every_spec_page_exists_in_both_languages_with_its_metadata(built_site: Path, path: str) -> None:
    page = parse((built_site / path / "index.html").read_bytes())
    assert page.html_lang == "en"
    assert page.meta["description"] and page.meta["og:title"] and page.meta["canonical"].endswith("/" + path)
    assert set(page.alternates) == {"en", "id", "x-default"}
    other = urlsplit(page.alternates["id"]).path.lstrip("/")
    translated = parse((built_site / other / "index.html").read_bytes())
    assert translated.html_lang == "id"
    assert translated.alternates["en"] == page.alternates["en"]


def test_json_ld_describes_a_medical_page_with_breadcrumbs_and_the_faq(built_site: Path) -> None:
    html = (built_site / "en/faq/index.html").read_text()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    types = {node["@type"] for node in data["@graph"]}
    assert {"MedicalWebPage", "BreadcrumbList", "FAQPage"} <= types
    faq = next(node for node in data["@graph"] if node["@type"] == "FAQPage")
    assert len(faq["mainEntity"]) >= 12
    assert all(q["name"].endswith("?") and q["acceptedAnswer"]["text"] for q in faq["mainEntity"])


def test_the_sitemap_lists_every_page_with_its_alternates(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text()
    pages = sorted(p.parent for p in built_site.glob("*/**/index.html"))
    sources = list((PROJECT / "content").glob("*/*.md"))
    assert sitemap.count("<url>") - 1 == len(pages) == len(sources)  # and the root language chooser
    assert sitemap.count('hreflang="x-default"') == len(sources) + 1
    assert 'hreflang="id" href="https://facelift-guide.example.org/id/tanam-benang/"' in sitemap
    assert "Sitemap: https://facelift-guide.example.org/sitemap.xml" in (built_site / "robots.txt").read_text()


def test_the_root_is_a_language_chooser_and_the_x_default(built_site: Path) -> None:
    root = parse((built_site / "index.html").read_bytes())
    assert "/en/" in root.hrefs and "/id/" in root.hrefs
    assert root.alternates["x-default"] == "https://facelift-guide.example.org/"
    home = parse((built_site / "en/index.html").read_bytes())
    assert home.alternates["x-default"] == "https://facelift-guide.example.org/"


def test_the_language_switcher_links_to_the_same_page_in_the_other_language(built_site: Path) -> None:
    html = (built_site / "id/tanam-benang/index.html").read_text()
    assert '<a href="/en/thread-lift/" hreflang="en" lang="en">English</a>' in html


def crawl(start: str) -> tuple[int, list[str]]:
    """Fetch every internal page from `start`; return how many were fetched and what was broken."""
    seen: set[str] = set()
    queue, broken, ids = [start], [], {}
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))
    fragments: list[tuple[str, str, str]] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url) as response:  # noqa: S310 - loopback only
                body = response.read()
        except urllib.error.HTTPError as error:
            broken.append(f"{url}: {error.code}")
            continue
        if not url.endswith("/") and not url.endswith(".html"):
            continue
        page = parse(body)
        ids[url] = page.ids
        for href in page.hrefs:
            target = urljoin(url, href)
            if not target.startswith(origin):
                continue
            path, _, fragment = target.partition("#")
            if fragment:
                fragments.append((url, path, fragment))
            queue.append(path)
    broken += [f"{src} -> {path}#{frag}" for src, path, frag in fragments if frag not in ids.get(path, set())]
    return len(seen), broken


def test_a_sub_path_build_works_when_served_under_that_path(tmp_path: Path) -> None:
    config = load_config(PROJECT).with_overrides(base_url="https://example.org/guide/")
    build(config, tmp_path / "public")
    html = (tmp_path / "public/en/thread-lift/index.html").read_text()
    assert 'href="/guide/en/faq/' in html or 'href="/guide/en/' in html
    server, url = serve_folder(tmp_path / "public", "/guide/")
    try:
        fetched, broken = crawl(url)
    finally:
        server.shutdown()
        server.server_close()
    assert broken == []
    assert fetched > 22


def test_relative_links_are_checked_like_root_relative_ones(site_copy: Path, tmp_path: Path) -> None:
    page = site_copy / "content/en/about.md"
    page.write_text(page.read_text() + "\n[faq](../faq/#faq-stay) and [gone](../no-such/)\n")
    from site_builder.engine.base.errors import SiteError

    with pytest.raises(SiteError) as caught:
        build(load_config(site_copy), tmp_path / "out")
    messages = [p.message for p in caught.value.problems]
    assert messages == ["the link '../no-such/' points to a page that does not exist"]


def test_the_root_language_chooser_is_in_the_sitemap_with_its_alternates_and_has_open_graph(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text()
    root_entry = re.search(r"<url>\s*<loc>([^<]+)</loc>((?:\s*<xhtml:link[^>]+/>)+)\s*</url>", sitemap)
    assert root_entry and urlsplit(root_entry.group(1)).path.rstrip("/") == ""
    hreflangs = re.findall(r'hreflang="([^"]+)"', root_entry.group(2))
    assert hreflangs == ["en", "id", "x-default"]
    chooser = (built_site / "index.html").read_text()
    for field in ("og:type", "og:title", "og:description", "og:url", "og:site_name", "og:locale"):
        assert re.search(rf'<meta property="{field}" content="[^"]+">', chooser), field
    assert re.search(r'<meta property="og:locale:alternate" content="id[^"]*">', chooser)

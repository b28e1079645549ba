"""Every page with everything it loads (CSS, JS, icon, images, and what the CSS pulls in) is at most 30 KB
gzip-compressed; the widget's JS alone at most 5 KB. No browser: the files are read from the build."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .conftest import SitePage

PAGE_BUDGET = 30_000  # bytes, gzip, page + subresources (SPEC section 7)
WIDGET_BUDGET = 5_000  # bytes, gzip, the self-assessment's JS
LEVEL = 6  # the gzip level most hosts use


class Subresources(HTMLParser):
    """The URLs a browser fetches to show a page (links to other pages are not counted)."""

    FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and self.FETCHED_LINKS & set(a.get("rel", "").lower().split()):
            self.urls.append(a["href"])
        elif tag in ("script", "img", "source", "audio", "video", "iframe", "embed", "track", "input") and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        for candidate in a.get("srcset", "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])
        if "style" in a:
            self.urls += css_urls(a["style"])


def css_urls(css: str) -> list[str]:
    found = re.findall(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", css)
    found += re.findall(r"""@import\s+['"]([^'"]+)['"]""", css)
    return [u for u in found if not u.startswith("data:")]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=LEVEL, mtime=0))


def local_file(site: Path, page_url: str, url: str) -> Path | None:
    """The built file a URL of the page refers to (the site is served at its root); None for other hosts,
    which test_browser_hygiene forbids."""
    parts = urlsplit(urljoin(page_url, url))
    if parts.netloc != "site.invalid":
        return None
    file = site / parts.path.lstrip("/")
    return file / "index.html" if file.is_dir() else file


def weight(site: Path, page: SitePage) -> tuple[int, dict[str, int]]:
    """Gzip bytes of the page and of every file it loads, each file once."""
    base = "https://site.invalid/" + page.path
    parser = Subresources()
    parser.feed(page.file.read_text())
    files: dict[str, int] = {page.path or "/": gz(page.file.read_bytes())}
    queue = [(base, u) for u in parser.urls]
    while queue:
        referrer, url = queue.pop()
        file = local_file(site, referrer, url)
        if file is None or (name := file.relative_to(site).as_posix()) in files:
            continue
        assert file.is_file(), f"{page}: {url} is not in the build"
        files[name] = gz(file.read_bytes())
        if file.suffix == ".css":
            queue += [(urljoin(referrer, url), u) for u in css_urls(file.read_text())]
    return sum(files.values()), files


def test_every_page_with_its_css_and_js_is_at_most_30_kb_gzipped(
    built_site: Path,
    site_pages: list[SitePage],
) -> None:
    weights = {str(p): weight(built_site, p) for p in site_pages}
    heavy = [f"{page}: {total} bytes {files}" for page, (total, files) in weights.items() if total > PAGE_BUDGET]
    assert heavy == [], f"pages over {PAGE_BUDGET} bytes gzip:\n" + "\n".join(heavy)
    # Every page loads the stylesheet, and the self-assessment pages the widget, so both are counted.
    assert all(any(name.endswith(".css") for name in files) for _, files in weights.values())
    assert sum(any(name.endswith(".js") for name in files) for _, files in weights.values()) >= 2


def test_the_widget_js_is_at_most_5_kb_gzipped(built_site: Path) -> None:
    scripts = sorted((built_site / "assets").glob("widget.*.js"))
    assert scripts, "no widget script in the build"
    sizes = {s.name: gz(s.read_bytes()) for s in scripts}
    assert all(size <= WIDGET_BUDGET for size in sizes.values()), sizes

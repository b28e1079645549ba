"""The second test site (tests/fixtures/plain-site: three languages, one zh-Hant, the default theme, no
extension) passes axe-core and the Nu Html Checker as the guide does, and its search finds pages."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from tests.helpers import PLAIN_SITE, serve_folder

from .conftest import MODES, VNU_JAR, SitePage, axe, pages_of, with_axe

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def plain_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("plain-quality") / "public"
    build(load_config(PLAIN_SITE), output)
    return output


@pytest.fixture(scope="module")
def plain_server(plain_built: Path) -> Iterator[str]:
    server, url = serve_folder(plain_built)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def plain_page(browser: object) -> Iterator[Page]:
    """A fresh tab; console errors (a CSP violation among them) fail the test."""
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"console errors: {errors}"


def plain_pages(folder: Path) -> list[SitePage]:
    pages = pages_of(folder)
    assert len(pages) == 11  # nine pages, the language chooser and the 404 page
    return pages


@pytest.mark.parametrize("mode", list(MODES))
def test_every_page_of_the_plain_site_has_no_axe_violations(
    plain_page: Page, plain_server: str, plain_built: Path, mode: str
) -> None:
    with_axe(plain_page, mode)
    problems: list[str] = []
    for site_page in plain_pages(plain_built):
        plain_page.goto(plain_server + site_page.path)
        problems += [f"{site_page}: {v}" for v in axe(plain_page)]
    assert problems == [], f"axe-core violations ({mode}):\n" + "\n".join(problems)


def test_every_page_and_stylesheet_of_the_plain_site_passes_the_nu_checker(plain_built: Path) -> None:
    java = shutil.which("java")
    assert java, "Java is missing: install Debian's default-jre-headless (scripts/test.sh does)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: `npm ci --omit=dev --ignore-scripts` (scripts/test.sh does)"
    files = [p.file for p in plain_pages(plain_built)] + sorted(plain_built.rglob("*.css"))
    files += sorted(plain_built.rglob("*.svg"))
    assert len(files) == 13  # the theme's stylesheet and icon among them
    command = [java, "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--also-check-css"]
    run = subprocess.run(
        [*command, "--also-check-svg", *map(str, files)], capture_output=True, text=True, timeout=300, check=False
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [f"{m.get('url', '?')}:{m.get('lastLine', '?')}: {m.get('message')}" for m in messages]
    assert errors == [], "Nu Html Checker errors:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    ("path", "query", "found"), [("en/search/", "steep", "Brewing"), ("id/cari/", "seduh", "Menyeduh")]
)
def test_the_theme_s_search_finds_a_page(
    plain_page: Page, plain_server: str, path: str, query: str, found: str
) -> None:
    plain_page.goto(f"{plain_server}{path}?q={query}")
    plain_page.wait_for_selector("#search-results li")
    assert found in plain_page.locator("#search-results").inner_text()

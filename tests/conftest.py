"""Shared fixtures: copies of the real site to break, a build of it, and a local server."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from tests.helpers import PROJECT, copy_sources, serve_folder

os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC).timestamp()))




@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A private copy of the real site's sources, safe to break."""
    return copy_sources(tmp_path / "site")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session."""
    output = tmp_path_factory.mktemp("built") / "public"
    build(load_config(PROJECT), output)
    return output








@pytest.fixture(scope="session")
def live_server(built_site: Path) -> Iterator[str]:
    """Base URL (ending in "/") of the real site served on 127.0.0.1."""
    server, url = serve_folder(built_site)
    yield url
    server.shutdown()
    server.server_close()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium under Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, live_server: str) -> Iterator[object]:
    """A fresh page; the site's CSP is sent by the server. Console errors fail the test at teardown."""
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.console_errors = errors
    yield tab
    context.close()
    assert errors == [], f"console errors: {errors}"

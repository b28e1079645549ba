"""Shared fixtures: copies of the real site to break, a build of it, and a local server."""

from __future__ import annotations

import datetime
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from site_builder.engine.build import build
from site_builder.engine.config.config import CONFIG_FILE, SOURCE_FOLDERS, load_config

PROJECT = Path(__file__).resolve().parent.parent
# Every build in the tests, in this process or a child, speaks of the same day: outputs do not age.
TODAY = datetime.date(2026, 12, 2)
os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC).timestamp()))
SOURCES = (CONFIG_FILE, *SOURCE_FOLDERS)


def copy_sources(target: Path, root: Path = PROJECT) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


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


def site_headers(folder: Path) -> dict[str, str]:
    """The headers the built `_headers` file asks hosts to send with every page."""
    headers: dict[str, str] = {}
    section = None
    for line in (folder / "_headers").read_text().splitlines():
        if line.startswith("/"):
            section = line.strip()
        elif section == "/*" and ":" in line and not line.lstrip().startswith("#"):
            name, _, value = line.strip().partition(":")
            headers[name] = value.strip()
    return headers


class _QuietHandler(SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()


def serve_folder(folder: Path, prefix: str = "/") -> tuple[ThreadingHTTPServer, str]:
    """Serve `folder` on 127.0.0.1 at a free port, mounted under `prefix` (e.g. "/guide/")."""

    class Handler(_QuietHandler):
        extra_headers = site_headers(folder) if (folder / "_headers").is_file() else {}

        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(folder / "__outside_the_prefix__")
            return super().translate_path("/" + path[len(prefix) :])

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            missing = folder / "404.html"
            if code == 404 and missing.is_file():
                body = missing.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().send_error(code, message, explain)

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


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

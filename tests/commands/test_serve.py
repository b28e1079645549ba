"""`serve` without a browser: edit a file and the page changes; break it and the error shows; fix it and it recovers."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import copy_sources


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.read().decode()


def wait_for(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the preview did not get there in time")


@pytest.fixture
def preview(tmp_path: Path):
    site = copy_sources(tmp_path / "site")
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "--root", str(site), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        while line and not line.startswith("Serving "):
            line = process.stdout.readline()
        assert line.startswith("Serving "), process.stderr.read()
        yield site, line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_an_edit_shows_up_and_a_broken_edit_is_reported_until_fixed(preview) -> None:
    site, url = preview
    page = site / "content/en/about.md"
    original = page.read_text()
    first = fetch(url + "en/about/")
    assert '<script src="/__reload.js" defer></script>' in first
    version = json.loads(fetch(url + "__status"))["version"]

    page.write_text(original.replace("\n## ", "\nA sentence only the preview has.\n\n## ", 1))
    wait_for(lambda: "A sentence only the preview has." in fetch(url + "en/about/"))
    status = json.loads(fetch(url + "__status"))
    assert status["version"] > version
    assert status["rendered"] == 1, "the preview rebuilds incrementally: one page edited, one page rendered"

    page.write_text(original.replace("title:", "titel:", 1))
    wait_for(lambda: "did you mean 'title'" in json.loads(fetch(url + "__status"))["error"])
    assert "A sentence only the preview has." in fetch(url + "en/about/"), "the last good page stays served"

    page.write_text(original)
    wait_for(lambda: json.loads(fetch(url + "__status"))["error"] == "")
    assert "A sentence only the preview has." not in fetch(url + "en/about/")


def test_the_reload_script_never_reaches_the_built_output(built_site: Path) -> None:
    assert not any(b"__reload" in p.read_bytes() for p in built_site.rglob("*.html"))

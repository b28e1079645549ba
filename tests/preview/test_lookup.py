"""A request reads one whole site while builds swap new ones in: never a mix, never a page missing from both."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from site_builder.engine import output
from site_builder.engine.output import write_site
from site_builder.preview.server import look_up


def site(version: int) -> dict[str, bytes]:
    body = f"<html><body>version {version}</body></html>".encode() * 50
    return {"index.html": body, "en/index.html": body, "en/about/index.html": body, "assets/site.css": body}


@pytest.mark.parametrize("swap", ["exchange", "two renames"])
def test_every_look_during_swaps_finds_one_whole_version(
    swap: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if swap == "two renames":
        monkeypatch.setattr(output, "_renameat2", None)
    folder = tmp_path / "public"
    write_site(site(0), folder)
    versions = {site(n)["index.html"] for n in range(2)}
    done = threading.Event()
    swaps = [0]

    def rebuild() -> None:
        while not done.is_set():
            swaps[0] += 1
            write_site(site(swaps[0] % 2), folder)

    builder = threading.Thread(target=rebuild)
    builder.start()
    try:
        seen = [look_up(folder, path) for _ in range(300) for path in ("/", "/en/", "/en/about/", "/assets/site.css")]
    finally:
        done.set()
        builder.join()
    assert swaps[0] > 10, "the looks overlapped many swaps"
    assert all(found is not None and found[1] in versions for found in seen)

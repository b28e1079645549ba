"""A request reads one whole site while builds swap new ones in: never a mix, never a page missing from both."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from site_builder.engine.write import output
from site_builder.engine.write.output import write_site
from site_builder.preview.server import look_up


def site(version: int) -> dict[str, bytes]:
    body = f"<html><body>version {version}</body></html>".encode() * 50
    return {"index.html": body, "en/index.html": body, "en/about/index.html": body, "assets/site.css": body}


@pytest.mark.parametrize("swap", ["exchange", "two renames"])
def test_every_look_during_swaps_finds_one_whole_version(
    swap: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if swap == "two renames":
        monkeypatch.setattr(output, "_renameat2", lambda: None)
        # Between the two renames there is no folder at all: for long enough here that looks fall in that moment.
        monkeypatch.setattr(output, "_step", lambda point: time.sleep(0.001) if point == "retired" else None)
    folder = tmp_path / "public"
    write_site(site(0), folder)
    versions = {site(n)["index.html"] for n in range(2)}
    done = threading.Event()
    swaps = [0]

    def rebuild() -> None:
        while not done.is_set():
            swaps[0] += 1
            write_site(site(swaps[0] % 2), folder)
            time.sleep(0.002)  # even a build of four files takes longer than this

    builder = threading.Thread(target=rebuild)
    builder.start()
    seen = []
    try:
        while swaps[0] < 50:  # the looks overlap many swaps
            seen += [look_up(folder, path) for path in ("/", "/en/", "/en/about/", "/assets/site.css")]
    finally:
        done.set()
        builder.join()
    assert all(found is not None and found[1] in versions for found in seen)

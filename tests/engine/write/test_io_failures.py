"""Every I/O failure is a message with the last good output untouched: a full disk or a read-only or
unwritable project folder under the rendered pages' spool, an unreadable static file, an early Ctrl+C.
(The tests run as a user whom permissions may not stop, so the failures are the system's own errors,
raised where the builder meets them.)"""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import site_builder
from site_builder.cli import main
from site_builder.engine.load import assets
from tests.helpers import snapshot

PACKAGE = str(Path(site_builder.__file__).parent) + os.sep


def changed_then_built(site: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Build once, change a page so the next build renders it, and return that build's stderr (it must fail)."""
    page = site / "content/en/about.md"
    page.write_text(page.read_text() + "\nOne more line.\n")
    capsys.readouterr()
    assert main(["--root", str(site), "build"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def failing(code: int) -> OSError:
    return OSError(code, os.strerror(code))


@pytest.mark.parametrize(
    ("code", "what"),
    [(errno.ENOSPC, "a full disk"), (errno.EROFS, "a read-only disk"), (errno.EACCES, "an unwritable folder")],
)
def test_a_spool_that_cannot_be_made_is_a_message_and_the_site_stays(
    fixture_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int, what: str
) -> None:
    assert main(["--root", str(fixture_copy), "build"]) == 0, what
    good = snapshot(fixture_copy / "public")

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise failing(code)

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    err = changed_then_built(fixture_copy, capsys)
    assert f"{fixture_copy}: cannot keep the rendered pages here while the build runs ({os.strerror(code)})" in err
    assert snapshot(fixture_copy / "public") == good


def test_a_disk_that_fills_up_under_the_spool_is_a_message_and_the_site_stays(
    fixture_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(fixture_copy), "build"]) == 0
    good = snapshot(fixture_copy / "public")
    writes = [0]
    pwrite = os.pwrite

    def fills_up(fd: int, data: bytes, offset: int) -> int:
        writes[0] += 1
        if writes[0] > 1:
            raise failing(errno.ENOSPC)
        return pwrite(fd, data[: len(data) // 2], offset)  # half, as a disk about to fill up may write

    monkeypatch.setattr(os, "pwrite", fills_up)
    err = changed_then_built(fixture_copy, capsys)
    assert writes[0] == 2
    assert "cannot keep the rendered pages here while the build runs (No space left on device)" in err
    assert snapshot(fixture_copy / "public") == good


def test_an_unreadable_static_file_is_a_message_naming_it(
    fixture_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(fixture_copy), "build"]) == 0
    good = snapshot(fixture_copy / "public")
    sheet = next((fixture_copy / "static").rglob("*.css"))
    read = assets.read_regular

    def unreadable(path: Path | str) -> bytes:
        if Path(path) == sheet:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return read(path)

    monkeypatch.setattr(assets, "read_regular", unreadable)
    sheet.write_text(sheet.read_text() + "\n/* changed */\n")
    capsys.readouterr()
    assert main(["--root", str(fixture_copy), "build"]) == 1
    err = capsys.readouterr().err
    assert f"{sheet}: cannot be read: Permission denied" in err and "Traceback" not in err
    assert snapshot(fixture_copy / "public") == good


def test_ctrl_c_at_any_moment_of_a_build_is_no_traceback_from_the_builder(fixture_copy: Path) -> None:
    """SIGINT from the first milliseconds on: the builder's code never shows a traceback, and the output stays
    whole. (Before the builder's first line runs, the interpreter's own start-up is Python's to report.)"""
    command = [sys.executable, "-m", "site_builder", "--root", str(fixture_copy), "build"]
    assert subprocess.run(command, capture_output=True, timeout=60).returncode == 0
    good = snapshot(fixture_copy / "public")
    page = fixture_copy / "content/en/about.md"
    outcomes = []
    for step in range(24):
        page.write_text(page.read_text() + "\nMore words.\n")  # every build has a page to render
        build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(step * 0.01)
        build.send_signal(signal.SIGINT)
        _out, err = build.communicate(timeout=60)
        outcomes.append(build.returncode)
        frames = re.findall(r'File "([^"]+)"', err)
        assert not [f for f in frames if f.startswith(PACKAGE)], f"after {step * 10} ms:\n{err}"
        if build.returncode == 130:
            assert "Traceback" not in err, err
    assert 130 in outcomes, outcomes  # some of the signals landed in the builder's own code
    assert main(["--root", str(fixture_copy), "build"]) in (0,)
    assert set(snapshot(fixture_copy / "public")) == set(good)

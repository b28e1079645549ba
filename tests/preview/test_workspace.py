"""The preview's temporary folders: one a killed preview left is removed at the next start, a running one's never."""

from __future__ import annotations

import os
import signal
import tempfile
import time
from pathlib import Path

import pytest

from site_builder.preview.workspace import LOCK, PREFIX, UNLOCKED_AGE_SECONDS, Workspace, clear_stale
from tests.helpers import copy_sources, start, url_of


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def folder_without_a_lock(temporary: Path, name: str, age: float) -> Path:
    """A folder as an older version of the preview made them, last changed `age` seconds ago."""
    folder = temporary / (PREFIX + name)
    (folder / "site").mkdir(parents=True)
    then = time.time() - age
    os.utime(folder, (then, then))
    return folder


def test_only_the_folders_of_previews_no_longer_running_are_removed(temporary: Path) -> None:
    running = Workspace()
    (running.path / "site").mkdir()
    ended = Workspace()
    os.close(ended._lock)  # as the system does when a process ends, however it ends
    ended._lock = -1
    old = folder_without_a_lock(temporary, "old", UNLOCKED_AGE_SECONDS + 60)
    young = folder_without_a_lock(temporary, "young", 5)  # perhaps a preview making its folder right now
    someone_elses = temporary / "not-a-preview"
    someone_elses.mkdir()
    try:
        assert sorted(clear_stale()) == sorted([ended.path, old])
        assert running.path.is_dir() and (running.path / LOCK).is_file() and (running.path / "site").is_dir()
        assert young.is_dir() and someone_elses.is_dir()
        assert not ended.path.exists() and not old.exists()
    finally:
        running.remove()
    assert not running.path.exists()


def test_a_killed_preview_leaves_a_folder_that_the_next_start_removes(tmp_path: Path, temporary: Path) -> None:
    site = copy_sources(tmp_path / "site")
    environment = {**os.environ, "TMPDIR": str(temporary)}
    killed = start(site, env=environment)
    url_of(killed)
    (left,) = temporary.iterdir()
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    assert left.is_dir(), "kill -9 gives it no chance to clean up"

    following = start(site, env=environment)
    try:
        url_of(following)
        (kept,) = temporary.iterdir()
        assert kept != left and not left.exists()
    finally:
        following.terminate()
        following.wait(timeout=10)
    assert not any(temporary.iterdir())

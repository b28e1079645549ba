"""The preview's temporary folder, and the clearing of those a killed preview left behind.

A running preview holds a lock on a file in its folder; the system lets it go when the process ends,
however it ends (even `kill -9`). So a folder of ours whose lock can be taken belongs to no running
preview and is removed at the next start. The lock file is locked before it gets its name, so a preview
starting at the same moment is never taken for a dead one. A folder without a lock file comes from an
older version of the builder, or from a preview killed in the instant it was making the folder: it is
removed once it has been left alone for a day.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # not a POSIX system: folders left behind stay, as before
    fcntl = None  # type: ignore[assignment]  # Windows has no fcntl

PREFIX = "site-builder-preview-"
LOCK = "running.lock"
UNLOCKED_AGE_SECONDS = 24 * 3600


def clear_stale(temporary: Path | None = None) -> list[Path]:
    """Remove the folders of previews no longer running from the temporary folder; the ones removed."""
    if fcntl is None:
        return []
    removed = []
    for folder in sorted(Path(temporary or tempfile.gettempdir()).glob(PREFIX + "*")):
        try:
            info = folder.lstat()
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            continue
        try:
            handle = os.open(folder / LOCK, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            if time.time() - info.st_mtime > UNLOCKED_AGE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
            continue
        except OSError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # its preview is running
            continue
        else:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            os.close(handle)
    return removed


class Workspace:
    """A new temporary folder of this preview's own, locked for as long as the process lives."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX))
        self._lock = -1
        if fcntl is None:
            return
        try:
            unnamed = self.path / (LOCK + ".new")
            self._lock = os.open(unnamed, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.rename(unnamed, self.path / LOCK)
        except OSError:
            self.remove()
            raise

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._lock >= 0:
            os.close(self._lock)
            self._lock = -1

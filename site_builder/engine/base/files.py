"""Reading a source file: only a regular file is ever opened.

A named pipe (FIFO) blocks whoever opens it until someone writes to it, and a device or socket is no
source either; each is refused by its path, from its stat, before it is opened. The refusal is an
OSError, so every reader's own `cannot be read: …` report names it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)
# Opened without waiting: should the path become a pipe between the stat and the open, the open returns at
# once instead of waiting for a writer, and the second look, at what was opened, refuses it.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFileError(OSError):
    """The path is something other than a regular file: a FIFO, socket, device or folder."""


def kind(mode: int) -> str | None:
    """What a stat's mode says a path is, when that is not a regular file; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def refusal(path: Path | str, mode: int) -> NotRegularFileError | None:
    found = kind(mode)
    if found is None:
        return None
    return NotRegularFileError(errno.EINVAL, f"it is {found}, not a regular file; only regular files are read", path)


def read_regular(path: Path | str) -> bytes:
    """The bytes of a regular file; NotRegularFileError (an OSError) for anything else, which is never opened."""
    if (error := refusal(path, os.stat(path).st_mode)) is not None:
        raise error
    handle = os.open(path, _FLAGS)
    with os.fdopen(handle, "rb") as stream:
        if (error := refusal(path, os.fstat(stream.fileno()).st_mode)) is not None:
            raise error
        return stream.read()

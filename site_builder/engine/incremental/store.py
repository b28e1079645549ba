"""Where the build state is kept between builds: in a file beside the output folder for the build command
(read only if no one but this user could have written it), or in memory for the preview."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, NamedTuple, Protocol

from .state import (
    DAMAGED,
    FORMAT,
    MAGIC,
    BuildState,
    decode_head,
    encode,
    read_sections,
    section_digest,
)

NOT_OURS = "the build cache is not a file that only you can write, so it was not read; building everything"


class Unread(NamedTuple):
    """The sections after the head, read (and checked against the digests in the first line) only once
    something has changed, from the very file the head was read from."""

    path: Path
    offset: int  # where they start
    sections: list[tuple[int, bytes]]  # each one's length and digest
    identity: tuple[int, ...]  # of the file the head came from: any write or chmod since changes it

    def read(self) -> list[bytes]:
        with _open_ours(self.path) as (stream, info):
            if _identity(info) != self.identity:
                raise ValueError("the build cache changed since its head was read")
            stream.seek(self.offset)
            data = stream.read()
        found, start = [], 0
        for length, digest in self.sections:
            section = data[start : start + length]
            if len(section) != length or section_digest(section) != digest:
                raise ValueError("a section does not match its digest")
            found.append(section)
            start += length
        return found


class Store(Protocol):
    """Where the state of the last good build into an output folder is kept between builds."""

    def load(self, output: Path, notes: list[str]) -> BuildState | None: ...
    def save(self, output: Path, state: BuildState, notes: list[str]) -> None: ...


class InMemory:
    """For a process that builds again and again into a folder of its own (the preview): nothing to read back."""

    def __init__(self) -> None:
        self.state: BuildState | None = None

    def load(self, output: Path, notes: list[str]) -> BuildState | None:
        return self.state

    def save(self, output: Path, state: BuildState, notes: list[str]) -> None:
        self.state = state


def state_file(output: Path) -> Path:
    """Beside the output folder, never in it: the state is not part of the site."""
    return output.parent / f".{output.name}.build-cache"


_NO_LINKS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _only_ours(info: os.stat_result) -> bool:
    """A plain file that no one but its owner, this user, can have written."""
    owner = os.getuid() if hasattr(os, "getuid") else info.st_uid
    return stat.S_ISREG(info.st_mode) and info.st_uid == owner and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class _NotOursError(Exception):
    """The state file is a link, or not one that only this user can have written."""


@contextmanager
def _open_ours(path: Path) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """The state file, open to read, and its stat; _NotOursError if it is a link or others could have written it."""
    try:
        # A link is refused, not followed; a named pipe opens at once (no waiting for a writer) and fstat refuses it.
        handle = os.open(path, os.O_RDONLY | _NO_LINKS | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise  # no state yet: not a sign of anyone else's doing
    except OSError:
        raise _NotOursError from None
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not _only_ours(info):
            raise _NotOursError
        yield stream, info


def _identity(info: os.stat_result) -> tuple[int, ...]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


class OnDisk:
    """The state in a file beside the output folder, for the next build command."""

    @staticmethod
    def load(output: Path, notes: list[str]) -> BuildState | None:
        """The last good build's state; None (with a note saying why) when there is none to trust.

        Only the head is read here: it is all a build with nothing to do needs.
        """
        path = state_file(output)
        try:
            with _open_ours(path) as (stream, info):
                sections = read_sections(stream.readline(1000), notes)
                if sections is None:
                    return None
                (length, digest), *rest = sections
                if info.st_size != stream.tell() + sum(n for n, _ in sections):
                    raise ValueError("the file is not as long as its sections")
                head = stream.read(length)
                if section_digest(head) != digest:
                    raise ValueError("the head does not match its digest")
                state = decode_head(head)
                state._rest = Unread(path, stream.tell(), rest, _identity(info)).read
                return state
        except FileNotFoundError:
            return None
        except _NotOursError:
            notes.append(NOT_OURS)
            return None
        except Exception:  # any damage to the file means the same: do not trust it
            notes.append(DAMAGED)
            return None

    @staticmethod
    def save(output: Path, state: BuildState, notes: list[str]) -> None:
        """Write the state atomically. If it cannot be written, the next build just does everything."""
        path = state_file(output)
        temporary = path.with_name(path.name + ".tmp")
        try:
            with suppress(FileNotFoundError):
                os.unlink(temporary)  # left by a kill, or put there by someone else: made anew either way
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_LINKS, 0o644)
            # The first line gives each section's length and digest: the sections wait in a spool file meanwhile,
            # so that only one is held at a time.
            with os.fdopen(handle, "wb") as stream, tempfile.TemporaryFile(dir=path.parent) as spool:
                lengths = []
                for section in encode(state):
                    lengths.append(b"%d:%s" % (len(section), section_digest(section).hex().encode()))
                    spool.write(section)
                stream.write(b" ".join([MAGIC, str(FORMAT).encode(), *lengths]) + b"\n")
                spool.seek(0)
                shutil.copyfileobj(spool, stream)
            os.replace(temporary, path)
        except (TypeError, ValueError) as error:
            with suppress(OSError):
                os.unlink(temporary)
            notes.append(f"the build cache could not be saved ({error}); the next build will do everything")
        except OSError as error:
            notes.append(f"the build cache could not be saved ({error.strerror}); the next build will do everything")

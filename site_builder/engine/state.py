"""The build state: what the last good build read and wrote, saved beside the output folder.

It records, for each content file, the stat it had and the digest of the bytes the build read, with the
page parsed from them and the marks the translation check compares; for each output file, its digest
and stat, and the ids and links of its HTML. plan.py decides from it what the next build can skip; this
module only saves and restores it. It is saved only after a build passed every check, so whatever it
describes is good.

The file holds two pickles: a small head, enough to see that nothing changed at all, and the detail a
rebuild after a change needs, in plain values where it can (they load several times faster than
objects). The pages' front matter is one blob, written again only when some of it changed.
"""

from __future__ import annotations

import io
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import NamedTuple, Protocol

from .checks import PageLinks, SourceMarks
from .model import Page
from .output import Stat

FORMAT = 4  # bump when the state's own layout changes


class FileRecord(NamedTuple):
    """A content file as the last good build read it."""

    digest: bytes  # of the bytes that build read
    page: Page  # saved without its body: a page is read again when it is rendered again
    marks: SourceMarks


class OutputRecord(NamedTuple):
    """A file in the output folder as the last good build wrote it."""

    digest: bytes
    stat: Stat


class _Pickler(pickle.Pickler):
    """Pickles paths as plain strings: a large site's pages then load several times faster."""

    def reducer_override(self, obj: object) -> object:
        return (Path, (str(obj),)) if isinstance(obj, PurePath) else NotImplemented


def _dumps(value: object) -> bytes:
    stream = io.BytesIO()
    _Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return stream.getvalue()


@dataclass
class BuildState:
    shared: bytes  # the digest of the inputs every page shares
    stats: dict[str, Stat]  # content file -> its stat before it was read (UNSETTLED when too recent)
    outputs: dict[str, OutputRecord]  # output file (below the output folder) -> digest and stat
    files: dict[str, FileRecord] = field(default_factory=dict)  # content file -> what was read of it
    links: dict[str, PageLinks] = field(default_factory=dict)  # HTML output file -> its ids and links
    pages_blob: bytes | None = None  # the pickled pages, saved again as they are if no front matter moved
    _detail: io.BytesIO | None = field(default=None, repr=False)

    def output_intact(self, output: Path) -> bool:
        """Every file the build wrote is still there, as it wrote it."""
        folder = str(output)
        for name, written in self.outputs.items():
            try:
                stat = os.stat(f"{folder}/{name}")
            except OSError:
                return False
            if (stat.st_mtime_ns, stat.st_size) != written.stat:
                return False
        return True

    def read_detail(self, notes: list[str]) -> bool:
        """Read the second half of the state, needed once something has changed; False if it is damaged."""
        if self._detail is not None:
            try:
                blob, files, ids, links = pickle.load(self._detail)  # noqa: S301 - see OnDisk.load()
                pages = pickle.loads(blob)  # noqa: S301
                self.files = {
                    name: FileRecord(digest, pages[name], SourceMarks(*marks))
                    for name, (digest, marks) in files.items()
                }
                self.links = {name: PageLinks(ids[name], links[name]) for name in ids}
                self.pages_blob = blob
            except Exception:  # any damage means the same: do not trust it
                notes.append("the build cache could not be read; building everything")
                return False
            self._detail = None
        return True


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


class OnDisk:
    """The state in a file beside the output folder, for the next build command."""

    @staticmethod
    def load(output: Path, notes: list[str]) -> BuildState | None:
        """The last good build's state; None (with a note saying why) when there is none to trust."""
        path = state_file(output)
        if not path.is_file():
            return None
        try:
            stream = io.BytesIO(path.read_bytes())
            # Written by this builder beside the editor's own output folder: as trusted as the sources.
            version, shared, stats, outputs = pickle.load(stream)  # noqa: S301
            if version != FORMAT:
                notes.append("the build cache is from another version of site-builder; building everything")
                return None
            return BuildState(
                shared, stats, {name: OutputRecord(*row) for name, row in outputs.items()}, _detail=stream
            )
        except Exception:  # any damage to the file means the same: do not trust it
            notes.append("the build cache could not be read; building everything")
            return None

    @staticmethod
    def save(output: Path, state: BuildState, notes: list[str]) -> None:
        """Write the state atomically. If it cannot be written, the next build just does everything."""
        path = state_file(output)
        temporary = path.with_name(path.name + ".tmp")
        blob = state.pages_blob or _dumps({name: record.page for name, record in state.files.items()})
        head = (FORMAT, state.shared, state.stats, {name: tuple(o) for name, o in state.outputs.items()})
        # Most links are on every page (navigation, assets): pickled once each, they keep a large state small.
        shared: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        detail = (
            blob,
            {name: (record.digest, tuple(record.marks)) for name, record in state.files.items()},
            {name: page.ids for name, page in state.links.items()},
            {name: tuple(shared.setdefault(link, link) for link in page.links) for name, page in state.links.items()},
        )
        try:
            with open(temporary, "wb") as stream:
                pickle.dump(head, stream, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(detail, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError as error:
            notes.append(f"the build cache could not be saved ({error.strerror}); the next build will do everything")

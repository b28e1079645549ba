"""The build state: what the last good build read and wrote, saved beside the output folder.

It records, for each content file, the stat it had and the digest of the bytes the build read, with the
page parsed from them and the marks the translation check compares; for
each output file, its digest and stat, the mtime of each output folder, and the ids and links of its
HTML. plan.py decides from it what the next build can skip; this module only saves and restores it.
It is saved only after a build passed every check, so whatever it describes is good.

The file is data, never code: one line naming the format and, for each of four JSON sections, its length
and blake2b digest; then the sections. A small head is enough to see that nothing changed at all; the
rest, which a rebuild after a change needs, is checked and read only then: what was read of each file
(one a line, a line saved again as it was read when its file did not change), the pages' links (each
page's made only when it is looked up), and their front matter, the last two written again only when
some of them changed. A
file that is damaged, from another version, or that someone else could have written (not ours, or open
to others' writing) is not read: the build notes it and does everything.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, Protocol

from ..model.model import Page
from ..model.records import DIGEST_SIZE, PageLinks, SourceMarks
from ..write.output import Stat

FORMAT = 12  # bump when the state's own layout changes (or the fields of Page it saves)
# The fields of the records saved, as tests/engine/test_state.py fingerprints them: a change to them fails that test
# until FORMAT is bumped and this updated with it.
FORMAT_FINGERPRINT = "e3b2ead070b82b27"
MAGIC = b"site-builder build cache"
SourceStat = tuple[int, int, int]  # a content file's (mtime in ns, size, ctime in ns)

DAMAGED = "the build cache could not be read; building everything"
OTHER_VERSION = "the build cache is from another version of site-builder; building everything"
NOT_OURS = "the build cache is not a file that only you can write, so it was not read; building everything"


class FileRecord(NamedTuple):
    """A content file as the last good build read it."""

    digest: bytes  # of the bytes that build read
    page: Page  # saved without its body: a page is read again when it is rendered again
    marks: SourceMarks


class OutputRecord(NamedTuple):
    """A file in the output folder as the last good build wrote it."""

    digest: bytes
    stat: Stat


@dataclass
class BuildState:
    shared: bytes  # the digest of the inputs every page shares
    stats: dict[str, SourceStat]  # content file -> its stat before it was read (UNSETTLED when too recent)
    outputs: dict[str, OutputRecord]  # output file (below the output folder) -> digest and stat
    folders: dict[str, int] = field(default_factory=dict)  # output folder ("" the top one) -> its mtime in ns
    files: dict[str, FileRecord] = field(default_factory=dict)  # content file -> what was read of it
    links: Mapping[str, PageLinks] = field(default_factory=dict)  # HTML output file -> its ids and links
    links_blob: bytes | None = None  # the links' section, saved again as it is if no page's links changed
    pages_blob: bytes | None = None  # the pages' section, saved again as it is if no front matter moved
    file_rows: dict[str, tuple[FileRecord, bytes]] = field(default_factory=dict, repr=False)  # as read: saved again
    drafts: tuple[str, ...] = ()  # the content files left out as drafts: a build with nothing to do names them
    _rest: Unread | None = field(default=None, repr=False)  # the sections a build with nothing to do never reads

    @classmethod
    def empty(cls) -> BuildState:
        """The state of no build: nothing read, nothing written, so every page is to read and render."""
        return cls(b"", {}, {})

    def read_detail(self, notes: list[str]) -> bool:
        """Read the rest of the state, needed once something has changed; False if it is damaged."""
        if self._rest is not None:
            try:
                files, links, pages = self._rest.read()
                with _quickly():
                    self.files = _decode_files(files, _decode_pages(pages))
                    self.file_rows = _rows(files, self.files)
                    self.links = _decode_links(links)
                self.links_blob, self.pages_blob = links, pages
            except Exception:  # any damage means the same: do not trust it
                notes.append(DAMAGED)
                return False
            self._rest = None
        return True


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
            if len(section) != length or _digest(section) != digest:
                raise ValueError("a section does not match its digest")
            found.append(section)
            start += length
        return found


@contextmanager
def _quickly() -> Iterator[None]:
    """Without the cycle collector: decoding makes tens of thousands of containers and no cycle among them,
    and it would stop to look at them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Pages as plain data: JSON values, with tags for what JSON lacks (each a one-key object, so nothing else is one).
_SAVED_FIELDS = [f.name for f in fields(Page) if f.name not in ("path", "body")]
_TAGS: dict[str, Callable[[Any], Any]] = {
    "tuple": tuple,
    "dict": dict,
    "date": datetime.date.fromisoformat,
    "datetime": datetime.datetime.fromisoformat,
}


def _plain(value: object) -> object:
    """`value` as JSON data that _tagged() turns back into an equal value; TypeError for anything else."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, tuple):
        return {"tuple": [_plain(item) for item in value]}
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {"dict": [[key, _plain(item)] for key, item in value.items()]}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    raise TypeError(f"a page holds a {type(value).__name__}, which the cache cannot keep")


def _tagged(value: dict[str, Any]) -> object:
    ((tag, data),) = value.items()
    return _TAGS[tag](data)


def _encode_pages(files: Mapping[str, FileRecord]) -> bytes:
    rows = [[name, *(_plain(getattr(record.page, f)) for f in _SAVED_FIELDS)] for name, record in files.items()]
    return _json(rows)


def _decode_pages(blob: bytes) -> dict[str, Page]:
    pages = {}
    for name, *row in json.loads(blob, object_hook=_tagged):
        # As pickle makes it: the fields set, not passed through __init__, which takes a third longer at 4,000.
        page = object.__new__(Page)
        page.__dict__.update(zip(_SAVED_FIELDS, row, strict=True), path=Path(name), body="")
        pages[name] = page
    return pages


def _encode_files(files: Mapping[str, FileRecord], rows: Mapping[str, tuple[FileRecord, bytes]]) -> bytes:
    # One file a line: a record the last build read is saved again as the line it was read from.
    lines = []
    for name, r in files.items():
        row = rows.get(name)
        if row is None or row[0] is not r:
            marks = [
                r.digest.hex(),
                sorted(r.marks.anchors),
                r.marks.numbers,
                r.marks.todo_line,
                r.marks.words,
                r.marks.digest,
            ]
            row = (r, _json(name) + b":" + _json(marks))
        lines.append(row[1])
    return b"{\n" + b",\n".join(lines) + b"\n}"


def _rows(blob: bytes, files: Mapping[str, FileRecord]) -> dict[str, tuple[FileRecord, bytes]]:
    """Each record with the line it was read from (in the order json.loads read them)."""
    lines = blob.split(b"\n")[1:-1]
    if len(lines) != len(files):
        raise ValueError("the files' section is not one file a line")
    return {name: (record, line.removesuffix(b",")) for (name, record), line in zip(files.items(), lines, strict=True)}


def _decode_files(blob: bytes, pages: Mapping[str, Page]) -> dict[str, FileRecord]:
    return {
        name: FileRecord(bytes.fromhex(digest), pages[name], SourceMarks(frozenset(ids), numbers, todo, words, text))
        for name, (digest, ids, numbers, todo, words, text) in json.loads(blob).items()
    }


def _encode_links(links: Mapping[str, PageLinks]) -> bytes:
    # Most links are on every page (navigation, assets): each is saved once, and pages name it by number.
    # The table is one JSON string, a link's JSON on each line, and each page's numbers one string too:
    # reading the section makes a few thousand strings, and a page's links are made when it is looked up.
    table: dict[tuple[str, str, str], int] = {}
    pages = {
        name: [sorted(page.ids), " ".join(str(table.setdefault(link, len(table))) for link in page.links)]
        for name, page in links.items()
    }
    return _json({"links": "\n".join(map(_json_text, table)), "pages": pages})


def _json_text(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))  # never a line break: JSON escapes those in strings


def _decode_links(blob: bytes) -> StoredLinks:
    data = json.loads(blob)
    pages = data["pages"]
    if not isinstance(data["links"], str) or not all(
        isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], str) for entry in pages.values()
    ):
        raise ValueError("the links' section is not as saved")
    return StoredLinks(data["links"], pages)


class StoredLinks(Mapping[str, PageLinks]):
    """The ids and links of each page as the last build saved them, each page's made when it is looked up:
    an edit looks at the few pages it touches, not at the 300,000 links of a site of 4,000 pages."""

    def __init__(self, table: str, entries: dict[str, Any]) -> None:
        self._table = table
        self._lines: list[str] | None = None
        self._made: dict[str, tuple[str, str, str]] = {}  # link number -> the link: most are on many pages
        self._entries = entries  # name -> its PageLinks, or [ids, "link numbers"] until it is looked up

    def __getitem__(self, name: str) -> PageLinks:
        entry = self._entries[name]
        if isinstance(entry, list):
            if self._lines is None:
                self._lines = self._table.split("\n")
            ids, numbers = entry
            links = tuple(map(self._link, numbers.split()))
            entry = self._entries[name] = PageLinks(frozenset(ids), links)
        return entry

    def _link(self, number: str) -> tuple[str, str, str]:
        link = self._made.get(number)
        if link is None:
            link = self._made[number] = tuple(json.loads(self._lines[int(number)]))  # type: ignore[index]  # read in __getitem__ first
        return link

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def updated(self, new: Mapping[str, PageLinks]) -> StoredLinks:
        """These links with `new` in place of (or beside) some pages', still read only when looked up."""
        merged = StoredLinks(self._table, {**self._entries, **new})
        merged._lines, merged._made = self._lines, self._made
        return merged


def with_links(links: Mapping[str, PageLinks], new: Mapping[str, PageLinks]) -> Mapping[str, PageLinks]:
    """`links` with the pages of `new` in their place, not looking at any of the others."""
    return links.updated(new) if isinstance(links, StoredLinks) else {**links, **new}


def _json(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _columns(rows: Iterable[tuple[int, ...]], width: int) -> list[list[int]]:
    columns: list[list[int]] = [[] for _ in range(width)]
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return columns


def _encode(state: BuildState) -> list[bytes]:
    """The four sections: head, files, links and pages."""
    # In columns, which zip() turns back into records far faster than a loop over rows.
    head = {
        "shared": state.shared.hex(),
        "stats": [list(state.stats), *_columns(state.stats.values(), 3)],
        "outputs": [
            list(state.outputs),
            b"".join(o.digest for o in state.outputs.values()).hex(),
            *_columns((o.stat for o in state.outputs.values()), 2),
        ],
        "folders": [list(state.folders), list(state.folders.values())],
        "drafts": list(state.drafts),
    }
    with _quickly():
        return [
            _json(head),
            _encode_files(state.files, state.file_rows),
            state.links_blob or _encode_links(state.links),
            state.pages_blob or _encode_pages(state.files),
        ]


def _sections(first: bytes, notes: list[str]) -> list[tuple[int, bytes]] | None:
    """Each section's length and digest, from the file's first line; None (with a note) if it is damaged or
    from another version."""
    words = first.removesuffix(b"\n").split(b" ") if first.endswith(b"\n") else []
    if words[:3] != MAGIC.split(b" ") or len(words) != 8:
        notes.append(DAMAGED)
        return None
    if words[3] != str(FORMAT).encode():
        notes.append(OTHER_VERSION)
        return None
    return [(int(length), bytes.fromhex(digest.decode())) for length, digest in (w.split(b":") for w in words[4:])]


def _decode_head(head: bytes) -> BuildState:
    with _quickly():
        values = json.loads(head)
        names, mtimes, sizes, ctimes = values["stats"]
        written, digests, written_mtimes, written_sizes = values["outputs"]
        raw = bytes.fromhex(digests)
        digest_list = [raw[start : start + DIGEST_SIZE] for start in range(0, len(raw), DIGEST_SIZE)]
        stats = zip(written_mtimes, written_sizes, strict=True)
        folders, folder_mtimes = values["folders"]
        return BuildState(
            bytes.fromhex(values["shared"]),
            dict(zip(names, zip(mtimes, sizes, ctimes, strict=True), strict=True)),
            dict(zip(written, map(OutputRecord, digest_list, stats), strict=True)),
            dict(zip(folders, folder_mtimes, strict=True)),
            drafts=tuple(values["drafts"]),
        )


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
                sections = _sections(stream.readline(1000), notes)
                if sections is None:
                    return None
                (length, digest), *rest = sections
                if info.st_size != stream.tell() + sum(n for n, _ in sections):
                    raise ValueError("the file is not as long as its sections")
                head = stream.read(length)
                if _digest(head) != digest:
                    raise ValueError("the head does not match its digest")
                state = _decode_head(head)
                state._rest = Unread(path, stream.tell(), rest, _identity(info))
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
            sections = _encode(state)
        except (TypeError, ValueError) as error:
            notes.append(f"the build cache could not be saved ({error}); the next build will do everything")
            return
        words = [MAGIC, str(FORMAT).encode(), *(b"%d:%s" % (len(s), _digest(s).hex().encode()) for s in sections)]
        try:
            with suppress(FileNotFoundError):
                os.unlink(temporary)  # left by a kill, or put there by someone else: made anew either way
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_LINKS, 0o644)
            with os.fdopen(handle, "wb") as stream:
                stream.write(b" ".join(words) + b"\n")
                stream.writelines(sections)
            os.replace(temporary, path)
        except OSError as error:
            notes.append(f"the build cache could not be saved ({error.strerror}); the next build will do everything")

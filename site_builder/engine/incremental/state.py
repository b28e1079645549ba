"""The build state: what the last good build read and wrote, and its format on disk (store.py keeps it).

It records, for each content file, the stat it had and the digest of the bytes the build read, with the
page parsed from them and the marks the translation check compares; for each output file, its digest and
stat, the mtime of each output folder, and the ids and links of its HTML. plan.py decides from it what the
next build can skip. It is saved only after a build passed every check, so whatever it describes is good.

The format is data, never code: one line naming the format and, for each of four sections, its length
and blake2b digest; then the sections. A small head, in JSON, is enough to see that nothing changed at
all; the rest, which a rebuild after a change needs, is checked and read only then, in marshal's format
(plain values, read back several times faster than JSON): what was read of each file, the pages' links
(each page's made only when it is looked up), and their front matter, each written again only when some
of it changed. A state that is damaged or from another version is not used: the build notes it
and does everything.
"""
from __future__ import annotations

import datetime
import gc
import hashlib
import json
import marshal
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, NamedTuple

from ..model.model import Page
from ..model.records import DIGEST_SIZE, PageLinks, SourceMarks
from ..write.output import Stat

FORMAT = 15  # bump when the state's own layout changes (or the fields of Page it saves)
# The fields of the records saved, as tests/engine/incremental/test_state.py fingerprints them: a change to them
# fails that test until FORMAT is bumped and this updated with it.
FORMAT_FINGERPRINT = "5d89f686697f12db"
MAGIC = b"site-builder build cache"
SourceStat = tuple[int, int, int]  # a content file's (mtime in ns, size, ctime in ns)

DAMAGED = "the build cache could not be read; building everything"
OTHER_VERSION = "the build cache is from another version of site-builder; building everything"


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
    files_blob: bytes | None = None  # the files' section, saved again as it is when no file's bytes changed
    drafts: tuple[str, ...] = ()  # the content files left out as drafts: a build with nothing to do names them
    # Reads the sections a build with nothing to do never reads (store.py gives it, from the file the head came from).
    _rest: Callable[[], list[bytes]] | None = field(default=None, repr=False)
    _raw: list[bytes] | None = field(default=None, repr=False)  # those sections as read, not decoded

    @classmethod
    def empty(cls) -> BuildState:
        """The state of no build: nothing read, nothing written, so every page is to read and render."""
        return cls(b"", {}, {})

    def digests(self) -> dict[str, bytes]:
        """The digest of the bytes the last build read of each content file, without decoding the rest of the
        state; raises (ValueError, OSError) if the state is damaged."""
        if self._rest is None:
            return {name: record.digest for name, record in self.files.items()}
        if self._raw is None:
            self._raw = self._rest()
        return {name: row[0] for name, row in _loads(self._raw[0]).items()}

    def resettled(self, stats: dict[str, SourceStat]) -> BuildState:
        """This state with new stats for files whose bytes did not change: the rest saved again as it was read."""
        if self._raw is None:
            return replace(self, stats=stats)
        files, links, pages = self._raw
        return replace(self, stats=stats, files_blob=files, links_blob=links, pages_blob=pages, _rest=None, _raw=None)

    def read_detail(self, notes: list[str]) -> bool:
        """Read the rest of the state, needed once something has changed; False if it is damaged."""
        if self._rest is not None:
            try:
                files, links, pages = self._rest()
                with _quickly():
                    self.files = _decode_files(files, _decode_pages(pages))
                    self.links = _decode_links(links)
                self.files_blob, self.links_blob, self.pages_blob = files, links, pages
            except Exception:  # any damage means the same: do not trust it
                notes.append(DAMAGED)
                return False
            self._rest = None
        return True


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


# Pages, files and links as plain data in marshal's format: only None, bool, int, float, str, bytes, tuple,
# list, dict and frozenset, which marshal reads back several times faster than json and never runs as code
# (it is read only from a file of this user's whose sections match their digests, see store.py). A page never
# holds bytes, so a date is saved as bytes with a tag, and turned back only in the fields that hold one.
_SAVED_FIELDS = [f.name for f in fields(Page) if f.name not in ("path", "body")]
_DATES: dict[bytes, Callable[[str], Any]] = {
    b"date:": datetime.date.fromisoformat,
    b"datetime:": datetime.datetime.fromisoformat,
}


def _plain(value: object) -> object:
    """`value` as marshal data that _unplain() turns back into an equal value; TypeError for anything else."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    for kind in (str, int, float):  # a subclass (Markup, say), which marshal cannot keep, as the value it holds
        if isinstance(value, kind):
            return kind(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, datetime.datetime):
        return b"datetime:" + value.isoformat().encode()
    if isinstance(value, datetime.date):
        return b"date:" + value.isoformat().encode()
    raise TypeError(f"a page holds a {type(value).__name__}, which the cache cannot keep")


def _unplain(value: Any) -> Any:
    if isinstance(value, bytes):
        tag, _, text = value.partition(b":")
        return _DATES[tag + b":"](text.decode())
    if isinstance(value, list):
        return [_unplain(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_unplain(item) for item in value)
    if isinstance(value, dict):
        return {key: _unplain(item) for key, item in value.items()}
    return value


def _dated(value: object) -> bool:
    """Whether `value` (as _plain made it) holds a date anywhere."""
    if isinstance(value, bytes):
        return True
    if isinstance(value, list | tuple):
        return any(map(_dated, value))
    if isinstance(value, dict):
        return any(map(_dated, value.values()))
    return False


def _encode_pages(files: Mapping[str, FileRecord]) -> bytes:
    rows = [(name, *(_plain(getattr(record.page, f)) for f in _SAVED_FIELDS)) for name, record in files.items()]
    # The fields that hold a date in some page: only their values are looked through when the pages are read.
    dated = tuple(i for i in range(len(_SAVED_FIELDS)) if any(_dated(row[i + 1]) for row in rows))
    return marshal.dumps((tuple(_SAVED_FIELDS), dated, rows))


def _decode_pages(blob: bytes) -> dict[str, Page]:
    saved, dated, rows = _loads(blob)
    if saved != tuple(_SAVED_FIELDS):
        raise ValueError("the pages were saved with other fields")
    pages = {}
    for name, *row in rows:
        for i in dated:
            row[i] = _unplain(row[i])
        # As pickle makes it: the fields set, not passed through __init__, which takes a third longer at 4,000.
        page = object.__new__(Page)
        page.__dict__.update(zip(_SAVED_FIELDS, row, strict=True), path=Path(name), body="")
        pages[name] = page
    return pages


def _loads(blob: bytes) -> Any:
    # Data, never code: marshal makes values and runs nothing. Its reader is not hardened against any bytes at
    # all, so it is given only a section of this user's own file that matches the digest saved with it.
    return marshal.loads(blob)  # noqa: S302 - see above


def _encode_files(files: Mapping[str, FileRecord]) -> bytes:
    marks = {name: (r.digest, tuple(sorted(r.marks.anchors)), *r.marks[1:]) for name, r in files.items()}
    return marshal.dumps(marks)


def _decode_files(blob: bytes, pages: Mapping[str, Page]) -> dict[str, FileRecord]:
    return {
        name: FileRecord(digest, pages[name], SourceMarks(frozenset(ids), numbers, todo, words, text))
        for name, (digest, ids, numbers, todo, words, text) in _loads(blob).items()
    }


def _encode_links(links: Mapping[str, PageLinks]) -> bytes:
    # Most links are on every page (navigation, assets): each is saved once, and pages name it by number.
    # The table is one string, a link's JSON on each line, and each page's numbers one string too:
    # reading the section makes a few thousand strings, and a page's links are made when it is looked up.
    table: dict[tuple[str, str, str], int] = {}
    pages = {
        name: (tuple(sorted(page.ids)), " ".join(str(table.setdefault(link, len(table))) for link in page.links))
        for name, page in links.items()
    }
    return marshal.dumps(("\n".join(map(_json_text, table)), pages))


def _json_text(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))  # never a line break: JSON escapes those in strings


def _decode_links(blob: bytes) -> StoredLinks:
    table, pages = _loads(blob)
    if not isinstance(table, str) or not all(
        isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], str) for entry in pages.values()
    ):
        raise ValueError("the links' section is not as saved")
    return StoredLinks(table, pages)


class StoredLinks(Mapping[str, PageLinks]):
    """The ids and links of each page as the last build saved them, each page's made when it is looked up:
    an edit looks at the few pages it touches, not at the 300,000 links of a site of 4,000 pages."""

    def __init__(self, table: str, entries: dict[str, Any]) -> None:
        self._table = table
        self._lines: list[str] | None = None
        self._made: dict[str, tuple[str, str, str]] = {}  # link number -> the link: most are on many pages
        self._entries = entries  # name -> its PageLinks, or (ids, "link numbers") until it is looked up

    def __getitem__(self, name: str) -> PageLinks:
        entry = self._entries[name]
        if isinstance(entry, tuple) and not isinstance(entry, PageLinks):
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


def section_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _columns(rows: Iterable[tuple[int, ...]], width: int) -> list[list[int]]:
    columns: list[list[int]] = [[] for _ in range(width)]
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return columns


def encode(state: BuildState) -> Iterator[bytes]:
    """The four sections: head, files, links and pages, each made when it is asked for, so that a large
    site's are not all held at once."""
    # In columns, which zip() turns back into records far faster than a loop over rows.
    head = {
        "shared": state.shared.hex(),
        "stats": [list(state.stats), *_columns(state.stats.values(), 3)],
        "outputs": [
            list(state.outputs),
            b"".join(o.digest for o in state.outputs.values()).hex(),
            *_columns((o.stat for o in state.outputs.values()), 3),
        ],
        "folders": [list(state.folders), list(state.folders.values())],
        "drafts": list(state.drafts),
    }
    yield _json(head)
    with _quickly():
        yield state.files_blob or _encode_files(state.files)
        yield state.links_blob or _encode_links(state.links)
        yield state.pages_blob or _encode_pages(state.files)


def read_sections(first: bytes, notes: list[str]) -> list[tuple[int, bytes]] | None:
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


def decode_head(head: bytes) -> BuildState:
    with _quickly():
        values = json.loads(head)
        names, mtimes, sizes, ctimes = values["stats"]
        written, digests, written_mtimes, written_sizes, written_inodes = values["outputs"]
        raw = bytes.fromhex(digests)
        digest_list = [raw[start : start + DIGEST_SIZE] for start in range(0, len(raw), DIGEST_SIZE)]
        stats = zip(written_mtimes, written_sizes, written_inodes, strict=True)
        folders, folder_mtimes = values["folders"]
        return BuildState(
            bytes.fromhex(values["shared"]),
            dict(zip(names, zip(mtimes, sizes, ctimes, strict=True), strict=True)),
            dict(zip(written, map(OutputRecord, digest_list, stats), strict=True)),
            dict(zip(folders, folder_mtimes, strict=True)),
            drafts=tuple(values["drafts"]),
        )

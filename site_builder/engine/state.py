"""The build cache: what the last good build was made from and what it wrote, so the next redoes only what changed.

A page's HTML depends on three things:
- the inputs every page shares: the builder's code and libraries, the configuration, templates, data,
  catalogs and static files (one digest, `shared`);
- every page's front matter, since any template may list other pages' titles, slugs or dates;
- the page's own text.
A change to the first two renders every page again; a change to a page's text renders that page alone.
Either way only files whose bytes changed are written. The cache is saved only after a build passed
every check, so whatever it describes is good.

The file holds two pickles: a small head, enough to see that nothing changed at all, and the detail
that a rebuild after a change needs, in plain values where it can (they load several times faster than
objects). The pages' front matter is one blob, written again only when some of it changed.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import os
import pickle
import sys
import time
from dataclasses import dataclass, field, fields, replace
from pathlib import Path, PurePath
from typing import NamedTuple

from .checks import PageLinks, SourceMarks
from .config import SOURCE_FOLDERS, SiteConfig
from .model import Page
from .output import Stat

FORMAT = 3  # bump when the cache's own layout changes
PACKAGE = Path(__file__).parent.parent
SHARED_FOLDERS = tuple(name for name in SOURCE_FOLDERS if name != "content")
LIBRARIES = ("jinja2", "mistune", "babel", "yaml")  # their versions can change the output


class Source(NamedTuple):
    """A content file as the last good build read it."""

    digest: bytes
    page: Page  # saved without its body, which is read again only if the page is rendered again
    marks: SourceMarks


class Survey(NamedTuple):
    """What the sources look like now, before any is read."""

    shared: bytes  # the digest of the inputs every page shares
    stats: dict[str, Stat]  # content file -> its stat


class Output(NamedTuple):
    """A file in the output folder as the last good build wrote it."""

    digest: bytes
    stat: Stat


_PAGE_FIELDS = [f.name for f in fields(Page)]
_LINE_FIELDS = {"body", "body_line", "field_lines"}  # where things are in the file, not what it says


def front_matter(page: Page) -> tuple:
    """What other pages' rendering may read of a page: its front matter, not its lines or text."""
    return tuple(getattr(page, name) for name in _PAGE_FIELDS if name not in _LINE_FIELDS)


def same_page(page: Page, cached: Page) -> bool:
    """The same front matter on the same lines: the cached page needs no update but its body."""
    return replace(page, body="") == cached and page.field_lines == cached.field_lines


class _Pickler(pickle.Pickler):
    """Pickles paths as plain strings: a large site's pages then load several times faster."""

    def reducer_override(self, obj: object) -> object:
        return (Path, (str(obj),)) if isinstance(obj, PurePath) else NotImplemented


def _dumps(value: object) -> bytes:
    stream = io.BytesIO()
    _Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return stream.getvalue()


@dataclass
class BuildCache:
    shared: bytes
    stats: dict[str, Stat]  # content file -> its stat when read
    outputs: dict[str, Output]  # output file (below the output folder) -> digest and stat
    sources: dict[str, Source] = field(default_factory=dict)  # content file -> what was read of it
    links: dict[str, PageLinks] = field(default_factory=dict)  # HTML output file -> its ids and links
    pages_blob: bytes | None = None  # the pickled pages, saved again as they are if no front matter moved
    _detail: io.BytesIO | None = field(default=None, repr=False)

    def unchanged(self, now: Survey, output: Path) -> bool:
        """Nothing the site is made from has changed, and the output is still as it was written."""
        return now.shared == self.shared and now.stats == self.stats and self.output_intact(output)

    def output_intact(self, output: Path) -> bool:
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
        """Read the second half of the cache, needed once something has changed; False if it is damaged."""
        if self._detail is not None:
            try:
                blob, sources, ids, links = pickle.load(self._detail)  # noqa: S301 - see load()
                pages = pickle.loads(blob)  # noqa: S301
                self.sources = {
                    name: Source(digest, pages[name], SourceMarks(*marks)) for name, (digest, marks) in sources.items()
                }
                self.links = {name: PageLinks(ids[name], links[name]) for name in ids}
                self.pages_blob = blob
            except Exception:  # any damage means the same: do not trust it
                notes.append("the build cache could not be read; building everything")
                return False
            self._detail = None
        return True

    def reusable(self, stats: dict[str, Stat]) -> dict[str, Source]:
        """The content files (by path) that are as they were, by stat or, when touched, by content."""
        return {
            name: source
            for name, stat in stats.items()
            if (source := self.sources.get(name)) is not None
            and (self.stats.get(name) == stat or source.digest == file_digest(Path(name)))
        }


def cache_file(output: Path) -> Path:
    """Beside the output folder, never in it: the cache is not part of the site."""
    return output.parent / f".{output.name}.build-cache"


def load(output: Path, notes: list[str]) -> BuildCache | None:
    """The last good build's cache; None (with a note saying why) when there is none to trust."""
    path = cache_file(output)
    if not path.is_file():
        return None
    try:
        stream = io.BytesIO(path.read_bytes())
        # Written by this builder beside the editor's own output folder: as trusted as the sources.
        version, shared, stats, outputs = pickle.load(stream)  # noqa: S301
        if version != FORMAT:
            notes.append("the build cache is from another version of site-builder; building everything")
            return None
        cache = BuildCache(shared, stats, {name: Output(*row) for name, row in outputs.items()}, _detail=stream)
    except Exception:  # any damage to the file means the same: do not trust it
        notes.append("the build cache could not be read; building everything")
        return None
    if not cache.output_intact(output):
        notes.append("files in the output folder changed since the last build; building everything")
        return None
    return cache


def save(notes: list[str], output: Path, cache: BuildCache) -> None:
    """Write the cache atomically. If it cannot be written, the next build just does everything."""
    path = cache_file(output)
    temporary = path.with_name(path.name + ".tmp")
    blob = cache.pages_blob or _dumps({name: replace(source.page, body="") for name, source in cache.sources.items()})
    head = (FORMAT, cache.shared, cache.stats, {name: tuple(o) for name, o in cache.outputs.items()})
    detail = (
        blob,
        {name: (source.digest, tuple(source.marks)) for name, source in cache.sources.items()},
        {name: page.ids for name, page in cache.links.items()},
        {name: page.links for name, page in cache.links.items()},
    )
    try:
        with open(temporary, "wb") as stream:
            pickle.dump(head, stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(detail, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as error:
        notes.append(f"the build cache could not be saved ({error.strerror}); the next build will do everything")


def file_digest(path: Path) -> bytes:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()


def bytes_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file()) if folder.is_dir() else []


def shared_digest(config: SiteConfig) -> bytes:
    """One digest of everything every page depends on (the settings, incl. --base-url, are in the config)."""
    digest = hashlib.blake2b(digest_size=16)
    libraries = [sys.version] + [importlib.import_module(name).__version__ for name in LIBRARIES]
    settings = replace(config, output=Path())  # where the site is written does not change its bytes
    digest.update(repr((FORMAT, libraries, settings)).encode())
    folders = [(PACKAGE, "*.py")] + [(config.root / name, "*") for name in SHARED_FOLDERS]
    for folder, pattern in folders:
        for path in _files(folder, pattern):
            digest.update(f"\0{path.relative_to(folder.parent)}\0".encode())
            digest.update(path.read_bytes())
    return digest.digest()


# A file saved again within the same clock tick, at the same size, keeps its stat: trust only settled ones.
RACY_NS = 2_000_000_000


UNSETTLED: Stat = (0, -1)  # matches no file: compare it by content next time


def settled(stats: dict[str, Stat]) -> dict[str, Stat]:
    """The stats, with those too recent to vouch for their file replaced by UNSETTLED."""
    recent = time.time_ns() - RACY_NS
    return {name: stat if stat[0] < recent else UNSETTLED for name, stat in stats.items()}


def survey(config: SiteConfig) -> Survey:
    return Survey(shared_digest(config), source_stats(config))


def source_stats(config: SiteConfig) -> dict[str, Stat]:
    """The stat of every content file, by path."""
    stats = {}
    for lang in config.languages:
        folder = config.content_dir / lang.code
        if not folder.is_dir():
            continue
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".md") and entry.is_file():
                    stat = entry.stat()
                    stats[entry.path] = (stat.st_mtime_ns, stat.st_size)
    return stats

"""The build plan: from the last good build's state and the sources as they are now, what this build
reads, renders and checks, and what it carries over. The one module that knows a build can be incremental.

A page's HTML depends on three things:
- the inputs every page shares: the builder's code and libraries, the configuration, templates, data,
  catalogs and static files (one digest, `shared`);
- every page's front matter, since any template may list other pages' titles, slugs or dates;
- the page's own text.
A change to the first two renders every page again; a change to a page's text renders that page alone.
Every page rendered is read from its file in this build, and the state records the digest of exactly
the bytes read, with the stat the file had before: an edit saved while a build runs is seen by the next.

The last build's state is trusted only while the output folder holds exactly what it wrote: a file
changed by hand means a full build; a file it did not write is named in a note and left out of the new site.
Either way the result is what a build without any state makes. (The addresses the site has published
are kept in the project itself, not here: see addresses.py.)
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from ..base.errors import Collector, SiteError
from ..base.files import read_regular
from ..base.yamlio import decode_text
from ..config.config import SOURCE_FOLDERS, SiteConfig
from ..config.sources import PICTURES_FOLDER, folder_files, page_names, picture_names
from ..model.model import Page, Site
from ..model.records import PageLinks, SourceMarks, bytes_digest, source_digest, source_marks
from ..render.spool import Only
from ..write.output import MARKER, Written
from .state import FORMAT, BuildState, FileRecord, OutputRecord, SourceStat, with_links
from .store import Store

if TYPE_CHECKING:  # the render stage loads Jinja2 and Markdown: a build with nothing to do needs neither
    from ..render.render import Rendered
    from ..render.search import Document, IndexPart

PACKAGE = Path(__file__).parents[2]  # the builder's own code is a shared input too
SHARED_FOLDERS = tuple(name for name in SOURCE_FOLDERS if name != "content")
# Their versions can change the output (tests/engine/incremental/test_plan.py checks that every library the
# package imports is here).
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "babel", "yaml", "snowballstemmer", "PIL")
# A file saved again within the same clock tick, at the same size, keeps its stat: trust only settled ones.
RACY_NS = 2_000_000_000
UNSETTLED: SourceStat = (0, -1, 0)  # matches no file: compare it by content next time
UNREADABLE: SourceStat = (0, -2, 0)  # matches no file and is never saved: read it, and report what reading finds


class Survey(NamedTuple):
    """What the sources look like now, before any is read."""

    shared: bytes  # the digest of the inputs every page shares
    stats: dict[str, SourceStat]  # content file -> its stat


class Read(NamedTuple):
    """A content file as this build read it."""

    text: str
    digest: bytes  # of the bytes read


def _bytes(path: Path) -> bytes:
    try:
        return read_regular(path)
    except OSError as error:  # the loaders report it when it matters: the digest only has to change
        return f"\0cannot be read: {error.strerror}".encode()


def _stat(path: Path | str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_mtime_ns, info.st_size


def _installed(name: str) -> tuple[str, int, int] | None:
    """Where a library is installed and its stat: another version is other files. Found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return None
    return spec.origin, *_stat(spec.origin)


def _code() -> list[tuple[str, int, int]]:
    """The builder's code, card font and default theme, each by its stat: as Python itself tells whether a module's
    source changed."""
    found = []
    for folder, subfolders, files in os.walk(PACKAGE):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        inner = os.path.relpath(folder, PACKAGE)
        theme = inner.split(os.sep)[0] == "theme"  # the default theme's templates and static files: every one
        names = sorted(name for name in files if theme or name.endswith((".py", ".ttf")))
        found += [(f"{inner}/{name}", *_stat(f"{folder}/{name}")) for name in names]
    return found


def shared_digest(config: SiteConfig) -> bytes:
    """One digest of everything every page depends on (the settings, incl. --base-url, are in the config).

    The pictures below content/ are in it too: a page's HTML holds its pictures' names and sizes, and
    whether a picture it shows is there at all.
    """
    digest = hashlib.blake2b(digest_size=16)
    libraries = [sys.version, *map(_installed, LIBRARIES)]
    settings = replace(config, output=Path())  # where the site is written does not change its bytes
    digest.update(repr((FORMAT, libraries, settings, _code())).encode())
    folders: list[tuple[Path, list[Path]]] = []
    problems = Collector()
    for name in SHARED_FOLDERS:
        try:
            folders.append((config.root / name, folder_files(config, config.root / name)))
        except SiteError as error:
            problems.extend(error)
    try:
        folders.append((config.content_dir, picture_names(config)))
    except SiteError as error:
        problems.extend(error)
    problems.raise_if_any()
    for folder, files in folders:
        for path in files:
            digest.update(f"\0{path.relative_to(folder.parent)}\0".encode())
            digest.update(_bytes(path))
    return digest.digest()


def survey(config: SiteConfig) -> Survey:
    """The stat of every content file, by path, and the digest of the shared inputs.

    The files are those a build without any state reads (sources.page_names): an entry that is not a
    readable file is read all the same, and reported as such a build reports it. The ctime is in the
    stat so that a page made unreadable (chmod) is seen to change.
    """
    names = page_names(config)
    stats = {}
    for name in names:
        try:
            info = os.stat(name)
        except OSError:  # a link to nowhere, say
            stats[name] = UNREADABLE
            continue
        stats[name] = (info.st_mtime_ns, info.st_size, info.st_ctime_ns)
    return Survey(shared_digest(config), stats)


def read_files(names: Iterable[str]) -> dict[str, Read]:
    """The text of each file and the digest of exactly the bytes read; every unreadable file reported."""
    problems = Collector()
    found = {}
    for name in names:
        path = Path(name)
        try:
            raw = read_regular(path)
        except OSError as error:
            problems.add(path, f"cannot be read: {error.strerror}")
            continue
        try:
            found[name] = Read(decode_text(raw, path), bytes_digest(raw))
        except SiteError as error:  # names the line of the first bad byte
            problems.extend(error)
    problems.raise_if_any()
    return found


_PAGE_FIELDS = [f.name for f in fields(Page)]
_LINE_FIELDS = {"body", "body_line", "field_lines"}  # where things are in the file, not what it says


def front_matter(page: Page) -> tuple:
    """What other pages' rendering may read of a page: its front matter, not its lines or text."""
    return tuple(getattr(page, name) for name in _PAGE_FIELDS if name not in _LINE_FIELDS)


def output_intact(last: BuildState, output: Path) -> bool:
    """Every file the last build wrote is still there, as it wrote it."""
    folder = str(output)
    for name, written in last.outputs.items():
        try:
            stat = os.stat(f"{folder}/{name}")
        except OSError:
            return False
        if (stat.st_mtime_ns, stat.st_size, stat.st_ino) != written.stat:
            return False
    return True


def foreign_files(last: BuildState, output: Path) -> list[str] | None:
    """What the output folder holds that the last build did not write, looked for in the folders whose
    entries changed since (their mtime moved); None if one of its folders is gone or cannot be read."""
    found = []
    root = str(output)
    for name, mtime in last.folders.items():
        path = f"{root}/{name}" if name else root
        try:
            if os.stat(path).st_mtime_ns == mtime:
                continue
            with os.scandir(path) as entries:
                for entry in entries:
                    inner = f"{name}/{entry.name}" if name else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        if inner not in last.folders:
                            found.append(inner + "/")
                    elif inner not in last.outputs and inner != MARKER:
                        found.append(inner)
        except OSError:
            return None
    return sorted(found)


def _some(names: list[str], shown: int = 5) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


T = TypeVar("T")
PICTURES = PICTURES_FOLDER + "/"


def _pictures(links: PageLinks) -> set[str]:
    """The pictures' files a page shows (each picture and its copies)."""
    return {target for _, target, _ in links.links if target.startswith(PICTURES)}


class Unchanged(NamedTuple):
    """The last build's site, when it is this build's too: nothing to do."""

    pages: int
    files: int  # in the output folder
    drafts: tuple[str, ...]  # the page files left out as drafts
    state: BuildState | None  # to save: files saved again as they were, or touched, whose new stats have settled


class Scope(NamedTuple):
    """What the checks look at: every page's links and marks, now or as the last build found them, and what of
    it to check again after this build's changes."""

    pages: list[Page]  # rendered now
    links: Mapping[str, PageLinks]  # every HTML file's
    marks: dict[Path, SourceMarks]  # every page's
    files: set[str]  # every file the output folder will hold
    link_files: Iterable[str]  # the HTML files whose links to check
    parity_keys: set[str] | None  # the translation keys whose pages to compare (None: all of them)
    shared_changed: bool  # templates or catalogs may have changed: look for UI strings left untranslated


class Changes(NamedTuple):
    """What writing the output folder takes."""

    files: Mapping[str, bytes]  # whose bytes differ from what the folder holds
    kept: set[str] | dict[str, int]  # held as they are (with the inode each has there, when known)
    written: Written | None  # the folder as the last build left it, when that is this site too: nothing to write


def start(config: SiteConfig, output: Path, notes: list[str], store: Store) -> Plan:
    """The plan for building into `output`, from the state its last good build left in `store`."""
    last = store.load(output, notes) or BuildState.empty()
    foreign = foreign_files(last, output) if output_intact(last, output) else None
    if foreign is None:
        notes.append("files in the output folder changed since the last build; building everything")
        last, foreign = BuildState.empty(), []
    elif foreign:
        notes.append(f"the output folder held what site-builder did not write there, now removed: {_some(foreign)}")
    # Surveyed before any file is read: an edit saved meanwhile is seen next time.
    return Plan(last, survey(config), output, tuple(foreign or ()))


def settled(stats: Mapping[str, SourceStat]) -> dict[str, SourceStat]:
    """The stats, with those too recent to vouch for their file replaced by UNSETTLED."""
    recent = time.time_ns() - RACY_NS
    return {name: stat if stat[0] < recent else UNSETTLED for name, stat in stats.items()}


@dataclass
class Plan:
    """What this build does, given the last good build's state (BuildState.empty(): there is none to trust)."""

    last: BuildState
    now: Survey
    output: Path  # the folder the last good build wrote, and this one replaces
    foreign: tuple[str, ...] = ()  # in the output folder, not written by the last build: left out of the new site
    everything: bool = field(init=False)  # read and render every page, and make the site-wide files
    reads: dict[str, Read] = field(init=False, default_factory=dict)  # the content files read so far

    def __post_init__(self) -> None:
        # Adding or removing a page changes navigation, alternates and the sitemap of every page.
        self.everything = self.shared_changed or self.now.stats.keys() != self.last.stats.keys()

    @property
    def shared_changed(self) -> bool:
        return self.last.shared != self.now.shared

    def unchanged(self) -> Unchanged | None:
        """The last build's site, if no source's bytes changed since and start() found its output as it left it.

        A file whose stat moved (saved again as it was, touched, or saved just before the last build, whose stat
        was then too recent to trust) is read and compared with the digest the last build recorded."""
        last = self.last
        if self.everything or self.foreign:
            return None
        moved = [name for name, stat in self.now.stats.items() if last.stats[name] != stat]
        state = None
        if moved:
            try:
                digests = last.digests()
                if any(bytes_digest(read_regular(Path(name))) != digests.get(name) for name in moved):
                    return None
            except Exception:
                return None
            stats = settled(self.now.stats)
            state = last.resettled(stats) if stats != last.stats else None
        return Unchanged(len(self.now.stats) - len(last.drafts), len(last.outputs), last.drafts, state)

    def to_read(self) -> list[str]:
        """The content files to read now: every file for a full build; else those whose stat moved,
        with their translations, which the translation check compares them with line by line."""
        last = self.last
        if self.everything:
            return sorted(name for name in self.now.stats if name not in self.reads)
        moved = {name for name, stat in self.now.stats.items() if last.stats.get(name) != stat}
        keys = {last.files[name].page.key for name in moved}
        return sorted(moved | {name for name, record in last.files.items() if record.page.key in keys})

    def sources(self, notes: list[str]) -> dict[Path, str | Page]:
        """Each content file for the loader: the text read now (what to_read() names, read after the rest of
        the last build's state if that is still needed), or the page the last build read from it.

        When every page is read, no second load can follow: the text is handed over, and not kept here too.
        """
        if not self.everything and not self.last.read_detail(notes):
            self.last, self.everything = BuildState.empty(), True
        self.reads.update(read_files(self.to_read()))
        sources: dict[Path, str | Page] = {}
        for name in sorted(self.now.stats):
            if (read := self.reads.get(name)) is not None:
                sources[Path(name)] = read.text
                if self.everything:
                    self.reads[name] = read._replace(text="")
            else:
                page = self.last.files[name].page
                sources[page.path] = page  # its own path: making 4,000 new ones takes a noticeable time
        return sources

    def changed(self, site: Site) -> list[Page]:
        """The pages whose file now holds other bytes than the last build read, drafts left out included."""
        last = self.last
        return [
            page
            for page in site.every_page
            if (read := self.reads.get(str(page.path))) is not None
            and (str(page.path) not in last.files or last.files[str(page.path)].digest != read.digest)
        ]

    def widen(self, site: Site) -> bool:
        """After loading: True, and every page to be read and rendered, if a page's front matter moved."""
        if self.everything:
            return False
        last = self.last
        self.everything = any(front_matter(p) != front_matter(last.files[str(p.path)].page) for p in self.changed(site))
        return self.everything

    def pages(self, site: Site) -> list[Page]:
        """The pages to render."""
        if self.everything:
            return list(site.pages)
        left_out = {page.path for page in site.drafts}
        changed = self.changed(site)
        return [page for page in changed if page.path not in left_out] + self._behind(site, changed)

    def _behind(self, site: Site, changed: list[Page]) -> list[Page]:
        """The translations, not changed themselves, that fall behind their source page with this edit of it, or
        catch up with it again: a published one tells its readers so (the preview's editors see the status page)."""
        last = self.last
        if site.config.preview:
            return []
        paths = {page.path for page in changed}
        found = []
        for source in changed:
            record = last.files.get(str(source.path))
            if source.lang != site.config.default_language or record is None:
                continue
            before, now = record.marks.digest, source_digest(source)
            for page in site.pages:
                mark = page.translated_from
                if page.key == source.key and mark and page.path not in paths and (mark != before) != (mark != now):
                    found.append(page)
        return found

    def source_digest(self, page: Page) -> str:
        """What a translator reads of a page, as a digest: from its text if this build read it, else as the last
        build recorded it."""
        return source_digest(page) if page.body else self.last.files[str(page.path)].marks.digest

    def scope(self, site: Site, rendered: Rendered) -> Scope:
        """What this build's checks look at."""
        return Scope(
            self.pages(site),
            self.links(rendered),
            self.marks(site, rendered),
            self.outputs(rendered),
            self.links_to_check(rendered),
            self.keys_to_check(site, rendered),
            self.shared_changed,
        )

    def links(self, rendered: Rendered) -> Mapping[str, PageLinks]:
        """The ids and links of every HTML file of the site: rendered now, or as the last build found them."""
        carried = {} if self.everything else self.last.links
        return with_links(carried, rendered.links)

    def marks(self, site: Site, rendered: Rendered) -> dict[Path, SourceMarks]:
        last = self.last
        carried = {p.path: last.files[str(p.path)].marks for p in site.pages if p.path not in rendered.marks}
        return carried | rendered.marks

    def search_parts(self, site: Site, rendered: Rendered) -> Iterator[tuple[IndexPart, dict[Path, Document | None]]]:
        """The parts of the search indexes to make, one at a time, each with what search keeps of its pages:
        from their rendering now, or read back from the part the last build wrote. A part none of whose
        pages was rendered is kept as the last build wrote it."""
        from ..render.search import index_parts, read_part  # not needed by a build with nothing to do

        for part in index_parts(site):
            documents = {p.path: rendered.documents[p.path] for p in part.pages if p.path in rendered.documents}
            if self.everything:
                yield part, documents  # every page was rendered
            elif documents:
                yield part, read_part(site, part, self._written(part.path)) | documents

    def _written(self, name: str) -> bytes:
        """An output file as the last build wrote it (start() saw that its stat is as it was)."""
        try:
            data = (self.output / name).read_bytes()
        except OSError as error:  # taken away while this build ran
            raise SiteError.at(self.output / name, f"cannot be read ({error.strerror}); build again") from None
        if bytes_digest(data) != self.last.outputs[name].digest:
            message = "changed since the last build, though its size and time did not; delete it and build again"
            raise SiteError.at(self.output / name, message)
        return data

    def outputs(self, rendered: Rendered) -> set[str]:
        """Every file the output folder will hold."""
        kept = set() if self.everything else self.last.outputs.keys() - self.unshown(rendered)
        return kept | set(rendered.files) | rendered.cards.keys() | rendered.pictures.keys()

    def unshown(self, rendered: Rendered) -> set[str]:
        """The pictures' files the last build published that no page shows now: a page edited to show one no more.
        Looked for among all pages' links only when a page rendered now lost one."""
        last = self.last
        if self.everything:
            return set()
        lost = set()
        for name, new in rendered.links.items():
            if name in last.links:
                lost |= _pictures(last.links[name]) - _pictures(new)
        if not lost:
            return lost
        return lost - {target for links in self.links(rendered).values() for target in _pictures(links)}

    def to_draw(self, wanted: Mapping[str, T]) -> dict[str, T]:
        """The pictures (cards, or pages' pictures) the output folder does not hold. Each is named by what it is
        drawn from, so one the last build wrote (still as it wrote it: start() saw to that) is this picture's
        bytes, kept as they are."""
        previous = self.last.outputs
        return {name: item for name, item in wanted.items() if name not in previous}

    def links_to_check(self, rendered: Rendered) -> Iterable[str]:
        """A link elsewhere can break only if a page lost an anchor; otherwise check the new pages alone."""
        last = self.last
        if self.everything:
            return rendered.links.keys()
        lost = any(name in last.links and not last.links[name].ids <= new.ids for name, new in rendered.links.items())
        return self.links(rendered).keys() if lost else rendered.links.keys()

    def keys_to_check(self, site: Site, rendered: Rendered) -> set[str] | None:
        """The translation keys whose pages must be compared again (None: all of them)."""
        if self.everything:
            return None
        paths = set(rendered.marks)
        return {p.key for p in site.pages if p.path in paths}

    def changes(self, rendered: Rendered) -> Changes:
        """The files whose bytes differ from what the output folder holds (each read when it is written), those
        it keeps as they are, and whether that leaves the folder as the last build left it."""
        last = self.last
        digests = rendered.digests
        changed = Only(
            rendered.files,
            (name for name in rendered.files if name not in last.outputs or last.outputs[name].digest != digests[name]),
        )
        kept = self.outputs(rendered) - changed.keys()
        same = not changed and not self.foreign and kept == last.outputs.keys()
        # Each with the inode start() saw it has: the write need not look it up again.
        inodes = {name: last.outputs[name].stat[2] for name in kept if name in last.outputs}
        written = Written({}, dict(last.folders)) if same else None
        return Changes(changed, inodes if len(inodes) == len(kept) else kept, written)

    def advance(self, site: Site, rendered: Rendered, written: Written) -> BuildState:
        """The state after this build: what it read and what the output folder now holds."""
        last = self.last
        previous = last.outputs
        unshown = self.unshown(rendered)
        outputs = {} if self.everything else {n: r for n, r in previous.items() if n not in unshown}
        for name, digest in rendered.digests.items():
            outputs[name] = OutputRecord(digest, written.files.get(name) or previous[name].stat)
        drawn = rendered.cards.keys() | rendered.pictures.keys()
        for name in drawn - rendered.digests.keys():  # not drawn again: as the last build wrote it
            outputs[name] = previous[name]
        for name, stat in written.files.items():  # kept, but copied where a link failed
            outputs[name] = outputs[name]._replace(stat=stat)
        marks = self.marks(site, rendered)
        files = {}
        for page in site.every_page:
            name = str(page.path)
            read = self.reads.get(name)
            if read is None:
                files[name] = last.files[name]
            else:
                # A draft left out is not rendered: its marks are taken here, for when it is published.
                found = marks.get(page.path) or source_marks(page, site.config.language(page.lang).number_words)
                files[name] = FileRecord(read.digest, replace(page, body=""), found)
        # Unless some front matter changed or moved (a line added, say), the pages are saved again as they were.
        same = not self.everything and all(
                files[n].page == last.files[n].page and files[n].page.field_lines == last.files[n].page.field_lines
            for n in self.reads
        )
        links = self.links(rendered)
        same_links = links.keys() == last.links.keys() and all(
            last.links[name] == new for name, new in rendered.links.items()
        )
        return BuildState(
            self.now.shared,
            settled(self.now.stats),
            outputs,
            folders=written.folders,
            files=files,
            links=links,
            links_blob=last.links_blob if same_links else None,
            pages_blob=last.pages_blob if same else None,
            files_blob=None if self.everything or self.reads else last.files_blob,
            drafts=tuple(str(page.path) for page in site.drafts),
        )

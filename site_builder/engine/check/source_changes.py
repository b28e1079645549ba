"""What changed in a source page since its translation was marked: for the translator, line by line.

The version a translation follows is named by its digest (`translated_from:`). Its text is found in the
copy `site-builder translated` keeps in `.translated/` (one file per digest, left out of version control),
else in the project's git history, when the project is a git checkout.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

from ..base.errors import SiteError
from ..config.config import SiteConfig
from ..load.content import PageReader
from ..model.model import Page
from ..model.records import source_digest

COPIES = ".translated"  # below the project's folder
MAX_LINES = 12  # of changes shown per page; the rest are counted
MAX_COMMITS = 200  # of a source page's history looked through for the version a translation follows
_WIDTH = 110


def keep_copy(config: SiteConfig, source: Page, digest: str) -> None:
    """Keep the source page's text as it is now, under its digest, for `changes` to compare with later."""
    folder = config.root / COPIES
    folder.mkdir(exist_ok=True)
    target = folder / f"{digest}.md"
    if not target.exists():
        temporary = folder / f".{digest}.md.new"
        shutil.copyfile(source.path, temporary)
        temporary.replace(target)


def changes(config: SiteConfig, reader: PageReader, source: Page, digest: str) -> list[str]:
    """The lines of `source` changed since the version whose digest is `digest`, as `-` old and `+` new lines,
    each `+` line with its line in the file; a sentence saying why when that version cannot be found."""
    old = _kept(config, reader, source, digest) or _from_git(config, reader, source, digest)
    if old is None:
        return [
            f"(the version of {source.path.name} it was translated from is neither kept in {COPIES}/ "
            "nor in the git history: compare the pages by eye)"
        ]
    return _diff(old, source)


def stale_changes(config: SiteConfig, reader: PageReader, pages: list[Page]) -> dict[Path, list[str]]:
    """For each translation whose source page changed since it was marked: what changed, by `changes`."""
    default = config.default_language
    sources = {page.key: page for page in pages if page.lang == default}
    found = {}
    for page in pages:
        source = sources.get(page.key)
        if page.lang == default or source is None or page.translated_from is None:
            continue
        if source_digest(source) != page.translated_from:
            found[page.path] = changes(config, reader, source, page.translated_from)
    return found


def _kept(config: SiteConfig, reader: PageReader, source: Page, digest: str) -> Page | None:
    copy = config.root / COPIES / f"{digest}.md"
    if not copy.is_file():
        return None
    return _read(reader, source, copy.read_text(encoding="utf-8"))


def _read(reader: PageReader, source: Page, text: str) -> Page | None:
    try:
        return reader.read(source.path, source.lang, text)
    except SiteError:  # a version that did not build; it cannot be the one a translation was marked from
        return None


def _git(config: SiteConfig, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(config.root), *args], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _from_git(config: SiteConfig, reader: PageReader, source: Page, digest: str) -> Page | None:
    """The source page as some commit holds it whose text has `digest`, newest first, following renames."""
    top = _git(config, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    relative = source.path.resolve().relative_to(Path(top.strip()).resolve()).as_posix()
    log = _git(config, "log", f"-{MAX_COMMITS}", "--follow", "--format=%x00%H", "--name-only", "--", relative)
    for entry in (log or "").split("\0")[1:]:
        commit, *names = entry.split()
        if not names:
            continue
        text = _git(config, "show", f"{commit}:{names[0]}")
        if text is not None and (page := _read(reader, source, text)) is not None and source_digest(page) == digest:
            return page
    return None


def _lines(page: Page) -> list[tuple[int, str]]:
    """What a translator reads of a page, each line with its line in the file."""
    body = [(page.body_line + n, line) for n, line in enumerate(page.body.split("\n")) if line.strip()]
    return [(page.line_of("title"), f"title: {page.title}"), (page.line_of("description"), page.description), *body]


def _diff(old: Page, new: Page) -> list[str]:
    before, after = _lines(old), _lines(new)
    matcher = difflib.SequenceMatcher(None, [t for _, t in before], [t for _, t in after], autojunk=False)
    shown: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:  # lines edited in place: the words that changed in each
            for (_, was), (line, now) in zip(before[i1:i2], after[j1:j2], strict=True):
                was, now = _around_change(was, now)
                shown += [f"- {was}", f"+ {now} (line {line})"]
            continue
        shown += [f"- {_short(text)}" for _, text in before[i1:i2]]
        shown += [f"+ {_short(text)} (line {line})" for line, text in after[j1:j2]]
    if len(shown) > MAX_LINES:
        shown = [*shown[:MAX_LINES], f"… and {len(shown) - MAX_LINES} more changed lines"]
    return shown or ["(only spacing changed)"]


def _around_change(was: str, now: str, context: int = 5) -> tuple[str, str]:
    """Both versions of an edited line, cut to the words that changed and a few on either side."""
    old, new = was.split(), now.split()
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1

    def cut(words: list[str]) -> str:
        first, last = max(0, start - context), min(len(words), len(words) - end + context)
        text = " ".join(words[first:last])
        return f"{'… ' if first else ''}{_short(text)}{' …' if last < len(words) else ''}"

    return cut(old), cut(new)


def _short(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"

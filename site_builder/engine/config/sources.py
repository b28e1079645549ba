"""Which files are the site's sources. Every other stage reads only files this module lists.

Only files inside the project are sources. A symbolic link is followed while it stays inside; one that
leads outside, to nothing, or round in a loop is reported and never read, so no byte of a file outside
the project reaches the output. Editors' junk (dotfiles, backups, lock files, desktop metadata) is
never a source: it is neither read as a page nor published.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from pathlib import Path

from ..base.errors import Collector
from ..base.files import refusal
from .config import SiteConfig

# Names no editor means as part of the site: hidden files (.DS_Store, .#page.md lock files, .git),
# backups (page.md~, #page.md#), swap files (.page.md.swp) and desktop metadata.
_IGNORED = re.compile(r"\..*|.*~|#.*#|thumbs\.db|desktop\.ini|ehthumbs\.db", re.IGNORECASE)


def ignored(name: str) -> bool:
    """Whether a file or folder name is an editor's or a desktop's, never the site's."""
    return _IGNORED.fullmatch(name) is not None


def link_problem(path: str, root: str) -> str | None:
    """Why the symbolic link `path` may not be followed, or None when it leads to something inside `root`."""
    try:
        target = os.path.realpath(path, strict=True)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link that leads round in a loop; point it at a file, or delete it"
        return f"a symbolic link to nothing ({os.readlink(path)} does not exist); point it at a file, or delete it"
    if target != root and not target.startswith(root + os.sep):
        return f"a symbolic link to {target}, outside the project; only the project's own files are read"
    return None


def folder_files(
    config: SiteConfig, folder: Path, suffix: str | tuple[str, ...] = "", others: tuple[str, ...] = ()
) -> list[Path]:
    """Every file below `folder` whose name ends in `suffix` (in any case), in path order, the ignored ones left out,
    and those whose name ends in one of `others`, whatever they are: another lister's to report.

    Raises SiteError naming every link that may not be followed and every folder that cannot be read.
    """
    problems = Collector()
    found: list[Path] = []
    root = os.path.realpath(config.root)
    seen = {os.path.realpath(folder)}  # a link back to a folder already walked would never end

    def walk(path: str) -> None:
        try:
            with os.scandir(path) as listing:  # another lister's files left out first: there may be thousands
                entries = [e for e in listing if not (others and e.name.endswith(others)) and not ignored(e.name)]
        except OSError as error:
            problems.add(path, f"cannot be read: {error.strerror}")
            return
        for entry in sorted(entries, key=lambda e: e.name):
            if suffix and not entry.name.lower().endswith(suffix) and not entry.is_dir():
                continue  # not one of the files asked for, nor a folder that may hold some
            if entry.is_symlink() and (why := link_problem(entry.path, root)):
                problems.add(entry.path, why)
            elif entry.is_dir():
                real = os.path.realpath(entry.path)
                if real in seen:
                    problems.add(entry.path, "a symbolic link to a folder it is inside of; delete it")
                else:
                    seen.add(real)
                    walk(entry.path)
            elif not entry.is_file() and (refused := refusal(entry.path, entry.stat().st_mode)):
                problems.add(entry.path, f"cannot be read: {refused.strerror}")  # a FIFO would never answer
            else:
                found.append(Path(entry.path))

    if os.path.isdir(folder):
        if os.path.islink(folder) and (why := link_problem(str(folder), root)):
            problems.add(folder, why)
        else:
            walk(str(folder))
    problems.raise_if_any()
    return found


# Pictures a page may show (pictures.py reads them); any other file below content/ is not a source.
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg")
PICTURES_FOLDER = "assets/pictures"  # where they are published, under names made from their bytes


def picture_names(config: SiteConfig) -> list[Path]:
    """Every picture below content/: beside the pages, in their folders, and shared ones in content/images/.

    Raises SiteError naming every link that may not be followed, as folder_files does.
    """
    return folder_files(config, config.content_dir, PICTURE_SUFFIXES, others=(".md",))  # page_names reports those


def page_names(config: SiteConfig) -> list[str]:
    """The file of every page, language by language, in path order: each `*.md` in content/<lang>/ and in
    the folders below it (folders only keep an editor's pages in order: a page's address comes from its slug).

    Strings, not paths: making 4,000 paths takes a noticeable time. An entry that is not a readable
    file (a folder named `x.md`) is listed all the same, for the reader to report; a link that may not
    be followed raises SiteError, with every other such link.
    """
    problems = Collector()
    root = os.path.realpath(config.root)
    names: list[str] = []
    for lang in config.languages:
        folder = str(config.content_dir / lang.code)
        if not os.path.isdir(folder):
            continue  # the loader says which folder is missing
        found: list[tuple[str, str]] = []  # (the path below the language's folder, the path)
        seen = {os.path.realpath(folder)}
        pending = [(folder, "")]
        while pending:
            path, below = pending.pop()
            try:
                with os.scandir(path) as listing:
                    entries = [e for e in listing if not ignored(e.name)]
            except OSError as error:
                problems.add(path, f"cannot be read: {error.strerror}")
                continue
            for entry in entries:
                if entry.is_symlink() and (why := link_problem(entry.path, root)):
                    if entry.name.endswith(".md") or _is_folder(entry):
                        problems.add(entry.path, why)
                elif entry.name.endswith(".md"):
                    found.append((below + entry.name, entry.path))
                elif entry.is_dir():
                    real = os.path.realpath(entry.path)
                    if real in seen:
                        problems.add(entry.path, "a symbolic link to a folder it is inside of; delete it")
                    else:
                        seen.add(real)
                        pending.append((entry.path, f"{below}{entry.name}/"))
        names += [path for _below, path in sorted(found)]
    problems.raise_if_any()
    return names


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def page_language(config: SiteConfig, path: Path) -> str:
    """The language of a page file: the folder below content/ it is in, however deep."""
    return path.relative_to(config.content_dir).parts[0]


def page_order(config: SiteConfig) -> Callable[[Path], tuple[int, str]]:
    """The sort key that puts page files in page_names' order: by language, then by path below its folder."""
    rank = {language.code: n for n, language in enumerate(config.languages)}
    content = f"{config.content_dir}{os.sep}"

    def key(path: Path) -> tuple[int, str]:
        # As strings: the key is taken for every page of a large site on every build.
        lang, _, below = str(path).removeprefix(content).partition(os.sep)
        return rank[lang], below.replace(os.sep, "/")

    return key

"""Write the output so that its folder always holds one whole site, the last good one or the new one.

The new site is assembled beside the output, in `.NAME.staging`, which holds the site from before the
last build: a file the new site keeps as it is becomes a hard link to the live one (so an edit writes one
file of 4,000), the others are written anew, and whatever else is there is removed. Then the two folders
change places in one step (renameat2 with RENAME_EXCHANGE on Linux; elsewhere two renames, which
recover() finishes or undoes after a kill), and the site that was live is the next build's staging folder.

A folder is the builder's own only when its mark names the folder itself, by device and inode: the mark
copied into another folder (a gh-pages checkout filled by `cp -r public/. pages/`, say) does not count,
and such a folder is refused, not replaced.
"""

from __future__ import annotations

import errno
import functools
import os
import shutil
import stat
import sys
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import SiteError
from ..config.config import SiteConfig

try:
    import fcntl
except ImportError:  # not a POSIX system: one build at a time into a folder is then up to the user
    fcntl = None  # type: ignore[assignment]  # Windows has no fcntl

MARKER = ".site-builder-output"
_MARK_TITLE = "This folder is site-builder's output: each build into it replaces it whole."
_MARK_ID = "It is the builder's own only while this is its device:inode, which a copy does not share: "
_OLD_MARK = "This folder is written by site-builder and replaced on every build.\n"  # before marks named folders

Stat = tuple[int, int, int]  # (mtime in ns, size, inode) of a file: a change almost always changes one of them


@dataclass(frozen=True)
class Written:
    """What a write left in the output folder, for the next build to check it against."""

    files: dict[str, Stat]  # each file written anew, or copied where a link failed, with its stat
    folders: dict[str, int]  # every folder of the site ("" for the output folder itself) -> its mtime in ns

def staging_folder(output: Path) -> Path:
    """Where the next site is assembled, beside the output: it then holds the site before the last build."""
    return output.with_name(f".{output.name}.staging")


def _step(point: str) -> None:
    """Each step of a write passes here: the tests stop the process at each to show a kill leaves a whole site."""


# Ownership


def _identity(folder: Path) -> str:
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):  # a link to a folder is not that folder
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    return f"{info.st_dev}:{info.st_ino}"


def _mark(folder: Path) -> str | None:
    """Whose the folder is, by its mark: "own", "copy" (a mark naming another folder), "old" (the mark of an
    earlier site-builder, which names no folder) or None (no mark)."""
    try:
        if not stat.S_ISREG(os.stat(folder / MARKER).st_mode):
            return None  # a pipe or device in the mark's place is no mark, and opening it could wait for ever
        with open(folder / MARKER, encoding="utf-8", errors="replace") as stream:
            text = stream.read(1000)
        identity = _identity(folder)
    except OSError:
        return None
    if text == _OLD_MARK:
        return "old"
    lines = text.splitlines()
    if len(lines) != 2 or lines[0] != _MARK_TITLE or not lines[1].startswith(_MARK_ID):
        return None
    return "own" if lines[1].removeprefix(_MARK_ID) == identity else "copy"


def _check_place(config: SiteConfig, output: Path) -> None:
    root = config.root
    if output == root or output in root.parents:
        raise SiteError.at(output, "the output folder cannot be the project folder or one that holds it")
    for source in config.sources:
        if output == source or source.is_relative_to(output) or output.is_relative_to(source):
            raise SiteError.at(output, f"the output folder cannot hold or sit inside the sources ({source.name})")
    if output.exists() and not output.is_dir():
        raise SiteError.at(output, "the output path is a file, not a folder")


def _check_owner(output: Path) -> None:
    untouched = "nothing in it was touched"
    if output.is_dir() and any(output.iterdir()):
        mark = _mark(output)
        if mark == "copy":
            raise SiteError.at(
                output,
                "this folder holds site-builder's mark copied from another folder, so site-builder did not make "
                f"it and will not replace it ({untouched}); build into an empty or new folder, or delete this one",
            )
        if mark == "old":
            raise SiteError.at(
                output,
                "this folder holds the mark of an earlier site-builder, which a copy carries too, so it cannot tell "
                f"whether it made this folder ({untouched}); delete the folder and build again",
            )
        if mark is None:
            raise SiteError.at(
                output, "this folder is not empty and was not made by site-builder; choose an empty or new folder"
            )
        if os.path.lexists(output / ".git"):
            raise SiteError.at(
                output / ".git",
                "a build replaces the whole output folder and would remove this Git repository "
                f"({untouched}); build into another folder and copy the site into the repository",
            )
    staging = staging_folder(output)
    if os.path.lexists(staging) and _mark(staging) != "own":
        raise SiteError.at(
            staging,
            "site-builder assembles each new site in a folder of this name beside the output, but did not make "
            f"this one ({untouched}); move or delete it",
        )


def check_output_folder(config: SiteConfig, output: Path) -> None:
    """Refuse an output folder whose replacement would destroy sources or files site-builder did not write."""
    output = output.resolve()
    _check_place(config, output)
    _check_owner(output)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One build at a time in the folder that holds the output (a lock on that folder, released on exit)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # not there yet, or not readable: nothing to share
        yield
        return
    try:
        if fcntl is not None:
            with suppress(OSError):  # a file system without locks: builds are then up to the user
                fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


@contextmanager
def claim(config: SiteConfig, output: Path) -> Iterator[None]:
    """The output folder, held for one build: another build into it waits, a swap a kill interrupted is
    finished or undone, and a folder site-builder did not make is refused."""
    output = output.resolve()
    _check_place(config, output)
    with _locked(output.parent):
        recover(output)
        _check_owner(output)
        yield


# Recovery


def _mine(path: Path) -> bool:
    info = os.lstat(path)
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def recover(output: Path) -> None:
    """Finish or undo a swap that a kill interrupted, and remove what an interrupted build left beside the output.

    `.NAME.old-*` is the live site moved aside by a two-rename swap: put back if the output is gone, else
    kept as the staging folder. `.NAME.new-*` is a folder being made: removed.
    """
    output = output.resolve()
    prefix = f".{output.name}."
    try:
        with os.scandir(output.parent) as entries:
            left = sorted(
                Path(entry.path)
                for entry in entries
                if entry.name.startswith((prefix + "new-", prefix + "old-"))
                and entry.is_dir(follow_symlinks=False)
                and _mine(Path(entry.path))
            )
    except OSError:
        return
    staging = staging_folder(output)
    for folder in sorted(left, key=lambda path: os.lstat(path).st_mtime_ns, reverse=True):
        if folder.name.startswith(prefix + "old-") and _mark(folder) == "own":
            for place in (output, staging):
                if not os.path.lexists(place):
                    with suppress(OSError):
                        os.rename(folder, place)
                    break
        if os.path.lexists(folder):
            shutil.rmtree(folder, ignore_errors=True)


# Writing


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """glibc's renameat2, found when a build first swaps folders: ctypes is slow to load for a build that does not."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc before 2.28)
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False where the system cannot, and nothing was changed."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # not on this kernel or file system
        return False
    raise OSError(code, os.strerror(code), str(second))


def _make_folder(path: Path, output: Path) -> None:
    """A new, empty folder of the builder's own at `path`, marked before it takes that name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    temporary = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=path.parent))
    os.chmod(temporary, 0o755)  # noqa: S103 - a web root must be readable by the server
    (temporary / MARKER).write_text(f"{_MARK_TITLE}\n{_MARK_ID}{_identity(temporary)}\n", encoding="utf-8")
    os.rename(temporary, path)


def _contents(root: str) -> tuple[dict[str, int], set[str]]:
    """Every file below `root` but the mark, with its inode, and every folder."""
    files: dict[str, int] = {}
    folders: set[str] = set()
    pending = [""]
    while pending:
        folder = pending.pop()
        with os.scandir(f"{root}/{folder}" if folder else root) as entries:
            for entry in entries:
                name = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(name)
                    pending.append(name)
                elif name != MARKER:
                    files[name] = entry.inode()
    return files, folders


def _parents(names: Collection[str]) -> set[str]:
    folders = set()
    for name in names:
        folder = name.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def _write(path: str, data: bytes) -> Stat:
    with open(path, "xb") as stream:  # a new file: the old one may be a link to the live site's
        stream.write(data)
        stream.flush()  # so the stat below sees every byte
        info = os.fstat(stream.fileno())
    return info.st_mtime_ns, info.st_size, info.st_ino


def _assemble(
    staging: Path, live: Path, files: Mapping[str, bytes], kept: Collection[str], folders: set[str]
) -> dict[str, Stat]:
    """Make `staging` hold exactly `files` and, as they are in `live`, the `kept` files (below `folders`); the
    stats of those written (or copied) there. Its own files may be links to the live ones: each is replaced,
    never written into. `kept` may map each name to the inode its live file has: not looked up again then."""
    root, source = str(staging), str(live)
    inodes = kept if isinstance(kept, Mapping) else None
    names = set(files).union(kept)
    present, present_folders = _contents(root)
    gone: set[str] = set()
    for folder in sorted(present_folders - folders):  # a folder before what it holds
        if not _parents([folder]) & gone:
            shutil.rmtree(f"{root}/{folder}")
            gone.add(folder)
    for name in present.keys() - names:
        if not _parents([name]) & gone:
            os.unlink(f"{root}/{name}")
    for folder in sorted(folders - present_folders):
        os.mkdir(f"{root}/{folder}")
    written = {}
    for name, data in files.items():
        if name in present:
            os.unlink(f"{root}/{name}")
        written[name] = _write(f"{root}/{name}", data)
        _step("written")
    for name in kept:
        if name in files:
            continue
        original, target = f"{source}/{name}", f"{root}/{name}"
        if present.get(name) == (inodes[name] if inodes is not None else os.stat(original).st_ino):
            continue  # already the same file
        if name in present:
            os.unlink(target)
        try:
            os.link(original, target)
        except OSError:  # a file system without hard links: a copy costs more, and is as good
            shutil.copyfile(original, target)
            info = os.stat(target)
            written[name] = (info.st_mtime_ns, info.st_size, info.st_ino)
        _step("linked")
    return written


def _swap(staging: Path, output: Path) -> None:
    """Put the assembled site in the output's place; the site that was there becomes the staging folder."""
    if not os.path.lexists(output):
        os.rename(staging, output)
        return
    if exchange(staging, output):
        previous = staging
        _step("exchanged")
    else:
        import secrets

        previous = output.with_name(f".{output.name}.old-{secrets.token_hex(4)}")
        os.rename(output, previous)
        _step("retired")
        try:
            os.rename(staging, output)
        except OSError as error:
            try:
                os.rename(previous, output)
            except OSError:
                raise SiteError.at(
                    output,
                    f"cannot put the new site in place ({error.strerror}), nor the last good one back: it is in "
                    f"{previous.name} beside it, and the next build puts it back",
                ) from None
            raise
        _step("swapped")
    if _mark(previous) != "own":  # the empty folder that stood there
        with suppress(OSError):
            os.rmdir(previous)
    elif previous != staging:
        with suppress(OSError):  # left where it is, recover() moves it next time
            os.rename(previous, staging)


def write_site(files: Mapping[str, bytes], output: Path, kept: Collection[str] | Mapping[str, int] = ()) -> Written:
    """Make `output` hold `files` and its `kept` files as they are now, nothing else, all in one step.

    `kept` may map each name to the inode of its file in `output`, when the caller has seen it there: a site
    of thousands of files is then not looked through for them again.

    If anything fails, the folder holds the last good site as it was, and the error says so.
    """
    output = output.resolve()
    staging = staging_folder(output)
    names = set(files).union(kept)
    parents = _parents(names)
    try:
        if not os.path.lexists(staging):
            _make_folder(staging, output)
        stats = _assemble(staging, output, files, kept, parents)
        _step("assembled")
        _swap(staging, output)
    except OSError as error:
        raise SiteError.at(
            output,
            f"cannot write the site ({error.strerror}); the folder still holds the last good site, untouched",
        ) from None
    _step("in place")
    folders = {}
    for folder in ("", *sorted(parents)):
        try:
            folders[folder] = os.stat(f"{output}/{folder}" if folder else output).st_mtime_ns
        except OSError:
            folders[folder] = -1  # the next build looks inside
    if not os.path.lexists(staging):  # the first build: make the next one's staging folder now
        with suppress(OSError):  # or the next build makes it
            _make_folder(staging, output)
            _assemble(staging, output, {}, names, parents)
    return Written(stats, folders)

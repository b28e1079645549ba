"""Stage 4: write the output atomically. A failed build never touches the last good site."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .config import SiteConfig
from .errors import SiteError

# Marks an output folder as this builder's, so it may be replaced on the next build.
MARKER = ".site-builder-output"


def check_output_folder(config: SiteConfig, output: Path) -> None:
    """Refuse an output folder whose replacement would destroy sources or someone else's files."""
    output = output.resolve()
    root = config.root
    sources = config.sources
    if output == root or output in root.parents:
        raise SiteError.at(output, "the output folder cannot be the project folder or one that holds it")
    for source in sources:
        if output == source or source.is_relative_to(output) or output.is_relative_to(source):
            raise SiteError.at(output, f"the output folder cannot hold or sit inside the sources ({source.name})")
    if output.exists():
        if not output.is_dir():
            raise SiteError.at(output, "the output path is a file, not a folder")
        if any(output.iterdir()) and not (output / MARKER).is_file():
            raise SiteError.at(
                output, "this folder is not empty and was not made by site-builder; choose an empty or new folder"
            )


Stat = tuple[int, int]  # (mtime in ns, size) of a file: a change almost always changes one of them


def bytes_digest(data: bytes) -> bytes:
    """What tells two versions of a file apart: the next build compares it before writing or rendering again."""
    return hashlib.blake2b(data, digest_size=16).digest()


def _write(path: Path, data: bytes) -> Stat:
    with open(path, "wb") as stream:
        stream.write(data)
        stream.flush()  # so the stat below sees every byte
        stat = os.fstat(stream.fileno())
    return stat.st_mtime_ns, stat.st_size


def write_site(files: dict[str, bytes], output: Path) -> dict[str, Stat]:
    """Write every file into a new folder beside `output`, then swap it in with two renames."""
    output = output.resolve()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    except OSError as error:
        raise SiteError.at(output, f"cannot write here: {error.strerror}") from None
    try:
        stats = {}
        for relative, data in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            stats[relative] = _write(target, data)
        (staging / MARKER).write_text("This folder is written by site-builder and replaced on every build.\n")
        os.chmod(staging, 0o755)  # noqa: S103 - a web root must be readable by the server
        if output.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
            os.rename(output, retired / output.name)
            try:
                os.rename(staging, output)
            except OSError:
                os.rename(retired / output.name, output)  # put the last good site back
                raise
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(staging, output)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SiteError.at(output, f"cannot write the site here: {error.strerror}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return stats


def update_site(changed: dict[str, bytes], removed: list[str], output: Path) -> dict[str, Stat]:
    """Replace the files whose bytes changed, one rename each, and delete those no longer made.

    Only called once every check has passed, so the folder goes from one good site to the next.
    """
    stats = {}
    try:
        for relative, data in sorted(changed.items()):
            target = output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.new")
            stats[relative] = _write(temporary, data)
            os.replace(temporary, target)
        for relative in removed:
            (output / relative).unlink(missing_ok=True)
            for folder in (output / relative).parents:
                if folder == output or any(folder.iterdir()):
                    break
                folder.rmdir()
    except OSError as error:
        raise SiteError.at(output, f"cannot write the site here: {error.strerror}") from None
    return stats

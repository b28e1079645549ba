"""Static files, with content-hashed names for CSS and JS so hosts can cache them forever."""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..base.errors import SiteError
from ..base.files import read_regular
from ..config.config import SiteConfig
from ..config.sources import folder_files

FINGERPRINTED = {".css", ".js", ".svg"}
# A JavaScript module's import of another static module by relative path, as `from './base-stemmer.js'`.
_MODULE_IMPORT = re.compile(rb"""(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}/[^'"\s]+\.js)\2""")


@dataclass(frozen=True)
class Assets:
    files: dict[str, bytes]  # output path (posix, below the site root) -> bytes
    names: dict[str, str]  # source path ("css/site.css") -> output path ("assets/site.1a2b3c4d.css")

    def output_path(self, source: str) -> str:
        try:
            return self.names[source]
        except KeyError:
            raise SiteError.at(f"static/{source}", "a template asks for this file, but it does not exist") from None


def load_assets(config: SiteConfig, page_types: Iterable[str] | None = None) -> Assets:
    """Every static file; a module's relative imports point at the hashed names of the modules it imports,
    and so its own hash changes with theirs.

    The default theme's static files come with its templates: when the build uses one of those (for the pages
    of `page_types`, or for the site-wide files), each joins the site's own unless the site has one of that name.
    """
    from .theme import uses_theme

    theme = config.theme_static_dir
    sources: dict[str, Path] = {}
    if uses_theme(config, page_types):
        sources.update(
            (path.relative_to(theme).as_posix(), path) for path in sorted(theme.rglob("*")) if path.is_file()
        )
    root = config.static_dir
    if root.is_dir():  # a site may have no static files of its own
        sources.update((path.relative_to(root).as_posix(), path) for path in folder_files(config, root))
    files: dict[str, bytes] = {}
    names: dict[str, str] = {}

    def place(source: str, importers: tuple[str, ...] = ()) -> str:
        if source in names:
            return names[source]
        if source in importers:
            raise SiteError.at(sources[source], "this module imports itself, through the modules it imports")
        try:
            data = read_regular(sources[source])
        except OSError as error:
            raise SiteError.at(sources[source], f"cannot be read: {error.strerror}") from None
        out = PurePosixPath(source)
        if out.suffix == ".js":
            data = _MODULE_IMPORT.sub(lambda m: _imported(m, source, (*importers, source)), data)
        if out.suffix in FINGERPRINTED:
            digest = hashlib.sha256(data).hexdigest()[:10]
            out = PurePosixPath("assets") / f"{out.stem}.{digest}{out.suffix}"
        names[source] = str(out)
        files[str(out)] = data
        return str(out)

    def _imported(match: re.Match[bytes], source: str, importers: tuple[str, ...]) -> bytes:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), match[3].decode()))
        if target not in sources:
            raise SiteError.at(sources[source], f"imports {match[3].decode()}, which is not in static/")
        # Every fingerprinted file lands in assets/, side by side.
        return match[1] + match[2] + b"./" + PurePosixPath(place(target, importers)).name.encode() + match[2]

    for source in sorted(sources):
        place(source)
    return Assets(dict(sorted(files.items())), names)

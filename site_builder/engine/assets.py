"""Stage 2d: static files, with content-hashed names for CSS and JS so hosts can cache them forever."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from .config import SiteConfig
from .errors import SiteError
from .sources import folder_files

FINGERPRINTED = {".css", ".js", ".svg"}


@dataclass(frozen=True)
class Assets:
    files: dict[str, bytes]  # output path (posix, below the site root) -> bytes
    names: dict[str, str]  # source path ("css/site.css") -> output path ("assets/site.1a2b3c4d.css")

    def output_path(self, source: str) -> str:
        try:
            return self.names[source]
        except KeyError:
            raise SiteError.at(f"static/{source}", "a template asks for this file, but it does not exist") from None


def load_assets(config: SiteConfig) -> Assets:
    files: dict[str, bytes] = {}
    names: dict[str, str] = {}
    root = config.static_dir
    for path in folder_files(config, root):
        source = path.relative_to(root).as_posix()
        data = path.read_bytes()
        out = PurePosixPath(source)
        if out.suffix in FINGERPRINTED:
            digest = hashlib.sha256(data).hexdigest()[:10]
            out = PurePosixPath("assets") / f"{out.stem}.{digest}{out.suffix}"
        names[source] = str(out)
        files[str(out)] = data
    return Assets(files, names)

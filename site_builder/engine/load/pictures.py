"""Pictures in pages: the files below content/, their size, and the files a page that shows one publishes.

A picture is published under a name made from its bytes (assets/pictures/diagram.1a2b3c4d5e.png), so hosts
may cache it forever. A raster picture wider than the narrowest reading width is also offered as WebP
at the widths phones and screens need; each of those files is named by a digest of everything it is
drawn from (the picture's bytes, the width, the settings, this module's code and the Pillow that draws
it), so, like the link-preview cards, the same name is always the same bytes and a file the output
folder already holds is never drawn again (the plan decides which are drawn).

Nothing here reads a picture until a page shows it: a build that renders no page with a picture never
loads Pillow.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import posixpath
import re
import urllib.parse
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from xml.parsers import expat

from ..base import workers
from ..base.errors import SiteError
from ..base.files import read_regular
from ..config.config import PICTURE_KB, SiteConfig
from ..config.sources import PICTURE_SUFFIXES, folder_files, picture_names
from ..config.sources import PICTURES_FOLDER as FOLDER

RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".gif": "GIF"}
# Widths of the WebP copies: the text column is 44rem (704 px) at most, so 1× and 2× screens of any size
# find one close to what they need; a phone of 360 px at 1× takes the first.
WIDTHS = (480, 720, 1080, 1440)
# WebP quality: for photographs, and for a PNG's (a diagram's, a screenshot's) smaller copies, where lines and
# lettering need more; a PNG's copy at its own width is lossless, every pixel as drawn. Lossless copies of a
# resized PNG came out twice the bytes of these (measured by benchmarks/picture_weight.py).
PHOTO_QUALITY = 80
DIAGRAM_QUALITY = 90
SIZES = "100vw"  # a picture's width on screen, when no stylesheet says how wide the text column is (load_sizes)
MAX_PIXELS = 40_000_000  # far beyond any page's need, and within what Pillow opens without alarm
_NAME = re.compile(r"[^A-Za-z0-9_-]+")
_SVG = "http://www.w3.org/2000/svg"
# What drawing programs keep in their SVG files to edit them again, and the picture's RDF metadata: elements
# in these namespaces are inert (a browser draws, runs and fetches nothing for them), so they may stay.
_EDITORS = {
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
}
_ADOBE = "http://ns.adobe.com/"  # Illustrator's namespaces all start so
# CSS that could fetch a file: url() to anything but #name in the picture, @import, image-set(), src(), or an
# escape, which could spell any of them. A presentation attribute (fill="url(#shade)") is held to url() alone.
_FETCH = re.compile(r"""url\((?!\s*['"]?\s*#)""", re.I)
_FETCH_CSS = re.compile(_FETCH.pattern + r"|@import|image-set\(|\bsrc\(|\\", re.I)
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px|mm|cm|in|pt|pc)?\s*")
_PER_UNIT = {None: 1, "px": 1, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4, "pt": 96 / 72, "pc": 16}  # CSS pixels


class Size(NamedTuple):
    width: int
    height: int


@dataclass(frozen=True, eq=False)
class Picture:
    """A picture file below content/, read only once a page shows it."""

    path: Path
    source: str  # below content/, posix: "en/images/diagram.png", "images/logo.svg"

    def __reduce__(self) -> tuple[type[Picture], tuple[Path, str]]:
        return Picture, (self.path, self.source)  # from a worker without its bytes: read again if drawn

    @functools.cached_property
    def data(self) -> bytes:
        try:
            return read_regular(self.path)
        except OSError as error:
            raise SiteError.at(self.path, f"cannot be read: {error.strerror}") from None

    @property
    def raster(self) -> bool:
        return self.path.suffix.lower() in RASTER

    @functools.cached_property
    def size(self) -> Size:
        """Its width and height in pixels as a browser shows it (a photo's EXIF rotation applied)."""
        return _raster_size(self) if self.raster else _svg_size(self)

    @functools.cached_property
    def digest(self) -> str:
        return hashlib.blake2b(self.data, digest_size=16).hexdigest()

    @property
    def stem(self) -> str:
        return _NAME.sub("-", self.path.stem).strip("-") or "picture"

    @property
    def name(self) -> str:
        """The output file of the picture itself."""
        return f"{FOLDER}/{self.stem}.{self.digest[:10]}{self.path.suffix.lower()}"

    def copies(self) -> tuple[PictureFile, ...]:
        """The WebP copies offered beside it, narrowest first; none for an SVG, a GIF (it may move) or a small one."""
        if self.path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".webp"):
            return ()
        width, height = self.size
        widths = [w for w in WIDTHS if w < width]
        if not widths:
            return ()
        if width <= WIDTHS[-1]:
            widths.append(width)  # the whole picture as WebP, smaller than the original for a wide screen
        return tuple(PictureFile(self, w, max(1, round(height * w / width))) for w in widths)


@dataclass(frozen=True)
class PictureFile:
    """A file a page that shows a picture publishes: the picture itself (width None) or one of its WebP copies."""

    picture: Picture
    width: int | None = None
    height: int | None = None

    @functools.cached_property
    def name(self) -> str:
        picture = self.picture
        if self.width is None:
            return picture.name
        digest = hashlib.blake2b(digest_size=10)
        digest.update(repr((picture.digest, self.width, self.height, self.settings)).encode())
        digest.update(repr(workers.drawn_by(__file__)).encode())
        return f"{FOLDER}/{picture.stem}-{self.width}.{digest.hexdigest()}.webp"

    @property
    def settings(self) -> dict[str, object]:
        """How a copy is written as WebP."""
        if self.picture.path.suffix.lower() != ".png":
            return {"quality": PHOTO_QUALITY}
        return {"lossless": True} if self.width == self.picture.size.width else {"quality": DIAGRAM_QUALITY}


def load_sizes(config: SiteConfig) -> str:
    """The `sizes` of every picture's copies: as wide as the text column, which `--column` (its widest) and
    `--gutter` (its padding each side) set in the first :root block of the stylesheet in static/ that declares
    them, so that a phone takes the copy its screen needs."""
    from .card_style import custom_properties

    for sheet in folder_files(config, config.static_dir, ".css"):
        properties = custom_properties(sheet.read_text(encoding="utf-8", errors="replace"))
        column, gutter = properties.get("--column"), properties.get("--gutter")
        if column and gutter:
            return f"(max-width: {column}) calc(100vw - 2 * {gutter}), calc({column} - 2 * {gutter})"
    return SIZES


def load_pictures(config: SiteConfig) -> dict[str, Picture]:
    """Every picture below content/, by its path there; none is read yet."""
    root = config.content_dir
    return {(source := path.relative_to(root).as_posix()): Picture(path, source) for path in picture_names(config)}


def is_picture(name: str) -> bool:
    return name.lower().endswith(PICTURE_SUFFIXES)


# EXIF orientations that turn the picture a quarter: the browser shows it with width and height swapped.
_TURNED = {5, 6, 7, 8}
_ORIENTATION = 0x0112
_GPS = 0x8825  # the EXIF block of a photo's location


def _open(picture: Picture):  # a PIL image; Pillow is imported only here
    from PIL import Image, UnidentifiedImageError

    too_large = f"too large for a page; make it at most {MAX_PIXELS // 1_000_000} million pixels"
    unreadable = "is not a picture that can be read; save it again as PNG or JPEG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # an error, not a line on stderr
            image = Image.open(io.BytesIO(picture.data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise SiteError.at(picture.path, f"is {too_large}") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise SiteError.at(picture.path, unreadable) from None
    expected = RASTER[picture.path.suffix.lower()]
    if image.format != expected and (expected, image.format) != ("JPEG", "MPO"):  # MPO: a camera's JPEG
        found = image.format or "unknown"
        message = f"holds a {found} picture, not the {expected} its name says; rename it or save it again"
        raise SiteError.at(picture.path, message)
    if image.width * image.height > MAX_PIXELS:
        message = f"is {image.width}×{image.height} pixels, {too_large}"
        raise SiteError.at(picture.path, message)
    try:
        image.load()  # Image.open reads the header alone: a file cut short would pass, and fail only when drawn
    except (OSError, SyntaxError, ValueError):
        raise SiteError.at(picture.path, unreadable) from None
    return image


def _raster_size(picture: Picture) -> Size:
    """Its size as shown; a photo that records where it was taken is refused, since it is published as it is."""
    image = _open(picture)
    width, height = image.size
    try:
        exif = image.getexif()
        turned, located = exif.get(_ORIENTATION) in _TURNED, bool(exif.get_ifd(_GPS))
    except Exception:  # a damaged EXIF block: browsers ignore it too
        turned, located = False, False
    if located:
        raise SiteError.at(
            picture.path,
            "records the place it was taken (GPS in its EXIF data), which would be published with it; "
            "save a copy without its location (phones and photo editors can remove it) and use that",
        )
    return Size(height, width) if turned else Size(width, height)


def _svg_size(picture: Picture) -> Size:
    """From the SVG's width and height in pixels, or else its viewBox."""
    root = _scan_svg(picture)
    width, height = (_pixels(picture, root, name) for name in ("width", "height"))
    if width and height:
        return Size(width, height)
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if not box:
        message = 'has neither a width and height in pixels nor a viewBox; add viewBox="0 0 width height" to <svg>'
        raise SiteError.at(picture.path, message)
    try:
        _x, _y, box_width, box_height = (float(value) for value in box)
        if not all(0 < side < math.inf for side in (box_width, box_height)):  # nan is neither
            raise ValueError
        if width:  # one side given: the other follows the viewBox's shape
            sides: tuple[float, float] = width, width * box_height / box_width
        elif height:
            sides = height * box_width / box_height, height
        else:
            sides = box_width, box_height
        return Size(*(max(1, round(side)) for side in sides))  # round() refuses a side that overflowed to inf
    except (ValueError, OverflowError):
        message = f'has viewBox="{root["viewBox"]}", not four numbers that end in a width and height above 0'
        raise SiteError.at(picture.path, f'{message}; write viewBox="0 0 width height"') from None


def _scan_svg(picture: Picture) -> dict[str, str]:
    """The <svg> element's attributes, once the file is known to be plain SVG that runs no code and loads
    nothing: read with no DTD, so no entity is ever declared, expanded (billion laughs) or fetched."""
    scan = expat.ParserCreate(namespace_separator=" ")
    root: list[dict[str, str]] = []
    style: list[str] | None = None  # the text of the <style> element being read

    def unsafe(what: str) -> None:
        message = f"holds {what}, and a picture must not run code or load anything; delete it, or save it as plain SVG"
        raise SiteError.at(picture.path, message, scan.CurrentLineNumber)

    def element(name: str, attributes: dict[str, str]) -> None:
        nonlocal style
        space, _, tag = name.rpartition(" ")
        if not root:
            if name != f"{_SVG} svg":
                raise SiteError.at(
                    picture.path, f'is not an SVG picture: its first element must be <svg xmlns="{_SVG}">'
                )
            root.append(attributes)
        if space != _SVG and space not in _EDITORS and not space.startswith(_ADOBE):
            unsafe(f"<{tag}>, an element from outside SVG ({space or 'no namespace'})")
        if tag in ("script", "foreignObject"):
            unsafe(f"a <{tag}> element")
        if tag == "style":
            style = []
        for attribute, value in attributes.items():
            local = attribute.rpartition(" ")[2]
            if local.lower().startswith("on"):
                unsafe(f"an event attribute ({local}=)")
            if local == "href" and not value.startswith("#"):
                unsafe(f'{local}="{value}", which leaves the picture (href="#name" within it is fine)')
            if (_FETCH_CSS if local == "style" else _FETCH).search(value):
                unsafe(f'{local}="{value[:40]}", which fetches a file (url(#name) within the picture is fine)')
        if tag in ("set", "animate") and attributes.get("attributeName", "").rpartition(":")[2].strip() == "href":
            unsafe(f'an animation that changes a link (<{tag} attributeName="href">)')

    def end(name: str) -> None:
        nonlocal style
        if name == f"{_SVG} style":
            if _FETCH_CSS.search("".join(style or ())):
                unsafe("a <style> that could fetch a file (@import, url() to anything but #name, or a CSS escape)")
            style = None

    def text(data: str) -> None:
        if style is not None:
            style.append(data)

    def instruction(target: str, _data: str) -> None:  # <?xml version…?> is not one: expat reads it apart
        unsafe(f"a processing instruction (<?{target} …?>)")

    def doctype(*_: object) -> None:
        raise SiteError.at(picture.path, "has a DOCTYPE declaration, which a picture may not have; delete it")

    scan.StartElementHandler, scan.EndElementHandler = element, end
    scan.CharacterDataHandler, scan.ProcessingInstructionHandler = text, instruction
    scan.StartDoctypeDeclHandler = doctype  # stops the parse before any entity is declared
    try:
        scan.Parse(picture.data, True)
    except expat.ExpatError as error:
        message = f"is not well-formed SVG: {expat.errors.messages[error.code]}"
        raise SiteError.at(picture.path, message, error.lineno) from None
    return root[0]


def _pixels(picture: Picture, root: dict[str, str], name: str) -> int | None:
    """The SVG's width or height in CSS pixels (Inkscape writes mm); None if it has none, or gives a percentage."""
    found = _LENGTH.fullmatch(value := root.get(name, ""))
    if not found:
        return None
    number = float(found.group(1)) * _PER_UNIT[found.group(2)]
    if not (math.isfinite(number) and number > 0):
        message = f'has {name}="{value}", which is no size; write a number of pixels above 0, or delete it'
        raise SiteError.at(picture.path, message)
    return max(1, round(number))


def draw(file: PictureFile) -> bytes:
    """The file's bytes: the picture's own, or a WebP copy at the file's width."""
    if file.width is None:
        return file.picture.data
    from PIL import Image, ImageOps

    original = _open(file.picture)
    icc = original.info.get("icc_profile")
    image = ImageOps.exif_transpose(original)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    if image.size != (file.width, file.height):
        image = image.resize((file.width, file.height), resample=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No EXIF or XMP (a phone's record of where it was must not travel); the colour profile stays, so colours do.
    image.save(out, "WEBP", method=4, exif=b"", xmp=b"", icc_profile=icc or b"", **file.settings)
    return out.getvalue()


def draw_pictures(files: dict[str, PictureFile]) -> dict[str, bytes]:
    """Each file's bytes by its output name, drawn across the machine's cores."""
    return workers.map_values(draw, files)


class PictureError(Exception):
    """A page shows a picture it may not: carries a plain message; the body renderer adds the file and line."""


_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")


@dataclass(frozen=True)
class PagePictures:
    """What the body renderer needs to show pictures: every picture below content/, and how URLs are made."""

    pictures: Mapping[str, Picture] = field(default_factory=dict)
    url: Callable[[str], str] = "/".__add__  # of an output file: root-relative, under the base URL's path
    budget_kb: float = PICTURE_KB
    sizes: str = SIZES  # the `sizes` of a picture's copies: see load_sizes

    def find(self, lang: str, src: str) -> Picture:
        """The picture a page in content/<lang>/ means by `src`: beside the page, else shared in content/."""
        if _ADDRESS.match(src):
            raise PictureError(
                f"the picture {src} is on another site, and the site's security policy shows only its own; "
                "save the file beside the page (or in images/) and write its name"
            )
        if src.startswith("/"):
            raise PictureError(
                f"the picture {src} is written from the site's root; write its path from the page, "
                f"like ![…]({src.lstrip('/')}), so it shows at any address the site is published under"
            )
        if not src:
            raise PictureError("a picture with no file: write ![what it shows](file.png)")
        path = urllib.parse.unquote(src)
        if not is_picture(path):
            raise PictureError(f"{src} is not a picture: a page shows {', '.join(PICTURE_SUFFIXES)} files")
        beside, shared = posixpath.normpath(f"{lang}/{path}"), posixpath.normpath(path)
        for candidate in (beside, shared):
            if not candidate.startswith("../") and (picture := self.pictures.get(candidate)) is not None:
                return picture
        raise PictureError(f"the picture {src} is not there: neither content/{beside} nor content/{shared} exists")

    def check_weight(self, picture: Picture, src: str) -> None:
        if len(picture.data) > self.budget_kb * 1000:
            raise PictureError(
                f"the picture {src} weighs {len(picture.data) / 1000:,.0f} KB, over the {self.budget_kb:g} KB a "
                "picture may (picture_kb in site.yaml): save it smaller, a photo as JPEG at about 75% quality "
                "and 1200 to 1600 pixels wide"
            )

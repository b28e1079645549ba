"""The link-preview pictures (og:image), a 1200×630 PNG per page and language.

A card is named by a digest of everything it is drawn from: its words, its colours and font, the size,
this module's own code and the Pillow that draws it. The same name is always the same bytes, so a card
the output folder already holds need not be drawn again (the plan decides which are drawn), and two
pages with the same words share one file. Drawing is deterministic: no timestamps or text chunks in
the PNG, and Pillow's basic text layout, which does not depend on the system's shaping libraries.
"""

from __future__ import annotations

import functools
import hashlib
import io
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..base import workers
from ..model.model import RGB, CardStyle

if TYPE_CHECKING:  # Pillow loads only when a card is drawn: a build that draws none never waits for it
    from PIL import ImageFont

WIDTH, HEIGHT = 1200, 630  # what Facebook, WhatsApp, Telegram and X show whole
MEDIA_TYPE = "image/png"
FOLDER = "assets/cards"  # content-addressed, like the other assets: cached forever
MARGIN = 80  # around the words, on every side
STRIPE = 36  # the band of colours along the foot
LABEL_SIZE = 36
LABEL_TOP = 64
TITLE_TOP = 160
TITLE_SIZES = range(76, 39, -4)  # the largest that holds the whole title is used
LINE_HEIGHT = 1.2  # times the font size
ELLIPSIS = "…"
SHADES = 16  # of each ink, from the background to the ink itself: enough for smooth edges


class Box(NamedTuple):
    left: int
    top: int
    right: int
    bottom: int


# Where the title may be drawn: below the site's name, above the band, inside the margins.
TITLE_BOX = Box(MARGIN, TITLE_TOP, WIDTH - MARGIN, HEIGHT - STRIPE - MARGIN // 2)


@dataclass(frozen=True)
class Card:
    title: str  # large, wrapped; a line break starts a new line
    label: str  # small, above it: the site's name
    style: CardStyle

    width = WIDTH
    height = HEIGHT
    media_type = MEDIA_TYPE

    @functools.cached_property
    def name(self) -> str:
        """The card's output file, named by what it is drawn from."""
        digest = hashlib.blake2b(digest_size=10)
        digest.update(repr((self.title, self.label, self.style, WIDTH, HEIGHT, workers.drawn_by(__file__))).encode())
        return f"{FOLDER}/{digest.hexdigest()}.png"


@functools.cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


class Line(NamedTuple):
    text: str
    x: int
    y: int  # the top of the line's box; the text's own ink lies inside it


class Layout(NamedTuple):
    size: int  # of the title's font
    lines: tuple[Line, ...]


def _fits(text: str, font: ImageFont.FreeTypeFont, width: int) -> bool:
    """Whether the text's advance and its ink both end within `width` of where it starts."""
    return max(font.getlength(text), font.getbbox(text)[2]) <= width


def _longest(most: int, fits: Callable[[int], bool]) -> int:
    """The largest n in 0..most for which fits(n) holds, fits being true up to some n and false after it.

    Galloping, then halving: some 2·log2(n) measures of at most 2n letters, where n is the answer, however
    long the text, so one long word costs what the letters of a line cost, not what the whole word does."""
    high = 1
    while high < most and fits(high):
        high *= 2
    low, high = high // 2, min(high, most)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _fits_whole(text: str, font: ImageFont.FreeTypeFont, width: int) -> bool:
    """Whether all of `text` fits, measuring no more of it than a line holds: a long word is not measured whole."""
    return _longest(len(text), lambda n: _fits(text[:n], font, width)) == len(text)


def _wrap(words: list[str], font: ImageFont.FreeTypeFont, width: int, most: int) -> list[str]:
    """Greedy line filling, up to `most` lines and one more (the rest could not be shown); a word wider than
    a whole line is broken where it must be."""
    lines: list[str] = []
    current = ""
    for word in words:
        if len(lines) > most:
            break
        candidate = f"{current} {word}" if current else word
        if _fits_whole(candidate, font, width):
            current = candidate
            continue
        if current:
            lines.append(current)
        while len(lines) <= most:  # one long word: as many letters as fit, then the rest
            def fits(n: int, word: str = word) -> bool:
                return _fits(word[:n], font, width)

            cut = _longest(len(word), fits)
            if cut == len(word):
                break
            lines.append(word[: max(1, cut)])
            word = word[max(1, cut) :]
        current = word
    if current:
        lines.append(current)
    return lines


def _shorten(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """The line cut at a word (or, in a first word too long for the line, a letter) so that it and an ellipsis fit."""
    keep = _longest(len(line), lambda n: _fits(line[:n] + ELLIPSIS, font, width))
    if keep < len(line) and (space := line.rfind(" ", 0, keep + 1)) > 0:
        keep = space  # the whole words that fit
    return line[:keep].rstrip(" ,;:–—-") + ELLIPSIS


def title_layout(title: str, style: CardStyle, box: Box = TITLE_BOX) -> Layout:
    """The title in the largest size whose wrapped lines fit the box (each of its lines wrapped on its own);
    at the smallest size, as many lines as fit, the last one ending in an ellipsis.
    Never wider or taller than the box."""
    width, height = box.right - box.left, box.bottom - box.top
    for size in TITLE_SIZES:
        font = _font(style.font, size)
        step = round(size * LINE_HEIGHT)
        room = max(1, height // step)
        lines: list[str] = []
        for part in title.split("\n"):
            if len(lines) > room:
                break  # more than fit already: the rest is never shown
            lines += _wrap(part.split(), font, width, room - len(lines))
        if len(lines) * step <= height or size == TITLE_SIZES[-1]:
            break
    if len(lines) > room:
        lines = [*lines[: room - 1], _shorten(lines[room - 1], font, width)]
    return Layout(size, tuple(Line(text, box.left, box.top + i * step) for i, text in enumerate(lines)))


def _label_line(label: str, style: CardStyle) -> str:
    font = _font(style.font, LABEL_SIZE)
    width = WIDTH - 2 * MARGIN
    return label if _fits_whole(label, font, width) else _shorten(label, font, width)


def _mix(paper: RGB, ink: RGB, share: float) -> RGB:
    return tuple(round(p + (i - p) * share) for p, i in zip(paper, ink, strict=True))  # type: ignore[return-value]  # three channels in, three out


def _palette(style: CardStyle) -> list[RGB]:
    """The picture's colours: SHADES steps from the background to the title's ink, then to the site name's,
    then the stripes. A paletted PNG of a few colours is a third of the bytes to compress, and as smooth."""
    steps = [i / (SHADES - 1) for i in range(SHADES)]
    return [_mix(style.background, ink, s) for ink in (style.title, style.site_name) for s in steps] + [*style.stripes]


def draw(card: Card) -> bytes:
    """The card's PNG bytes: the site's name, the title below it, and the band of stripes along the foot."""
    from PIL import Image, ImageDraw

    style = card.style
    # Drawn straight in palette indices: each ink is blended with the index beneath it, so on index 0 (the
    # background) the title's edges take indices 0 to SHADES - 1, its shades, and the site's name, drawn on
    # index SHADES (the background again), takes the next SHADES, its own.
    image = Image.new("P", (WIDTH, HEIGHT), 0)
    image.putpalette([value for colour in _palette(style) for value in colour])
    pen = ImageDraw.Draw(image)
    pen.fontmode = "L"  # smooth edges, which Pillow leaves off for paletted images unless asked
    pen.rectangle((0, 0, WIDTH - 1, TITLE_TOP - 1), fill=SHADES)
    pen.text(
        (MARGIN, LABEL_TOP), _label_line(card.label, style), font=_font(style.font, LABEL_SIZE), fill=2 * SHADES - 1
    )
    layout = title_layout(card.title, style)
    font = _font(style.font, layout.size)
    for line in layout.lines:
        pen.text((line.x, line.y), line.text, font=font, fill=SHADES - 1)
    stripes = style.stripes
    for i in range(len(stripes)):
        left, right = WIDTH * i // len(stripes), WIDTH * (i + 1) // len(stripes)
        pen.rectangle((left, HEIGHT - STRIPE, right - 1, HEIGHT - 1), fill=2 * SHADES + i)
    out = io.BytesIO()
    # Long runs of one colour: run-length compression takes a quarter of the time of zlib's default, at 1.5× the
    # bytes. Pillow writes no time or text chunk unless asked.
    image.save(out, "PNG", compress_type=zlib.Z_RLE)
    return out.getvalue()


def draw_cards(cards: Mapping[str, Card], seconds: float | None = None) -> dict[str, bytes]:
    """Each card's bytes by its output file, drawn across the machine's cores, each within `seconds`
    (the site's render_seconds) when given."""
    if not cards:
        return {}
    from PIL import ImageDraw  # noqa: F401 - loaded once here, not again in each worker

    return workers.map_values(draw if seconds is None else functools.partial(_draw_within, seconds=seconds), cards)


def _draw_within(card: Card, seconds: float) -> bytes:
    from ..base.errors import SiteError
    from .timeout import RenderTimeoutError, time_limit

    try:
        with time_limit(card.name, seconds):
            return draw(card)
    except RenderTimeoutError:
        message = f"drawing the link-preview picture of {card.title[:60]!r} took over {seconds:g} s"
        raise SiteError.at(card.name, message) from None

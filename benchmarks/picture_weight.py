"""What a reader downloads for one picture in a page: the original, or the WebP copy the browser picks.

    python3 benchmarks/picture_weight.py [picture ...]

Without arguments, a 1600×1000 photograph-like JPEG is made (light falling off across the frame and grain
at several scales, as the tests make it). For each picture, the copies are drawn as a build draws them and
the browser's choice is worked out from the page's `sizes` for common screens: the copy whose width is
the first at least the slot's width times the screen's pixel ratio, or the widest.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from site_builder.engine.load.card_style import custom_properties  # noqa: E402
from site_builder.engine.load.pictures import Picture, draw  # noqa: E402
from tests.helpers import photo  # noqa: E402

SCREENS = (("phone 360 px, 2×", 360, 2), ("phone 412 px, 3×", 412, 3), ("laptop 1280 px, 1×", 1280, 1))
REM = 16
# The text column as the site's stylesheet sets it, and as the build writes it into `sizes`.
_COLUMN = custom_properties((PROJECT / "static/css/site.css").read_text(encoding="utf-8"))
COLUMN, GUTTER = (round(float(_COLUMN[name].removesuffix("rem")) * REM) for name in ("--column", "--gutter"))


def slot(viewport: int) -> int:
    return min(viewport, COLUMN) - 2 * GUTTER


def measure(path: Path) -> None:
    picture = Picture(path, path.name)
    original = len(picture.data)
    copies = {file.width: len(draw(file)) for file in picture.copies()}
    width, height = picture.size
    print(
        f"{path.name}: {width}×{height}, {original / 1000:.0f} KB; copies: "
        + ", ".join(f"{w} px {b / 1000:.0f} KB" for w, b in copies.items())
    )
    for name, viewport, ratio in SCREENS:
        need = slot(viewport) * ratio
        chosen = next((w for w in sorted(copies) if w >= need), max(copies, default=None))
        got = copies.get(chosen, original) if chosen else original
        print(f"  {name}: {got / 1000:.0f} KB instead of {original / 1000:.0f} KB ({1 - got / original:.0%} less)")


def main() -> None:
    paths = [Path(arg) for arg in sys.argv[1:]]
    with tempfile.TemporaryDirectory() as folder:
        for path in paths or [photo(Path(folder) / "photo.jpg")]:
            measure(path)


if __name__ == "__main__":
    main()

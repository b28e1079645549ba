"""Geometry for the two SVG charts, computed from the options' facts; the markup lives in templates.

Charts are drawn 400 units wide with 15-unit text, so that on a 360 px phone the text is at least 12 px.
Every name is placed where it overlaps no other name and no box, and stays inside the picture, for any
number of options: beside its box if need be in a taller chart, else wherever there is room, with a line
to its box.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..api import CARD_FONT as FONT_FILE
from .model import MONTHS, Facts, Range

if TYPE_CHECKING:
    from PIL import ImageFont

WIDTH = 400
FONT = 15  # text size in chart units; the stylesheet sets the same
# A line of text reaches this far above and below its baseline (sans-serif fonts: about 0.93 and 0.24 em).
ASCENT, DESCENT = 0.95 * FONT, 0.25 * FONT
GAP = 4  # clear space between a name and any box or other name
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 52
ROW = 58  # height of one option in the ten-year chart: its name, then its bar
HEIGHTS = range(300, 481, 30)  # the cost-against-longevity chart grows in these steps to make room for names


class NoRoomError(ValueError):
    """The names cannot all be placed without overlapping, even in the tallest chart."""


@functools.cache
def _face() -> ImageFont.FreeTypeFont:
    from PIL import ImageFont  # here, so a build that measures no chart name does not load Pillow

    return ImageFont.truetype(str(FONT_FILE), FONT)


def text_width(text: str) -> float:
    """How wide `text` is in chart units. Measured in the bold face the builder ships for its link previews,
    which is wider than the regular system sans-serif a browser draws the names in (DejaVu Sans, Roboto,
    San Francisco): an estimate that errs towards room to spare."""
    return _face().getlength(text)


@dataclass(frozen=True)
class Rect:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Rect) -> bool:
        return not (
            self.right + GAP <= other.left
            or other.right + GAP <= self.left
            or self.bottom + GAP <= other.top
            or other.bottom + GAP <= self.top
        )

    def within(self, other: Rect) -> bool:
        return (
            self.left >= other.left
            and self.right <= other.right
            and self.top >= other.top
            and self.bottom <= other.bottom
        )


def text_rect(x: float, y: float, width: float) -> Rect:
    """The box a line of text starting at x with its baseline at y takes up."""
    return Rect(x, y - ASCENT, x + width, y + DESCENT)


@dataclass(frozen=True)
class Box:
    id: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    leader: tuple[float, float, float, float] | None = None  # a line to the box from a name placed away from it


@dataclass(frozen=True)
class Tick:
    position: float
    value: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    series: tuple[Box | None, ...]  # one per option, in the data's order; None where it is not drawn
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


def _nice_step(top: float, count: int = 4) -> float:
    raw = top / count
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _ticks(top: float, scale: Callable[[float, float], float], count: int = 4) -> tuple[tuple[Tick, ...], float]:
    step = _nice_step(top, count)
    limit = step * -(-top // step)
    values = [step * i for i in range(int(limit // step) + 1)]
    return tuple(Tick(scale(v, limit), v) for v in values), limit


def _years(value: Range) -> Range:
    per = MONTHS[value.unit or "month"] / 12
    return Range((value.min or 0) * per, (value.max or 0) * per, "year")


def drawn(facts: Facts, field: str) -> list[str]:
    """The options a chart can draw: those whose sources give a cost (and the other figure it plots)."""
    return [
        o.id for o in facts.options.values() if facts.cost(o.id) is not None and isinstance(o.facts[field].value, Range)
    ]


def _beside(box: Rect, width: float, area: Rect) -> Iterator[tuple[float, float]]:
    """Where a name may go next to its box, in order of preference: beside it, right then left,
    vertically centred; above it, then below it, lined up with its left edge, then with its right edge."""
    middle = (box.top + box.bottom) / 2 + (ASCENT - DESCENT) / 2
    above, below = box.top - GAP - DESCENT, box.bottom + GAP + ASCENT
    yield box.right + GAP, middle
    yield box.left - GAP - width, middle
    for y in (above, below):
        for x in (box.left, box.right - width):
            yield max(area.left, min(x, area.right - width)), y


def _anywhere(box: Rect, width: float, area: Rect) -> list[tuple[float, float]]:
    """Every place in `area` a name may go, nearest its box first: where there is no room beside the box.
    A grid of 4 units across and 3 down: finer than a character, coarse enough to be quick."""
    spots = [
        (area.left + i * 4, area.top + ASCENT + j * 3)
        for i in range(int((area.right - area.left - width) // 4) + 1)
        for j in range(int((area.bottom - area.top - ASCENT - DESCENT) // 3) + 1)
    ]
    return sorted(spots, key=lambda spot: _distance(text_rect(spot[0], spot[1], width), box))


def _distance(a: Rect, b: Rect) -> float:
    dx = max(b.left - a.right, a.left - b.right, 0)
    dy = max(b.top - a.bottom, a.top - b.bottom, 0)
    return (dx * dx + dy * dy) ** 0.5


def _closest(a0: float, a1: float, b0: float, b1: float) -> tuple[float, float]:
    """The nearest points of two spans on one axis: their facing ends, or the middle of their overlap."""
    if a1 < b0:
        return a1, b0
    if b1 < a0:
        return a0, b1
    middle = (max(a0, b0) + min(a1, b1)) / 2
    return middle, middle


def _leader(label: Rect, box: Rect) -> tuple[float, float, float, float]:
    """A line from a name to its box, nearest point to nearest point."""
    x1, x2 = _closest(label.left, label.right, box.left, box.right)
    y1, y2 = _closest(label.top, label.bottom, box.top, box.bottom)
    return x1, y1, x2, y2


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    leader: tuple[float, float, float, float] | None = None  # x1, y1, x2, y2 when the name is not beside its box


def crosses(line: tuple[float, float, float, float], rect: Rect) -> bool:
    """Whether a line segment passes through a rectangle (Liang-Barsky clipping)."""
    x1, y1, x2, y2 = line
    low, high = 0.0, 1.0
    for step, room in (
        (x1 - x2, x1 - rect.left),
        (x2 - x1, rect.right - x1),
        (y1 - y2, y1 - rect.top),
        (y2 - y1, rect.bottom - y1),
    ):
        if step == 0:
            if room < 0:
                return False
        elif step < 0:
            low = max(low, room / step)
        else:
            high = min(high, room / step)
    return low < high


def place_labels(boxes: Sequence[Rect], widths: Sequence[float], area: Rect, far: bool) -> list[Label] | None:
    """Each name at the first spot that stays in `area` and overlaps no box, no name and no line placed
    before it: beside its box, or (when `far`) anywhere, with a line to its box that crosses nothing else.
    None when a name has no such spot."""
    names: list[Rect] = []
    lines: list[tuple[float, float, float, float]] = []
    placed = []
    for box, width in zip(boxes, widths, strict=True):
        others = [*names, *(b for b in boxes if b is not box)]
        for x, y in [*_beside(box, width, area), *(_anywhere(box, width, area) if far else ())]:
            rect = text_rect(x, y, width)
            if not rect.within(area) or rect.overlaps(box) or any(rect.overlaps(o) for o in others):
                continue
            if any(crosses(line, rect) for line in lines):
                continue
            leader = None if _distance(rect, box) <= 3 * GAP else _leader(rect, box)
            if leader and any(crosses(leader, o) for o in others):
                continue
            names.append(rect)
            lines.extend([leader] if leader else [])
            placed.append(Label(x, y, leader))
            break
        else:
            return None
    return placed


def _fits(ids: Sequence[str], label_width: Mapping[str, float], room: float) -> None:
    for option in ids:
        if label_width[option] > room:
            raise NoRoomError(f"the name of '{option}' is wider than the chart")


def cost_against_longevity(facts: Facts, label_width: Mapping[str, float]) -> Chart:
    """One box per option: how long results last (x, years) against what it costs (y, KRW).

    `label_width` gives each name's width in chart units. The chart is 300 units tall, taller if that lets
    every name sit beside its box; failing that, a name goes wherever there is room, with a line to its box.
    NoRoomError when even that fails.
    """
    ids = drawn(facts, "longevity")
    _fits(ids, label_width, WIDTH - 2 - (LEFT + 2))
    years = {i: _years(facts.options[i].facts["longevity"].value) for i in ids}  # type: ignore[arg-type]  # longevity is a duration (facts.py)
    costs = {i: facts.cost(i) for i in ids}
    right = WIDTH - RIGHT

    def x(value: float, limit: float) -> float:
        return LEFT + (right - LEFT) * value / limit

    x_ticks, x_limit = _ticks(max(v.max for v in years.values()), x)  # type: ignore[type-var, arg-type]  # _years() sets both ends

    def layout(height: int, far: bool) -> Chart | None:
        bottom = height - BOTTOM

        def y(value: float, limit: float) -> float:
            return bottom - (bottom - TOP - FONT - 6) * value / limit

        y_ticks, y_limit = _ticks(max(c.max for c in costs.values()), y)  # type: ignore[union-attr, type-var, arg-type]  # drawn() keeps options with a cost
        rects = []
        for option in ids:
            life, cost = years[option], costs[option]
            x0, x1 = x(life.min or 0, x_limit), x(life.max or 0, x_limit)
            y0, y1 = y(cost.max or 0, y_limit), y(cost.min or 0, y_limit)  # type: ignore[union-attr]  # drawn() keeps options with a cost
            rects.append(Rect(x0, y0, x0 + max(x1 - x0, 6), y0 + max(y1 - y0, 6)))
        # Names stay right of the cost axis's figures and above the axis of years.
        labels = place_labels(rects, [label_width[o] for o in ids], Rect(LEFT + 2, 2, WIDTH - 2, bottom - 2), far)
        if labels is None:
            return None
        boxes = {
            o: Box(o, r.left, r.top, r.right - r.left, r.bottom - r.top, label.x, label.y, label.leader)
            for o, r, label in zip(ids, rects, labels, strict=True)
        }
        return Chart(WIDTH, height, (LEFT, TOP, right, bottom), tuple(map(boxes.get, facts.options)), x_ticks, y_ticks)

    for far in (False, True):
        for height in HEIGHTS:
            chart = layout(height, far)
            if chart is not None:
                return chart
    raise NoRoomError("the names of the options do not all fit in the chart")


def cost_over_horizon(facts: Facts, label_width: Mapping[str, float]) -> Chart:
    """One floating bar per option: cheapest to dearest cost over the horizon, its name above it."""
    ids = [o for o in facts.options if facts.cost_over_horizon(o) is not None]
    height = TOP + ROW * len(ids) + BOTTOM
    left, right, bottom = 12, WIDTH - RIGHT - 6, height - BOTTOM
    spans = {o: facts.cost_over_horizon(o) for o in ids}
    _fits(ids, label_width, WIDTH - 2 - left)

    def x(value: float, limit: float) -> float:
        return left + (right - left) * value / limit

    x_ticks, limit = _ticks(max(span.max or 0 for span in spans.values()), x)  # type: ignore[union-attr]  # ids keeps options with one
    boxes = {}
    for row, option in enumerate(ids):
        span = spans[option]
        top = TOP + ROW * row
        x0, x1 = x(span.min or 0, limit), x(span.max or 0, limit)  # type: ignore[union-attr]  # ids keeps options with one
        boxes[option] = Box(option, x0, top + FONT + 8, max(x1 - x0, 6), 24, left, top + FONT)
    return Chart(WIDTH, height, (left, TOP, right, bottom), tuple(map(boxes.get, facts.options)), x_ticks, ())


@dataclass(frozen=True)
class IconArray:
    """`per` icons in rows across a 400-unit picture, the first `count` of them marked, in reading order."""

    width: int
    height: int
    size: float  # the side of one icon's square
    columns: int
    marked: tuple[tuple[float, float], ...]  # the centres of the marked icons


def icon_array(count: int, per: int) -> IconArray:
    """1,000 icons as 50 columns of 20 rows, 100 as 20 columns of 5: both fill the chart's width."""
    columns = 50 if per > 100 else 20
    size = WIDTH / columns
    rows = -(-per // columns)
    centres = tuple(((i % columns + 0.5) * size, (i // columns + 0.5) * size) for i in range(count))
    return IconArray(WIDTH, round(rows * size), size, columns, centres)

"""Geometry for the two SVG charts, computed from the options' facts; the markup lives in templates.

Charts are drawn 400 units wide with 15-unit text, so that on a 360 px phone the text is at least 12 px,
and each name is placed beside or above its own box (the browser tests check that none overlap).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import MONTHS, Facts, Range

WIDTH = 400
FONT = 15  # text size in chart units; the stylesheet sets the same
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 52
ROW = 58  # height of one option in the ten-year chart: its name, then its bar


@dataclass(frozen=True)
class Box:
    id: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    label_anchor: str = "start"


@dataclass(frozen=True)
class Tick:
    position: float
    value: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    boxes: tuple[Box, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


def _nice_step(top: float, count: int = 4) -> float:
    raw = top / count
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _ticks(top: float, scale, count: int = 4) -> tuple[tuple[Tick, ...], float]:
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


def cost_against_longevity(facts: Facts, label_width: dict[str, float]) -> Chart:
    """One box per option: how long results last (x, years) against what it costs (y, KRW).

    Each name sits to the right of its box, or above it when there is no room there; `label_width` gives
    each name's width in chart units, so a name never runs past the right edge.
    """
    ids = drawn(facts, "longevity")
    height = 300
    right, bottom = WIDTH - RIGHT, height - BOTTOM
    years = {i: _years(facts.options[i].facts["longevity"].value) for i in ids}  # type: ignore[arg-type]
    costs = {i: facts.cost(i) for i in ids}

    def x(value: float, limit: float) -> float:
        return LEFT + (right - LEFT) * value / limit

    def y(value: float, limit: float) -> float:
        return bottom - (bottom - TOP - FONT - 6) * value / limit

    x_ticks, x_limit = _ticks(max(v.max for v in years.values()), x)  # type: ignore[type-var]
    y_ticks, y_limit = _ticks(max(c.max for c in costs.values()), y)  # type: ignore[union-attr, type-var]
    boxes = []
    for option in ids:
        life, cost = years[option], costs[option]
        x0, x1 = x(life.min or 0, x_limit), x(life.max or 0, x_limit)
        y0, y1 = y(cost.max or 0, y_limit), y(cost.min or 0, y_limit)  # type: ignore[union-attr]
        width, box_height = max(x1 - x0, 6), max(y1 - y0, 6)
        if x0 + width + 6 + label_width[option] <= right:  # beside the box, on its right
            label_x, label_y = x0 + width + 6, y0 + box_height / 2 + FONT / 3
        else:  # above it, or below when there is no room above
            label_x = max(min(x0, right - label_width[option]), LEFT + 2)
            label_y = y0 - 6 if y0 - 6 - FONT > TOP else y0 + box_height + FONT + 2
        boxes.append(Box(option, x0, y0, width, box_height, label_x, label_y))
    return Chart(WIDTH, height, (LEFT, TOP, right, bottom), tuple(boxes), x_ticks, y_ticks)


def cost_over_horizon(facts: Facts) -> Chart:
    """One floating bar per option: cheapest to dearest cost over the horizon, its name above it."""
    ids = [o for o in facts.options if facts.cost_over_horizon(o) is not None]
    height = TOP + ROW * len(ids) + BOTTOM
    left, right, bottom = 12, WIDTH - RIGHT - 6, height - BOTTOM
    spans = {o: facts.cost_over_horizon(o) for o in ids}

    def x(value: float, limit: float) -> float:
        return left + (right - left) * value / limit

    x_ticks, limit = _ticks(max(span.max or 0 for span in spans.values()), x)  # type: ignore[union-attr]
    boxes = []
    for row, option in enumerate(ids):
        span = spans[option]
        top = TOP + ROW * row
        x0, x1 = x(span.min or 0, limit), x(span.max or 0, limit)  # type: ignore[union-attr]
        boxes.append(Box(option, x0, top + FONT + 8, max(x1 - x0, 6), 24, left, top + FONT))
    return Chart(WIDTH, height, (left, TOP, right, bottom), tuple(boxes), x_ticks, ())

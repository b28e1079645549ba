"""Geometry for the two SVG charts, computed from the tier facts; the markup lives in templates."""

from __future__ import annotations

from dataclasses import dataclass

from .model import MONTHS, Facts, Range

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 96, 24, 24, 56


@dataclass(frozen=True)
class Box:
    id: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float


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


def _nice_step(top: float, count: int = 5) -> float:
    raw = top / count
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _ticks(top: float, scale, count: int = 5) -> tuple[tuple[Tick, ...], float]:
    step = _nice_step(top, count)
    limit = step * -(-top // step)
    values = [step * i for i in range(int(limit // step) + 1)]
    return tuple(Tick(scale(v, limit), v) for v in values), limit


def _months(value: Range) -> Range:
    per = MONTHS[value.unit or "month"]
    return Range((value.min or 0) * per, (value.max or 0) * per, "month")


def cost_against_longevity(facts: Facts) -> Chart:
    """One box per tier: how long results last (x, years) against what it costs (y, KRW)."""
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    tiers = list(facts.tiers.values())
    years_top = max(_months(t.longevity).max for t in tiers) / 12
    cost_top = max(t.cost_krw.max or 0 for t in tiers)

    def x(value: float, limit: float) -> float:
        return LEFT + (right - LEFT) * value / limit

    def y(value: float, limit: float) -> float:
        return bottom - (bottom - TOP) * value / limit

    x_ticks, x_limit = _ticks(years_top, x)
    y_ticks, y_limit = _ticks(cost_top, y)
    boxes = []
    for tier in tiers:
        life = _months(tier.longevity)
        x0, x1 = x(life.min / 12, x_limit), x(life.max / 12, x_limit)
        y0, y1 = y(tier.cost_krw.max or 0, y_limit), y(tier.cost_krw.min or 0, y_limit)
        # Keep very narrow boxes visible and their labels inside the plot.
        width, height = max(x1 - x0, 6), max(y1 - y0, 6)
        label_y = y0 - 8 if y0 - 8 > TOP + 12 else y1 + 18
        boxes.append(Box(tier.id, x0, y0, width, height, min(x0, right - 150), label_y))
    return Chart(WIDTH, HEIGHT, (LEFT, TOP, right, bottom), tuple(boxes), x_ticks, y_ticks)


def cost_over_horizon(facts: Facts) -> Chart:
    """One floating bar per tier: cheapest to dearest cost of keeping the result for the horizon."""
    left, right = 170, WIDTH - RIGHT
    height = TOP + 64 * len(facts.tiers) + BOTTOM
    bottom = height - BOTTOM
    spans = {tier_id: facts.cost_over_horizon(tier_id) for tier_id in facts.tiers}
    top_value = max(span.max or 0 for span in spans.values())

    def x(value: float, limit: float) -> float:
        return left + (right - left) * value / limit

    x_ticks, limit = _ticks(top_value, x)
    boxes = []
    for row, (tier_id, span) in enumerate(spans.items()):
        y0 = TOP + 64 * row + 16
        x0, x1 = x(span.min or 0, limit), x(span.max or 0, limit)
        boxes.append(Box(tier_id, x0, y0, max(x1 - x0, 6), 28, left - 12, y0 + 19))
    return Chart(WIDTH, height, (left, TOP, right, bottom), tuple(boxes), x_ticks, ())

"""The guide's facts: tiers, costs in KRW, currency rates and the horizon of the cost comparison."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Range:
    """A span like 2–5 days; min or max is None for "up to" or "or more"."""

    min: float | None
    max: float | None
    unit: str | None = None  # None for money (KRW)


@dataclass(frozen=True)
class Tier:
    id: str
    stage: str
    ages: Range
    anesthesia: str
    operating_time: Range | None
    downtime: Range
    social_recovery: Range
    stay: Range
    longevity: Range
    repeat_every: Range
    cost_krw: Range


@dataclass(frozen=True)
class Rates:
    as_of: datetime.date
    per_million_krw: dict[str, float]
    rounding: dict[str, int]


@dataclass(frozen=True)
class Facts:
    tiers: dict[str, Tier]
    addon_costs: dict[str, Range]
    rates: Rates
    horizon_years: int
    # Language text for the ids above, per language code (from data/text/<lang>/facts.yaml).
    text: dict[str, dict[str, Any]]

    def cost(self, item: str) -> Range:
        """The KRW cost range of a tier or an add-on."""
        return self.tiers[item].cost_krw if item in self.tiers else self.addon_costs[item]

    def cost_over_horizon(self, tier_id: str) -> Range:
        """Cost of keeping a tier's result for horizon_years: cheapest case to dearest case."""
        tier = self.tiers[tier_id]
        count = sessions_needed(self.horizon_years, tier.repeat_every)
        return Range(count.min * tier.cost_krw.min, count.max * tier.cost_krw.max)


# Months in each time unit a fact may use, for sums over the years.
MONTHS = {"hour": 1 / 730, "day": 12 / 365, "week": 12 / 52, "month": 1, "year": 12}


def sessions_needed(horizon_years: int, every: Range) -> Range:
    """How many treatments keep a result going over the horizon: fewer when each lasts longer."""
    months = horizon_years * 12
    if every.unit not in MONTHS or not every.min or not every.max:
        return Range(1, 1)
    per = MONTHS[every.unit]
    return Range(max(1, math.ceil(months / (every.max * per))), max(1, math.ceil(months / (every.min * per))))

"""The guide's facts: its options (no procedure yet and the lifting tiers), costs in KRW, currency rates.

Every figure names its source. The rows of the comparison table are data too (`fields`): an editor adds
a row, or an option, in YAML alone.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# What a field's values are: a span of time, money in KRW, one of a few named choices, or words that
# differ by language (kept in data/text/<lang>/facts.yaml).
DURATION, MONEY, CHOICE, TEXT = "duration", "money", "choice", "text"
KINDS = (DURATION, MONEY, CHOICE, TEXT)


@dataclass(frozen=True)
class Range:
    """A span like 2–5 days; min or max is None for "up to" or "or more"."""

    min: float | None
    max: float | None
    unit: str | None = None  # None for money (KRW)


@dataclass(frozen=True)
class FactField:
    id: str
    kind: str
    short: bool = False  # also in the home page's short table
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """One option's value for one field, with the statement it rests on. No value: not given in the sources."""

    value: Range | str | None  # a Range or a choice id; None when not given, or when given in words
    source: str | None
    words: bool = False  # the value is in words, per language (data/text/<lang>/facts.yaml)
    # An independent source's figure shown beside one the publisher alone gives: "<id>, <where>: <what>";
    # its words are in data/text/<lang>/facts.yaml under `independent`.
    independent: str | None = None


@dataclass(frozen=True)
class Option:
    id: str
    facts: Mapping[str, Fact]  # field id -> fact


@dataclass(frozen=True)
class Rates:
    as_of: datetime.date
    per_million_krw: dict[str, float]
    rounding: dict[str, int]
    source: str


@dataclass(frozen=True)
class Outcome:
    """An outcome or complication a source counts: `count` people in every `per`, among the options it
    applies to (the population and time are in words, per language). Other options have no data."""

    id: str
    count: int
    per: int
    applies: tuple[str, ...]
    source: str
    icons: bool = False  # drawn as an icon array too


@dataclass(frozen=True)
class Facts:
    fields: Mapping[str, FactField]  # in table order
    options: Mapping[str, Option]  # in table order: least to most invasive
    addon_costs: Mapping[str, Fact]
    rates: Rates
    horizon_years: int
    # Language text for the ids above, per language code (from data/text/<lang>/facts.yaml).
    text: dict[str, dict[str, Any]]
    outcomes: tuple[Outcome, ...] = ()  # outcomes and complications, people per 1,000 (or per 100)

    def cost(self, item: str) -> Range | None:
        """The KRW cost range of an option or an add-on; None where the sources give none."""
        fact = self.options[item].facts["cost"] if item in self.options else self.addon_costs[item]
        return fact.value if isinstance(fact.value, Range) else None

    def sessions(self, option: str) -> Range | None:
        """How many treatments keep a result over the horizon; None for an option with no cost.

        A treatment is repeated as often as its source says; where no source says, as often as its result
        lasts (a range: fewer treatments when each lasts longer). No option is counted once over a period
        longer than its result lasts."""
        if self.cost(option) is None:
            return None
        every = self.repeat_every(option)
        return sessions_needed(self.horizon_years, every) if every else Range(1, 1)

    def repeat_every(self, option: str) -> Range | None:
        """How often a treatment is counted again: its stated repeat, else how long its result lasts."""
        facts = self.options[option].facts
        for field in ("repeats", "longevity"):
            found = facts[field].value if field in facts else None
            if isinstance(found, Range) and found.unit in MONTHS and found.min and found.max:
                return found
        return None

    def cost_over_horizon(self, option: str) -> Range | None:
        """Cost over horizon_years, cheapest case to dearest: the price of one treatment times how many keep
        its result over the horizon (see `sessions`)."""
        cost, count = self.cost(option), self.sessions(option)
        if cost is None or count is None:
            return None
        return Range(count.min * cost.min, count.max * cost.max)  # type: ignore[operator]  # counts and costs have both ends


# Months in each time unit a fact may use, for sums over the years.
MONTHS = {"hour": 1 / 730, "day": 12 / 365, "week": 12 / 52, "month": 1, "year": 12}


def sessions_needed(horizon_years: int, every: Range) -> Range:
    """How many treatments keep a result going over the horizon: fewer when each lasts longer."""
    months = horizon_years * 12
    if every.unit not in MONTHS or not every.min or not every.max:
        return Range(1, 1)
    per = MONTHS[every.unit]
    return Range(max(1, math.ceil(months / (every.max * per))), max(1, math.ceil(months / (every.min * per))))

"""The domain model: a site of languages whose pages are linked across languages by a key."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Language, SiteConfig

PAGE_TYPES = ("page", "home", "procedure", "faq", "checklist")


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Page:
    path: Path  # the Markdown file it came from
    lang: str
    key: str  # translation key, shared by a page's versions in every language
    slug: str  # "" for a language's home page
    title: str
    description: str
    type: str
    reviewed: datetime.date
    next_review: datetime.date
    body: str  # Markdown with fact macros, not yet expanded
    body_line: int  # the file line the body starts on, for error messages
    nav_title: str | None = None
    tier: str | None = None
    sources: tuple[Source, ...] = ()
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, name: str) -> int:
        """The file line of a front-matter field, for messages about it."""
        return self.field_lines.get(name, 1)

    @property
    def url_path(self) -> str:
        """Path below the base URL: "en/", "en/thread-lift/"."""
        return f"{self.lang}/{self.slug}/" if self.slug else f"{self.lang}/"

    @property
    def output_file(self) -> str:
        return self.url_path + "index.html"

    @property
    def short_title(self) -> str:
        return self.nav_title or self.title


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


@dataclass
class Site:
    config: SiteConfig
    pages: list[Page]  # sorted by language, then key
    facts: Facts
    rules: Any  # scoring.Rules
    _by_key: dict[tuple[str, str], Page] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {(p.lang, p.key): p for p in self.pages}

    @property
    def languages(self) -> tuple[Language, ...]:
        return self.config.languages

    def page(self, lang: str, key: str) -> Page | None:
        return self._by_key.get((lang, key))

    def versions(self, page: Page) -> list[Page]:
        """The page in every language, in the configured language order."""
        return [p for lang in self.languages if (p := self.page(lang.code, page.key))]

    def url(self, path: str = "") -> str:
        """Root-relative URL of a path below the base URL (works under a sub-path too)."""
        return self.config.base_path + path

    def absolute_url(self, path: str = "") -> str:
        return self.config.base_url + path

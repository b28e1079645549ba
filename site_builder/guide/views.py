"""The guide's macros for one language: facts, costs, the comparison table and the charts."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from babel.support import NullTranslations
from markupsafe import Markup

from ..engine.config import Language
from ..engine.extension import LanguageView
from ..engine.markup import MacroError
from ..engine.model import Site
from . import charts
from .formatting import Formatter
from .model import Facts, Range, Tier, sessions_needed

SHORT_TABLE_ROWS = ("stage", "social_recovery", "longevity", "cost")  # the home page's table
FACT_FIELDS = ("ages", "operating_time", "downtime", "social_recovery", "stay", "longevity", "repeat_every")


@dataclass(frozen=True)
class Link:
    text: str
    href: str


class GuideView(LanguageView):
    def __init__(
        self, site: Site, facts: Facts, language: Language, translations: NullTranslations, env: jinja2.Environment
    ):
        self.site = site
        self.facts = facts
        self.language = language
        self.formatter = Formatter(language, facts, translations)
        self.text = facts.text[language.code]
        self.env = env
        # Pages cite the same facts, tables and charts over and over; within a build each has one answer.
        for name in ("fact", "cost", "ten_year_cost", "name", "comparison_table", "chart"):
            setattr(self, name, functools.lru_cache(maxsize=None)(getattr(self, name)))

    def macros(self) -> Mapping[str, Any]:
        return {
            "fact": self.fact,
            "cost": self.cost,
            "ten_year_cost": self.ten_year_cost,
            "name": self.name,
            "comparison_table": self.comparison_table,
            "chart": self.chart,
            "rates_note": self.formatter.rates_note,
            "horizon_years": self.facts.horizon_years,
        }

    def _tier(self, tier_id: str) -> Tier:
        try:
            return self.facts.tiers[tier_id]
        except KeyError:
            known = ", ".join(self.facts.tiers)
            raise MacroError(f"unknown tier '{tier_id}' (known: {known})") from None

    def name(self, item: str) -> str:
        for section in ("tiers", "addons"):
            if item in self.text[section]:
                return self.text[section][item]["name"]
        raise MacroError(f"unknown tier or add-on '{item}'")

    def fact(self, tier_id: str, field: str) -> str:
        tier = self._tier(tier_id)
        if field == "stage":
            return self.text["stages"][tier.stage]
        if field == "anesthesia":
            return self.text["anesthesia"][tier.anesthesia]
        if field not in FACT_FIELDS:
            raise MacroError(f"unknown fact '{field}' (known: stage, anesthesia, {', '.join(FACT_FIELDS)})")
        value = getattr(tier, field)
        return self.text["not_stated"] if value is None else self.formatter.duration(value)

    def cost(self, item: str) -> str:
        if item not in self.facts.tiers and item not in self.facts.addon_costs:
            raise MacroError(f"unknown tier or add-on '{item}'")
        return self.formatter.cost(self.facts.cost(item))

    def ten_year_cost(self, tier_id: str) -> str:
        self._tier(tier_id)
        return self.formatter.cost(self.facts.cost_over_horizon(tier_id))

    def guide_urls(self) -> dict[str, str]:
        """The page of each tier in this language (procedure pages name their tier)."""
        return {
            p.params["tier"]: self.site.url(p.url_path)
            for p in self.site.pages
            if p.lang == self.language.code and "tier" in p.params
        }

    def comparison_table(self, kind: str = "full") -> Markup:
        if kind not in ("full", "short"):
            raise MacroError('comparison_table takes "full" or "short"')
        _ = self.formatter._
        tiers = list(self.facts.tiers)
        rows = [
            ("stage", _("Stage of sagging"), [self.fact(t, "stage") for t in tiers]),
            ("ages", _("Typical ages"), [self.fact(t, "ages") for t in tiers]),
            ("mechanism", _("What it does"), [self.text["tiers"][t]["mechanism"] for t in tiers]),
            ("suits", _("Suits"), [self.text["tiers"][t]["suits"] for t in tiers]),
            ("anesthesia", _("Anaesthesia"), [self.fact(t, "anesthesia") for t in tiers]),
            ("operating_time", _("Operating time"), [self.fact(t, "operating_time") for t in tiers]),
            ("downtime", _("Bruising and swelling"), [self.fact(t, "downtime") for t in tiers]),
            ("social_recovery", _("Back to social life"), [self.fact(t, "social_recovery") for t in tiers]),
            ("stay", _("Stay in Korea"), [self.fact(t, "stay") for t in tiers]),
            ("longevity", _("Results last"), [self.fact(t, "longevity") for t in tiers]),
            ("cost", _("Cost"), [self.cost(t) for t in tiers]),
        ]
        shown = [(label, cells) for row_id, label, cells in rows if kind == "full" or row_id in SHORT_TABLE_ROWS]
        template = self.env.get_template("partials/comparison-table.html")
        guides = self.guide_urls()
        links = [Link(self.name(t), guides.get(t, "")) for t in tiers]
        return Markup(template.render(tiers=links, rows=shown, full=kind == "full"))

    def chart(self, kind: str) -> Markup:
        builders: dict[str, Callable] = {
            "cost-longevity": charts.cost_against_longevity,
            "ten-year-cost": charts.cost_over_horizon,
        }
        if kind not in builders:
            raise MacroError(f"unknown chart '{kind}' (known: {', '.join(builders)})")
        facts = self.facts
        rows = [
            {
                "name": self.name(t),
                "longevity": self.fact(t, "longevity"),
                "cost": self.cost(t),
                "sessions": self.count(sessions_needed(facts.horizon_years, facts.tiers[t].repeat_every)),
                "total": self.ten_year_cost(t),
            }
            for t in facts.tiers
        ]
        template = self.env.get_template(f"partials/chart-{kind}.html")
        return Markup(
            template.render(
                chart=builders[kind](facts),
                names={t: self.name(t) for t in facts.tiers},
                rows=rows,
                millions=lambda value: self.formatter.number(value / 1_000_000),
                number=self.formatter.number,
                horizon=facts.horizon_years,
            )
        )

    def count(self, value: Range) -> str:
        return self.formatter.span(self.formatter.number(value.min), self.formatter.number(value.max))

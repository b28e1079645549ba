"""The guide's macros and page context for one language: facts, costs, the comparison, the charts,
and the at-a-glance summary that opens every option page."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from babel.support import NullTranslations
from markupsafe import Markup

from ..api import Language, LanguageView, MacroError, Page, Site
from . import charts
from .formatting import Formatter
from .model import CHOICE, MONEY, Facts, Range

OPTION_PAGE = "option"  # the page type of an option's guide; its front matter names the option
GLANCE = ("suits", "social_recovery", "longevity", "cost", "main_risks")  # the summary atop an option page
CHARTS = {"cost-longevity": "longevity", "ten-year-cost": "cost"}  # chart -> the field it plots against cost


@dataclass(frozen=True)
class Column:
    """One option of the comparison: its name, the link to its page, and its value for every row."""

    id: str
    name: str
    href: str
    cells: tuple[str, ...]


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
            "option_count": self.option_count,
        }

    def page_context(self, page: Page) -> Mapping[str, Any]:
        option = page.params.get("option")
        if page.type != OPTION_PAGE or option is None:
            return {}
        return {"glance": [(self.text["fields"][f], self.fact(option, f)) for f in GLANCE if f in self.facts.fields]}

    # -- facts ----------------------------------------------------------------------------------
    def _option(self, option: str) -> None:
        if option not in self.facts.options:
            raise MacroError(f"unknown option '{option}' (known: {', '.join(self.facts.options)})")

    def name(self, item: str) -> str:
        for section in ("options", "addons"):
            if item in self.text[section]:
                return self.text[section][item]["name"]
        raise MacroError(f"unknown option or add-on '{item}'")

    def fact(self, option: str, field: str) -> str:
        self._option(option)
        if field not in self.facts.fields:
            raise MacroError(f"unknown fact '{field}' (known: {', '.join(self.facts.fields)})")
        found = self.facts.options[option].facts[field]
        kind = self.facts.fields[field].kind
        if found.words:
            return self.text["options"][option][field]
        if found.value is None:
            return self.text["not_stated"]
        if kind == CHOICE:
            return self.text["choices"][field][found.value]
        assert isinstance(found.value, Range)
        return self.formatter.cost(found.value) if kind == MONEY else self.formatter.duration(found.value)

    def option_count(self) -> str:
        """How many options the guide compares, as a word where site.yaml's `number_words` has one."""
        count, words = len(self.facts.options), self.language.number_words
        return words[count - 1] if 1 <= count <= len(words) else self.formatter.number(count)

    def cost(self, item: str) -> str:
        if item not in self.facts.options and item not in self.facts.addon_costs:
            raise MacroError(f"unknown option or add-on '{item}'")
        value = self.facts.cost(item)
        return self.text["not_stated"] if value is None else self.formatter.cost(value)

    def ten_year_cost(self, option: str) -> str:
        self._option(option)
        value = self.facts.cost_over_horizon(option)
        return self.text["not_stated"] if value is None else self.formatter.cost(value)

    # -- tables and charts ------------------------------------------------------------------------
    def columns(self, fields: list[str]) -> list[Column]:
        guides = {
            p.params["option"]: self.site.url(p.url_path)
            for p in self.site.pages
            if p.lang == self.language.code and "option" in p.params
        }
        return [
            Column(o, self.name(o), guides.get(o, ""), tuple(self.fact(o, f) for f in fields))
            for o in self.facts.options
        ]

    def comparison_table(self, kind: str = "full") -> Markup:
        if kind not in ("full", "short"):
            raise MacroError('comparison_table takes "full" or "short"')
        fields = [f.id for f in self.facts.fields.values() if kind == "full" or f.short]
        template = self.env.get_template("partials/comparison-table.html")
        return Markup(
            template.render(
                columns=self.columns(fields), labels=[self.text["fields"][f] for f in fields], full=kind == "full"
            )
        )

    def chart(self, kind: str) -> Markup:
        if kind not in CHARTS:
            raise MacroError(f"unknown chart '{kind}' (known: {', '.join(CHARTS)})")
        facts = self.facts
        names = {o: self.name(o) for o in facts.options}
        widths = {o: charts.text_width(n) for o, n in names.items()}
        draw = charts.cost_against_longevity if kind == "cost-longevity" else charts.cost_over_horizon
        try:
            chart = draw(facts, widths)
        except charts.NoRoomError as error:
            where = f"data/text/{self.language.code}/facts.yaml"
            raise MacroError(f"chart '{kind}': {error}; a shorter name in {where} makes room") from None
        rows = [
            {
                "name": names[o],
                "longevity": self.fact(o, "longevity"),
                "cost": self.cost(o),
                "sessions": self.count(facts.sessions(o)),
                "total": self.ten_year_cost(o),
                "note": self.assumption(o),
            }
            for o in facts.options
        ]
        template = self.env.get_template(f"partials/chart-{kind}.html")
        return Markup(
            template.render(
                chart=chart,
                names=names,
                rows=rows,
                millions=lambda value: self.formatter.number(value / 1_000_000),
                number=self.formatter.number,
                horizon=facts.horizon_years,
            )
        )

    def assumption(self, option: str) -> str:
        """How the ten-year total of an option is counted, in words, from its facts."""
        facts, words = self.facts, self.text["chart"]
        values = {"option": self.name(option), "years": self.formatter.number(facts.horizon_years)}
        if facts.cost(option) is None:
            return words["no_cost"].format(**values)
        repeats = facts.options[option].facts["repeats"].value
        if isinstance(repeats, Range):
            return words["repeated"].format(
                **values, repeats=self.fact(option, "repeats"), sessions=self.count(facts.sessions(option))
            )
        lasts = facts.options[option].facts["longevity"].value
        short = (
            isinstance(lasts, Range)
            and (lasts.max or 0) * charts.MONTHS[lasts.unit or "month"] < facts.horizon_years * 12
        )
        return words["once" if short else "lasting"].format(**values, longevity=self.fact(option, "longevity"))

    def count(self, value: Range | None) -> str:
        if value is None:
            return self.text["not_stated"]
        return self.formatter.span(self.formatter.number(value.min), self.formatter.number(value.max))

"""The guide's macros and page context for one language: facts, costs, the comparison, the charts,
and the at-a-glance summary that opens every option page."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from babel.support import NullTranslations
from markupsafe import Markup, escape

from ..api import Language, LanguageView, MacroError, Page, Site, source_ids
from . import charts
from .formatting import Formatter
from .model import CHOICE, DURATION, MONEY, Fact, Facts, Range

OPTION_PAGE = "option"  # the page type of an option's guide; its front matter names the option
GLANCE = ("suits", "social_recovery", "longevity", "cost", "main_risks")  # the summary atop an option page
CHARTS = {"cost-longevity": "longevity", "ten-year-cost": "cost"}  # chart -> the field it plots against cost
PUBLISHER_SOURCE = "guide"  # the publisher's own guide: a headline figure resting on it alone says so
# Macros whose output carries citation marks.
TABLE_MACRO, CHART_MACRO, OUTCOMES_MACRO = "comparison_table", "chart", "outcomes_table"
CHART_FIELDS = ("repeats", "longevity", "cost")  # the facts a chart's figures are worked out from
Cite = Callable[[str], str]


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
        self.translations = translations
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
            "outcomes_table": self.outcomes_table,
            "outcome": self.outcome,
            "chart": self.chart,
            "rates_note": self.formatter.rates_note,
            "horizon_years": self.facts.horizon_years,
            "option_count": self.option_count,
        }

    def page_context(self, page: Page) -> Mapping[str, Any]:
        option = page.params.get("option")
        if page.type != OPTION_PAGE or option is None:
            return {}
        # Each entry's words are made with the page's cite, which only the template has: (label, cell(cite)).
        return {
            "glance": [
                (self.text["fields"][f], functools.partial(self.cell, option, f))
                for f in GLANCE
                if f in self.facts.fields
            ]
        }

    def page_sources(self, page: Page) -> Sequence[str]:
        """The sources of the facts a page shows outside its text: its summary, and the comparison table."""
        option = page.params.get("option")
        found: list[str] = []
        if page.type == OPTION_PAGE and option in self.facts.options:
            found += [key for f in GLANCE if f in self.facts.fields for key in self.sources_of(option, f)]  # type: ignore[arg-type]  # an option's id
        if TABLE_MACRO in page.body or CHART_MACRO in page.body:
            found += [key for o in self.facts.options for f in self.facts.fields for key in self.sources_of(o, f)]
        if OUTCOMES_MACRO in page.body:
            found += [key for o in self.facts.outcomes for key in source_ids(o.source, self.site.references)]
        return list(dict.fromkeys(found))

    def page_macros(self, page: Page, cite: Cite) -> Mapping[str, Any]:
        return {
            TABLE_MACRO: lambda kind="full": self.comparison_table(kind, cite),
            CHART_MACRO: lambda kind: self.chart(kind, cite),
            OUTCOMES_MACRO: lambda: self.outcomes_table(cite),
        }

    # -- sources ----------------------------------------------------------------------------------
    def _fact(self, option: str, field: str) -> Fact:
        return self.facts.options[option].facts[field]

    def sources_of(self, option: str, field: str) -> list[str]:
        """The sources of one fact: its own, then the independent figure's beside it."""
        found = self._fact(option, field)
        return list(dict.fromkeys(source_ids(found.source, self.site.references) + self.independent_sources(found)))

    def independent_sources(self, found: Fact) -> list[str]:
        return source_ids(found.independent, self.site.references)

    def note(self, option: str, field: str) -> dict[str, Any] | None:
        """What stands beside a headline figure (a row of the short table) the publisher's guide alone gives:
        that it is the publisher's figure, and another source's figure where one exists."""
        found, headline = self._fact(option, field), self.facts.fields[field]
        if not headline.short or headline.kind not in (DURATION, MONEY) or found.words:
            return None
        if source_ids(found.source, self.site.references) != [PUBLISHER_SOURCE]:
            return None
        other = self.text.get("independent", {}).get(option, {}).get(field) if found.independent else None
        return {"other": other, "other_sources": self.independent_sources(found)}

    def cell(self, option: str, field: str, cite: Cite | None) -> Markup:
        """One fact with its citation marks: the publisher's figure labelled, an independent one beside it."""
        value, found = escape(self.fact(option, field)), self._fact(option, field)
        if cite is None or found.source is None:
            return Markup(value)
        note = self.note(option, field)
        marks = "".join(cite(key) for key in source_ids(found.source, self.site.references))
        if note is None:
            return Markup(f"{value} {marks}")
        label = escape(self.translations.gettext("publisher's figure"))
        text = f"{value} ({label}) {marks}"
        if note["other"]:
            other_marks = "".join(cite(key) for key in note["other_sources"])
            text += f"; {escape(note['other'])} {other_marks}"
        return Markup(text)

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
    def columns(self, fields: list[str], cite: Cite | None = None) -> list[Column]:
        guides = {
            p.params["option"]: self.site.url(p.url_path)
            for p in self.site.pages
            if p.lang == self.language.code and "option" in p.params
        }
        return [
            Column(o, self.name(o), guides.get(o, ""), tuple(self.cell(o, f, cite) for f in fields))
            for o in self.facts.options
        ]

    def comparison_table(self, kind: str = "full", cite: Cite | None = None) -> Markup:
        """Every option side by side; on a page, each cell carries the citation marks of its fact."""
        if kind not in ("full", "short"):
            raise MacroError('comparison_table takes "full" or "short"')
        fields = [f.id for f in self.facts.fields.values() if kind == "full" or f.short]
        template = self.env.get_template("partials/comparison-table.html")
        return Markup(
            template.render(
                columns=self.columns(fields, cite), labels=[self.text["fields"][f] for f in fields], full=kind == "full"
            )
        )

    def outcome_sentence(self, count: int, per: int, what: str, other: str) -> str:
        """One outcome framed both ways: "18 in 1,000 had a serious complication; 982 did not."."""
        return self.translations.gettext("%(count)s in %(per)s %(what)s; %(rest)s %(other)s.") % {
            "count": self.formatter.number(count),
            "per": self.formatter.number(per),
            "what": what,
            "rest": self.formatter.number(per - count),
            "other": other,
        }

    def outcome(self, outcome_id: str) -> str:
        """One outcome of data/facts.yaml in a sentence, framed both ways, for prose that cites its source."""
        found = next((o for o in self.facts.outcomes if o.id == outcome_id), None)
        if found is None:
            known = ", ".join(o.id for o in self.facts.outcomes) or "none"
            raise MacroError(f"unknown outcome '{outcome_id}' (known: {known})")
        words = self.text["outcomes"][found.id]
        return self.outcome_sentence(found.count, found.per, words["what"], words["other"])

    def outcomes_table(self, cite: Cite | None = None) -> Markup:
        """The outcomes and complications the sources count, on one scale, for every option; icon arrays for
        the main ones. Each rate names the people it was counted in."""
        words = self.text.get("outcomes", {})
        rows = []
        for outcome in self.facts.outcomes:
            text = words[outcome.id]
            sentence = self.outcome_sentence(outcome.count, outcome.per, text["what"], text["other"])
            marks = Markup("".join(cite(k) for k in source_ids(outcome.source, self.site.references))) if cite else ""
            rows.append(
                {
                    "id": outcome.id,
                    "who": text["who"],
                    "sentence": sentence,
                    "marks": marks,
                    "cells": [sentence if o in outcome.applies else None for o in self.facts.options],
                    "icons": charts.icon_array(outcome.count, outcome.per) if outcome.icons else None,
                }
            )
        template = self.env.get_template("partials/outcomes.html")
        return Markup(template.render(rows=rows, names=[self.name(o) for o in self.facts.options]))

    def chart(self, kind: str, cite: Cite | None = None) -> Markup:
        """A chart drawn from the facts, with its table; on a page, each row carries its facts' citation marks."""
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
                "marks": Markup("".join(cite(key) for key in self.row_sources(o, CHART_FIELDS))) if cite else "",
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
        """How the ten-year total of an option is worked out, in words, from its facts."""
        facts, words = self.facts, self.text["chart"]
        values = {"option": self.name(option), "years": self.formatter.number(facts.horizon_years)}
        if facts.cost(option) is None:
            return words["no_cost"].format(**values)
        count = facts.sessions(option)
        # Every sentence may use every value: an editor can reword any of them freely.
        values |= {
            "sessions": self.count(count),
            "repeats": self.fact(option, "repeats"),
            "longevity": self.fact(option, "longevity"),
        }
        every, stated = facts.repeat_every(option), facts.options[option].facts["repeats"].value
        if every is None:
            return words["once"].format(**values)
        if isinstance(stated, Range):
            return words["repeated"].format(**values)
        one = count is not None and count.max == 1  # the result outlasts the period: one treatment is enough
        return words["enough" if one else "lasting"].format(**values)

    def row_sources(self, option: str, fields: Sequence[str]) -> list[str]:
        return list(dict.fromkeys(key for f in fields if f in self.facts.fields for key in self.sources_of(option, f)))

    def count(self, value: Range | None) -> str:
        if value is None:
            return self.text["not_stated"]
        # A count of treatments has both ends (sessions_needed).
        return self.formatter.span(self.formatter.number(value.min), self.formatter.number(value.max))  # type: ignore[arg-type]  # see above

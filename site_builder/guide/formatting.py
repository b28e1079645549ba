"""Locale-aware words for facts: ranges, money and dates, all through Babel and the page's catalog."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations
from babel.units import format_unit

from ..api import Collector, Language, Problem, SiteConfig
from ..api import schema as s
from .model import Facts, Range

BASE_CURRENCY = "KRW"
EN_DASH = "\u2013"
# What each language in site.yaml says about money: the currencies shown beside KRW, and how money is written.
LANGUAGE_FIELDS = {"currencies": s.Field(s.list_of(s.text)), "money_format": s.Field(s.text)}


def currencies(language: Language) -> tuple[str, ...]:
    return tuple(language.settings.get("currencies", ()))


def money_format(language: Language) -> str:
    return str(language.settings["money_format"])


def currency_problems(config: SiteConfig) -> list[Problem]:
    """Currencies site.yaml names that CLDR does not know."""
    from babel.numbers import is_currency  # CLDR's list of codes: far quicker to read than a locale's names

    problems = Collector()
    for lang in config.configured:
        for currency in currencies(lang):
            if not is_currency(currency):
                problems.add(config.config_file, f"'{currency}' is not a currency code", lang.lines.get("currencies"))
    return problems.problems


@dataclass(frozen=True)
class Formatter:
    language: Language
    facts: Facts
    translations: NullTranslations

    def _(self, message: str) -> str:
        return self.translations.gettext(message)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.language.locale)

    def date(self, value: datetime.date) -> str:
        return format_date(value, "long", locale=self.language.locale)

    def span(self, low: str | None, high: str | None) -> str:
        """Join the ends of a range: "2–5 days", "up to 1 hour", "55 years or more"."""
        if low is None:
            return self._("up to %(amount)s") % {"amount": high}
        if high is None:
            return self._("%(amount)s or more") % {"amount": low}
        return low if low == high else f"{low}{EN_DASH}{high}"

    def duration(self, value: Range) -> str:
        unit = f"duration-{value.unit}"
        locale = self.language.locale
        if value.min is None or value.max is None:
            amount = value.min if value.max is None else value.max
            full = format_unit(amount, unit, length="long", locale=locale)  # type: ignore[arg-type]  # one end is set
            return self.span(None if value.min is None else full, None if value.max is None else full)
        if value.min == value.max:
            return format_unit(value.max, unit, length="long", locale=locale)
        return self.span(self.number(value.min), format_unit(value.max, unit, length="long", locale=locale))

    def money(self, amount: float, currency: str) -> str:
        return format_currency(
            amount, currency, money_format(self.language), locale=self.language.locale, currency_digits=False
        )

    def money_range(self, value: Range, currency: str) -> str:
        low = None if value.min is None else self.money(value.min, currency)
        if value.max is None or value.min == value.max:
            return self.span(low, None) if value.max is None else self.money(value.max, currency)
        # "KRW 1,000,000–3,500,000" where the symbol leads; both ends in full where it trails.
        high = self.money(value.max, currency)
        if low is not None and money_format(self.language).startswith("¤"):
            high = self.number(value.max)
        return self.span(low, high)

    def convert(self, value: Range, currency: str) -> Range:
        rate = self.facts.rates.per_million_krw[currency] / 1_000_000
        step = self.facts.rates.rounding.get(currency, 1)

        def one(amount: float | None) -> float | None:
            return None if amount is None else round(amount * rate / step) * step

        return Range(one(value.min), one(value.max))

    def cost(self, value: Range) -> str:
        """KRW plus the page language's converted currencies: "KRW 1,000,000–3,500,000 (about SGD …)"."""
        converted = ", ".join(self.money_range(self.convert(value, c), c) for c in currencies(self.language))
        krw = self.money_range(value, BASE_CURRENCY)
        return self._("%(krw)s (about %(converted)s)") % {"krw": krw, "converted": converted}

    def rates_note(self) -> str:
        rates = self.facts.rates
        pairs = ", ".join(
            f"{self.money(1_000_000, BASE_CURRENCY)} ≈ {self.money(rates.per_million_krw[c], c)}"
            for c in currencies(self.language)
        )
        # The source gives its rates for a month, not a day: print no more precision than it has.
        month = format_skeleton("yMMMM", rates.as_of, locale=self.language.locale)
        return self._(
            "Prices are the ranges of the publisher's guide, which gives its exchange rates as of %(date)s; the guide"
            " does not say what a price includes (stay, tests, follow-up). Converted at those approximate rates"
            " (%(pairs)s). Rates change: check the current rate before you book."
        ) % {"date": month, "pairs": pairs}

"""Figures read naturally in each locale: ranges, money with converted currencies, dates."""

from __future__ import annotations

import datetime

import pytest
from babel.support import NullTranslations

from site_builder.engine.config.config import load_config
from site_builder.engine.load.i18n import load_catalogs
from site_builder.engine.load.references import load_references
from site_builder.guide.facts import load_facts
from site_builder.guide.formatting import Formatter
from site_builder.guide.model import Range
from tests.helpers import PROJECT


@pytest.fixture(scope="module")
def formatters() -> dict[str, Formatter]:
    config = load_config(PROJECT)
    facts = load_facts(config, load_references(config))
    catalogs = load_catalogs(config)
    return {lang.code: Formatter(lang, facts, catalogs.translations[lang.code]) for lang in config.languages}


@pytest.mark.parametrize(
    ("lang", "value", "text"),
    [
        ("en", Range(2, 5, "day"), "2–5 days"),
        ("id", Range(2, 5, "day"), "2–5 hari"),
        ("en", Range(None, 1, "hour"), "up to 1 hour"),
        ("id", Range(None, 1, "week"), "hingga 1 minggu"),
        ("en", Range(55, None, "year"), "55 years or more"),
        ("en", Range(7, 7, "day"), "7 days"),
        ("id", Range(6, 18, "month"), "6–18 bulan"),
    ],
)
def test_durations_read_naturally(formatters, lang: str, value: Range, text: str) -> None:
    assert formatters[lang].duration(value) == text


def test_english_costs_show_krw_with_sgd_and_usd(formatters) -> None:
    text = formatters["en"].cost(Range(1_000_000, 3_500_000))
    assert text == "KRW 1,000,000–3,500,000 (about SGD 980–3,430, USD 740–2,590)"


def test_indonesian_costs_show_krw_with_rupiah_in_indonesian_format(formatters) -> None:
    text = formatters["id"].cost(Range(1_000_000, 3_500_000))
    assert text == "₩ 1.000.000–3.500.000 (sekitar Rp 11.400.000–39.900.000)"


def test_the_rates_note_dates_the_rates_to_the_month_the_source_gives_and_warns_they_change(formatters) -> None:
    en, id_ = formatters["en"].rates_note(), formatters["id"].rates_note()
    assert "as of May 2026;" in en and "1 May" not in en and "Rates change" in en
    assert "per Mei 2026;" in id_ and "1 Mei" not in id_ and "Kurs selalu berubah" in id_


def test_the_rates_note_says_the_source_does_not_say_what_a_price_includes(formatters) -> None:
    assert "does not say what a price includes" in formatters["en"].rates_note()
    assert "tidak menyebutkan apa saja yang sudah termasuk" in formatters["id"].rates_note()


def test_dates_follow_the_locale(formatters) -> None:
    assert formatters["id"].date(datetime.date(2026, 11, 21)) == "21 November 2026"
    assert formatters["en"].date(datetime.date(2027, 5, 21)) == "21 May 2027"


def test_a_language_without_a_catalog_shows_the_source_strings(formatters) -> None:
    plain = Formatter(formatters["en"].language, formatters["en"].facts, NullTranslations())
    assert plain.duration(Range(None, 1, "hour")) == "up to 1 hour"

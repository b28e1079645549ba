"""A copy of the fixture site comparing 2 to 5 options, with the real site's charts and stylesheet, and a
compare page in each language that draws both charts: what an editor would get by adding options."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.helpers import PROJECT, copy_sources

FIXTURE = PROJECT / "tests" / "fixtures" / "site"
SOURCE = "reference, summary table: a figure for the test"

# id: (English name, Indonesian name, longevity, cost in KRW, repeated every). The boxes of the
# cost-against-longevity chart crowd and overlap on purpose, and the Indonesian names run longer.
OPTIONS = {
    "thread-lift": ("Thread lift", "Tanam benang", (6, 18, "month"), (1_000_000, 3_500_000), (12, 18, "month")),
    "ultrasound": (
        "Ultrasound skin tightening",
        "Pengencangan kulit dengan ultrasound",
        (12, 18, "month"),
        (1_500_000, 4_000_000),
        (12, 12, "month"),
    ),
    "mini-facelift": ("Mini facelift", "Facelift mini", (3, 6, "year"), (5_000_000, 8_000_000), None),
    "neck-lift": ("Neck lift", "Pengencangan leher", (5, 10, "year"), (6_000_000, 12_000_000), None),
    "deep-plane": ("Deep plane facelift", "Facelift deep plane", (10, 15, "year"), (15_000_000, 25_000_000), None),
}
COMPARE = {"en": "compare.md", "id": "perbandingan.md"}
PAGE = """---
title: {title}
description: {title}.
key: compare
slug: {slug}
reviewed: 2026-01-10
next_review: 2027-07-10
---
{sentence}

## Chart {{#cost-longevity}}

{{{{ chart("cost-longevity") }}}}

## Ten {{#ten-year-cost}}

{{{{ chart("ten-year-cost") }}}}
"""
SENTENCE = {
    "en": "This page compares {{ option_count() }} options.",
    "id": "Halaman ini membandingkan {{ option_count() }} pilihan.",
}
NUMBER_WORDS = {"en": "[one, two, three, four, five, six]", "id": "[satu, dua, tiga, empat, lima, enam]"}


def chosen(count: int) -> list[str]:
    """The first `count` options; the fixture's pages cite the thread lift, so it is always there."""
    return list(OPTIONS)[:count]


def _span(value: tuple) -> dict:
    low, high, *unit = value
    return {"min": low, "max": high, **({"unit": unit[0]} if unit else {}), "source": SOURCE}


def many_options_site(target: Path, count: int) -> Path:
    site = copy_sources(target, FIXTURE)
    for name in ("chart-cost-longevity.html", "chart-ten-year-cost.html"):
        shutil.copy2(PROJECT / "templates/partials" / name, site / "templates/partials" / name)
    shutil.copy2(PROJECT / "static/css/site.css", site / "static/css/site.css")
    base = site / "templates/base.html"  # the real pages' column, which the stylesheet's phone layout expects
    base.write_text(base.read_text(encoding="utf-8").replace('<main id="main">', '<main id="main" class="wrap">'))
    catalog = "locales/id/LC_MESSAGES/messages.po"  # the charts' own strings, in Indonesian
    shutil.copy2(PROJECT / catalog, site / catalog)
    config = site / "site.yaml"
    text = config.read_text(encoding="utf-8")
    for lang, words in NUMBER_WORDS.items():
        text = text.replace(f"  {lang}: {{", f"  {lang}: {{number_words: {words}, ", 1)
    config.write_text(text, encoding="utf-8")
    ids = chosen(count)
    facts_file = site / "data/facts.yaml"
    facts = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
    fields = [f["id"] for f in facts["fields"]]
    facts["options"] = {}
    for option in ids:
        _, _, longevity, cost, repeats = OPTIONS[option]
        values = {"longevity": _span(longevity), "cost": _span(cost), "repeats": _span(repeats) if repeats else None}
        facts["options"][option] = {field: values.get(field) for field in fields}
    facts_file.write_text(yaml.safe_dump(facts, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for index, lang in enumerate(("en", "id")):
        words_file = site / "data/text" / lang / "facts.yaml"
        words = yaml.safe_load(words_file.read_text(encoding="utf-8"))
        words["options"] = {option: {"name": OPTIONS[option][index]} for option in ids}
        words_file.write_text(yaml.safe_dump(words, sort_keys=False, allow_unicode=True), encoding="utf-8")
        slug = COMPARE[lang].removesuffix(".md")
        page = PAGE.format(title=slug.capitalize(), slug=slug, sentence=SENTENCE[lang])
        (site / "content" / lang / COMPARE[lang]).write_text(page, encoding="utf-8")
    return site

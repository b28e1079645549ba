"""site-builder status: per language, what is translated and what is missing, stale or fuzzy."""

from __future__ import annotations

import argparse

HELP = "show, per language, which pages, texts and UI strings are translated, missing, stale or fuzzy"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every translation is complete")


def run(args: argparse.Namespace) -> int:
    from ..engine.build import extensions  # loaded only for this verb
    from ..engine.config import load_config
    from ..engine.content import PageReader, read_each
    from ..engine.errors import Problem
    from ..engine.i18n import load_catalogs, template_messages
    from ..engine.translations import Count, language_status

    config = load_config(args.root)
    pages, unreadable = read_each(config, PageReader(extensions(config)))
    reports = language_status(config, pages, load_catalogs(config), template_messages(config))

    def line(label: str, problem: Problem) -> None:
        print(f"    {label:8} {str(problem).removeprefix(f'{config.root}/')}")

    def show(what: str, count: Count) -> None:
        print(f"  {what}: {count.done} of {count.total}")
        for problem in count.lacking:
            line("missing", problem)

    for problem in unreadable:
        line("unread", problem)
    for report in reports:
        print(f"{report.language.name} ({report.language.code}): {'complete' if report.complete else 'incomplete'}")
        show("pages", report.pages)
        for label, problems in (("stale", report.stale), ("unmarked", report.unmarked)):
            for problem in problems:
                line(label, problem)
        show("section ids", report.sections)
        for name, count in report.texts.items():
            show(f"texts in data/text/{report.language.code}/{name}", count)
        show("UI strings", report.strings)
        for problem in report.fuzzy:
            line("fuzzy", problem)
    incomplete = bool(unreadable) or not all(report.complete for report in reports)
    return 1 if args.strict and incomplete else 0

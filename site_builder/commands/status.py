"""site-builder status: per language, what is translated and what is missing, stale or fuzzy."""

from __future__ import annotations

import argparse

HELP = "show, per language, which pages, texts and UI strings are translated, missing, stale or fuzzy"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every translation is complete")


def run(args: argparse.Namespace) -> int:
    from ..engine.build import extensions  # loaded only for this verb
    from ..engine.config import load_config
    from ..engine.content import PageReader
    from ..engine.translations import shown, site_status

    config = load_config(args.root)
    unreadable, reports = site_status(config, PageReader(extensions(config)))
    for problem in unreadable:
        print(f"    {'unread':8} {shown(problem, config.root)}")
    for report in reports:
        print(report.heading)
        for part in report.parts():
            print(f"  {part.what}: {part.count.done} of {part.count.total}")
            for label, problem in part.entries:
                print(f"    {label:8} {shown(problem, config.root)}")
    incomplete = bool(unreadable) or not all(report.complete for report in reports)
    return 1 if args.strict and incomplete else 0

"""site-builder status: per language, what is translated and what is missing, stale or fuzzy."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "show, per language, which pages, texts and UI strings are translated, missing, stale or fuzzy"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every translation is complete")


def run(args: argparse.Namespace) -> int:
    from ..engine.build import extensions  # loaded only for this verb
    from ..engine.check.source_changes import stale_changes
    from ..engine.check.translations import shown, site_status
    from ..engine.config.config import load_config
    from ..engine.load.content import PageReader, read_each

    config = load_config(args.root)
    reader = PageReader(extensions(config))
    unreadable, reports = site_status(config, reader)
    changed = stale_changes(config, reader, read_each(config, reader)[0]) if any(r.stale for r in reports) else {}
    for problem in unreadable:
        print(f"    {'unread':8} {shown(problem, config.root)}")
    for report in reports:
        print(report.heading)
        for part in report.parts():
            print(f"  {part.what}: {part.count.done} of {part.count.total}")
            for label, problem in part.entries:
                print(f"    {label:8} {shown(problem, config.root)}")
                if label == "stale":  # what the translator has to bring over
                    for line in changed.get(Path(problem.path), []):
                        print(f"             {line}")
    incomplete = bool(unreadable) or not all(report.complete for report in reports)
    return 1 if args.strict and incomplete else 0

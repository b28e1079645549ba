"""site-builder check: every validation of build, without writing anything; lists drafts and overdue pages."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine.config.config import SiteConfig

HELP = "check content, translations, links and rules without writing output"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", help="check links as if served from this URL")
    parser.add_argument(
        "--external",
        action="store_true",
        help="also ask for every source address in data/sources.yaml, and report each dead, moved or redirected one",
    )
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds each address may take (--external)")


def run(args: argparse.Namespace) -> int:
    from ..engine.build import check_site  # loaded only for this verb
    from ..engine.check.checks import drafts, overdue
    from ..engine.config.config import load_config
    from .build import draft_notes

    config = load_config(args.root).with_overrides(base_url=args.base_url)
    site, warnings, stale = check_site(config)
    print(f"No problems in {len(site.pages)} pages.")
    for warning in warnings:
        print(f"Warning: {warning}.")
    for note in draft_notes(config):
        print(f"Note: {note}.")
    # Listed, not failed, like the overdue pages below: a draft is how an unfinished page waits.
    left_out = drafts(site)
    if left_out:
        count = "1 page is a draft" if len(left_out) == 1 else f"{len(left_out)} pages are drafts"
        print(f"{count}, left out of the build:")
        for problem in left_out:
            print(f"  {problem}")
    late = overdue(site)
    if late:
        # Listed, not failed: the pages say so to their readers, and a late review must not block a fix.
        count = "1 page is" if len(late) == 1 else f"{len(late)} pages are"
        print(f"{count} overdue for review (as of {config.today.isoformat()}):")
        for problem in late:
            print(f"  {problem}")
    if stale:
        # Listed, not failed: a source page fixed today must not wait for its translator.
        count = f"{len(stale)} translations follow" if len(stale) != 1 else "1 translation follows"
        print(f"{count} an earlier version of the source:")
        from ..engine.build import extensions
        from ..engine.check.source_changes import stale_changes
        from ..engine.load.content import PageReader

        changed = stale_changes(config, PageReader(extensions(config)), site.pages)
        for problem in stale:
            print(f"  {problem}")
            for line in changed.get(problem.path, []):  # type: ignore[arg-type]  # keyed by Path: a str path finds none
                print(f"      {line}")
    return external(config, args.timeout) if args.external else 0


def external(config: SiteConfig, timeout: float) -> int:
    """Every source address asked for; each one to look at printed as `path:line: message`; exit 1 if any."""
    import sys

    from ..engine.check.external import check_external, summary

    problems, asked, total = check_external(config, timeout=timeout)
    print(summary(problems, asked, total))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0

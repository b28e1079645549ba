"""site-builder check: every validation of build, and unwritten pages, without writing anything."""

from __future__ import annotations

import argparse

HELP = "check content, translations, links and rules without writing output"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", help="check links as if served from this URL")


def run(args: argparse.Namespace) -> int:
    from ..engine.build import check_site  # loaded only for this verb
    from ..engine.config import load_config

    config = load_config(args.root).with_overrides(base_url=args.base_url)
    site = check_site(config)
    print(f"No problems in {len(site.pages)} pages.")
    return 0
